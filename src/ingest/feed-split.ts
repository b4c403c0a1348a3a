// A feed document cut into its items, so that one broken item can be repaired, or dropped, on
// its own: an unclosed CDATA or attribute in one post must not cost the other forty.

export interface FeedParts {
  /** Everything before the first item: the XML declaration, the root, the channel's data. */
  head: string;
  /** Each item (Atom: entry), from its start tag to the next one's (the last: to its end tag). */
  items: string[];
  /** Everything after the last item: closing tags, channel data written after the items. */
  tail: string;
}

/** The element that holds one post: Atom's entry, or the item of RSS and RDF. */
export function itemTag(xml: string): 'item' | 'entry' {
  return /<feed[\s>]/.test(xml) ? 'entry' : 'item';
}

/**
 * Cuts `xml` at each `<item>` (or `<entry>`) start tag that is markup: one inside a CDATA
 * section or a comment is text. A CDATA section or comment left open, or one that runs over
 * an item's end into the next item, is read as broken and cut at the items' seams anyway.
 * Null when the document has no item.
 */
export function splitFeed(xml: string, tag: 'item' | 'entry'): FeedParts | null {
  const marks = new RegExp(`<!\\[CDATA\\[|<!--|<${tag}(?=[\\s>/])|</${tag}\\s*>`, 'g');
  // Where an item ends and the next begins: what no post body holds.
  const seam = new RegExp(`</${tag}\\s*>\\s*<${tag}[\\s>/]`);
  const starts: number[] = [];
  let lastEnd = -1;
  for (let m = marks.exec(xml); m; m = marks.exec(xml)) {
    const opaque = m[0] === '<!--' ? '-->' : m[0] === '<![CDATA[' ? ']]>' : null;
    if (opaque) {
      const close = xml.indexOf(opaque, marks.lastIndex);
      if (close >= 0 && !seam.test(xml.slice(marks.lastIndex, close))) {
        marks.lastIndex = close + opaque.length;
      }
    } else if (m[0].startsWith('</')) {
      lastEnd = marks.lastIndex;
    } else {
      starts.push(m.index);
    }
  }
  if (starts.length === 0) return null;
  const last = starts[starts.length - 1]!;
  // The last item ends at its end tag; cut off (no end tag), at the container's end or the
  // document's.
  let end = lastEnd > last ? lastEnd : -1;
  if (end < 0) {
    const close = xml.slice(last).search(/<\/(?:channel|feed|rdf:RDF)\s*>/);
    end = close >= 0 ? last + close : xml.length;
  }
  return {
    head: xml.slice(0, starts[0]),
    items: starts.map((s, i) => xml.slice(s, i + 1 < starts.length ? starts[i + 1] : end)),
    tail: xml.slice(end),
  };
}
