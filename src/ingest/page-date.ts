// When a web page (a blog post, an article) says it was published, as the date string to
// hand to normalise. Pages state it in many places, and the first that holds a readable
// date wins, most explicit first:
//   1. JSON-LD `datePublished` / `dateCreated` (also inside `@graph` arrays and nested nodes);
//   2. <meta> published dates, whatever attribute names them (property, name, itemprop) and
//      whatever holds the value (content, or value as some CMSs write);
//   3. elements marked as the publication date (itemprop, <time pubdate>, hAtom .published);
//   4. what a reader sees near the title: a <time datetime>, or a line holding a date
//      ("<h2>23 août 2014</h2>" above a Blogger post, "Par Loïc | 30 septembre 2018");
//   5. the first <time datetime> of the page, then modified dates (better than none).
import { parseDate } from './dates.ts';
import type { DomDocument, DomElement, DomNode } from './extract.ts';
import { findDate } from './find-date.ts';

export interface PageDateOptions {
  /** The page's declared language: orders numeric dates ("05/06/2016"). */
  locale?: string | null;
}

// Lowercased meta names, most specific first. og: and article: come from Open Graph (and its
// misspelt "og:article:" variant), DC.* from Dublin Core, citation_* from scholarly sites,
// sailthru/parsely from news analytics tags.
const PUBLISHED_META = [
  'article:published_time',
  'og:article:published_time',
  'og:published_time',
  'article:published',
  'datepublished',
  'datecreated',
  'published_time',
  'publication_date',
  'publish_date',
  'publish-date',
  'publishdate',
  'pubdate',
  'dc.date.issued',
  'dcterms.issued',
  'dcterms.created',
  'dc.date.created',
  'dc.date',
  'dc:date',
  'dcterms.date',
  'citation_publication_date',
  'citation_date',
  'bepress_citation_date',
  'sailthru.date',
  'parsely-pub-date',
  'date',
];
const MODIFIED_META = [
  'article:modified_time',
  'og:article:modified_time',
  'og:updated_time',
  'datemodified',
  'dcterms.modified',
  'dc.date.modified',
];

// A readable date, whatever "now" is: relative dates never come from these places.
const EPOCH = new Date(0);

function readable(s: string | null | undefined, locale: string | null): string | null {
  const t = s?.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  if (parseDate(t, { now: EPOCH, locale })) return t;
  return findDate(t, { locale })?.text ?? null;
}

const all = (root: { querySelectorAll(sel: string): ArrayLike<DomElement> }, sel: string) =>
  Array.from(root.querySelectorAll(sel));

/** The value of the first meta whose name is in `names` (earlier names win). */
function fromMeta(doc: DomDocument, names: string[], locale: string | null): string | null {
  const byName = new Map<string, string>();
  for (const meta of all(doc, 'meta')) {
    const name = (
      meta.getAttribute('property') ??
      meta.getAttribute('name') ??
      meta.getAttribute('itemprop') ??
      ''
    )
      .trim()
      .toLowerCase();
    const value = meta.getAttribute('content') ?? meta.getAttribute('value');
    if (name && value && !byName.has(name) && readable(value, locale)) byName.set(name, value);
  }
  for (const name of names) {
    const v = byName.get(name);
    if (v) return readable(v, locale);
  }
  return null;
}

type Json = unknown;

// Schema.org types that are the page's own text, before the WebPage or WebSite around it.
const ARTICLE_TYPE =
  /article|posting|blog|report|review|question|answer|comment|creativework|newsarticle/i;

