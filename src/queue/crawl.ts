// Crawls on a job queue (BullMQ on Redis): `grogne start --queue URL` schedules each due
// source as a job, `grogne worker --queue URL` processes run them with the same crawlSource()
// as the embedded crawl, against the same SQLite file. A job is "crawl source S for the check
// it was due at", its id made of both, so that a source still waiting is never queued twice
// however many ticks pass. Delivery is at least once: a worker that dies (kill -9) stops
// renewing its job's lock, BullMQ's stalled-job check hands the job to another worker, and the
// crawl starts over. Nothing is lost, since a source's fetch is recorded only once all its
// posts are committed, and nothing is duplicated, since posts are upserted by source and item
// key in transactions of whole posts (store/writer.ts).
import { type Job, Queue, Worker } from 'bullmq';
import { type CrawlDeps, crawlSource, dueRounds, queuedSource } from '../pipeline.ts';
import type { QueueTarget } from './redis.ts';
import { connect } from './redis.ts';

export const CRAWL_QUEUE = 'crawl';

export interface CrawlJob {
  sourceId: string;
  /** The next check the source was due for (null: never crawled). */
  dueAt: string | null;
}

/** What a finished job returns (kept by BullMQ until the job is removed). */
export interface CrawlJobResult {
  sourceId: string;
  /** False when the source was deleted, disabled or paused after it was queued. */
  crawled: boolean;
  ok?: boolean;
  new?: number;
  updated?: number;
  error?: string | null;
}

/**
 * One job per source and round. BullMQ ids may not hold ":", which ISO times do: the round is
 * the due time in milliseconds.
 */
export function crawlJobId(job: CrawlJob): string {
  const round = job.dueAt === null ? 'first' : String(Date.parse(job.dueAt));
  return `${encodeURIComponent(job.sourceId)}@${round}`;
}

export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

export interface CrawlScheduler {
  /** Queues every source due at `now` not queued yet for its round; how many were offered. */
  schedule(deps: Pick<CrawlDeps, 'db'>, now?: Date): Promise<number>;
  counts(): Promise<QueueCounts>;
  close(): Promise<void>;
}

export function crawlScheduler(
  target: QueueTarget,
  opts: { onError?: (err: Error) => void } = {},
): CrawlScheduler {
  // BullMQ leaves a connection it was given open: each is closed here, after its user.
  const connection = connect(target, opts.onError);
  const queue = new Queue<CrawlJob, CrawlJobResult>(CRAWL_QUEUE, {
    connection,
    prefix: target.prefix,
    defaultJobOptions: {
      // A job that throws (the store unreachable) is tried again; a source's own failures
      // do not throw: they are recorded as the embedded crawl records them.
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: true,
      // A failed job keeps its id for 15 minutes (inspectable), then the source is queued
      // again by the next tick.
      removeOnFail: { age: 15 * 60 },
    },
  });
  // The connection tells its errors (above); the queue's own are the same ones again.
  queue.on('error', () => undefined);
  return {
    async schedule(deps, now = new Date()) {
      const due = dueRounds(deps, now);
      if (due.length === 0) return 0;
      await queue.addBulk(
        due.map((d) => {
          const data: CrawlJob = { sourceId: d.id, dueAt: d.dueAt };
          return { name: 'crawl', data, opts: { jobId: crawlJobId(data) } };
        }),
      );
      return due.length;
    },
    async counts() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return {
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
      };
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

export interface CrawlWorkerOptions {
  /** Jobs run at once by this process (default 4); the polite fetcher still orders hosts. */
  concurrency?: number;
  /**
   * How long a job's lock lives unrenewed (default 30 s): a killed worker's job goes to
   * another after about this long.
   */
  lockMs?: number;
  /** Times a job may be found stalled (its worker gone) before it fails (default 10). */
  maxStalled?: number;
  /** Told of every job as it ends. */
  onJob?: (r: CrawlJobResult) => void;
  onError?: (err: Error) => void;
}

/** Consumes crawl jobs until closed; close() lets the jobs in hand finish first. */
export function crawlWorker(
  target: QueueTarget,
  deps: CrawlDeps,
  opts: CrawlWorkerOptions = {},
): { close(force?: boolean): Promise<void>; ready(): Promise<void> } {
  const lockMs = opts.lockMs ?? 30_000;
  const connection = connect(target, opts.onError);
  const worker = new Worker<CrawlJob, CrawlJobResult>(
    CRAWL_QUEUE,
    async (job: Job<CrawlJob>) => {
      const source = queuedSource(deps, job.data.sourceId);
      if (!source) return { sourceId: job.data.sourceId, crawled: false };
      const o = await crawlSource(source, deps);
      return {
        sourceId: o.sourceId,
        crawled: true,
        ok: o.ok,
        new: o.new,
        updated: o.updated,
        error: o.error,
      };
    },
    {
      connection,
      prefix: target.prefix,
      concurrency: Math.max(1, opts.concurrency ?? 4),
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      maxStalledCount: opts.maxStalled ?? 10,
      autorun: true,
    },
  );
  worker.on('completed', (_job, r) => opts.onJob?.(r));
  worker.on('failed', (job, err) => {
    opts.onError?.(new Error(`job ${job?.id ?? '?'} failed: ${err.message}`, { cause: err }));
  });
  // Connection errors are told once by the connection (redis.ts connect); others here.
  worker.on('error', (err) => {
    if (!/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Connection is closed/.test(err.message)) {
      opts.onError?.(err);
    }
  });
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    /** Waits for the jobs in hand unless `force` (a worker that never reached Redis has none). */
    async close(force = false) {
      await worker.close(force);
      connection.disconnect();
    },
  };
}
