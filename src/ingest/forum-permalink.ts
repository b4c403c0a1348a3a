// Where a post can be opened: the engine's own link to it when the post prints one (phpBB
// "viewtopic.php?p=5001#p5001", FluxBB "viewtopic.php?pid=42#p42", SMF "topic=7.msg81#msg81",
// MyBB "showthread.php?tid=1&pid=123#pid123", NodeBB "/post/123", XenForo "#post-1234"),
// else the page's URL with the post's anchor, else the page's URL: a reader always lands on
// the thread, and on the post itself whenever the page lets us.
import * as cheerio from 'cheerio';
import { type $, type El, inQuote, isQuote, oneLine, type Sel } from './forum-markup.ts';

// Links that act on a post (quote it, answer it, edit or report it) name its number but open
// a form, not the post: Forumactif's "/post?p=3301&mode=quote".
const ACTION_LINK =
  /[?&;](?:mode|do|action)=(?:quote|reply|newreply|edit|editpost|delete|report|warn|post)\b|\/(?:post|posting|newreply|editpost)(?:\.php)?\?/i;

/** The anchor a browser can scroll to: the post's id, or the named anchor just before it. */
export function postAnchor($: $, post: Sel): string | null {
  const own = post.attr('id');
  if (own) return own;
  // XenForo 2 names the post's anchor in data-content ("post-77": its page holds an element
  // with that id, the post's scroll target).
  const content = post.attr('data-content');
  if (content && /^post-\d+$/.test(content)) return content;
  // phpBB 2, vBulletin 3, SMF 1, HFR and MyBB mark a post with an empty <a name="...">,
  // inside the post or right before it.
  const named = (e: El | null) =>
    e && e.name === 'a' && !e.attribs.href ? (e.attribs.name ?? e.attribs.id) : undefined;
  const inner = post
    .find('a[name], a[id]')
    .toArray()
    .find((a) => named(a) && $(a).text().trim() === '');
  if (inner) return named(inner) ?? null;
  let prev = post[0]!.prev;
  while (prev && prev.type !== 'tag') prev = prev.prev;
  return named(prev as El | null) ?? null;
}

/** The post's number as the engine knows it ("p5001" → 5001, data-pid="123"). */
function postNumber(post: Sel, anchor: string | null): string | null {
  for (const attr of ['data-pid', 'data-post-id', 'data-postid', 'data-node-id', 'data-id']) {
    const v = post.attr(attr);
    if (v && /^\d+$/.test(v)) return v;
  }
  const m = /(\d{2,})$/.exec(anchor ?? '') ?? /(\d{2,})/.exec(post.attr('data-content') ?? '');
  return m ? m[1]! : null;
}

function resolve(href: string, pageUrl: string): URL | null {
  try {
    return new URL(href, pageUrl);
  } catch {
    return null;
  }
}

/**
 * The URL that opens this post. `pageUrl` is where the page was read (or what it declares
 * as its canonical address); the result is never null when the page has a URL.
 */
export function postPermalink($: $, post: Sel, pageUrl: string): string {
  const anchor = postAnchor($, post);
  const n = postNumber(post, anchor);
  const page = resolve(pageUrl, pageUrl);
  // Relative links resolve against <base href> when the page has one (XenForo, vBulletin).
  const baseHref = $('base[href]').attr('href');
  const linkBase = (baseHref && resolve(baseHref, pageUrl)?.href) || pageUrl;
  if (n && page) {
    // The engine's own link: a same-site href naming this post's number as a post, by its
    // address first ("viewtopic.php?p=5001", "/post/12", "topic=7.msg81") as it opens the
    // post from any page, then by a fragment alone ("#p5001").
    const byAddress = new RegExp(
      `(?:[?&;](?:p|pid|post|postid)=${n}|[./](?:msg|posts?/)${n})(?!\\d)`,
    );
    const byFragment = new RegExp(`^#(?:p|pid|post|post-|post_|msg|entry|comment-)?${n}$`);
    const links = post
      .find('a[href]')
      .toArray()
      .map((a) => resolve($(a).attr('href') ?? '', linkBase))
      .filter(
        (u): u is URL =>
          u !== null &&
          u.host === page.host &&
          /^(https?|file):$/.test(u.protocol) &&
          !ACTION_LINK.test(`${u.pathname}${u.search}`),
      );
    const own =
      links.find((u) => byAddress.test(`${u.pathname}${u.search}`)) ??
      links.find((u) => byFragment.test(u.hash));
    if (own) {
      // A link without the fragment still opens the post's page: point it at the post.
      if (!own.hash && anchor) own.hash = anchor;
      return own.href;
    }
  }
  if (!page) return pageUrl;
  if (!anchor && !n) {
    // No anchor on the post itself (SMF 1 puts the first post's before the table): a link of
    // its own whose fragment names a post and whose address names the same one.
    const self = post
      .find('a[href]')
      .toArray()
      .filter((a) => !inQuote(a, post[0]))
      .map((a) => resolve($(a).attr('href') ?? '', linkBase))
      .find((u) => {
        const m = u && /^#(?:p|pid|post|msg|entry)[-_]?(\d+)$/.exec(u.hash);
        return u && m && u.host === page.host && `${u.pathname}${u.search}`.includes(m[1]!);
      });
    if (self) return self.href;
  }
  if (anchor) page.hash = anchor;
  return page.href;
}

// Words of a text fragment: enough to be the post's own, few enough to survive an edit.
const FRAGMENT_WORDS = 8;

/**
 * A URL that opens a post the page gives no anchor (Flarum, jeuxvideo.com): the page's URL
 * with a text fragment ("#:~:text=…", which browsers scroll to and highlight) of the first
 * words the post itself wrote, quotes left out. The page's URL when the post has no words.
 */
export function textFragmentUrl(pageUrl: string, bodyHtml: string): string {
  const body = cheerio.load(`<div>${bodyHtml}</div>`);
  body('*')
    .filter((_, e) => e.type === 'tag' && isQuote(e as El))
    .remove();
  const words = oneLine(body.root().text()).split(' ').filter(Boolean).slice(0, FRAGMENT_WORDS);
  if (!words.length) return pageUrl;
  // The directive's own separators ("-", ",", "&") must be escaped inside its text.
  const text = encodeURIComponent(words.join(' ')).replace(/-/g, '%2D').replace(/,/g, '%2C');
  const url = new URL(pageUrl);
  url.hash = `:~:text=${text}`;
  return url.href;
}
