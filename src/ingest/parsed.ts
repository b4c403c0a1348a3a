// What the parsers (feed, forum thread, article) hand to normalise: raw strings as the
// document gave them. Normalise turns them into IngestedPost (src/types.ts).

export interface ParsedItem {
  /** RSS guid, Atom id, JSON Feed id, forum post id. */
  guid: string | null;
  /** The item's link as written (maybe relative). */
  link: string | null;
  title: string | null;
  /** Body as HTML (or plain text: normalise handles both). */
  html: string | null;
  author: string | null;
  /** The date string as printed; normalise parses it with dates.ts. */
  date: string | null;
  categories: string[];
  /** Comments count (slash:comments), when given. */
  comments: number | null;
  /** 1-based position in a thread, for forum posts. */
  position: number | null;
  /** True when this item had to be repaired before it would parse: it may be incomplete. */
  malformed: boolean;
}

export interface ParsedFeed {
  /**
   * rss, atom, rdf, jsonfeed, article; for forum threads the engine (phpbb, phpbb2, xenforo,
   * smf, vbulletin, invision, discourse, nodebb, flarum, fluxbb, punbb, mybb, hfr), generic
   * (the source's selectors) or detected (the page's repeated post structure).
   */
  format: string;
  title: string | null;
  link: string | null;
  items: ParsedItem[];
  /**
   * The language the document declares (`<html lang>`, a feed's `<language>`), lowercase, or
   * null: numeric dates are read in its order ("05/06/2016" is 5 June in French).
   */
  lang?: string | null;
  /**
   * True when the document had to be repaired before it would parse (its items say which of
   * them were touched: a repair in the channel's title leaves the items intact).
   */
  malformed: boolean;
  /** Items dropped because they could not be read even once repaired (absent: none). */
  lostItems?: number;
  /** Older items left out because the document had more than the cap (item-cap.ts). */
  droppedItems?: number;
  /** Set for forum threads: the opening post is the parent of the others. */
  thread?: { replies: number | null; views: number | null };
}

export function emptyItem(): ParsedItem {
  return {
    guid: null,
    link: null,
    title: null,
    html: null,
    author: null,
    date: null,
    categories: [],
    comments: null,
    position: null,
    malformed: false,
  };
}

/** The feed with every item flagged malformed: damage that no single item can be blamed for. */
export function allMalformed<F extends ParsedFeed>(feed: F): F {
  return { ...feed, malformed: true, items: feed.items.map((it) => ({ ...it, malformed: true })) };
}
