// Long forum threads span pages; the replies that make the buzz are often on the last ones.
// This follows a thread's `next` links, up to a depth, through the caller's fetcher (so
// politeness, robots.txt and the address checks apply to every page), and joins the pages
// into one thread whose positions run on across pages.
import { decodeBody } from './decode.ts';
import type { FetchResult } from './fetch.ts';
import { type ParsedThread, parseThreadPage, type ThreadSelectors } from './forum.ts';

export interface FollowOptions {
  /** Pages in all, the first one included; 1 follows nothing. */
  maxPages: number;
  selectors?: ThreadSelectors;
  /** Fetches one more page (no conditional headers: they belong to the first page). */
  fetchPage: (url: string) => Promise<FetchResult>;
}

export interface FollowedThread {
  thread: ParsedThread;
  pages: number;
  /** Why following stopped early, when a later page failed: the first pages are kept. */
  warnings: string[];
}

/** Joins `first` with its following pages. Never throws for a later page's failure. */
export async function followThread(
  first: ParsedThread,
  opts: FollowOptions,
): Promise<FollowedThread> {
  const items = [...first.items];
  const seen = new Set([first.link ?? '']);
  const warnings: string[] = [];
  let next = first.next;
  let pages = 1;
  let last = first;
  while (next && pages < opts.maxPages && !seen.has(next)) {
    seen.add(next);
    let page: ParsedThread;
    try {
      const res = await opts.fetchPage(next);
      if (res.status !== 'ok') break;
      page = parseThreadPage(decodeBody(res.body, res.contentType).text, res.finalUrl, {
        selectors: opts.selectors,
      });
    } catch (err) {
      warnings.push(`${next}: ${err instanceof Error ? err.message : String(err)}`);
      break;
    }
    // Engines that number posts (SMF, vBulletin) go on from the last page; those that count
    // from 1 on every page (phpBB, Invision) are shifted after the posts already read.
    const top = Math.max(0, ...items.map((i) => i.position ?? 0));
    const restarts = (page.items[0]?.position ?? 1) <= top;
    for (const item of page.items) {
      items.push({ ...item, position: restarts ? (item.position ?? 0) + top : item.position });
    }
    pages++;
    last = page;
    next = page.next;
  }
  const counts = {
    replies: first.thread.replies ?? last.thread.replies,
    views: first.thread.views ?? last.thread.views,
  };
  return { thread: { ...first, items, thread: counts, next }, pages, warnings };
}
