// Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to ParsedFeed. rss-parser does the XML
// through xml2js, which never expands external entities (no XXE); keep it that way. French
// blogs often ship broken XML (a bare "&" in "Orange & SFR", "&eacute;" pasted from HTML): we
// repair what is safely repairable, retry once, and flag the items as malformed.
import Parser from 'rss-parser';
import { SourceError } from '../errors.ts';
import { emptyItem, type ParsedFeed, type ParsedItem } from './parsed.ts';
import { repairXml } from './repair.ts';

type Raw = Record<string, unknown>;

const parser = new Parser<Raw, Raw>({
  defaultRSS: 2,
  customFields: {
    item: [
      ['content:encoded', 'contentEncoded'],
      ['slash:comments', 'slashComments'],
      ['wfw:commentRss', 'commentRss'],
      ['dc:subject', 'subjects', { keepArray: true }],
      ['category', 'atomCategories', { keepArray: true }],
      ['published', 'published'],
      ['updated', 'updated'],
    ],
  },
});

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

function fromRss(it: Raw): ParsedItem {
  const item = emptyItem();
  item.guid = str(it.guid) ?? str(it.id);
  item.link = str(it.link);
  item.title = str(it.title);
  item.html = str(it.contentEncoded) ?? str(it.content) ?? str(it.summary);
  item.author = str(it.creator) ?? str(it.author);
  // rss-parser rewrites Atom dates into ISO already; RSS pubDate and dc:date stay raw.
  item.date = str(it.pubDate) ?? str(it.date) ?? str(it.published) ?? str(it.updated);
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
  if (t.startsWith('{')) return /jsonfeed\.org\/version/.test(t);
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(t);
}

function parseJsonFeed(text: string): ParsedFeed {
  let doc: Raw;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')) as Raw;
  } catch (err) {
    throw new SourceError(`not a feed: broken JSON (${(err as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || !/jsonfeed\.org\/version/.test(String(doc.version))) {
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

async function tryXml(xml: string): Promise<ParsedFeed> {
  const feed = await parser.parseString(xml);
  return {
    format: formatOf(xml),
    title: str(feed.title),
    link: str(feed.link),
    malformed: false,
    items: (feed.items ?? []).map((it) => fromRss(it as Raw)),
  };
}

/**
 * Parses a feed document. Throws SourceError("not a feed: …") when the text is not a feed
 * or is broken beyond repair. `baseUrl` is kept for symmetry with the other parsers: links are
 * resolved against it in normalise.
 */
export async function parseFeed(xml: string, _baseUrl?: string): Promise<ParsedFeed> {
  const head = xml.replace(/^[\uFEFF\s]+/, '');
  if (head.startsWith('{')) return parseJsonFeed(head);
  if (!looksLikeFeed(head)) throw new SourceError(`not a feed: ${describeDocument(xml)}`);
  try {
    return await tryXml(xml);
  } catch (first) {
    const repaired = repairXml(xml);
    try {
      const feed = await tryXml(repaired);
      return { ...feed, malformed: true };
    } catch {
      const msg = String((first as Error)?.message ?? first).split('\n')[0];
      throw new SourceError(`not a feed: broken XML that could not be repaired (${msg})`);
    }
  }
}
