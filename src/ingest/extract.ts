// The main text of one web page (a blog post, an article) and a test of whether a feed item
// is only a teaser of it. Readability runs on a linkedom DOM: no browser, no scripts run.
// When Readability gives up (short pages, odd markup), the largest block of text still beats
// the whole page with its menus, so that is the fallback.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { BOILERPLATE, removeBoilerplate, siteTaglines } from './boilerplate.ts';
import { isFurnitureLine } from './furniture-text.ts';
import { pageDate } from './page-date.ts';

export interface ExtractedArticle {
  title: string | null;
  /** Plain text, one line per block, whitespace collapsed, NFC. */
  text: string;
  byline: string | null;
  /** As the page declares it (`<html lang>`, `og:locale`), lowercase, e.g. "fr" or "fr-fr". */
  lang: string | null;
  /** The publication date as the page writes it (page-date.ts), for parseDate; or null. */
  published: string | null;
  /**
   * True when Readability found an article; false when the text is only the page's largest
   * block of text (the fallback), which may be a menu or a listing.
   */
  readable: boolean;
  /** The page's `<link rel="canonical">` href as written, or null. */
  canonical: string | null;
}

// The few DOM members we read; linkedom implements them. Typed here because the project
// compiles without the DOM lib (ingest runs in Node, never in a browser).
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
export interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelector(sel: string): DomElement | null;
  querySelectorAll(sel: string): ArrayLike<DomElement>;
  remove(): void;
  parentElement: DomElement | null;
  nextElementSibling: DomElement | null;
  closest(sel: string): DomElement | null;
}
export interface DomDocument {
  documentElement: DomElement | null;
  body: DomElement | null;
  title: string;
  querySelector(sel: string): DomElement | null;
  querySelectorAll(sel: string): ArrayLike<DomElement>;
}

const BLOCK = new Set([
  'P', 'DIV', 'BR', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'TABLE', 'PRE', 'HR', 'DD', 'DT', 'DL', 'FIGURE',
  'FIGCAPTION', 'ASIDE', 'MAIN', 'NAV', 'TD', 'TH',
]); // biome-ignore format: a word list

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'HEAD']);

/** Text of a node with block boundaries kept as newlines, so two paragraphs never merge. */
export function nodeText(root: DomNode): string {
  const out: string[] = [];
  const walk = (n: DomNode) => {
    if (n.nodeType === 3) {
      out.push(n.textContent ?? '');
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const name = n.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]!);
    if (block) out.push('\n');
  };
  walk(root);
  return cleanText(out.join(''));
}

function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .split('\n')
    .map((l) =>
      l
        // Soft hyphens and zero-width characters come from hyphenation plugins (common on
        // French WordPress themes); left in, "can\u00adcelled" never matches "cancelled".
        .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
        .replace(/[\s\u00a0]+/g, ' ')
        .trim(),
    )
    .filter((l) => l && !isFurnitureLine(l))
    .join('\n');
}

