// What ingest makes of one fetched document, with no I/O: decode → parse (by kind) →
// normalise, plus the feed's hints (comment feeds, <ttl>). Pure, so that it runs wherever the
// caller likes: in-process (`grogne inspect`), or in the crawler's worker threads, which keeps
// the parsing of big feeds off the thread that serves the API. Following a forum thread's
// later pages needs the fetcher, so it sits between the two stages (inspect.ts).
import type { IngestedPost } from '../types.ts';
import { decodeBody } from './decode.ts';
import { commentFeedRefs, feedTtlMinutes } from './feed-hints.ts';
import type { ThreadSelectors } from './forum.ts';
import { DEFAULT_MAX_ITEMS, dateMs, droppedWarning, keepNewest } from './item-cap.ts';
import { normaliseItems } from './normalise.ts';
import { allMalformed, type ParsedFeed } from './parsed.ts';
import { type DocumentKind, describeReading, kindOf, type ReadAs, readAs } from './read-as.ts';
import { canonicalUrl } from './url.ts';

/** A fetched document, before it is read. */
export interface FetchedDocument {
  /** A Buffer: one posted to a worker thread arrives as a Uint8Array, to wrap again. */
  body: Buffer;
  contentType: string | null;
  /** Where it ended up, after redirects (a file path for a local file). */
  finalUrl: string;
}

export interface ReadOptions {
  readAs: ReadAs;
  selectors?: ThreadSelectors;
  sourceId: string;
  /** When it was fetched: the "now" of relative dates. */
  fetchedAt: Date;
  /** Time zone of wall-clock dates without an offset. */
  timeZone?: string;
  /** Items kept of one document, the newest (crawl.maxItemsPerFetch); default 5,000. */
  maxItems?: number;
}

/** Stage one: the document decoded and parsed, no later thread page followed yet. */
export interface ParsedDocument {
  parsed: ParsedFeed;
  /** The decoded text (the feed hints are read from it). */
  text: string;
  charset: string | null;
  warnings: string[];
}

/** Stage two: the posts and what the feed says about itself. */
export interface ReadDocument {
  posts: IngestedPost[];
  /** Absolute comment feed URL (wfw:commentRss) by the dedup key of its item. */
  commentFeeds: Map<string, string>;
  /** RSS <ttl> in minutes, when the feed gives one. */
  ttlMinutes: number | null;
  reading: { kind: DocumentKind; summary: string };
  format: string;
  charset: string | null;
  warnings: string[];
}

/** Decodes and parses. Throws SourceError / WrongKindError when the document cannot be read. */
export async function parseDocument(doc: FetchedDocument, o: ReadOptions): Promise<ParsedDocument> {
  const decoded = decodeBody(doc.body, doc.contentType);
  // A feed is cut to its newest items before its XML is parsed (feed.ts); a thread, once its
  // pages are followed (normaliseDocument).
  let parsed = await readAs(o.readAs, decoded.text, doc.finalUrl, o.selectors, {
    maxItems: o.maxItems ?? DEFAULT_MAX_ITEMS,
    now: () => o.fetchedAt,
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
  return { parsed, text: decoded.text, charset: decoded.charset, warnings };
}

/** True when the document is a forum thread page with a next page to follow. */
export function hasNextPage(p: ParsedDocument, finalUrl: string): boolean {
  return 'next' in p.parsed && Boolean(p.parsed.next) && /^https?:/.test(finalUrl);
}

/** Normalises a parsed document (its later thread pages joined in, if any). */
export function normaliseDocument(
  p: ParsedDocument,
  finalUrl: string,
  o: Pick<ReadOptions, 'sourceId' | 'fetchedAt' | 'timeZone' | 'maxItems'>,
): ReadDocument {
  let { parsed } = p;
  const warnings = [...p.warnings];
  const maxItems = o.maxItems ?? DEFAULT_MAX_ITEMS;
  const capped = keepNewest(parsed.items, maxItems, (it) => dateMs(it.date, o.fetchedAt));
  const dropped = (parsed.droppedItems ?? 0) + capped.dropped;
  if (dropped > 0) {
    parsed = { ...parsed, items: capped.kept };
    warnings.push(droppedWarning(dropped, capped.kept.length + dropped, maxItems));
  }
  // Relative links resolve against where the document ended up (after redirects); a local
  // file has no such place, so its own declared link is the only base.
  const baseUrl = /^https?:/.test(finalUrl)
    ? finalUrl
    : parsed.link?.startsWith('http')
      ? parsed.link
      : null;
  const posts = normaliseItems(parsed, {
    sourceId: o.sourceId,
    fetchedAt: o.fetchedAt,
    baseUrl,
    timeZone: o.timeZone,
  });
  const commentFeeds = new Map<string, string>();
  const isFeed = /^(rss|atom|rdf)$/.test(parsed.format);
  for (const ref of isFeed ? commentFeedRefs(p.text) : []) {
    const link = canonicalUrl(ref.link, baseUrl);
    const post = posts.find((x) => (ref.guid && x.guid === ref.guid) || (link && x.url === link));
    const href = canonicalUrl(ref.feed, baseUrl);
    if (post && href) commentFeeds.set(post.dedupKey, href);
  }
  return {
    posts,
    commentFeeds,
    ttlMinutes: parsed.format === 'rss' ? feedTtlMinutes(p.text) : null,
    reading: { kind: kindOf(parsed), summary: describeReading(parsed) },
    format: parsed.format,
    charset: p.charset,
    warnings,
  };
}
