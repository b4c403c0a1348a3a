// One analysis worker: analyses and scores batches of posts off the main thread with
// processPosts (src/process.ts), the function the pipeline runs in-process for small batches.
// It can also take a whole feed document and parse and normalise it first, so that the main
// thread of a bulk ingest is left with the SQLite writer alone.
import { parentPort, workerData } from 'node:worker_threads';
import type { BrandConfig } from './config.ts';
import { parseFeed } from './ingest/feed.ts';
import { normaliseItems } from './ingest/normalise.ts';
import { allMalformed } from './ingest/parsed.ts';
import { Analyzer } from './nlp/analyzer.ts';
import { loadModels } from './nlp/model/models.ts';
import { type Processed, processPosts } from './process.ts';
import { type PreparedItem, prepareItem } from './store/write-rows.ts';
import type { IngestedPost, SourceInfo } from './types.ts';

/** What the pool gives a worker when it starts it. */
export interface WorkerSetup {
  grogneAnalysisWorker: true;
  brands: BrandConfig[];
  halfLifeHours: number;
  /** Directory of the models; undefined for the shipped ones, null for none (rules alone). */
  modelDir: string | null | undefined;
}

/** Posts the main thread already holds: the reply leaves them out (see Analysed). */
export interface PostsRequest {
  kind: 'posts';
  id: number;
  posts: IngestedPost[];
  source: SourceInfo;
  /** ISO 8601: a Date would arrive as a Date too, but a string keeps the message plain. */
  now: string;
}

/** A feed document to parse, normalise, analyse and score here. */
export interface FeedRequest {
  kind: 'feed';
  id: number;
  xml: string;
  source: SourceInfo;
  /** ISO 8601: when the document was fetched, also the scoring clock. */
  fetchedAt: string;
  baseUrl: string | null;
  timeZone?: string;
  /** True when decoding repaired bytes of the document: every post is flagged malformed. */
  malformed?: boolean;
  /**
   * Set: reply with rows prepared for saving under this source id (prepareItem), not with
   * Processed items, so that the writer thread has neither JSON nor hashes left to compute.
   */
  prepareFor?: string;
}

export type BatchRequest = PostsRequest | FeedRequest;

/** A Processed without its post: what a posts request sends back (half the bytes to copy). */
export type Analysed = Omit<Processed, 'post'>;

export type BatchReply =
  | { id: number; analysed: Analysed[] }
  | { id: number; items: Processed[] }
  | { id: number; prepared: PreparedItem[] }
  | { id: number; error: string };

async function serve(
  req: BatchRequest,
  ctx: { analyzer: Analyzer; h: number },
): Promise<BatchReply> {
  const batch = (now: string) => ({
    analyzer: ctx.analyzer,
    now: new Date(now),
    halfLifeHours: ctx.h,
  });
  if (req.kind === 'posts') {
    const items = processPosts(req.posts, req.source, batch(req.now));
    return { id: req.id, analysed: items.map(({ post: _, ...rest }) => rest) };
  }
  const parsed = await parseFeed(req.xml);
  const posts = normaliseItems(req.malformed ? allMalformed(parsed) : parsed, {
    sourceId: req.source.id,
    fetchedAt: new Date(req.fetchedAt),
    baseUrl: req.baseUrl,
    timeZone: req.timeZone,
  });
  const items = processPosts(posts, req.source, batch(req.fetchedAt));
  const sourceId = req.prepareFor;
  if (sourceId === undefined) return { id: req.id, items };
  return { id: req.id, prepared: items.map((item) => prepareItem(sourceId, item)) };
}

const setup = workerData as WorkerSetup | null;
// Only a thread started by the pool serves batches; importing this file does nothing else.
if (parentPort && setup?.grogneAnalysisWorker) {
  const port = parentPort;
  // This thread's own analyser: nothing of the analysis is shared between threads.
  const analyzer = new Analyzer({
    brands: setup.brands,
    models: setup.modelDir === null ? undefined : loadModels(setup.modelDir ?? undefined),
  });
  const ctx = { analyzer, h: setup.halfLifeHours };
  port.on('message', (req: BatchRequest) => {
    serve(req, ctx).then(
      (reply) => port.postMessage(reply),
      (err: unknown) =>
        port.postMessage({
          id: req.id,
          error: err instanceof Error ? err.message : String(err),
        } satisfies BatchReply),
    );
  });
}
