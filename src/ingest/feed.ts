// Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to ParsedFeed. rss-parser does the XML
// through xml2js, which never expands external entities (no XXE); keep it that way. French
// blogs often ship broken XML (a bare "&" in "Orange & SFR", "&eacute;" pasted from HTML): we
// repair what is safely repairable, item by item, and flag what was repaired as malformed
// (feed-recover.ts).
import Parser from 'rss-parser';
import { SourceError } from '../errors.ts';
import { itemDate, namespacesOf } from './feed-dates.ts';
import { recoverFeed } from './feed-recover.ts';
import { itemTag, splitFeed } from './feed-split.ts';
import { dateMs, keepNewest, xmlItemMs } from './item-cap.ts';
import { emptyItem, type ParsedFeed, type ParsedItem } from './parsed.ts';

type Raw = Record<string, unknown>;

// rss-parser reads xml2js's tree but drops what we need from it (xml:base, a title's type or
// mode, Atom 0.3 dates), and throws on some valid documents (an <rss> without <channel>, an
// Atom entry whose date it cannot read, a <link> without attributes). So each build step is
// wrapped: it hides those fields from rss-parser, and hands the untouched tree back to us.
const RAW = Symbol('raw xml2js tree');
type Built = Raw & { [RAW]?: Raw };

const OPTIONS = {
  defaultRSS: 2,
  customFields: {
    item: [
      ['content:encoded', 'contentEncoded'],
      ['slash:comments', 'slashComments'],
      ['wfw:commentRss', 'commentRss'],
      ['dc:subject', 'subjects', { keepArray: true }],
      ['category', 'atomCategories', { keepArray: true }],
    ] as Parser.CustomFieldItem<Raw>[],
  },
};

const HIDDEN = ['published', 'updated', 'link', 'title'];

/**
 * One rss-parser per document: its xml2js parser keeps state between calls, and two feeds
 * parsed at once through one instance get each other's items.
 */
function makeParser(): Parser<Raw, Raw> {
  const parser = new Parser<Raw, Raw>(OPTIONS);
  const builders = parser as unknown as Record<string, (x: Raw) => Built>;
  for (const name of ['buildAtomFeed', 'buildRSS2', 'buildRSS1', 'buildRSS0_9']) {
    const build = builders[name]!.bind(parser);
    builders[name] = (xml: Raw) => {
      const root = (xml.feed ?? xml.rss ?? xml['rdf:RDF']) as Raw | string | undefined;
      // "<rss></rss>" and an RDF without <channel> are empty feeds, not broken ones.
      if (name !== 'buildAtomFeed' && (typeof root !== 'object' || !root.channel)) {
        return { items: [], [RAW]: xml };
      }
      if (name === 'buildAtomFeed' && typeof root === 'object') {
        const entries = (root.entry ?? []) as Raw[];
        const hidden = entries.map((e) =>
          typeof e === 'object'
            ? Object.fromEntries(Object.entries(e).filter(([k]) => !HIDDEN.includes(k)))
            : {},
        );
        return { ...build({ ...xml, feed: { ...root, entry: hidden } }), [RAW]: xml };
      }
      return { ...build(xml), [RAW]: xml };
    };
  }
  return parser;
}

/** First string found in an xml2js value ("x", ["x"], {_: "x"}); null when none. */
function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length ? str(v[0]) : null;
  if (v && typeof v === 'object' && '_' in v) return str((v as Raw)._);
  return null;
}

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const c of v) {
    const term =
      str(c) ?? (c && typeof c === 'object' ? str(((c as Raw).$ as Raw | undefined)?.term) : null);
    if (term) out.push(term);
  }
  return out;
}

function count(v: unknown): number | null {
  const s = str(v);
  if (s === null || !/^\d+$/.test(s)) return null;
  return Number(s);
}

function attrs(node: unknown): Raw {
  return node && typeof node === 'object' && !Array.isArray(node)
    ? (((node as Raw).$ as Raw | undefined) ?? {})
    : {};
}

