// `grogne sources add https://blog.fr/`: people type a site's address, not its feed's. The page
// is asked first for the feeds it declares (<link rel="alternate">), then the paths where blog
// and forum engines put theirs; a candidate counts only when it really parses as a feed,
// because many sites answer every path with their home page (HTTP 200, HTML).
import { discoverFeeds, wellKnownFeedUrls } from './discover.ts';
import { looksLikeFeed, parseFeed } from './feed.ts';

export interface FoundFeed {
  url: string;
  title: string | null;
  /** rss, atom, rdf, jsonfeed. */
  format: string;
  items: number;
  /** How it was found: the address itself was a feed, the page linked it, or a known path. */
  via: 'address' | 'link' | 'well-known';
}

export interface Attempt {
  url: string;
  /** "feed", or why it is not one ("HTTP 404", "not a feed: an HTML page"). */
  outcome: string;
}

export interface FindFeedResult {
  feed: FoundFeed | null;
  tried: Attempt[];
}

/** Fetches a URL's decoded text (and where it ended up, after redirects). */
export type GetText = (url: string) => Promise<{ text: string; finalUrl: string }>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function asFeed(
  url: string,
  get: GetText,
  via: FoundFeed['via'],
  tried: Attempt[],
): Promise<FoundFeed | null> {
  try {
    const { text, finalUrl } = await get(url);
    const feed = await parseFeed(text, finalUrl);
    tried.push({ url, outcome: 'feed' });
    return { url: finalUrl, title: feed.title, format: feed.format, items: feed.items.length, via };
  } catch (err) {
    tried.push({ url, outcome: message(err) });
    return null;
  }
}

/** The first feed of a site, in the order: the address, its declared feeds, known paths. */
export async function findFeed(siteUrl: string, get: GetText): Promise<FindFeedResult> {
  const tried: Attempt[] = [];
  let base = siteUrl;
  try {
    const page = await get(siteUrl);
    base = page.finalUrl;
    if (looksLikeFeed(page.text)) {
      const feed = await asFeed(siteUrl, async () => page, 'address', tried);
      if (feed) return { feed, tried };
    } else {
      tried.push({ url: siteUrl, outcome: 'a page' });
      for (const link of discoverFeeds(page.text, page.finalUrl)) {
        const feed = await asFeed(link.url, get, 'link', tried);
        if (feed) return { feed: { ...feed, title: feed.title ?? link.title }, tried };
      }
    }
  } catch (err) {
    // A home page that fails may still sit beside a working /feed.
    tried.push({ url: siteUrl, outcome: message(err) });
  }
  const seen = new Set(tried.map((t) => t.url));
  for (const url of wellKnownFeedUrls(base)) {
    if (seen.has(url)) continue;
    const feed = await asFeed(url, get, 'well-known', tried);
    if (feed) return { feed, tried };
  }
  return { feed: null, tried };
}
