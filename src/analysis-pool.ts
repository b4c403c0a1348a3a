// Analysis and scoring in worker threads, so that a crawl of many sources uses every core and
// the main thread stays free for fetching and for the SQLite writer. Small batches run
// in-process: below ~50 posts, copying them to a thread and back costs more than it saves.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchReply, BatchRequest, WorkerSetup } from './analysis-worker.ts';
import type { BrandConfig } from './config.ts';
import { loadModel, type SentimentModel } from './nlp/model.ts';
import { type Processed, processPosts } from './process.ts';
import type { IngestedPost, SourceInfo } from './types.ts';

export type { Processed } from './process.ts';

export interface AnalysisPoolOptions {
  brands: BrandConfig[];
  halfLifeHours: number;
  /** Worker threads; default: available cores − 1, at least 1. */
  size?: number;
  /** Sentiment model file; undefined for the default model, null for none. */
  modelPath?: string | null;
  /** Batches smaller than this run in-process (default 50). */
  inProcessBelow?: number;
  /** Posts per message to a worker (default 250): enough to amortise the copy. */
  chunkSize?: number;
}

export interface AnalysisPool {
  process(posts: IngestedPost[], source: SourceInfo, now: Date): Promise<Processed[]>;
  close(): Promise<void>;
  readonly size: number;
}

interface Slot {
  worker: Worker;
  /** Requests sent to this worker and not yet answered, by id. */
  pending: Map<number, { resolve: (items: Processed[]) => void; reject: (e: Error) => void }>;
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

// Workers run TypeScript through tsx's loader, registered by a .js bootstrap as bin/grogne.js
// does for the main thread.
const WORKER_URL = new URL('./analysis-worker.boot.js', import.meta.url);

export function createAnalysisPool(opts: AnalysisPoolOptions): AnalysisPool {
  const size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
  const threshold = opts.inProcessBelow ?? 50;
  const chunkSize = Math.max(1, opts.chunkSize ?? 250);
  const slots: Slot[] = [];
  let model: SentimentModel | undefined;
  let modelLoaded = false;
  let nextId = 0;
  let turn = 0;
  let closed = false;

  const localModel = () => {
    if (!modelLoaded) {
      model = opts.modelPath === null ? undefined : loadModel(opts.modelPath ?? undefined);
      modelLoaded = true;
    }
    return model;
  };

  function start(): Slot {
    const setup: WorkerSetup = {
      grogneAnalysisWorker: true,
      brands: opts.brands,
      halfLifeHours: opts.halfLifeHours,
      modelPath: opts.modelPath,
    };
    const worker = new Worker(WORKER_URL, { workerData: setup });
    const slot: Slot = { worker, pending: new Map() };
    const failAll = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
    };
    worker.on('message', (reply: BatchReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(`analysis worker: ${reply.error}`));
      else p.resolve(reply.items);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (slot.pending.size > 0) failAll(new Error(`analysis worker exited with code ${code}`));
    });
    // An idle pool must not keep the process alive (a CLI run ends when its work is done).
    worker.unref();
    return slot;
  }

  function send(posts: IngestedPost[], source: SourceInfo, now: Date): Promise<Processed[]> {
    while (slots.length < size) slots.push(start());
    const slot = slots[turn++ % slots.length]!;
    const id = nextId++;
    const req: BatchRequest = { id, posts, source, now: now.toISOString() };
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // Referenced while work is pending, so that awaiting a batch keeps the process alive.
      slot.worker.ref();
      slot.worker.postMessage(req);
    }).finally(() => {
      if (slot.pending.size === 0) slot.worker.unref();
    }) as Promise<Processed[]>;
  }

  return {
    size,
    async process(posts, source, now) {
      if (closed) throw new Error('analysis pool is closed');
      if (posts.length < threshold) {
        return processPosts(posts, source, {
          brands: opts.brands,
          model: localModel(),
          now,
          halfLifeHours: opts.halfLifeHours,
        });
      }
      // Spread one big batch over the workers in chunks; results keep the input order.
      const per = Math.min(chunkSize, Math.ceil(posts.length / size));
      const parts: Promise<Processed[]>[] = [];
      for (let i = 0; i < posts.length; i += per)
        parts.push(send(posts.slice(i, i + per), source, now));
      return (await Promise.all(parts)).flat();
    },
    async close() {
      closed = true;
      const all = slots.splice(0);
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