// Attributes, the text already taken, and markup that is no readable text.
const NO_TEXT = new Set(['$', '_', 'script', 'style']);

/** All the text under an xml2js node, children included (xml2js loses mixed-content order). */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(textOf).join(' ');
  if (!node || typeof node !== 'object') return '';
  const parts = typeof (node as Raw)._ === 'string' ? [(node as Raw)._ as string] : [];
  for (const [k, v] of Object.entries(node as Raw)) if (!NO_TEXT.has(k)) parts.push(textOf(v));
  return parts.join(' ');
}

function hasChildElements(node: unknown): boolean {
  return (
    !!node && typeof node === 'object' && Object.keys(node).some((k) => k !== '$' && k !== '_')
  );
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fromBase64(text: string): string | null {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return null;
  try {
    const out = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'base64'));
    return /[\u0000-\u0008\u000e-\u001f]/.test(out) ? null : out.trim() || null;
  } catch {
    return null;
  }
}

/**
 * A title as HTML, whatever the document said it was: normalise reads every title as HTML.
 * Atom says how to read it (type text/html/xhtml, 0.3's mode escaped/base64, and any other
 * media type is base64); RSS titles are HTML by custom, and markup written as elements is text.
 */
function titleHtml(node: unknown, atom: boolean): string | null {
  if (node === undefined || node === null) return null;
  const a = attrs(node);
  const type = String(a.type ?? '').toLowerCase();
  const mode = String(a.mode ?? '').toLowerCase();
  const text = textOf(node).trim();
  if (!text) return null;
  // Atom 1.0: a MIME type that is neither text nor XML means base64 content. Feeds misuse
  // types ("application/x-custom" around plain words), so only a decoding that yields clean
  // UTF-8 text is taken.
  const binary = type.includes('/') && !type.startsWith('text/') && !type.includes('xml');
  if (mode === 'base64' || (atom && binary)) {
    const decoded = fromBase64(text);
    if (decoded !== null) return decoded;
  }
  if (hasChildElements(node)) return escapeHtml(text);
  if (!atom || type === 'html' || type === 'text/html' || mode === 'escaped') return text;
  return escapeHtml(text);
}

