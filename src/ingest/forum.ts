// Forum thread pages to ParsedFeed: one item per post, in thread order. A source's own CSS
// selectors come first when it has some. Then the engine is told from its markup: phpBB 3
// (prosilver), XenForo 2, SMF 2, vBulletin 4/5, Invision Community, Discourse's topic JSON,
// and by recipe (forum-engines.ts) phpBB 2, phpBB 3 subsilver2, vBulletin 3, XenForo 1,
// SMF 1.1, NodeBB, Flarum, FluxBB, PunBB, MyBB and forum.hardware.fr. Any other forum's posts
// are found as the page's repeated post structure (forum-detect.ts). Each page also says
// where the thread goes on (`next`), for long threads.
import * as cheerio from 'cheerio';
import { SourceError } from '../errors.ts';
import { describeDocument } from './feed.ts';
import { detectPosts } from './forum-detect.ts';
import { fromRecipe, postItem, RECIPES } from './forum-engines.ts';
import { INVISION_POSTS, invision } from './forum-invision.ts';
import { type $, declaredLang, type El, nextPageUrl, postLink, text } from './forum-markup.ts';
import { postPermalink } from './forum-permalink.ts';
import { VBULLETIN_POSTS, vbulletin } from './forum-vbulletin.ts';
import { emptyItem, type ParsedFeed, type ParsedItem } from './parsed.ts';

export interface ThreadSelectors {
  /** One element per post. */
  post: string;
  /** The post's body, inside `post`; found as detection finds it when not given. */
  body?: string;
  /** Inside `post`; found as detection finds it when not given. */
  author?: string;
  /** Inside `post`; found as detection finds it when not given. */
  date?: string;
  /** The link to the thread's next page, when rel="next" and the known markups miss it. */
  next?: string;
}

export interface ParseThreadOptions {
  /** A source's own selectors: they win over the engines and detection when they match. */
  selectors?: ThreadSelectors;
  /** Find posts by repeated structure when no engine is recognised (default true). */
  detect?: boolean;
  /** Try the known engines first (default true); false measures detection alone. */
  engines?: boolean;
}

export type ParsedThread = ParsedFeed & {
  thread: { replies: number | null; views: number | null };
  /** Absolute URL of the thread's next page on the same site, or null on the last page. */
  next: string | null;
};

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
  const views =
    new RegExp(`${num}\\s*(vues?|lectures?|affichages?|views?)\\b`, 'i').exec(pageText) ??
    // SMF: "(Lu 1 532 fois)", vBulletin: "a été lue 2 318 fois".
    new RegExp(`\\blue?s?\\s+${num}\\s+fois\\b`, 'i').exec(pageText);
  let r: number | null = null;
  if (replies) r = frNumber(replies[1]!.trim());
  else if (messages) r = Math.max(0, frNumber(messages[1]!.trim()) - 1);
  return { replies: r, views: views ? frNumber(views[1]!.trim()) : null };
}

// phpBB, XenForo, Discourse, SMF, vBulletin 4, vBulletin 5, Invision: each engine's title.
const TITLE =
  'h2.topic-title, h1.p-title-value, h1[data-topic-title], #forumposts h3, .threadtitle, ' +
  'h1.main-title, h1.ipsType_pageTitle, h1';

function threadTitle($: $): string | null {
  // In the order of TITLE, not of the document: vBulletin 4's <h1> says "Discussion: …".
  const found = TITLE.split(', ')
    .map((sel) => text($(sel)))
    .find((t) => t !== null);
  const title = found ?? text($('title'));
  // SMF's heading is "Auteur Sujet: <title> (Lu 1 532 fois)".
  return (
    title
      ?.replace(/^(?:Auteur\s+Sujet|Author\s+Topic)\s*:\s*/i, '')
      .replace(/\s*\((?:Lu|Read)\s[^)]*\)\s*$/i, '') || null
  );
}

function phpbb($: $, pageUrl: string): ParsedItem[] {
  return (
    $('div.post')
      .toArray()
      .filter((el) => $(el).find('.postbody').length > 0)
      // Some themes (phpBB 3.2 AllanStyle) print a column-header row as a div.post with a
      // .postbody: no author and no content, so no post.
      .filter((el) => $(el).find('.postbody .content').text().trim() !== '')
      .filter((el) => $(el).find('.author, dl.postprofile').find('a, .username, strong').length > 0)
      .map((el, i) => {
        const post = $(el);
        const item = emptyItem();
        const id = post.attr('id') ?? null; // "p12345"
        item.guid = id ? postLink(pageUrl, id) : null;
        item.link = postPermalink($, post, pageUrl);
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
      })
  );
}

function xenforo($: $, pageUrl: string): ParsedItem[] {
  return $('article.message')
    .toArray()
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = (post.attr('data-content') ?? post.attr('id') ?? '').replace(/^js-/, '') || null;
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postPermalink($, post, pageUrl);
      item.html = post.find('.message-body .bbWrapper, .message-body').first().html();
      item.author = post.attr('data-author') ?? text(post.find('.message-name, .username'));
      item.date = post.find('time[datetime]').first().attr('datetime') ?? text(post.find('time'));
      item.position = i + 1;
      return item;
    });
}

