// At most `crawl.maxItemsPerFetch` items of one document go on down the pipeline: a feed that
// lists its whole archive (100,000 items, some CMS do) would otherwise cost a DOM of it all,
// then an analysis of each item, on every poll. The newest are kept, because the newest are
// what a poll is for; the older ones were read by earlier polls or are too old to matter.
import { parseDate } from './dates.ts';

export const DEFAULT_MAX_ITEMS = 5000;

export interface Capped<T> {
  /** The newest `max` items, in their document order. */
  kept: T[];
  dropped: number;
}

/**
 * The `max` newest items by `timeOf` (milliseconds, null when unknown). Undated items rank
 * below dated ones, and ties keep the document's order, which puts a feed's first items
 * (newest first, by custom) ahead.
 */
export function keepNewest<T>(
  items: readonly T[],
  max: number,
  timeOf: (item: T) => number | null,
): Capped<T> {
  if (items.length <= max) return { kept: [...items], dropped: 0 };
  const ranked = items.map((item, i) => ({ i, t: timeOf(item) ?? Number.NEGATIVE_INFINITY }));
  ranked.sort((a, b) => (a.t === b.t ? a.i - b.i : a.t > b.t ? -1 : 1));
  const keep = new Set(ranked.slice(0, max).map((r) => r.i));
  return { kept: items.filter((_, i) => keep.has(i)), dropped: items.length - max };
}

/** A date string as feeds and pages print it, in milliseconds; null when unreadable. */
export function dateMs(text: string | null, now: Date): number | null {
  if (!text) return null;
  const fast = Date.parse(text);
  if (!Number.isNaN(fast)) return fast;
  return parseDate(text, { now })?.getTime() ?? null;
}

// The first date element of an item's markup, whatever its prefix (RSS pubDate, Atom
// published/updated, dc:date, dcterms:issued…), its text maybe in CDATA. Only for ranking:
// the item's date proper is read by feed-dates.ts once the kept items are parsed.
const DATE_ELEMENT =
  /<(?:[\w-]+:)?(?:pubDate|published|issued|created|date|updated|modified)(?:\s[^>]*)?>\s*(?:<!\[CDATA\[)?\s*([^<\]]{4,120}?)\s*(?:\]\]>)?\s*</i;

/** The date an item's raw XML gives, in milliseconds; null when none is readable. */
export function xmlItemMs(itemXml: string, now: Date): number | null {
  const m = DATE_ELEMENT.exec(itemXml);
  return m ? dateMs(m[1]!, now) : null;
}

/** The warning a source's outcome carries when a document had more items than the cap. */
export function droppedWarning(dropped: number, total: number, max: number): string {
  return `${dropped} of ${total} items dropped: over crawl.maxItemsPerFetch (${max}), the newest ${max} kept`;
}
