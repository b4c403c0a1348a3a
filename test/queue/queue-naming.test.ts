// How a queue is named on the command line, how a crawl job is named on the queue, and the
// queue's gauge on /metrics: pure parts, no server needed.
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/api/metrics.ts';
import { crawlJobId } from '../../src/queue/crawl.ts';
import { parseQueueUrl } from '../../src/queue/redis.ts';

describe('parseQueueUrl', () => {
  it('keeps the server and database, and takes the key prefix out of the URL', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6379/2?prefix=agence-1')).toEqual({
      redisUrl: 'redis://127.0.0.1:6379/2',
      prefix: 'agence-1',
    });
    expect(parseQueueUrl('redis://:secret@queue.internal:6380')).toEqual({
      redisUrl: 'redis://:secret@queue.internal:6380',
      prefix: 'grogne',
    });
  });

  it('refuses what is not a Redis URL, with the flag named', () => {
    expect(() => parseQueueUrl('127.0.0.1:6379')).toThrow(/--queue: .*redis:\/\//);
    expect(() => parseQueueUrl('postgres://127.0.0.1/test')).toThrow(/only redis/);
    expect(() => parseQueueUrl('redis://127.0.0.1:6379/jobs')).toThrow(/database number/);
    expect(() => parseQueueUrl('redis://127.0.0.1?prefix=a:b')).toThrow(/prefix/);
  });
});

describe('crawlJobId', () => {
  it('names one job per source and round, without the ":" BullMQ refuses', () => {
    const a = crawlJobId({ sourceId: 'forum-free', dueAt: '2026-12-06T10:00:00.000Z' });
    expect(a).toBe('forum-free@1796551200000');
    expect(crawlJobId({ sourceId: 'forum-free', dueAt: '2026-12-06T10:00:00.000Z' })).toBe(a);
    expect(crawlJobId({ sourceId: 'forum-free', dueAt: '2026-12-06T10:15:00.000Z' })).not.toBe(a);
    expect(crawlJobId({ sourceId: 'blog:x', dueAt: null })).toBe('blog%3Ax@first');
  });
});

describe('grogne_queue_jobs', () => {
  it('is on /metrics only once the scheduler has set it', () => {
    const m = new Registry();
    expect(m.render()).not.toContain('grogne_queue_jobs');
    m.queueJobs.set({ state: 'waiting' }, 12);
    m.queueJobs.set({ state: 'failed' }, 0);
    expect(m.render()).toContain('grogne_queue_jobs{state="waiting"} 12\n');
    expect(m.render()).toContain('grogne_queue_jobs{state="failed"} 0\n');
  });
});
