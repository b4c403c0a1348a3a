// Analysis and scoring in worker threads, so that a crawl of many sources uses every core and
// the main thread stays free for fetching and for the SQLite writer. Small batches run
// in-process: a post costs ~0.2–0.5 ms to analyse but under ~0.05 ms to copy to a thread and back
// (its analysis only: the post itself stays here), so only a handful are not worth a message.
// A bulk ingest can also hand whole feed documents to the threads (prepareDocument), which
// then parse and normalise them too and reply with rows ready to insert: the main thread
// keeps only the SQLite writer, with no JSON to serialise and no hash to compute.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type {
  Analysed,
  BatchReply,
  BatchRequest,
  CrawledReply,
  CrawledRequest,
  WorkerSetup,
} from './analysis-worker.ts';
import type { BrandConfig } from './config.ts';
import { SourceError } from './errors.ts';
import { Analyzer } from './nlp/analyzer.ts';
import { loadModels } from './nlp/model/models.ts';
import { type Processed, processPosts } from './process.ts';
import type { PreparedItem } from './store/write-rows.ts';
import type { IngestedPost, SourceInfo } from './types.ts';

export type { Processed } from './process.ts';

export interface AnalysisPoolOptions {
  brands: BrandConfig[];
  halfLifeHours: number;
  /** Worker threads; default: one per available core (see defaultPoolSize). */
  size?: number;
  /** Directory of the models; undefined for the shipped ones (data/model/), null for none. */
  modelDir?: string | null;
  /** Batches smaller than this run in-process (default 4). */
  inProcessBelow?: number;
  /** Posts per message to a worker (default 250): enough to amortise the copy. */
  chunkSize?: number;
}

/** A feed document for processDocument, and what normalise needs to read it. */
export interface FeedDocument {
  xml: string;
  /** When it was fetched: the "now" of its relative dates and of scoring. */
  fetchedAt: Date;
  baseUrl?: string | null;
  timeZone?: string;
  /** True when decoding repaired bytes of the document: every post is flagged malformed. */
  malformed?: boolean;
}

export interface AnalysisPool {
  process(posts: IngestedPost[], source: SourceInfo, now: Date): Promise<Processed[]>;
  /** Parses, normalises, analyses and scores one feed document in a worker thread. */
  processDocument(doc: FeedDocument, source: SourceInfo): Promise<Processed[]>;
  /**
   * As processDocument, but replies with the rows to save under `sourceId` (saveBatches'
   * `prepared`): ids, hashes and JSON columns computed in the worker, not by the writer.
   */
  prepareDocument(doc: FeedDocument, source: SourceInfo, sourceId: string): Promise<PreparedItem[]>;
  /**
   * Reads a document the crawler fetched (any kind) in a worker thread, and analyses, scores
   * and prepares the posts that need nothing more fetched (see CrawledRequest). Rejects with a
   * SourceError when the document cannot be read.
   */
  readCrawled(req: Omit<CrawledRequest, 'kind' | 'id'>): Promise<CrawledReply>;
  close(): Promise<void>;
  readonly size: number;
}

interface Slot {
  worker: Worker;
  /** Requests sent to this worker and not yet answered, by id. */
  pending: Map<number, { resolve: (reply: BatchReply) => void; reject: (e: Error) => void }>;
}

/**
 * One worker per core: the main thread of a crawl mostly waits (on the network, or on the
 * workers while it writes to SQLite in between), so a thread per core keeps every core busy
 * where cores − 1 left one idle whenever the writer had nothing to write.
 */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

// Workers run TypeScript through tsx's loader, registered by a .js bootstrap as bin/grogne.js
// does for the main thread.
const WORKER_URL = new URL('./analysis-worker.boot.js', import.meta.url);

