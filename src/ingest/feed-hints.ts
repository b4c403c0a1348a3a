// Two things of a feed that the item parser does not hand on: the channel's <ttl> (a hint for
// the poll schedule) and each item's comment feed (wfw:commentRss, written by WordPress,
// Dotclear and most French blog engines). Read from the XML apart, with cheerio in XML mode,
// which never fetches or expands external entities.
import * as cheerio from 'cheerio';

export interface CommentFeedRef {
  guid: string | null;
  link: string | null;
  /** The comment feed's URL as written. */
  feed: string;
}

/** RSS <ttl> of the channel, in minutes, or null. */
export function feedTtlMinutes(xml: string): number | null {
  const m = /<channel[\s>][\s\S]*?<ttl>\s*(\d{1,6})\s*<\/ttl>/i.exec(xml.slice(0, 65_536));
  return m ? Number(m[1]) : null;
}

/** Items that name a comment feed, with what identifies them (guid, link). */
export function commentFeedRefs(xml: string): CommentFeedRef[] {
  if (!/commentRss/i.test(xml)) return [];
  const $ = cheerio.load(xml, { xml: true });
  const out: CommentFeedRef[] = [];
  $('item, entry').each((_, el) => {
    const item = $(el);
    const feed = item.children('wfw\\:commentRss, wfw\\:commentrss').first().text().trim();
    if (!feed) return;
    const guid = item.children('guid, id').first().text().trim() || null;
    const linkEl = item.children('link').first();
    const link = (linkEl.attr('href') ?? linkEl.text()).trim() || null;
    out.push({ guid, link, feed });
  });
  return out;
}
