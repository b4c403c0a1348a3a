// Bulk ingest of feed documents: archives of saved feeds (`grogne import`) and the e2e
// benchmark. Each document goes to the worker pool, which parses, normalises, analyses and
// scores it whole and sends back its rows ready to insert (ids, hashes, JSON columns: see
// prepareItem); this thread is left with the one SQLite writer. Documents are queued a few
// per worker ahead, so the workers go on while the writer commits, and finished feeds are
// saved together, several per transaction: each feed is whole or absent after a crash, and a
// commit (with its full-text segment flush) is paid per ~batchPosts posts, not per feed.
import type { AnalysisPool, FeedDocument } from './analysis-pool.ts';
import type { Db } from './store/open.ts';
import {
  type PreparedItem,
  type SaveResult,
  type SourceBatch,
  saveBatches,
} from './store/write.ts';
import type { SourceInfo } from './types.ts';

export interface BulkDocument {
  sourceId: string;
  source: SourceInfo;
  doc: FeedDocument;
  /** How reports name the document (its file name); defaults to its position, "#1", "#2"… */
  label?: string;
}

/** What became of one document. `error` set means none of its posts were stored. */
export interface DocumentOutcome extends SaveResult {
  label: string;
  sourceId: string;
  /** Posts the document held (0 when it failed). */
  posts: number;
  error: string | null;
}

export interface BulkResult extends SaveResult {
  documents: number;
  failed: number;
  posts: number;
  /** Transactions committed. */
  commits: number;
  /** One per document, in input order. */
  outcomes: DocumentOutcome[];
}

export interface BulkOptions {
  /**
   * Posts per transaction (default 2,000). Each commit flushes a full-text segment and may
   * checkpoint the WAL: at 500 posts a transaction the writer spent ~350 µs a post, at 2,000
   * ~230 (bench e2e), while the pending rows stay a few MiB.
   */
  batchPosts?: number;
  /**
   * Documents queued per worker (default 64). The writer blocks this thread for a whole
   * commit (~0.4 s for 2,000 posts) and meanwhile no document can be handed out: 64 per
   * worker (~770 posts each on the demo feeds, ~0.4 s of work) keep the workers busy
   * through it; with 16 they sat idle a quarter of the time (bench e2e profile).
   */
  ahead?: number;
  /** The clock of the stored rows' analysed_at / scored_at. */
  now?: () => Date;
  /** Called once per document when its fate is known (stored or failed), in input order. */
  onDocument?: (r: DocumentOutcome) => void;
}

export const DEFAULT_BATCH_POSTS = 2000;
export const DEFAULT_AHEAD = 64;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A document handed to the pool; its promise never rejects, so it may wait in the queue. */
interface Pending {
  outcome: DocumentOutcome;
  settled: Promise<PreparedItem[] | null>;
}

/**
 * Parses, analyses, scores and stores feed documents through the worker pool. A document
 * that fails (parse error, worker error, or its save) is reported in its outcome and the
 * others go on; what was committed before stays committed.
 */
export async function ingestDocuments(
  deps: { db: Db; pool: AnalysisPool },
  docs: Iterable<BulkDocument> | AsyncIterable<BulkDocument>,
  opts: BulkOptions = {},
): Promise<BulkResult> {
  const batchPosts = Math.max(1, opts.batchPosts ?? DEFAULT_BATCH_POSTS);
  const ahead = Math.max(1, opts.ahead ?? DEFAULT_AHEAD);
  const now = opts.now ?? (() => new Date());
  const outcomes: DocumentOutcome[] = [];
  let commits = 0;

  const queue: Pending[] = [];
  // Settled documents waiting for the next commit, in input order; failed ones wait too, so
  // that onDocument hears of every document in the order it was given.
  let ready: { outcome: DocumentOutcome; items: PreparedItem[] | null }[] = [];
  let readyPosts = 0;

  const report = (o: DocumentOutcome) => {
    outcomes.push(o);
    opts.onDocument?.(o);
  };

  const store = (batches: SourceBatch[]): SaveResult[] => {
    const r = saveBatches(deps.db, batches, now);
    commits++;
    return r;
  };

  const flush = () => {
    if (ready.length === 0) return;
    const saving = ready.filter((r) => r.items !== null);
    const batches = saving.map(
      (r): SourceBatch => ({ sourceId: r.outcome.sourceId, prepared: r.items! }),
    );
    let results: (SaveResult | Error)[];
    try {
      results = batches.length > 0 ? store(batches) : [];
    } catch {
      // The transaction rolled back as a whole: save each feed on its own, so that one bad
      // feed (an unknown source, a constraint) does not take the others with it.
      results = batches.map((b) => {
        try {
          return store([b])[0]!;
        } catch (err) {
          return err instanceof Error ? err : new Error(String(err));
        }
      });
    }
    for (const [i, r] of saving.entries()) {
      const res = results[i]!;
      if (res instanceof Error) {
        r.outcome.error = `store: ${res.message}`;
        r.outcome.posts = 0;
      } else Object.assign(r.outcome, res);
    }
    for (const r of ready) report(r.outcome);
    ready = [];
    readyPosts = 0;
  };

  const settleOne = async () => {
    const next = queue.shift()!;
    const items = await next.settled;
    ready.push({ outcome: next.outcome, items });
    readyPosts += items?.length ?? 0;
    if (readyPosts >= batchPosts) flush();
  };

  let index = 0;
  try {
    for await (const d of docs) {
      index++;
      const outcome: DocumentOutcome = {
        label: d.label ?? `#${index}`,
        sourceId: d.sourceId,
        posts: 0,
        new: 0,
        updated: 0,
        unchanged: 0,
        error: null,
      };
      const settled = deps.pool.prepareDocument(d.doc, d.source, d.sourceId).then(
        (items) => {
          outcome.posts = items.length;
          return items;
        },
        (err: unknown) => {
          outcome.error = message(err);
          return null;
        },
      );
      queue.push({ outcome, settled });
      if (queue.length >= deps.pool.size * ahead) await settleOne();
    }
  } finally {
    // Also when the documents' source throws: what was handed out is still stored.
    while (queue.length > 0) await settleOne();
    flush();
  }

  const sum = (k: 'posts' | 'new' | 'updated' | 'unchanged') =>
    outcomes.reduce((n, o) => n + o[k], 0);
  return {
    documents: outcomes.length,
    failed: outcomes.filter((o) => o.error !== null).length,
    posts: sum('posts'),
    new: sum('new'),
    updated: sum('updated'),
    unchanged: sum('unchanged'),
    commits,
    outcomes,
  };
}
