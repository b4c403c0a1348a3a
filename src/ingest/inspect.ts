// One source, end to end through ingest: fetch → decode → parse (by kind) → normalise. The
// CLI's `crawl` and `inspect` verbs call this; it stores nothing.
import type { SourceConfig } from '../config.ts';
import { resolveFrom } from '../config.ts';
import type { IngestedPost } from '../types.ts';
import { decodeBody } from './decode.ts';
import { commentFeedRefs, feedTtlMinutes } from './feed-hints.ts';
import { type FetchOptions, type FetchResult, fetchSource } from './fetch.ts';
import type { ParsedThread, ThreadSelectors } from './forum.ts';
import { DEFAULT_MAX_ITEMS, dateMs, droppedWarning, keepNewest } from './item-cap.ts';
import { normaliseItems } from './normalise.ts';
import { allMalformed } from './parsed.ts';
import { type DocumentKind, describeReading, kindOf, type ReadAs, readAs } from './read-as.ts';
import { followThread } from './thread-pages.ts';
import { canonicalUrl } from './url.ts';

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
  const decoded = decodeBody(fetched.body, fetched.contentType);
  // The source's own selectors: the crawler and inspect pass the configured source as is.
  const selectors = source.selectors ?? opts.selectors;
  const maxItems = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  let parsed = await readAs(opts.readAs ?? source.kind, decoded.text, fetched.finalUrl, selectors, {
    maxItems,
    now,
  });
  // Bytes repaired while decoding may sit in any item, so every item is flagged.
  if (decoded.repaired > 0) parsed = allMalformed(parsed);
  const warnings: string[] = [];
  const lost = parsed.lostItems ?? 0;
  if (lost > 0) {
    warnings.push(
      `${lost} item${lost > 1 ? 's' : ''} dropped: broken XML that could not be repaired`,
    );
  }
  if ('next' in parsed && /^https?:/.test(fetched.finalUrl)) {
    const followed = await followThread(parsed as ParsedThread, {
      maxPages: opts.maxThreadPages ?? 5,
      selectors,
      fetchPage: (url) =>
        (opts.fetcher ?? fetchSource)({ url }, { ...opts, etag: null, lastModified: null }),
    });
    parsed = followed.thread;
    warnings.push(...followed.warnings);
  }
  // A feed was cut before its XML was parsed; a thread (its pages followed) is cut here.
  const capped = keepNewest(parsed.items, maxItems, (it) => dateMs(it.date, fetchedAt));
  const dropped = (parsed.droppedItems ?? 0) + capped.dropped;
  if (dropped > 0) {
    parsed = { ...parsed, items: capped.kept };
    warnings.push(droppedWarning(dropped, capped.kept.length + dropped, maxItems));
  }
  // Relative links resolve against where the document ended up (after redirects); a local
  // file has no such place, so its own declared link is the only base.
  const baseUrl = /^https?:/.test(fetched.finalUrl)
    ? fetched.finalUrl
    : parsed.link?.startsWith('http')
      ? parsed.link
      : null;
  const posts = normaliseItems(parsed, {
    sourceId: source.id,
    fetchedAt,
    baseUrl,
    timeZone: opts.timeZone,
  });
  const commentFeeds = new Map<string, string>();
  for (const ref of /^(rss|atom|rdf)$/.test(parsed.format) ? commentFeedRefs(decoded.text) : []) {
    const link = canonicalUrl(ref.link, baseUrl);
    const post = posts.find((p) => (ref.guid && p.guid === ref.guid) || (link && p.url === link));
    const href = canonicalUrl(ref.feed, baseUrl);
    if (post && href) commentFeeds.set(post.dedupKey, href);
  }
  return {
    posts,
    ttlMinutes: parsed.format === 'rss' ? feedTtlMinutes(decoded.text) : null,
    commentFeeds,
    warnings,
    reading: { kind: kindOf(parsed), summary: describeReading(parsed) },
    fetch: {
      ...common,
      notModified: false,
      contentType: fetched.contentType,
      charset: decoded.charset,
      bytes: fetched.body.length,
      format: parsed.format,
    },
  };
}
