// What every HTML forum engine parser shares: the cheerio types, a post's text, a post's own
// link, and where the thread's next page is.
import type * as cheerio from 'cheerio';

export type $ = cheerio.CheerioAPI;
/** One element (domhandler's, which cheerio's types are made of). */
export type El = import('domhandler').Element;
/** A selection of elements. */
export type Sel = cheerio.Cheerio<El>;

/**
 * Whether an element is a quote of another post, whose author, profile link and date are
 * never this post's: <cite>, <q>, an element classed "quote" or "citation", a <blockquote>
 * that is not the post's own body (XenForo 1 and vBulletin 4 put the body in a blockquote
 * classed "messageText" or "postcontent"; XenForo's "SelectQuoteContainer" is the body too).
 */
export function isQuote(el: El): boolean {
  if (el.name === 'cite' || el.name === 'q') return true;
  const classes = (el.attribs?.class ?? '').split(/\s+/).filter(Boolean);
  if (el.name === 'blockquote') return !classes.some((c) => /message|content|post|text/i.test(c));
  return classes.some((c) => /quote|citation/i.test(c) && !/^select/i.test(c));
}

/** Whether `el` or one of its ancestors below `top` is a quote. */
export function inQuote(el: El, top: El | undefined): boolean {
  for (let e: El | null = el; e && e !== top; e = e.parent as El | null) {
    if (e.type === 'tag' && isQuote(e)) return true;
  }
  return false;
}

/** The classes, id and itemprop of an element, as one string of words. */
export function names(el: El): string {
  const a = el.attribs ?? {};
  return `${a.class ?? ''} ${a.id ?? ''} ${a.itemprop ?? ''}`.trim();
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The elements of `found` that are not in a quote inside `post`. */
export function outsideQuotes(_$: $, post: Sel, found: Sel): Sel {
  return found.filter((_, e) => !inQuote(e, post[0]));
}

/** The element's text on one line, or null when empty. */
export function text(el: cheerio.Cheerio<import('domhandler').AnyNode>): string | null {
  const t = el.first().text().replace(/\s+/g, ' ').trim();
  return t || null;
}

/**
 * The language the page declares, lowercase BCP 47 ("fr", "en-us"), or null. vBulletin 4
 * writes lang="en" on English boards and prints "06-15-2016": the dates follow it.
 */
export function declaredLang($: $): string | null {
  const tag =
    $('html').attr('lang') ??
    $('html').attr('xml:lang') ??
    $('meta[property="og:locale"]').attr('content') ??
    $('meta[http-equiv="content-language" i]').attr('content') ??
    '';
  return tag.trim().toLowerCase().replace(/_/g, '-') || null;
}

/** The page URL with `anchor` as its fragment: a post's stable address in its page. */
export function postLink(pageUrl: string, anchor: string | null): string {
  if (!anchor) return pageUrl;
  const u = new URL(pageUrl);
  u.hash = anchor;
  return u.href;
}

// Where each engine prints its "next page" link, after the standard rel="next" that most
// of them also put in <head>: phpBB 3.1+ (li.next / a.next), phpBB 3.0 ("Suivante" after the
// current page), XenForo 2, SMF 2.1 (nav_page arrows) and 2.0 (navPages after the [<strong>]
// current page), vBulletin 4 (span.prev_next) and 5 (js-pagenav-next-button), Invision.
const NEXT_SELECTORS = [
  'link[rel="next"]',
  'a[rel="next"]',
  '.pagination li.next a',
  '.pagination a.next',
  'a.pageNav-jump--next',
  '.pagelinks .current_page + a.nav_page',
  '.pagelinks strong + a.navPages',
  '.pagination span.selected + span a',
  'a.js-pagenav-next-button',
  '.ipsPagination_next:not(.ipsPagination_inactive) a',
];

const NEXT_WORDS = /^(?:page\s+)?suivante?\s*[›»>]*$|^next(?:\s+page)?\s*[›»>]*$/i;
const NEXT_CLASS = /(?:^|[-_\s])(?:next|suivante?)(?:$|[-_\s])/i;

/**
 * The absolute URL of the thread's next page, or null. Only a page of the same site counts,
 * and never the page itself (some engines link the current page as "next" on the last one).
 */
export function nextPageUrl($: $, pageUrl: string, extra?: string): string | null {
  const base = $('base[href]').attr('href');
  const known = (extra ? [extra, ...NEXT_SELECTORS] : NEXT_SELECTORS).map((sel) => $(sel));
  // Any other engine: a link whose words or class say "next page" ("Page suivante",
  // jeuxvideo.com's a.pagi-suivant-actif, "Next ›").
  const worded = $('a[href]').filter((_, a) => {
    // The last page greys its "next" out (Invision's ipsPagination_inactive).
    if ($(a).closest('[class*="inactive"], [class*="disabled"], [aria-disabled="true"]').length) {
      return false;
    }
    const words = oneLine($(a).text() || ($(a).attr('title') ?? ''));
    return NEXT_WORDS.test(words) || NEXT_CLASS.test($(a).attr('class') ?? '');
  });
  for (const found of [...known, worded]) {
    for (const el of found.toArray()) {
      const href = $(el).attr('href')?.trim();
      if (!href || /^(javascript|#)/i.test(href)) continue;
      let next: URL;
      try {
        next = new URL(href, base ? new URL(base, pageUrl) : pageUrl);
      } catch {
        continue;
      }
      const here = new URL(pageUrl);
      next.hash = '';
      here.hash = '';
      if (!/^https?:$/.test(next.protocol) || next.host !== here.host) continue;
      if (next.href === here.href) continue;
      return next.href;
    }
  }
  return null;
}
