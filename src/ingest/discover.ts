// Finding a site's feed from one of its pages, so that a user can add "https://blog.fr/" and
// grogne polls the feed rather than scraping HTML.
import * as cheerio from 'cheerio';

export interface DiscoveredFeed {
  /** Absolute http(s) URL. */
  url: string;
  /** The MIME type the page declared, lowercase ("application/rss+xml"). */
  type: string;
  title: string | null;
}

// application/json is left out on purpose: WordPress declares its REST API
// (/wp-json/wp/v2/posts/…) as rel="alternate" type="application/json", and that is no feed.
const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/rdf+xml',
  'application/x.atom+xml',
  'application/x-rss+xml',
]);

/**
 * Paths where blog and forum engines serve their feed, most common first, for the caller to
 * try in order when a page declares none. Each names its engine.
 */
export const WELL_KNOWN_FEED_PATHS: readonly string[] = [
  '/feed', // WordPress
  '/rss', // many CMSs, Tumblr
  '/rss.xml', // Drupal, static sites
  '/atom.xml', // Jekyll, Octopress
  '/feed.xml', // Jekyll feed plugin
  '/index.xml', // Hugo
  '/feeds/posts/default', // Blogger / Blogspot
  '/?feed=rss2', // WordPress without pretty links
  '/spip.php?page=backend', // SPIP, common on French association and union sites
  '/feed.php', // phpBB 3.x
  '/index.php?action=.xml', // SMF
  '/latest.rss', // Discourse
  '/forums/-/index.rss', // XenForo
];

/** The well-known feed URLs of the site `pageUrl` is on, in the order to try them. */
export function wellKnownFeedUrls(pageUrl: string): string[] {
  return WELL_KNOWN_FEED_PATHS.map((p) => new URL(p, pageUrl).href);
}

function resolveHttp(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The feeds a page declares with <link rel="alternate" type="…">, in document order, without
 * duplicates. Relative hrefs resolve against <base href> when the page has one.
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const $ = cheerio.load(html);
  const baseHref = $('base[href]').first().attr('href');
  const base = (baseHref && resolveHttp(baseHref, pageUrl)) || pageUrl;
  const seen = new Set<string>();
  const out: DiscoveredFeed[] = [];
  $('link[rel][href]').each((_, el) => {
    const rel = ($(el).attr('rel') ?? '').toLowerCase().split(/\s+/);
    // "alternate" is the standard; some themes write rel="feed" (HTML Living Standard note).
    if (!rel.includes('alternate') && !rel.includes('feed')) return;
    const type = ($(el).attr('type') ?? '').toLowerCase().split(';')[0]!.trim();
    if (!FEED_TYPES.has(type)) return;
    const url = resolveHttp($(el).attr('href') ?? '', base);
    if (!url || seen.has(url)) return;
    seen.add(url);
    const title = $(el).attr('title')?.replace(/\s+/g, ' ').trim() || null;
    out.push({ url, type, title });
  });
  return out;
}
