// What every HTML forum engine parser shares: the cheerio types, a post's text, a post's own
// link, and where the thread's next page is.
import type * as cheerio from 'cheerio';

export type $ = cheerio.CheerioAPI;
// Any selection: the element type comes from domhandler, which we do not depend on directly.
export type Sel = ReturnType<$>;

/** The element's text on one line, or null when empty. */
export function text(el: Sel): string | null {
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

/**
 * The absolute URL of the thread's next page, or null. Only a page of the same site counts,
 * and never the page itself (some engines link the current page as "next" on the last one).
 */
export function nextPageUrl($: $, pageUrl: string, extra?: string): string | null {
  const base = $('base[href]').attr('href');
  for (const sel of extra ? [extra, ...NEXT_SELECTORS] : NEXT_SELECTORS) {
    for (const el of $(sel).toArray()) {
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
