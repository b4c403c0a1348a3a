// Where a feed item says when it was published. RSS has <pubDate>, Atom <published> and
// <updated> (0.3: <issued>, <modified>, <created>), and both borrow elements from other
// vocabularies under a prefix the feed chooses: .NET's SyndicationFeed writes Atom's
// <a10:updated> into RSS, others <atom:published>, <dc:date>, <dcterms:created>. The prefix
// is only a name: what counts is the namespace it is bound to.

type Raw = Record<string, unknown>;

const ATOM = ['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'];
const DC = 'http://purl.org/dc/elements/1.1/';
const DCTERMS = 'http://purl.org/dc/terms/';

// Local names by namespace: the date of publication, then the date of the last change.
const PUBLISHED: Record<string, string[]> = {
  '': ['pubDate', 'published', 'issued', 'created'],
  [ATOM[0]!]: ['published', 'issued', 'created'],
  [ATOM[1]!]: ['published', 'issued', 'created'],
  [DC]: ['date'],
  [DCTERMS]: ['issued', 'created', 'date', 'available'],
};
const UPDATED: Record<string, string[]> = {
  '': ['updated', 'modified'],
  [ATOM[0]!]: ['updated', 'modified'],
  [ATOM[1]!]: ['updated', 'modified'],
  [DCTERMS]: ['modified'],
  [DC]: ['modified'], // not a Dublin Core element, but feeds write it
};

// Prefixes used undeclared by feeds in the wild (the XML is then not namespace-well-formed,
// but the meaning is plain).
const USUAL: Record<string, string> = { atom: ATOM[0]!, a10: ATOM[0]!, dc: DC, dcterms: DCTERMS };

/** Prefix → namespace URI, from the xmlns:… attributes of the given xml2js nodes. */
export function namespacesOf(...nodes: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const node of nodes) {
    const attrs =
      node && typeof node === 'object' && !Array.isArray(node) ? (node as Raw).$ : undefined;
    if (!attrs || typeof attrs !== 'object') continue;
    for (const [k, v] of Object.entries(attrs as Raw)) {
      if (k.startsWith('xmlns:') && typeof v === 'string') out[k.slice(6)] = v.trim();
    }
  }
  return out;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v)) return v.length ? text(v[0]) : null;
  if (v && typeof v === 'object' && '_' in v) return text((v as Raw)._);
  return null;
}

/**
 * The item's date string as written: a publication date first, whatever prefix carries it,
 * then a last-change date. `namespaces` are those declared above the item (feed, channel).
 */
export function itemDate(raw: Raw, namespaces: Record<string, string>): string | null {
  const ns = { ...USUAL, ...namespaces, ...namespacesOf(raw) };
  const named = Object.keys(raw).map((key) => {
    const colon = key.indexOf(':');
    const uri = colon < 0 ? '' : (ns[key.slice(0, colon)] ?? null);
    return { key, uri, local: key.slice(colon + 1) };
  });
  for (const table of [PUBLISHED, UPDATED]) {
    // Unprefixed elements first (the format's own), then borrowed ones, in the table's order.
    for (const uri of ['', ...Object.keys(table).filter((u) => u)]) {
      for (const local of table[uri] ?? []) {
        const hit = named.find((n) => n.uri === uri && n.local === local);
        const value = hit ? text(raw[hit.key]) : null;
        if (value) return value;
      }
    }
  }
  return null;
}
