// What parseFeed does when a feed will not parse as served: repair it item by item, so that
// one bad item costs that item (or only its bad characters), never the whole feed. Each item
// says whether it was repaired; an item still unreadable once repaired is dropped and counted.
import { SourceError } from '../errors.ts';
import { itemTag, splitFeed } from './feed-split.ts';
import { allMalformed, type ParsedFeed, type ParsedItem } from './parsed.ts';
import { balanceTags, closeCdata, repairText, repairXml, trimProlog } from './repair.ts';

/** Parses one XML feed document; throws when the XML is broken. */
export type XmlFeedParser = (xml: string) => Promise<ParsedFeed>;

const attempt = (parse: XmlFeedParser, xml: string) =>
  parse(xml).catch((): ParsedFeed | null => null);

const refusal = (why: string) =>
  new SourceError(`not a feed: broken XML that could not be repaired (${why})`);

/**
 * Parses a feed whose XML is broken; `why` is the parser's complaint about it as served.
 * The result is malformed; its items are flagged malformed when they were repaired, and
 * `lostItems` counts those that could not be read at all.
 */
export async function recoverFeed(
  xml: string,
  parse: XmlFeedParser,
  why: string,
): Promise<ParsedFeed> {
  const doc = trimProlog(xml);
  const parts = splitFeed(doc, itemTag(doc));
  if (!parts) {
    // No item to set apart: the document is repaired whole, and whatever it holds with it.
    const feed = await attempt(parse, repairXml(doc));
    if (!feed) throw refusal(why);
    return allMalformed(feed);
  }
  const head = repairText(parts.head);
  const tail = repairText(parts.tail);
  const items = parts.items.map((raw) => {
    const fixed = balanceTags(repairText(closeCdata(raw)));
    return { fixed, repaired: fixed !== raw };
  });
  const whole = await attempt(parse, balanceTags(head + items.map((i) => i.fixed).join('') + tail));
  if (whole) {
    // One parsed item per cut item, in order, is what lets each keep its own flag; anything
    // else (an item the parser skipped) and every item is suspect.
    const paired = whole.items.length === items.length;
    return keep(
      whole,
      whole.items.map((it, i) => ({ ...it, malformed: paired ? items[i]!.repaired : true })),
      items.length,
      why,
    );
  }
  // Still broken: each item is read on its own, in the channel that holds it.
  const channel = await attempt(parse, balanceTags(head + tail));
  if (!channel) throw refusal(why);
  const read: ParsedItem[] = [];
  for (const item of items) {
    const alone = await attempt(parse, balanceTags(head + item.fixed + tail));
    for (const it of alone?.items ?? []) read.push({ ...it, malformed: item.repaired });
  }
  return keep(channel, read, items.length, why);
}

/** The recovered feed: malformed, with how many of its `cut` items were lost. */
function keep(feed: ParsedFeed, items: ParsedItem[], cut: number, why: string): ParsedFeed {
  if (items.length === 0) throw refusal(`none of its ${cut} items could be read; ${why}`);
  const lost = Math.max(0, cut - items.length);
  return { ...feed, items, malformed: true, ...(lost > 0 ? { lostItems: lost } : {}) };
}
