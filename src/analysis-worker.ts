// One analysis worker: analyses and scores batches of posts off the main thread with
// processPosts (src/process.ts), the function the pipeline runs in-process for small batches.
// It can also take a whole feed document and parse and normalise it first, so that the main
// thread of a bulk ingest is left with the SQLite writer alone, and a document the crawler
// fetched (any kind), so that the thread serving the API does no parsing either.
import { parentPort, workerData } from 'node:worker_threads';
import type { BrandConfig } from './config.ts';
import { SourceError } from './errors.ts';
import { type FullTextMode, wantsEnrichment } from './ingest/enrich.ts';
import { parseFeed } from './ingest/feed.ts';
import { normaliseItems } from './ingest/normalise.ts';
import { allMalformed } from './ingest/parsed.ts';
import {
  hasNextPage,
  normaliseDocument,
  type ParsedDocument,
  parseDocument,
  type ReadDocument,
  type ReadOptions,
} from './ingest/read-document.ts';
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

/**
 * A document the crawler fetched, to read (decode, parse, normalise) and, for the posts that
 * need nothing more fetched, to analyse, score and prepare for saving here too.
 */
export interface CrawledRequest {
  kind: 'crawled';
  id: number;
  doc: { body: Uint8Array; contentType: string | null; finalUrl: string };
  /** ReadOptions, with its date as ISO 8601. */
  read: Omit<ReadOptions, 'fetchedAt'> & { fetchedAt: string };
  /** Reply with the parsed document alone when it is a thread with a next page to follow. */
  follow: boolean;
  source: SourceInfo;
  /** ISO 8601: the scoring clock (when the source's crawl started). */
  scoredAt: string;
  /** The source's enrichment settings, null when it enriches nothing (see wantsEnrichment). */
  hold: { fullText: FullTextMode; comments: boolean } | null;
}

/** What a crawled request gives back: the parsed document, or the posts read from it. */
export type CrawledReply =
  | { parsed: ParsedDocument }
  | {
      /** The document read; its `posts` are the held ones, for the crawler to enrich. */
      read: ReadDocument;
      /** The other posts, analysed, scored and prepared for saving. */
      prepared: PreparedItem[];
    };

export type BatchRequest = PostsRequest | FeedRequest | CrawledRequest;

/** A Processed without its post: what a posts request sends back (half the bytes to copy). */
export type Analysed = Omit<Processed, 'post'>;

export type BatchReply =
  | { id: number; analysed: Analysed[] }
  | { id: number; items: Processed[] }
  | { id: number; prepared: PreparedItem[] }
  | { id: number; crawled: CrawledReply }
  /** `sourceError`: the document cannot be read (a SourceError), not a fault of the worker. */
  | { id: number; error: string; sourceError?: boolean };

function serveCrawled(req: CrawledRequest, ctx: { analyzer: Analyzer; h: number }) {
  const o = { ...req.read, fetchedAt: new Date(req.read.fetchedAt) };
  const { body } = req.doc;
  const doc = { ...req.doc, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  return parseDocument(doc, o).then((parsed): CrawledReply => {
    if (req.follow && hasNextPage(parsed, doc.finalUrl)) return { parsed };
    const read = normaliseDocument(parsed, doc.finalUrl, o);
    const held: IngestedPost[] = [];
    const ready: IngestedPost[] = [];
    for (const post of read.posts) {
      const hold =
        req.hold && wantsEnrichment(post, { ...req.hold, commentFeeds: read.commentFeeds });
      (hold ? held : ready).push(post);
    }
    const items = processPosts(ready, req.source, {
      analyzer: ctx.analyzer,
      now: new Date(req.scoredAt),
      halfLifeHours: ctx.h,
    });
    const prepared = items.map((item) => prepareItem(req.source.id, item));
    return { read: { ...read, posts: held }, prepared };
  });
}

async function serve(
  req: BatchRequest,
  ctx: { analyzer: Analyzer; h: number },
): Promise<BatchReply> {
  const batch = (now: string) => ({
    analyzer: ctx.analyzer,
    now: new Date(now),
    halfLifeHours: ctx.h,
  });
  if (req.kind === 'crawled') return { id: req.id, crawled: await serveCrawled(req, ctx) };
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
          sourceError: req.kind === 'crawled' && err instanceof SourceError,
        } satisfies BatchReply),
    );
  });
}
