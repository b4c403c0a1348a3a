// The one writer of a long-running process (`grogne start`): every source's posts go through
// one queue, saved in transactions sized to hold the thread ~25 ms, and the writer gives the
// event loop back between two transactions. better-sqlite3 is synchronous: a source of 3,000
// posts saved in one transaction held the API for ~0.7 s, and 20 such sources due at once
// queued requests for seconds (issue 16). A fixed 250 posts a transaction was not enough on a
// busy machine: at a load average of 16 on 2 cores each took 0.2–1 s of wall time, so each
// transaction is sized from the previous one's pace. A transaction may hold the tails of
// several sources, so many small feeds still share one commit (a commit flushes a full-text
// segment, as costly as the inserts of a small feed).
//
// The unit of atomicity is the post (its row, analysis, mentions and scores are written in the
// same transaction), no longer the whole source: an interrupted crawl leaves whole posts, some
// of a source's and not the rest, and since the caller records the fetch (ETag, next check)
// only once every chunk of the source is committed, the next crawl fetches the document again
// and completes it; posts already stored are found unchanged (upsert by source and dedup key).
import type { Db } from './open.ts';
import {
  type PreparedItem,
  type SaveItem,
  type SaveResult,
  type SourceBatch,
  saveBatches,
} from './write.ts';

export interface WriterOptions {
  /**
   * How long one transaction may hold the thread, in milliseconds (default 25). The writer
   * sizes each transaction from the last one's time per post: ~100 posts on a quiet machine
   * (a post costs ~0.25 ms to write, full-text index included), fewer when the machine is
   * busy and each post takes longer, so that a request waits about this long at worst.
   */
  budgetMs?: number;
  /**
   * Posts per transaction at most (default 500) and at first, before any was timed (100).
   * With an infinite budget (a crawl that serves nothing), every transaction takes this many.
   */
  maxPosts?: number;
  /** Posts per transaction at least (default 10): below that, commits would dominate. */
  minPosts?: number;
  /** The clock of the stored rows' analysed_at / scored_at. */
  now?: () => Date;
  /** How the writer gives the event loop back between transactions (setImmediate). */
  yieldToLoop?: () => Promise<void>;
  /** Milliseconds, for timing transactions (performance.now). */
  clock?: () => number;
}

export interface Writer {
  /**
   * Saves one source's posts, in order, in as many transactions as needed; resolves once the
   * last one is committed. Rejects (with the posts committed so far left stored) when a
   * transaction fails or the writer is closed.
   */
  save(batch: SourceBatch): Promise<SaveResult>;
  /** Refuses new saves and fails the queued ones; resolves when no transaction is running. */
  close(): Promise<void>;
  /** Transactions committed since the writer was made. */
  readonly commits: number;
}

export const DEFAULT_BUDGET_MS = 25;
export const DEFAULT_MAX_POSTS = 500;
const FIRST_CHUNK = 100;

interface Entry {
  sourceId: string;
  rows: (SaveItem | PreparedItem)[];
  prepared: boolean;
  /** Rows already committed (or handed to the running transaction). */
  done: number;
  result: SaveResult;
  resolve: (r: SaveResult) => void;
  reject: (e: Error) => void;
}

const immediate = () => new Promise<void>((r) => setImmediate(r));

export function createWriter(db: Db, opts: WriterOptions = {}): Writer {
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const maxPosts = Math.max(1, opts.maxPosts ?? DEFAULT_MAX_POSTS);
  const minPosts = Math.min(maxPosts, Math.max(1, opts.minPosts ?? 10));
  const yieldToLoop = opts.yieldToLoop ?? immediate;
  const clock = opts.clock ?? (() => performance.now());
  // Without a budget (nothing else on the thread), every transaction as big as allowed.
  let chunkPosts = Number.isFinite(budgetMs) ? Math.min(maxPosts, FIRST_CHUNK) : maxPosts;
  const queue: Entry[] = [];
  let draining: Promise<void> | null = null;
  let closed = false;
  let commits = 0;

  const slice = (e: Entry, from: number, to: number): SourceBatch =>
    e.prepared
      ? { sourceId: e.sourceId, prepared: e.rows.slice(from, to) as PreparedItem[] }
      : { sourceId: e.sourceId, items: e.rows.slice(from, to) as SaveItem[] };

  const add = (into: SaveResult, r: SaveResult) => {
    into.new += r.new;
    into.updated += r.updated;
    into.unchanged += r.unchanged;
  };

  const fail = (e: Entry, err: Error) => {
    const at = queue.indexOf(e);
    if (at >= 0) queue.splice(at, 1);
    e.reject(err);
  };

  /** One transaction: the next `chunkPosts` rows of the queue, across entries; their count. */
  const writeChunk = (): number => {
    const parts: { entry: Entry; from: number; to: number }[] = [];
    let room = chunkPosts;
    for (const entry of queue) {
      if (room === 0) break;
      const to = Math.min(entry.rows.length, entry.done + room);
      parts.push({ entry, from: entry.done, to });
      room -= to - entry.done;
    }
    const batches = parts.map((p) => slice(p.entry, p.from, p.to));
    let results: (SaveResult | Error)[];
    try {
      results = saveBatches(db, batches, opts.now);
      commits++;
    } catch {
      // The transaction rolled back as a whole: each source's share alone, so that one bad
      // source (deleted meanwhile, a constraint) does not fail the others.
      results = batches.map((b) => {
        try {
          const r = saveBatches(db, [b], opts.now)[0]!;
          commits++;
          return r;
        } catch (err) {
          return err instanceof Error ? err : new Error(String(err));
        }
      });
    }
    for (const [i, { entry, to }] of parts.entries()) {
      const r = results[i]!;
      if (r instanceof Error) {
        fail(entry, r);
        continue;
      }
      add(entry.result, r);
      entry.done = to;
      if (entry.done >= entry.rows.length) {
        queue.splice(queue.indexOf(entry), 1);
        entry.resolve(entry.result);
      }
    }
    return chunkPosts - room;
  };

  const drain = async () => {
    // Yield first: the sources that finish in the same turn share the first transaction.
    await yieldToLoop();
    while (queue.length > 0 && !closed) {
      const t0 = clock();
      const posts = writeChunk();
      // The next transaction sized to the budget at this one's pace (a busy machine is slower).
      const perPost = (clock() - t0) / Math.max(1, posts);
      if (posts >= minPosts) {
        const fit = perPost > 0 ? Math.floor(budgetMs / perPost) : maxPosts;
        chunkPosts = Math.max(minPosts, Math.min(maxPosts, fit));
      }
      await yieldToLoop();
    }
  };

  const kick = () => {
    draining ??= drain().finally(() => {
      draining = null;
      if (queue.length > 0 && !closed) kick();
    });
  };

  return {
    get commits() {
      return commits;
    },
    save(batch) {
      if (closed) return Promise.reject(new Error('the writer is closed'));
      const prepared = 'prepared' in batch;
      const rows = prepared ? batch.prepared : batch.items;
      if (rows.length === 0) return Promise.resolve({ new: 0, updated: 0, unchanged: 0 });
      return new Promise<SaveResult>((resolve, reject) => {
        queue.push({
          sourceId: batch.sourceId,
          rows,
          prepared,
          done: 0,
          result: { new: 0, updated: 0, unchanged: 0 },
          resolve,
          reject,
        });
        kick();
      });
    },
    async close() {
      closed = true;
      await draining;
      for (const e of queue.splice(0)) e.reject(new Error('the writer is closed'));
    },
  };
}