/** Resolves `href` against a base that may itself be relative; null when it cannot. */
function resolve(href: string | null, base: string | null): string | null {
  if (!href || !base) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

/**
 * The xml:base in force inside `node`: its own over the one it inherits, a relative one read
 * against the document's URL. Null when no xml:base applies (normalise then resolves links
 * against the feed's site link, then the document's URL).
 */
function baseOf(node: unknown, inherited: string | null, docUrl: string | null): string | null {
  const own = str(attrs(node)['xml:base']);
  return own ? resolve(own, inherited ?? docUrl) : inherited;
}

/** An Atom entry's link: rel="alternate" first, then one without rel, then the first. */
function atomLink(links: unknown): string | null {
  const list = (Array.isArray(links) ? links : []) as unknown[];
  const href = (l: unknown) => str(attrs(l).href) ?? str(l);
  const alt =
    list.find((l) => attrs(l).rel === 'alternate') ?? list.find((l) => !attrs(l).rel) ?? list[0];
  return alt === undefined ? null : href(alt);
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

function fromRss(
  it: Raw,
  raw: Raw,
  atom: boolean,
  base: string | null,
  docUrl: string | null,
  namespaces: Record<string, string>,
): ParsedItem {
  const item = emptyItem();
  const itemBase = baseOf(raw, base, docUrl);
  item.guid = str(it.guid) ?? str(it.id);
  // RSS: a guid is a permalink unless isPermaLink="false", so it stands in for a missing link.
  const permalink =
    !atom && attrs((raw.guid as unknown[] | undefined)?.[0]).isPermaLink !== 'false';
  const link = atom ? atomLink(raw.link) : (str(raw.link) ?? str(it.link));
  const guidLink = permalink && item.guid && /^https?:\/\//i.test(item.guid) ? item.guid : null;
  item.link = resolve(link ?? guidLink, itemBase);
  const title = raw.title ?? raw['dc:title'] ?? raw['media:title'];
  item.title = titleHtml(first(title), atom);
  item.html = str(it.contentEncoded) ?? str(it.content) ?? str(it.summary);
  item.author = str(it.creator) ?? str(it.author);
  // Raw strings: dates.ts reads RFC 822, ISO 8601 and French; feed-dates.ts finds them.
  item.date = itemDate(raw, namespaces);
  item.categories = [
    ...new Set([...strings(it.categories), ...strings(it.atomCategories), ...strings(it.subjects)]),
  ];
  item.comments = count(it.slashComments);
  return item;
}

function formatOf(xml: string): string {
  if (/<feed[\s>]/.test(xml) && /<entry[\s>]/.test(xml)) return 'atom';
  if (/<rdf:RDF/i.test(xml)) return 'rdf';
  if (/<feed[\s>]/.test(xml)) return 'atom';
  return 'rss';
}

/** One line saying what a non-feed document looks like, for the "not a feed" error. */
export function describeDocument(text: string): string {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (!t) return 'an empty document';
  if (/^<!doctype html|^<html|<html[\s>]/i.test(t.slice(0, 2048))) return 'an HTML page';
  if (t.startsWith('{') || t.startsWith('[')) return 'JSON without a JSON Feed version';
  const root = /<([a-zA-Z][\w:.-]*)[\s>/]/.exec(
    t.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, ''),
  );
  if (t.startsWith('<') && root) return `an XML document whose root is <${root[1]}>`;
  return `text starting "${t.slice(0, 40).replace(/\s+/g, ' ')}"`;
}

/** True when the text looks like a feed (so a forum source can serve either). */
export function looksLikeFeed(text: string): boolean {
  const t = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 4096);
  if (t.startsWith('{')) return /jsonfeed\.org\/version|"version"\s*:\s*"1\.\d+"/.test(t);
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(t);
}

/** A JSON Feed by its version URL, or (as gofeed accepts) a bare "1.x" with an items list. */
function isJsonFeed(doc: unknown): doc is Raw {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const version = String((doc as Raw).version);
  if (/jsonfeed\.org\/version/.test(version)) return true;
  return /^1(\.\d+)?$/.test(version) && Array.isArray((doc as Raw).items);
}

function parseJsonFeed(text: string): ParsedFeed {
  let doc: Raw;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')) as Raw;
  } catch (err) {
    throw new SourceError(`not a feed: broken JSON (${(err as Error).message})`);
  }
  if (!isJsonFeed(doc)) {
    throw new SourceError('not a feed: JSON without a JSON Feed version');
  }
  const items = Array.isArray(doc.items) ? (doc.items as Raw[]) : [];
  return {
    format: 'jsonfeed',
    title: str(doc.title),
    link: str(doc.home_page_url),
    malformed: false,
    items: items
      .filter((it) => it && typeof it === 'object')
      .map((it) => {
        const item = emptyItem();
        const authors = (Array.isArray(it.authors) ? it.authors : [it.author]) as Raw[];
        item.guid = str(it.id);
        item.link = str(it.url) ?? str(it.external_url);
        item.title = str(it.title);
        item.html = str(it.content_html) ?? str(it.content_text) ?? str(it.summary);
        item.author = str(authors.find((a) => a && typeof a === 'object')?.name);
        item.date = str(it.date_published) ?? str(it.date_modified);
        item.categories = Array.isArray(it.tags)
          ? it.tags.filter((x) => typeof x === 'string')
          : [];
        return item;
      }),
  };
}

