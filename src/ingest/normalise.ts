// ParsedFeed (raw strings as the document gave them) to IngestedPost (src/types.ts): plain
// text, canonical URLs, UTC dates, a dedup key, and thread links between forum posts.
import { createHash } from 'node:crypto';
import type { IngestedPost } from '../types.ts';
import { readDateField } from './find-date.ts';
import { fastHtmlToText as htmlToText } from './inline-html.ts';
import type { ParsedFeed, ParsedItem } from './parsed.ts';
import { canonicalUrl } from './url.ts';

export interface NormaliseOptions {
  sourceId: string;
  /** When the document was fetched: the "now" of relative dates ("il y a 3 heures"). */
  fetchedAt: Date;
  /** URL the document came from: relative links resolve against it. */
  baseUrl?: string | null;
  /** Time zone of wall-clock dates without an offset. */
  timeZone?: string;
}

/** The key a crawl dedups on: guid, else canonical link, else a hash of title and text. */
export function dedupKey(
  guid: string | null,
  url: string | null,
  title: string | null,
  text: string,
): string {
  if (guid) return guid;
  if (url) return url;
  const h = createHash('sha256')
    .update(`${title ?? ''}\n${text}`)
    .digest('hex');
  return `sha256:${h}`;
}

function oneLine(s: string | null): string | null {
  if (!s) return null;
  const t = htmlToText(s).replace(/\s+/g, ' ').trim();
  return t || null;
}

function normaliseOne(item: ParsedItem, parsed: ParsedFeed, opts: NormaliseOptions): IngestedPost {
  // Relative item links resolve against the feed's own link first (the site), then the URL
  // the feed was fetched from.
  const base = canonicalUrl(parsed.link, opts.baseUrl ?? undefined) ?? opts.baseUrl ?? null;
  // A forum post's URL keeps its fragment: it opens the page at the post.
  const url = canonicalUrl(item.link, base, { keepFragment: Boolean(parsed.thread) });
  const guid = item.guid?.trim() || null;
  const title = oneLine(item.title);
  const text = htmlToText(item.html);
  const author = oneLine(item.author);
  // A post whose page gives it no anchor shares the page's URL with the other posts: its
  // words and its author tell it apart, not the URL.
  // A text fragment ("#:~:text=…") is made of those words: they are the key, not the URL.
  const hash = url === null ? '' : new URL(url).hash;
  const shared = Boolean(parsed.thread) && url !== null && (!hash || hash.startsWith('#:~:'));
  const published = item.date
    ? readDateField(item.date, {
        now: opts.fetchedAt,
        timeZone: opts.timeZone ?? 'Europe/Paris',
        locale: parsed.lang,
      })
    : null;
  return {
    sourceId: opts.sourceId,
    guid,
    url,
    dedupKey: shared
      ? dedupKey(guid, null, title, `${author ?? ''}\n${text}`)
      : dedupKey(guid, url, title, text),
    title,
    text,
    author,
    publishedAt: published ? published.toISOString() : null,
    fetchedAt: opts.fetchedAt.toISOString(),
    categories: [...new Set(item.categories.map((c) => oneLine(c)).filter((c) => c !== null))],
    engagement: {
      comments: item.comments,
      replies: parsed.thread?.replies ?? null,
      views: parsed.thread?.views ?? null,
      position: item.position,
    },
    parentKey: null,
    malformed: item.malformed,
  };
}

/** Normalises every item; in a thread, replies get the opening post's key as parentKey. */
export function normaliseItems(parsed: ParsedFeed, opts: NormaliseOptions): IngestedPost[] {
  const posts = parsed.items.map((item) => normaliseOne(item, parsed, opts));
  if (parsed.thread) {
    const opening = posts.find((p) => p.engagement.position === 1);
    if (opening) {
      for (const p of posts) if (p !== opening) p.parentKey = opening.dedupKey;
    }
  }
  return posts;
}