export function createAnalysisPool(opts: AnalysisPoolOptions): AnalysisPool {
  const size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
  const threshold = opts.inProcessBelow ?? 4;
  const chunkSize = Math.max(1, opts.chunkSize ?? 250);
  const slots: Slot[] = [];
  // The main thread's own analyser, for small batches, built on first use.
  let analyzer: Analyzer | undefined;
  let nextId = 0;
  let turn = 0;
  let closed = false;

  const localAnalyzer = () => {
    analyzer ??= new Analyzer({
      brands: opts.brands,
      models: opts.modelDir === null ? undefined : loadModels(opts.modelDir ?? undefined),
    });
    return analyzer;
  };

  function start(): Slot {
    const setup: WorkerSetup = {
      grogneAnalysisWorker: true,
      brands: opts.brands,
      halfLifeHours: opts.halfLifeHours,
      modelDir: opts.modelDir,
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
      // A document that cannot be read keeps its own message: it is the source's fault.
      if ('error' in reply && reply.sourceError) p.reject(new SourceError(reply.error));
      else if ('error' in reply) p.reject(new Error(`analysis worker: ${reply.error}`));
      else p.resolve(reply);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (slot.pending.size > 0) failAll(new Error(`analysis worker exited with code ${code}`));
    });
    // An idle pool must not keep the process alive (a CLI run ends when its work is done).
    worker.unref();
    return slot;
  }

  /** The least busy worker, started on first use. */
  function pick(): Slot {
    while (slots.length < size) slots.push(start());
    let best = slots[turn++ % slots.length]!;
    for (const slot of slots) if (slot.pending.size < best.pending.size) best = slot;
    return best;
  }

  function send(req: BatchRequest): Promise<BatchReply> {
    const slot = pick();
    return new Promise<BatchReply>((resolve, reject) => {
      slot.pending.set(req.id, { resolve, reject });
      // Referenced while work is pending, so that awaiting a batch keeps the process alive.
      slot.worker.ref();
      slot.worker.postMessage(req);
    }).finally(() => {
      if (slot.pending.size === 0) slot.worker.unref();
    });
  }

  // The posts stay here: a worker sends back their analyses and scores only.
  async function sendPosts(posts: IngestedPost[], source: SourceInfo, now: Date) {
    const reply = await send({
      kind: 'posts',
      id: nextId++,
      posts,
      source,
      now: now.toISOString(),
    });
    const analysed = 'analysed' in reply ? reply.analysed : ([] as Analysed[]);
    return posts.map((post, i): Processed => ({ post, ...analysed[i]! }));
  }

  async function sendDocument(doc: FeedDocument, source: SourceInfo, prepareFor?: string) {
    if (closed) throw new Error('analysis pool is closed');
    return send({
      kind: 'feed',
      id: nextId++,
      xml: doc.xml,
      source,
      fetchedAt: doc.fetchedAt.toISOString(),
      baseUrl: doc.baseUrl ?? null,
      timeZone: doc.timeZone,
      malformed: doc.malformed,
      prepareFor,
    });
  }

  return {
    size,
    async process(posts, source, now) {
      if (closed) throw new Error('analysis pool is closed');
      if (posts.length < threshold) {
        return processPosts(posts, source, {
          analyzer: localAnalyzer(),
          now,
          halfLifeHours: opts.halfLifeHours,
        });
      }
      // Spread one big batch over the workers in chunks; results keep the input order.
      const per = Math.min(chunkSize, Math.ceil(posts.length / size));
      const parts: Promise<Processed[]>[] = [];
      for (let i = 0; i < posts.length; i += per)
        parts.push(sendPosts(posts.slice(i, i + per), source, now));
      return (await Promise.all(parts)).flat();
    },
    async processDocument(doc, source) {
      const reply = await sendDocument(doc, source);
      return 'items' in reply ? reply.items : [];
    },
    async prepareDocument(doc, source, sourceId) {
      const reply = await sendDocument(doc, source, sourceId);
      return 'prepared' in reply ? reply.prepared : [];
    },
    async readCrawled(req) {
      if (closed) throw new Error('analysis pool is closed');
      const reply = await send({ ...req, kind: 'crawled', id: nextId++ });
      if (!('crawled' in reply)) throw new Error('analysis worker: no reply to a crawled document');
      return reply.crawled;
    },
    async close() {
      closed = true;
      const all = slots.splice(0);
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
