// What a blog feed leaves out: the full article when an item is only a teaser, and the
// comments, which sit in a feed of their own per article (wfw:commentRss). On French blogs the
// comments are often where the buzz is ("moi aussi, SFR m'a fait pareil"). The fetching is
// injected (the crawler passes its polite fetcher), so this file does no I/O of its own.
import type { IngestedPost } from '../types.ts';
import { type ExtractedArticle, extractArticle, isExcerpt } from './extract.ts';
import { parseFeed } from './feed.ts';
import { readDateField } from './find-date.ts';
import { DEFAULT_MAX_ITEMS, droppedWarning } from './item-cap.ts';
import { normaliseItems } from './normalise.ts';

export type FullTextMode = 'auto' | 'never' | 'always';

/** Items shorter than this are fetched in 'auto' mode even without a teaser mark. */
const SHORT_ITEM = 300;

export interface EnrichOptions {
  sourceId: string;
  fetchedAt: Date;
  fullText: FullTextMode;
  comments: boolean;
  /** Article pages, and comment feeds, fetched at most per call (each counted apart). */
  maxFetches: number;
  /** Comment feed URL by item dedup key (IngestResult.commentFeeds). */
  commentFeeds: Map<string, string>;
  /** The decoded HTML of a page (politely, robots.txt honoured). */
  fetchPage: (url: string) => Promise<string>;
  /** The decoded text of a feed. */
  fetchFeed: (url: string) => Promise<string>;
  /**
   * The text stored for this dedup key by an earlier crawl, if any: an article already
   * fetched is not fetched again while its teaser is unchanged.
   */
  storedText?: (dedupKey: string) => string | null;
  timeZone?: string;
  /** Comments kept of one comment feed, the newest (crawl.maxItemsPerFetch); default 5,000. */
  maxItems?: number;
}

export interface EnrichResult {
  posts: IngestedPost[];
  /** Article pages fetched, and how many of them replaced a teaser. */
  articlesFetched: number;
  fullTexts: number;
  commentFeedsFetched: number;
  comments: number;
  /** One line per failed fetch; none of them fails the source. */
  errors: string[];
}

function wantsArticle(post: IngestedPost, mode: FullTextMode): boolean {
  if (mode === 'never' || !post.url) return false;
  if (mode === 'always') return true;
  return isExcerpt(post.text, '') || post.text.length < SHORT_ITEM;
}

/**
 * Whether enrichPosts may fetch anything for this post (its article, its comment feed): a
 * crawler can analyse the other posts of a feed at once, without waiting for these.
 */
export function wantsEnrichment(
  post: IngestedPost,
  o: Pick<EnrichOptions, 'fullText' | 'comments' | 'commentFeeds'>,
): boolean {
  return wantsArticle(post, o.fullText) || (o.comments && o.commentFeeds.has(post.dedupKey));
}

function better(post: IngestedPost, article: string, mode: FullTextMode): boolean {
  if (!article.trim()) return false;
  if (mode === 'always') return article.length > post.text.length;
  return isExcerpt(post.text, article);
}

function pageDateIso(page: ExtractedArticle, o: EnrichOptions): string | null {
  if (!page.published) return null;
  const date = readDateField(page.published, {
    now: o.fetchedAt,
    timeZone: o.timeZone ?? 'Europe/Paris',
    locale: page.lang,
  });
  return date ? date.toISOString() : null;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Replaces teasers by their article's text and appends comment posts, within the budget. */
export async function enrichPosts(posts: IngestedPost[], o: EnrichOptions): Promise<EnrichResult> {
  const out: EnrichResult = {
    posts: [],
    articlesFetched: 0,
    fullTexts: 0,
    commentFeedsFetched: 0,
    comments: 0,
    errors: [],
  };
  const comments: IngestedPost[] = [];
  for (const post of posts) {
    let current = post;
    if (wantsArticle(post, o.fullText)) {
      const stored = o.storedText?.(post.dedupKey) ?? null;
      if (stored && better(post, stored, o.fullText)) {
        current = { ...post, text: stored };
      } else if (out.articlesFetched < o.maxFetches) {
        out.articlesFetched++;
        try {
          const html = await o.fetchPage(post.url!);
          const page = extractArticle(html, post.url!);
          if (better(post, page.text, o.fullText)) {
            current = { ...post, text: page.text };
            out.fullTexts++;
          }
          // A feed item without a date (no <pubDate>, or one we cannot read) takes the one
          // its page shows.
          const publishedAt = current.publishedAt ?? pageDateIso(page, o);
          if (publishedAt !== current.publishedAt) current = { ...current, publishedAt };
        } catch (err) {
          out.errors.push(`article ${post.url}: ${message(err)}`);
        }
      }
    }
    out.posts.push(current);
    const feedUrl = o.comments ? o.commentFeeds.get(post.dedupKey) : undefined;
    if (feedUrl && out.commentFeedsFetched < o.maxFetches) {
      out.commentFeedsFetched++;
      try {
        const max = o.maxItems ?? DEFAULT_MAX_ITEMS;
        const parsed = await parseFeed(await o.fetchFeed(feedUrl), feedUrl, {
          maxItems: max,
          now: () => o.fetchedAt,
        });
        const dropped = parsed.droppedItems ?? 0;
        if (dropped > 0) {
          out.errors.push(
            `comments ${feedUrl}: ${droppedWarning(dropped, parsed.items.length + dropped, max)}`,
          );
        }
        const children = normaliseItems(parsed, {
          sourceId: o.sourceId,
          fetchedAt: o.fetchedAt,
          baseUrl: feedUrl,
          timeZone: o.timeZone,
        });
        for (const c of children) {
          // A comment feed may repeat the article itself as its first entry (some themes do).
          if (c.dedupKey === post.dedupKey || (c.url !== null && c.url === post.url)) continue;
          comments.push({ ...c, parentKey: post.dedupKey });
        }
      } catch (err) {
        out.errors.push(`comments ${feedUrl}: ${message(err)}`);
      }
    }
  }
  out.comments = comments.length;
  out.posts.push(...comments);
  return out;
}