/** `datePublished` (then `dateCreated`) of the JSON-LD nodes, articles before the rest. */
function fromJsonLd(doc: DomDocument, locale: string | null): string | null {
  const nodes: Record<string, Json>[] = [];
  const walk = (v: Json, depth: number) => {
    if (depth > 8 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const node = v as Record<string, Json>;
    nodes.push(node);
    for (const [k, x] of Object.entries(node)) if (k !== '@context') walk(x, depth + 1);
  };
  for (const script of all(doc, 'script[type="application/ld+json" i]')) {
    try {
      // CMSs leave raw newlines inside strings; JSON forbids them, a space is what was meant.
      walk(JSON.parse((script.textContent ?? '').replace(/[\r\n\t]+/g, ' ')), 0);
    } catch {
      // A broken block (truncated, HTML-escaped) is one source less, not an error.
    }
  }
  const typeOf = (n: Record<string, Json>) => [n['@type']].flat().join(' ');
  const ordered = [
    ...nodes.filter((n) => ARTICLE_TYPE.test(typeOf(n))),
    ...nodes.filter((n) => !ARTICLE_TYPE.test(typeOf(n))),
  ];
  for (const key of ['datePublished', 'dateCreated', 'uploadDate']) {
    for (const n of ordered) {
      const v = typeof n[key] === 'string' ? readable(n[key] as string, locale) : null;
      if (v) return v;
    }
  }
  return null;
}

/** Elements that say they hold the publication date. */
function fromMarkedElement(doc: DomDocument, locale: string | null): string | null {
  const sel =
    '[itemprop="datePublished"], [itemprop="dateCreated"], time[pubdate], ' +
    'abbr.published[title], time.published, time.entry-date';
  for (const el of all(doc, sel)) {
    const v =
      readable(el.getAttribute('datetime'), locale) ??
      readable(el.getAttribute('content'), locale) ??
      readable(el.getAttribute('title'), locale) ??
      readable(el.textContent, locale);
    if (v) return v;
  }
  return null;
}

// The heading that titles the post. Best, the longest heading that the page's own title
// (og:title, <title>) holds or that holds it: a site's logo is often the first <h1>, and a
// Blogger page's <title> is "Blog name: Post title" with the post title in an h3. Else the
// theme's title classes, then the first <h1>.
const HEADINGS = 'h1, h2, h3, [itemprop="headline"], .entry-title, .post-title';
const TITLE_SELECTORS = [
  '[itemprop="headline"]',
  '.entry-title',
  '.post-title',
  '.article-title',
  'article h1',
  'main h1',
  'h1',
  'article h2',
];

const squash = (s: string | null | undefined) =>
  (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

function titleElement(doc: DomDocument): DomElement | null {
  const declared = squash(
    doc.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? doc.title,
  );
  let best: DomElement | null = null;
  let bestLength = 0;
  if (declared) {
    for (const el of all(doc, HEADINGS)) {
      const text = squash(el.textContent);
      if (text.length < 8 || text.length <= bestLength) continue;
      if (declared.includes(text) || text.includes(declared)) {
        best = el;
        bestLength = text.length;
      }
    }
  }
  if (best) return best;
  for (const sel of TITLE_SELECTORS) {
    const el = doc.querySelector(sel);
    if (el && (el.textContent ?? '').trim()) return el;
  }
  return null;
}

interface Container {
  contains(other: DomNode): boolean;
}

interface Line {
  text: string;
  /** A <time datetime> on the line, which says the date exactly. */
  datetime: string | null;
}

const BLOCK =
  /^(?:P|DIV|LI|UL|OL|SECTION|ARTICLE|HEADER|FOOTER|H[1-6]|TR|TD|TH|TABLE|DD|DT|DL|BR|SPAN|BLOCKQUOTE|FIGURE|MAIN|TIME|ABBR)$/;
const SKIP = /^(?:HEAD|SCRIPT|STYLE|NOSCRIPT|TEMPLATE|IFRAME|SVG|NAV|ASIDE|FORM|SELECT|BUTTON)$/;
// Comment threads, sidebars and "related posts" boxes print other posts' dates. Whole class
// names only: "podcast-description__sidebar" holds the podcast's own date.
const ELSEWHERE =
  /^(?:sidebar|widget|comments?|commentlist|related|recent|breadcrumbs?)(?:[-_].*)?$/i;

/**
 * The page as lines of text in reading order, with the index of the title's first line.
 * Spans and <time> count as lines of their own: themes put the date in a span beside the
 * author's name, and "Par X | 30 septembre 2018" must not read as one sentence.
 */
function linesAround(doc: DomDocument, title: DomElement): { lines: Line[]; at: number } {
  const lines: Line[] = [{ text: '', datetime: null }];
  let at = -1;
  const brk = () => {
    if (lines[lines.length - 1]!.text.trim() || lines[lines.length - 1]!.datetime) {
      lines.push({ text: '', datetime: null });
    }
  };
  const walk = (n: DomNode) => {
    if (n.nodeType === 3) {
      lines[lines.length - 1]!.text += n.textContent ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as DomElement;
    const name = n.nodeName.toUpperCase();
    if (SKIP.test(name)) return;
    const label = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    const elsewhere = label.split(/\s+/).some((token) => ELSEWHERE.test(token));
    if (elsewhere && !(el as DomElement & Container).contains(title)) return;
    const block = BLOCK.test(name);
    if (block) brk();
    if (el === title) at = lines.length - 1;
    if (name === 'TIME') lines[lines.length - 1]!.datetime = el.getAttribute('datetime');
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]!);
    if (block) brk();
  };
  // From the root, not <body>: pages with IE conditional <html> tags nest several <html>
  // elements, and linkedom's document.body is then an empty one.
  if (doc.documentElement) walk(doc.documentElement);
  return { lines, at };
}

// A line longer than this is prose: a date in it is what the article talks about.
const SHORT_LINE = 120;
// How far from the title a date line may sit: after it (bylines, post meta) and before it
// (Blogger's date header, a kicker with the date).
const AFTER = 15;
const BEFORE = 4;
// "Mis à jour le …", "Édition du …": a date, but not the publication's.
const NOT_PUBLISHED = /mis a jour|mise a jour|modifie|updated|edition du|derniere modification/;

function nearTitle(doc: DomDocument, locale: string | null): string | null {
  const title = titleElement(doc);
  if (!title) return null;
  const { lines, at } = linesAround(doc, title);
  if (at < 0) return null;
  const order: number[] = [];
  for (let i = at; i < Math.min(lines.length, at + AFTER); i++) order.push(i);
  for (let i = at - 1; i >= Math.max(0, at - BEFORE); i--) order.push(i);
  const later: string[] = [];
  for (const i of order) {
    const line = lines[i]!;
    const text = line.text.replace(/\s+/g, ' ').trim();
    const found =
      readable(line.datetime, locale) ??
      (text.length <= SHORT_LINE ? (findDate(text, { locale })?.text ?? null) : null);
    if (!found) continue;
    const plain = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    if (NOT_PUBLISHED.test(plain)) later.push(found);
    else return found;
  }
  return later[0] ?? null;
}

/** The page's publication date as written, or null when it shows none we can read. */
export function pageDate(doc: DomDocument, opts: PageDateOptions = {}): string | null {
  const locale = opts.locale ?? null;
  return (
    fromJsonLd(doc, locale) ??
    fromMeta(doc, PUBLISHED_META, locale) ??
    fromMarkedElement(doc, locale) ??
    nearTitle(doc, locale) ??
    readable(doc.querySelector('time[datetime]')?.getAttribute('datetime'), locale) ??
    fromMeta(doc, MODIFIED_META, locale)
  );
}
