// One source, end to end through ingest: fetch → decode → parse (by kind) → [later thread
// pages] → normalise (read-document.ts). The CLI's `crawl` and `inspect` verbs call this; it
// stores nothing.
import type { SourceConfig } from '../config.ts';
import { resolveFrom } from '../config.ts';
import type { IngestedPost } from '../types.ts';
import { type FetchOptions, type FetchResult, fetchSource } from './fetch.ts';
import type { ParsedThread, ThreadSelectors } from './forum.ts';
import type { DocumentKind, ReadAs } from './read-as.ts';
import {
  type FetchedDocument,
  hasNextPage,
  normaliseDocument,
  type ParsedDocument,
  parseDocument,
  type ReadDocument,
  type ReadOptions,
} from './read-document.ts';
import { followThread } from './thread-pages.ts';

export interface IngestOptions extends FetchOptions {
  /** Post selectors, when the source's configuration gives none (the CLI's inspect). */
  selectors?: ThreadSelectors;
  /** Time zone of wall-clock dates without an offset. */
  timeZone?: string;
  /**
   * What fetches the source; defaults to fetchSource. The crawler passes one that waits its
   * turn on the host and honours robots.txt (polite.ts).
   */
  fetcher?: (target: { url?: string; file?: string }, opts: FetchOptions) => Promise<FetchResult>;
  /** Pages of a forum thread read in all, following its next links (crawl.maxThreadPages). */
  maxThreadPages?: number;
  /** How to read the document, when not as the source's kind says (the CLI's inspect). */
  readAs?: ReadAs;
  /** Items kept of one document, the newest (crawl.maxItemsPerFetch); default 5,000. */
  maxItems?: number;
  /**
   * Reads the fetched document somewhere else than here (the crawler's worker threads): to
   * what normaliseDocument makes of it, or, when `follow` is set and the document is a thread
   * with a next page, to what parseDocument makes of it, for this thread to follow the pages.
   */
  reader?: (
    doc: FetchedDocument,
    o: ReadOptions & { follow: boolean },
  ) => Promise<ReadDocument | ParsedDocument>;
}

/** What the store keeps about a fetch, for the next conditional GET. */
export interface FetchState {
  notModified: boolean;
  finalUrl: string;
  fetchedAt: string;
  contentType: string | null;
  charset: string | null;
  bytes: number;
  format: string | null;
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  expires: string | null;
}

export interface IngestResult {
  posts: IngestedPost[];
  fetch: FetchState;
  /** RSS <ttl> in minutes, when the feed gives one. */
  ttlMinutes: number | null;
  /** Absolute comment feed URL (wfw:commentRss) by the dedup key of its item. */
  commentFeeds: Map<string, string>;
  /** Later pages of a thread that could not be read (the first ones are kept). */
  warnings?: string[];
  /** What the document was read as, and a line saying so; null when it was not modified. */
  reading: { kind: DocumentKind; summary: string } | null;
}

/** Fetches and parses one source. Throws SourceError / RetryLaterError (src/errors.ts). */
export async function ingestSource(
  source: SourceConfig,
  baseDir: string,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const now = opts.now ?? (() => new Date());
  const target = source.file ? { file: resolveFrom(baseDir, source.file) } : { url: source.url };
  const fetched = await (opts.fetcher ?? fetchSource)(target, opts);
  const fetchedAt = now();
  const common = {
    finalUrl: fetched.finalUrl,
    fetchedAt: fetchedAt.toISOString(),
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    cacheControl: fetched.cacheControl,
    expires: fetched.expires,
  };
  if (fetched.status === 'not-modified') {
    return {
      posts: [],
      ttlMinutes: null,
      commentFeeds: new Map(),
      reading: null,
      fetch: {
        ...common,
        notModified: true,
        contentType: null,
        charset: null,
        bytes: 0,
        format: null,
      },
    };
  }
  const o = {
    readAs: opts.readAs ?? source.kind,
    // The source's own selectors: the crawler and inspect pass the configured source as is.
    selectors: source.selectors ?? opts.selectors,
    sourceId: source.id,
    fetchedAt,
    timeZone: opts.timeZone,
    maxItems: opts.maxItems,
  };
  const doc = { body: fetched.body, contentType: fetched.contentType, finalUrl: fetched.finalUrl };
  const follow = (opts.maxThreadPages ?? 5) > 1;
  // Read elsewhere (the crawler's worker threads) when the caller says so; a thread whose
  // later pages are to be followed comes back parsed, for the fetcher here to follow.
  const read = opts.reader ? await opts.reader(doc, { ...o, follow }) : await parseDocument(doc, o);
  let document: ReadDocument;
  if ('posts' in read) document = read;
  else {
    let parsed = read;
    const warnings = [...read.warnings];
    if (follow && hasNextPage(read, fetched.finalUrl)) {
      const followed = await followThread(read.parsed as ParsedThread, {
        maxPages: opts.maxThreadPages ?? 5,
        selectors: o.selectors,
        fetchPage: (url) =>
          (opts.fetcher ?? fetchSource)({ url }, { ...opts, etag: null, lastModified: null }),
      });
      parsed = { ...read, parsed: followed.thread };
      warnings.push(...followed.warnings);
    }
    document = normaliseDocument({ ...parsed, warnings }, fetched.finalUrl, o);
  }
  return {
    posts: document.posts,
    ttlMinutes: document.ttlMinutes,
    commentFeeds: document.commentFeeds,
    warnings: document.warnings,
    reading: document.reading,
    fetch: {
      ...common,
      notModified: false,
      contentType: fetched.contentType,
      charset: document.charset,
      bytes: fetched.body.length,
      format: document.format,
    },
  };
}