// The posts only: the heading of #forumposts prints the views ("Lu 1 532 fois").
const SMF_POSTS = '#forumposts .windowbg, #forumposts .windowbg2, #forumposts .post_wrapper';

function smf($: $, pageUrl: string): ParsedItem[] {
  // SMF 2.0 nests .post_wrapper inside div.windowbg(2): take the wrappers when there are
  // some, or each post would come out twice.
  const wrappers = $('#forumposts .post_wrapper');
  return (wrappers.length ? wrappers : $('#forumposts div.windowbg, #forumposts div.windowbg2'))
    .toArray()
    .filter((el) => $(el).find('.inner, .post').length > 0 && $(el).find('.poster').length > 0)
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = post.find('.inner[id^="msg_"]').attr('id') ?? null;
      item.guid = id ? postLink(pageUrl, id) : null;
      // SMF's own link is "topic=7731.msg81012#msg81012", in the post's subject.
      const own = post.find('a[href*=".msg"][href*="#msg"]').first().attr('href');
      item.link = own ? new URL(own, pageUrl).href : postLink(pageUrl, id);
      item.title = text(post.find('.keyinfo h5, .keyinfo .subject'));
      item.html = post.find('.inner').first().html() ?? post.find('.post').first().html();
      item.author = text(post.find('.poster h4 a, .poster h4'));
      // SMF prints "« Réponse #3 le : 03 mars 2024, 14:05:00 »": reply #3 is the 4th post,
      // and the number goes on across pages.
      // The poster column has a .smalltext list too ("Messages: 57"): the header's comes first.
      const info =
        text(post.find('.keyinfo .smalltext, .postinfo .smalltext')) ??
        text(post.find('.smalltext').not('.poster .smalltext')) ??
        '';
      // Word-bounded, or the "on" of "Réponse" would start the date.
      item.date = /\b(?:le|on)\b\s*:?\s*([^»]+)/i.exec(info)?.[1]?.trim() ?? null;
      const reply = /(?:Réponse|Reply)\s*#\s*(\d+)/i.exec(info);
      item.position = reply ? Number(reply[1]) + 1 : i + 1;
      return item;
    });
}

/** A source's own selectors; what they leave out is found as detection finds it. */
function configured($: $, pageUrl: string, sel: ThreadSelectors): ParsedItem[] {
  return fromRecipe($, pageUrl, { format: 'generic', ...sel });
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
    // The topic JSON holds the first chunk of posts; later ones need the post ids endpoint.
    next: null,
  };
}

/** The address a saved page declares for itself (canonical link, og:url). */
function declaredUrl($: $): string | null {
  const href =
    $('link[rel="canonical"]').attr('href') ?? $('meta[property="og:url"]').attr('content');
  return href && /^https?:\/\//i.test(href) ? href : null;
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
  // A saved page read from a file links its posts to the address it declares.
  const base = /^https?:/i.test(pageUrl) ? pageUrl : (declaredUrl($) ?? pageUrl);
  // Each engine with the elements that hold its posts (removed before reading counts).
  const engines: [string, string | (() => El[]), () => ParsedItem[]][] =
    opts.engines === false
      ? []
      : [
          ['phpbb', 'div.post', () => phpbb($, base)],
          ['xenforo', 'article.message', () => xenforo($, base)],
          ['smf', SMF_POSTS, () => smf($, base)],
          ['vbulletin', VBULLETIN_POSTS, () => vbulletin($, base)],
          ['invision', INVISION_POSTS, () => invision($, base)],
          ...RECIPES.map((r): [string, string, () => ParsedItem[]] => [
            r.format,
            r.post,
            () => fromRecipe($, base, r),
          ]),
        ];
  const sel = opts.selectors;
  if (sel) engines.unshift(['generic', sel.post, () => configured($, base, sel)]);
  if (opts.detect !== false) {
    let found: El[] = [];
    engines.push([
      'detected',
      () => found,
      () => {
        const posts = detectPosts($);
        found = posts.map((p) => p.el);
        return posts
          .map(({ el, content }) => postItem($, el, base, {}, content))
          .filter((item): item is ParsedItem => item !== null)
          .map((item, i) => ({ ...item, position: i + 1 }));
      },
    ]);
  }
  for (const [format, posts, run] of engines) {
    const items = run();
    if (!items.length) continue;
    // Counts and the next link are read from the page around the posts, never from what
    // posters wrote.
    if (typeof posts === 'string') $(posts).remove();
    else $(posts()).remove();
    $('script, style').remove();
    const counts = countsFrom(
      $('body')
        .text()
        .replace(/[ \t\r\n]+/g, ' '),
    );
    return {
      format,
      title: threadTitle($),
      link: base,
      lang: declaredLang($),
      items,
      malformed: false,
      thread: counts,
      next: nextPageUrl($, base, sel?.next),
    };
  }
  throw new SourceError(`not a forum thread: no posts found in ${describeDocument(html)}`);
}