async function tryXml(xml: string, baseUrl: string | null): Promise<ParsedFeed> {
  const feed = (await makeParser().parseString(xml)) as Built;
  const tree = feed[RAW] ?? {};
  const format = formatOf(xml);
  const root = (tree.feed ?? tree.rss ?? tree['rdf:RDF'] ?? {}) as Raw;
  const channel = ((root.channel as Raw[] | undefined)?.[0] ?? {}) as Raw;
  const base = baseOf(channel, baseOf(root, null, baseUrl), baseUrl);
  const rawItems =
    (format === 'atom' ? root.entry : format === 'rdf' ? root.item : channel.item) ?? [];
  const raws = (rawItems as unknown[]).map((r) => (r && typeof r === 'object' ? (r as Raw) : {}));
  const namespaces = namespacesOf(root, channel);
  return {
    format,
    title: titleHtml(
      first(format === 'atom' ? root.title : (channel.title ?? channel['dc:title'])),
      format === 'atom',
    ),
    link: resolve(str(feed.link), base),
    // Orders numeric item dates; RSS says <language>, Atom xml:lang.
    lang: (str(channel.language) ?? str(attrs(root)['xml:lang']))?.toLowerCase() ?? null,
    malformed: false,
    items: ((feed.items ?? []) as Raw[]).map((it, i) =>
      fromRss(it, raws[i] ?? {}, format === 'atom', base, baseUrl, namespaces),
    ),
  };
}

export interface FeedParseOptions {
  /**
   * At most this many items, the newest (crawl.maxItemsPerFetch): a larger document is cut
   * before the XML is parsed, so the DOM holds only the kept items. Absent: all of them.
   */
  maxItems?: number;
  /** Reads relative dates ("il y a 3 heures") when ranking items by date. */
  now?: () => Date;
}

/** The document with only its `max` newest items (by the date their markup gives). */
function newestXml(xml: string, max: number, now: Date): { xml: string; total: number } | null {
  const parts = splitFeed(xml, itemTag(xml));
  if (!parts || parts.items.length <= max) return null;
  const { kept } = keepNewest(parts.items, max, (item) => xmlItemMs(item, now));
  return { xml: parts.head + kept.join('') + parts.tail, total: parts.items.length };
}

/**
 * Parses a feed document. Throws SourceError("not a feed: …") when the text is not a feed
 * or is broken beyond repair. `baseUrl` (where the document came from) is what a relative
 * xml:base resolves against; links without an xml:base are resolved in normalise.
 */
export async function parseFeed(
  xml: string,
  baseUrl?: string | null,
  opts: FeedParseOptions = {},
): Promise<ParsedFeed> {
  const now = (opts.now ?? (() => new Date()))();
  const head = xml.replace(/^[\uFEFF\s]+/, '');
  if (head.startsWith('{')) {
    const feed = parseJsonFeed(head);
    if (opts.maxItems === undefined) return feed;
    const { kept, dropped } = keepNewest(feed.items, opts.maxItems, (it) => dateMs(it.date, now));
    return dropped > 0 ? { ...feed, items: kept, droppedItems: dropped } : feed;
  }
  if (!looksLikeFeed(head)) throw new SourceError(`not a feed: ${describeDocument(xml)}`);
  const cut = opts.maxItems === undefined ? null : newestXml(xml, opts.maxItems, now);
  const dropped = cut ? cut.total - opts.maxItems! : 0;
  const counted = (feed: ParsedFeed): ParsedFeed =>
    dropped > 0 ? { ...feed, droppedItems: dropped } : feed;
  const doc = cut?.xml ?? xml;
  const parse = (d: string) => tryXml(d, baseUrl ?? null);
  let feed: ParsedFeed;
  try {
    feed = await parse(doc);
  } catch (err) {
    return counted(
      await recoverFeed(doc, parse, String((err as Error)?.message ?? err).split('\n')[0]!),
    );
  }
  // A CDATA section left open in one item runs on to the next item's "]]>" and swallows the
  // items between without any parse error: fewer items than item tags is the sign of it.
  const tags = splitFeed(doc, itemTag(doc))?.items.length ?? 0;
  if (feed.items.length < tags) {
    const recovered = await recoverFeed(doc, parse, 'items swallowed').catch(() => null);
    if (recovered && recovered.items.length > feed.items.length) return counted(recovered);
  }
  return counted(feed);
}
