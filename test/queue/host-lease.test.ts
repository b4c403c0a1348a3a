// The per-host lease that orders crawl workers: two schedulers, each with its own Redis
// connection as two processes would have, never run requests to one host at once, and the
// rest owed after a request holds the other one back too.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { HostScheduler } from '../../src/ingest/politeness.ts';
import { redisHostLease } from '../../src/queue/host-lease.ts';
import { dropKeys, hasRedis, testPrefix as newPrefix, REDIS_URL } from './redis-available.ts';

const opened: Redis[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  for (const r of opened.splice(0)) r.disconnect();
  for (const p of prefixes.splice(0)) await dropKeys(p);
});
const testPrefix = () => {
  const p = newPrefix();
  prefixes.push(p);
  return p;
};
const redis = () => {
  const r = new Redis(REDIS_URL);
  opened.push(r);
  return r;
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!hasRedis)('the Redis host lease', () => {
  it('lets one of two schedulers at a time at a host, with the rest between two requests', async () => {
    const prefix = testPrefix();
    const spans: { who: string; start: number; end: number }[] = [];
    const delay = 40;
    const schedulers = ['a', 'b'].map(
      (who) =>
        [
          who,
          new HostScheduler({ minDelayMs: delay, lease: redisHostLease(redis(), { prefix }) }),
        ] as const,
    );
    await Promise.all(
      schedulers.flatMap(([who, s]) =>
        Array.from({ length: 4 }, () =>
          s.run('http://forum.example.fr/t/1', async () => {
            const start = Date.now();
            await sleep(15);
            spans.push({ who, start, end: Date.now() });
          }),
        ),
      ),
    );
    spans.sort((x, y) => x.start - y.start);
    expect(spans).toHaveLength(8);
    expect(new Set(spans.map((s) => s.who))).toEqual(new Set(['a', 'b']));
    for (let i = 1; i < spans.length; i++) {
      // Redis counts the rest in whole milliseconds: 1 ms of rounding either way.
      expect(spans[i]!.start - spans[i - 1]!.end).toBeGreaterThanOrEqual(delay - 1);
    }
  });

  it('does not hold other hosts back', async () => {
    const prefix = testPrefix();
    const lease = redisHostLease(redis(), { prefix });
    const letGo = await lease.acquire('a.example.fr');
    // b.example.fr is free although a.example.fr is held.
    const other = await lease.acquire('b.example.fr');
    await other(0);
    await letGo(0);
  });

  it('frees the host of a holder that died once its lease expires', async () => {
    const prefix = testPrefix();
    const dying = redis();
    const held = await redisHostLease(dying, { prefix, ttlMs: 300 }).acquire('x.example.fr');
    expect(typeof held).toBe('function');
    // The holder's connection is gone: no renewal, no release.
    dying.disconnect();
    const t0 = Date.now();
    const letGo = await redisHostLease(redis(), { prefix, pollMs: 20 }).acquire('x.example.fr');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    await letGo(0);
  });
});
