// Forum thread pages to ParsedFeed: one item per post, in thread order. The engine is told
// from its markup: phpBB 3 (prosilver), XenForo, SMF, Discourse's topic JSON, or, for any
// other forum, CSS selectors given in the source's options.
import * as cheerio from 'cheerio';
import { SourceError } from '../errors.ts';
import { describeDocument } from './feed.ts';
import { emptyItem, type ParsedFeed, type ParsedItem } from './parsed.ts';

type $ = cheerio.CheerioAPI;
// Any selection: the element type comes from domhandler, which we do not depend on directly.
type Sel = ReturnType<$>;

export interface ThreadSelectors {
  /** One element per post. */
  post: string;
  /** The post's body, inside `post`. */
  body: string;
  author?: string;
  date?: string;
}

export interface ParseThreadOptions {
  /** Used when no known engine is recognised. */
  selectors?: ThreadSelectors;
}

export type ParsedThread = ParsedFeed & {
  thread: { replies: number | null; views: number | null };
};

function text(el: Sel): string | null {
  const t = el.first().text().replace(/\s+/g, ' ').trim();
  return t || null;
}

/** A number printed with French thousands separators ("1 234", "1.234", "1,2k"). */
function frNumber(s: string): number {
  const k = /^(\d+(?:[.,]\d+)?)\s*k$/i.exec(s);
  if (k) return Math.round(Number(k[1]!.replace(',', '.')) * 1000);
  return Number(s.replace(/[\u00a0\u202f.]/g, ''));
}

/** Reply and view counts, when the page prints them ("12 messages", "345 vues"). */
function countsFrom(pageText: string): { replies: number | null; views: number | null } {
  // Thousands are grouped with a no-break space or a dot in French ("1\u202f204 vues"); a plain
  // space is not taken as a separator, or "Page 1 sur 1 245 vues" would read as 1245.
  const num = '(\\d{1,3}(?:[\\u00a0\\u202f.]\\d{3})+|\\d+(?:[.,]\\d+\\s?k)?|\\d+)';
  const replies = new RegExp(`${num}\\s*(réponses?|replies|reply)\\b`, 'i').exec(pageText);
  const messages = new RegExp(`${num}\\s*(messages?|posts?)\\b`, 'i').exec(pageText);
  const views = new RegExp(`${num}\\s*(vues?|lectures?|affichages?|views?)\\b`, 'i').exec(pageText);
  let r: number | null = null;
  if (replies) r = frNumber(replies[1]!.trim());
  else if (messages) r = Math.max(0, frNumber(messages[1]!.trim()) - 1);
  return { replies: r, views: views ? frNumber(views[1]!.trim()) : null };
}

function threadTitle($: $): string | null {
  return (
    text($('h2.topic-title, h1.p-title-value, h1[data-topic-title], #forumposts h3, h1').first()) ??
    text($('title'))
  );
}

function postLink(pageUrl: string, anchor: string | null): string {
  if (!anchor) return pageUrl;
  const u = new URL(pageUrl);
  u.hash = anchor;
  return u.href;
}

function phpbb($: $, pageUrl: string): ParsedItem[] {
  return $('div.post')
    .toArray()
    .filter((el) => $(el).find('.postbody').length > 0)
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = post.attr('id') ?? null; // "p12345"
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postLink(pageUrl, id);
      item.title = text(post.find('.postbody h3').first());
      item.html = post.find('.postbody .content').first().html();
      const author = post.find('.author');
      item.author =
        text(author.find('a.username, a.username-coloured, .username, strong')) ??
        text(post.find('dl.postprofile dt a, dl.postprofile .username'));
      // phpBB 3.2+ has <time datetime>; 3.0/3.1 print "par X » lun. 3 mars 2024 14:05".
      item.date =
        author.find('time[datetime]').attr('datetime') ??
        author.text().split('»').pop()?.trim() ??
        null;
      item.position = i + 1;
      return item;
    });
}

function xenforo($: $, pageUrl: string): ParsedItem[] {
  return $('article.message')
    .toArray()
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = (post.attr('data-content') ?? post.attr('id') ?? '').replace(/^js-/, '') || null;
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postLink(pageUrl, id);
      item.html = post.find('.message-body .bbWrapper, .message-body').first().html();
      item.author = post.attr('data-author') ?? text(post.find('.message-name, .username'));
      item.date = post.find('time[datetime]').first().attr('datetime') ?? text(post.find('time'));
      item.position = i + 1;
      return item;
    });
}