function blank(s: string | null | undefined): string | null {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** The language a page declares, lowercase BCP 47 ("fr-fr"), or null. */
export function pageLang(doc: DomDocument): string | null {
  const declared =
    doc.documentElement?.getAttribute('lang') ??
    doc.documentElement?.getAttribute('xml:lang') ??
    doc.querySelector('meta[property="og:locale"]')?.getAttribute('content') ??
    doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content') ??
    null;
  // og:locale writes "fr_FR"; BCP 47 wants "fr-fr".
  return blank(declared)?.toLowerCase().replace(/_/g, '-') ?? null;
}

/**
 * Fallback when Readability returns nothing: the element whose own paragraphs hold the most
 * text. Counting only direct <p>/text children keeps <body> (which holds everything) from
 * winning over the <div> that actually holds the post.
 */
export function largestTextBlock(doc: DomDocument): string {
  for (const el of Array.from(doc.querySelectorAll(BOILERPLATE))) el.remove();
  let best: DomNode | null = null;
  let bestLen = 0;
  for (const el of Array.from(doc.querySelectorAll('body, body *'))) {
    if (SKIP.has(el.nodeName.toUpperCase())) continue;
    let len = 0;
    for (let i = 0; i < el.childNodes.length; i++) {
      const c = el.childNodes[i]!;
      const n = c.nodeName.toUpperCase();
      if (c.nodeType === 3 || n === 'P' || n === 'BR' || n === 'BLOCKQUOTE' || n === 'PRE') {
        len += (c.textContent ?? '').replace(/\s+/g, ' ').trim().length;
      }
    }
    if (len > bestLen) {
      best = el;
      bestLen = len;
    }
  }
  const root = best ?? doc.body;
  return root ? nodeText(root) : '';
}

/**
 * The main text of an HTML page, its title, author and declared language. `url` resolves
 * relative links inside the page (Readability reads `document.baseURI`).
 */
export function extractArticle(html: string, url: string): ExtractedArticle {
  // linkedom has no notion of the page address; a <base> gives Readability one.
  const source = fromDoctype(html);
  const withBase = /<base\s/i.test(source) ? source : injectBase(source, url);
  const { document } = parseHTML(withBase) as unknown as { document: DomDocument };
  const lang = pageLang(document);
  const published = pageDate(document, { locale: lang });
  const fallbackTitle = blank(document.title);
  const canonical = blank(document.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  // Read before anything is removed: the header that prints the tagline goes early.
  const taglines = siteTaglines(document);
  // Readability mutates the document it is given, so it gets its own copy: the fallback
  // must see the page as it was.
  const forReadability = (parseHTML(withBase) as unknown as { document: DomDocument }).document;
  removeBoilerplate(forReadability, taglines);
  let article: ReturnType<Readability<DomNode>['parse']> = null;
  try {
    article = new Readability<DomNode>(
      forReadability as ConstructorParameters<typeof Readability>[0],
      { serializer: (node) => node as unknown as DomNode },
    ).parse();
  } catch {
    // Readability throws on some malformed trees under linkedom; the fallback still works.
    article = null;
  }
  const text = article?.content ? nodeText(article.content) : '';
  if (article && text) {
    return {
      title: blank(article.title) ?? fallbackTitle,
      text,
      byline: blank(article.byline),
      lang: blank(article.lang)?.toLowerCase() ?? lang,
      published: published ?? blank(article.publishedTime),
      readable: true,
      canonical,
    };
  }
  removeBoilerplate(document, taglines);
  return {
    title: fallbackTitle,
    text: largestTextBlock(document),
    byline: null,
    lang,
    published,
    readable: false,
    canonical,
  };
}

/**
 * Drops what a page prints before its <!DOCTYPE> (script tags a CMS plugin emits first):
 * linkedom then builds an empty <html> and the whole page is lost.
 */
function fromDoctype(html: string): string {
  const at = html.search(/<!doctype\s/i);
  return at > 0 && !/<(?:html|body)[\s>]/i.test(html.slice(0, at)) ? html.slice(at) : html;
}

function injectBase(html: string, url: string): string {
  const tag = `<base href="${url.replace(/"/g, '&quot;')}">`;
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (m) => `${m}${tag}`);
  return `${tag}${html}`;
}

// How French feeds mark a teaser: "…", "...", "[…]", "[...]", "Lire la suite »", "(suite)",
// "Continuer à lire", "Continuer la lecture", and English "Read more" from stock themes.
const TEASER_END =
  /(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]|\(\s*suite\s*\)|lire la suite\W*|continuer à lire\W*|continuer la lecture\W*|read more\W*)\s*$/i;

/** Below this many characters, an item that has a longer article is taken as a teaser. */
const SHORT_ITEM = 300;

const flat = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * True when a feed item's text is only an excerpt of the full article, so the page is worth
 * fetching: it ends like a teaser, or it is the article's opening, or it is short while the
 * article is much longer. Pass "" as `articleText` when the page is not known yet: then only
 * the teaser marks decide.
 */
export function isExcerpt(itemText: string, articleText: string): boolean {
  const item = flat(itemText);
  const article = flat(articleText);
  if (!item) return article.length > 0;
  // Forum regulars end whole posts with "..." too: when the page is known and no longer than
  // the item, the item is complete whatever it ends with.
  if (article && article.length <= item.length) return false;
  if (TEASER_END.test(item)) return true;
  if (!article) return false;
  // A prefix, allowing the feed to have cut mid-word or to have dropped the last punctuation.
  const probe = item.slice(0, Math.max(0, item.length - 3));
  if (probe.length >= 40 && article.startsWith(probe)) return true;
  return item.length < SHORT_ITEM && article.length > 2 * item.length;
}