function smf($: $, pageUrl: string): ParsedItem[] {
  return $('#forumposts .post_wrapper, #forumposts div.windowbg, #forumposts div.windowbg2')
    .toArray()
    .filter((el) => $(el).find('.inner, .post').length > 0 && $(el).find('.poster').length > 0)
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = post.find('.inner[id^="msg_"]').attr('id') ?? null;
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postLink(pageUrl, id);
      item.title = text(post.find('.keyinfo h5, .keyinfo .subject'));
      item.html = post.find('.inner').first().html() ?? post.find('.post').first().html();
      item.author = text(post.find('.poster h4 a, .poster h4'));
      // SMF prints "« Réponse #3 le : 03 mars 2024, 14:05:00 »".
      const info = text(post.find('.keyinfo .smalltext, .postinfo .smalltext, .smalltext')) ?? '';
      item.date = /(?:le|on)\s*:?\s*([^»]+)/i.exec(info)?.[1]?.trim() ?? null;
      item.position = i + 1;
      return item;
    });
}

function generic($: $, pageUrl: string, sel: ThreadSelectors): ParsedItem[] {
  return $(sel.post)
    .toArray()
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = post.attr('id') ?? null;
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postLink(pageUrl, id);
      item.html = post.find(sel.body).first().html();
      item.author = sel.author ? text(post.find(sel.author)) : null;
      if (sel.date) {
        const d = post.find(sel.date).first();
        item.date = d.attr('datetime') ?? text(d);
      }
      item.position = i + 1;
      return item;
    })
    .filter((item) => item.html !== null);
}

/** Discourse serves a topic as JSON at /t/slug/id.json. */
function discourse(json: string, pageUrl: string): ParsedThread | null {
  let doc: {
    title?: string;
    views?: number;
    posts_count?: number;
    post_stream?: { posts?: Record<string, unknown>[] };
  };
  try {
    doc = JSON.parse(json);
  } catch {
    return null;
  }
  const posts = doc?.post_stream?.posts;
  if (!Array.isArray(posts)) return null;
  const items = posts.map((p, i) => {
    const item = emptyItem();
    const n = typeof p.post_number === 'number' ? p.post_number : i + 1;
    item.guid = typeof p.id === 'number' ? `discourse:${new URL(pageUrl).host}:${p.id}` : null;
    item.link = postLink(pageUrl.replace(/\.json(\?.*)?$/, ''), `post_${n}`);
    item.html = typeof p.cooked === 'string' ? p.cooked : null;
    item.author = String(p.name || p.username || '') || null;
    item.date = typeof p.created_at === 'string' ? p.created_at : null;
    item.position = n;
    return item;
  });
  return {
    format: 'discourse',
    title: doc.title ?? null,
    link: pageUrl,
    items,
    malformed: false,
    thread: {
      replies: typeof doc.posts_count === 'number' ? Math.max(0, doc.posts_count - 1) : null,
      views: typeof doc.views === 'number' ? doc.views : null,
    },
  };
}

/**
 * Parses one page of a forum thread. Throws SourceError when no post can be found: the page
 * is not a thread, or its engine is unknown and no selectors were configured.
 */
export function parseThreadPage(
  html: string,
  pageUrl: string,
  opts: ParseThreadOptions = {},
): ParsedThread {
  if (html.trimStart().startsWith('{')) {
    const t = discourse(html, pageUrl);
    if (t) return t;
  }
  const $ = cheerio.load(html);
  const engines: [string, () => ParsedItem[]][] = [
    ['phpbb', () => phpbb($, pageUrl)],
    ['xenforo', () => xenforo($, pageUrl)],
    ['smf', () => smf($, pageUrl)],
  ];
  if (opts.selectors) engines.unshift(['generic', () => generic($, pageUrl, opts.selectors!)]);
  for (const [format, run] of engines) {
    const items = run();
    if (!items.length) continue;
    // Counts are read from the page around the posts, never from what posters wrote.
    $('div.post, article.message, #forumposts, script, style').remove();
    if (opts.selectors) $(opts.selectors.post).remove();
    const counts = countsFrom(
      $('body')
        .text()
        .replace(/[ \t\r\n]+/g, ' '),
    );
    return {
      format,
      title: threadTitle($),
      link: pageUrl,
      items,
      malformed: false,
      thread: counts,
    };
  }
  throw new SourceError(`not a forum thread: no posts found in ${describeDocument(html)}`);
}
