// Page furniture that sits inside or next to an article and is not the author's words: the
// blog's tagline, "À lire aussi" headline lists, share and comment prompts, paywall and
// account-sharing notices. Removed from the DOM before Readability runs, by the shape of each
// block (what its whole text is, how much of it is links), never by one site's markup, so
// that a new theme with the same furniture loses it too.
import type { DomDocument, DomElement, DomNode } from './extract.ts';
import { CTA_MAX, isCallToAction, NOTICE, RELATED_LABEL } from './furniture-text.ts';

/** Whitespace collapsed, NFC. */
const collapse = (s: string): string =>
  s
    .normalize('NFC')
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();

/** The text a reader sees in one block, whitespace collapsed. */
export const blockText = (n: DomNode | null): string => collapse(n?.textContent ?? '');

const textLength = (n: DomNode | null) => (n?.textContent ?? '').replace(/\s+/g, '').length;

/** Share of an element's visible characters that sit inside links, past `skip` characters. */
function linkDensity(el: DomElement, skip = 0): number {
  const total = textLength(el) - skip;
  if (total <= 0) return 0;
  let inLinks = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) inLinks += textLength(a);
  return Math.min(1, inLinks / total);
}

// Never removed, whatever their text: removing them removes the article.
const KEEP = new Set(['HTML', 'HEAD', 'BODY', 'MAIN', 'ARTICLE']);

// Containers that are never the article, whatever their size. Forms go too: a newsletter
// sign-up with many labelled fields can outscore a short post in Readability.
export const BOILERPLATE =
  'nav, header, footer, aside, form, menu, [role="navigation"], [role="banner"], ' +
  '[role="contentinfo"], [role="complementary"], #comments, .comments, .sidebar, .menu';

// Removed before Readability runs: forms, menus, captions and paywall, share and
// related-posts boxes, which Readability keeps when they sit inside the article's container
// or when the page is so short (a forum post) that it takes the whole <body>.
const NOT_CONTENT =
  'form, nav, [role="navigation"], figcaption, [class*="caption" i], [class*="img-metadata" i], [class*="credit" i], ' +
  '[class*="paywall" i], [class*="payant" i], [class*="newsletter" i], [class*="share" i], ' +
  '[class*="related" i], [class*="outbrain" i], [class*="taboola" i], [class*="listPosts" i]';

/**
 * Removes the NOT_CONTENT boxes, but never one holding a large share of the page: themes put
 * "article-payant" or "share" classes on <html> or on the article's own wrapper too.
 */
function stripNonContent(doc: DomDocument): void {
  const total = textLength(doc.body);
  for (const el of Array.from(doc.querySelectorAll(NOT_CONTENT))) {
    const name = el.nodeName.toUpperCase();
    if (KEEP.has(name)) continue;
    // Tags say what they are, so they go unless they hold most of the page (ASP.NET pages
    // wrap everything in one <form>); class names are guesses, so those boxes must be small.
    const byTag = name === 'FORM' || name === 'NAV' || name === 'FIGCAPTION';
    if (textLength(el) > (byTag ? 0.6 : 0.25) * total) continue;
    el.remove();
  }
}

// --- Taglines ---------------------------------------------------------------------------

// Where themes print the blog's description: WordPress ".site-description", Blogger's Header
// widget "p.description", Over-blog's header, and the usual slogan classes.
const TAGLINE_ELEMENTS =
  '.site-description, #site-description, .blog-description, #blog-description, .tagline, ' +
  '.site-tagline, .slogan, [class*="header-description" i], .Header .description, ' +
  '#header .description, header .description, .descriptionwrapper';

// A header region, where a description meta repeated on the page is the blog's, not the post's;
// but an article's own header ("article__header", "entry-header") prints its standfirst.
const HEADER_REGION = 'header, [role="banner"], [class*="header" i], [id*="header" i]';
const ARTICLE_REGION = 'article, main, [class*="article" i], [class*="entry" i], [class*="post" i]';

const TAGLINE_MIN = 12;
const TAGLINE_MAX = 250;

/**
 * The site's own description as the page prints or declares it. The description meta is the
 * site's only when the page says it is not an article (og:type website or blog) or when the
 * page prints it in its header: on an article page it is usually the article's standfirst,
 * which is the author's words.
 */
export function siteTaglines(doc: DomDocument): Set<string> {
  const out = new Set<string>();
  const add = (s: string) => {
    const t = collapse(s).toLowerCase();
    if (t.length >= TAGLINE_MIN && t.length <= TAGLINE_MAX) out.add(t);
  };
  for (const el of Array.from(doc.querySelectorAll(TAGLINE_ELEMENTS))) add(blockText(el));
  const ogType = doc.querySelector('meta[property="og:type"]')?.getAttribute('content') ?? '';
  const metas = ['meta[name="description" i]', 'meta[property="og:description"]']
    .map((sel) => collapse(doc.querySelector(sel)?.getAttribute('content') ?? ''))
    .filter((m) => m.length >= TAGLINE_MIN && m.length <= TAGLINE_MAX);
  if (/^(?:website|blog)$/i.test(ogType.trim())) for (const m of metas) add(m);
  else if (metas.length) {
    const wanted = new Set(metas.map((m) => m.toLowerCase()));
    for (const el of Array.from(doc.querySelectorAll(HEADER_REGION))) {
      if (el.closest(ARTICLE_REGION)) continue;
      for (const inner of [el, ...Array.from(el.querySelectorAll('p, span, div, h2, h3'))]) {
        const t = blockText(inner).toLowerCase();
        if (wanted.has(t)) out.add(t);
      }
    }
  }
  return out;
}

/**
 * Removes every block, and every run of bare text (Blogger posts are text and <br>s), whose
 * whole text is one of the site's taglines.
 */
function dropTaglines(doc: DomDocument, taglines: Set<string>): void {
  if (!taglines.size || !doc.body) return;
  const isTagline = (n: DomNode) => {
    const t = blockText(n);
    return t.length <= TAGLINE_MAX && taglines.has(t.toLowerCase());
  };
  const walk = (parent: DomNode) => {
    for (const n of Array.from(parent.childNodes)) {
      if (n.nodeType === 3 && isTagline(n)) (n as DomElement).remove();
      else if (n.nodeType === 1 && !KEEP.has(n.nodeName.toUpperCase()) && isTagline(n)) {
        (n as DomElement).remove();
      } else if (n.nodeType === 1) walk(n);
    }
  };
  walk(doc.body);
}

// --- Account-sharing and paywall notices --------------------------------------------------

const NOTICE_MAX = 1500;
// The sentence's own block: a notice paragraph is short, an article paragraph often is not.
const NOTICE_SENTENCE_MAX = 300;

function dropNotices(doc: DomDocument): void {
  const bodyLength = textLength(doc.body);
  for (const el of Array.from(doc.querySelectorAll('body *'))) {
    if (!isAttached(el) || KEEP.has(el.nodeName.toUpperCase())) continue;
    if (!NOTICE.test(el.textContent ?? '')) continue;
    // The innermost element holding the sentence, then up while the block is notice-sized and
    // holds no paragraph of the article. A long innermost element is prose quoting a notice.
    if (Array.from(childElements(el)).some((c) => NOTICE.test(c.textContent ?? ''))) continue;
    if (textLength(el) > NOTICE_SENTENCE_MAX) continue;
    let block: DomElement = el;
    for (let up = block.parentElement; up && canGrowNotice(up, bodyLength); up = up.parentElement) {
      block = up;
    }
    block.remove();
  }
}

function canGrowNotice(el: DomElement, bodyLength: number): boolean {
  if (KEEP.has(el.nodeName.toUpperCase())) return false;
  const length = textLength(el);
  if (length > NOTICE_MAX || length > 0.3 * bodyLength) return false;
  // A long paragraph without the notice's vocabulary is the article's.
  return !Array.from(el.querySelectorAll('p')).some(
    (p) =>
      textLength(p) > 150 &&
      !/appareil|abonn|compte|connect|offre|lire|lecture/i.test(p.textContent ?? ''),
  );
}

// --- Related-headline lists ---------------------------------------------------------------

const RELATED_MAX = 2000;

/**
 * Removes "À lire aussi"-style blocks: a label and headline links in one block, or a label
 * alone followed by blocks that are mostly links.
 */
function dropRelated(doc: DomDocument): void {
  for (const el of Array.from(doc.querySelectorAll('body *'))) {
    if (!isAttached(el) || KEEP.has(el.nodeName.toUpperCase())) continue;
    const text = blockText(el);
    const label = RELATED_LABEL.exec(text);
    if (!label || text.length > RELATED_MAX) continue;
    if (label[0].length < text.length) {
      // "Lire aussi : <a>Headline</a>" in one block: the rest must be the links.
      if (linkDensity(el, label[0].replace(/\s+/g, '').length) >= 0.6) el.remove();
      continue;
    }
    // The label alone: from the outermost block that holds only it, the following siblings
    // that are lists of links go with it.
    let head: DomElement = el;
    while (head.parentElement && !KEEP.has(head.parentElement.nodeName.toUpperCase())) {
      if (blockText(head.parentElement) !== text) break;
      head = head.parentElement;
    }
    let next = head.nextElementSibling;
    let dropped = 0;
    while (next && textLength(next) <= RELATED_MAX && linkDensity(next) >= 0.5) {
      const after: DomElement | null = next.nextElementSibling;
      next.remove();
      dropped++;
      next = after;
    }
    // A lone heading "Similaires" in prose is kept; one over links or on its own is furniture.
    if (dropped || !head.nextElementSibling) head.remove();
  }
}

// Lists of at least this many items, each a link and nothing else, are headline lists even
// without a label ("Les plus lus" widgets drawn as a bare <ul>).
const MIN_HEADLINES = 3;

function dropHeadlineLists(doc: DomDocument): void {
  for (const el of Array.from(doc.querySelectorAll('ul, ol'))) {
    if (!isAttached(el)) continue;
    const items = Array.from(childElements(el)).filter((c) => textLength(c) > 0);
    if (items.length < MIN_HEADLINES) continue;
    // A headline: a link of a few words at least, alone in its item (tag clouds and
    // "Facebook · Twitter" bars are not headlines, and go as calls to action instead).
    const headline = (li: DomElement) =>
      linkDensity(li) >= 0.9 && blockText(li).split(' ').length >= 4;
    if (!items.every(headline)) continue;
    // The box that held the list and its title ("La rédaction vous conseille :") goes too
    // when nothing else is left in it.
    let box = el;
    for (
      let up = el.parentElement;
      up && !KEEP.has(up.nodeName.toUpperCase());
      up = up.parentElement
    ) {
      if (textLength(up) - textLength(el) > 80 || up.querySelector('p')) break;
      box = up;
    }
    box.remove();
  }
}

// --- Driver ---------------------------------------------------------------------------

function* childElements(el: DomElement): Iterable<DomElement> {
  for (let i = 0; i < el.childNodes.length; i++) {
    const c = el.childNodes[i]!;
    if (c.nodeType === 1) yield c as DomElement;
  }
}

const isAttached = (el: DomElement) =>
  (el as DomElement & { isConnected?: boolean }).isConnected !== false;

/**
 * Removes the smallest blocks whose whole text is calls to action, before Readability scores
 * the page: a comment area full of "Répondre" links otherwise adds to the score of the
 * container that also holds the post, and a short post then comes out with its comments.
 */
function dropCallsToAction(doc: DomDocument): void {
  for (const el of Array.from(doc.querySelectorAll('body *'))) {
    if (!isAttached(el) || KEEP.has(el.nodeName.toUpperCase())) continue;
    const text = blockText(el);
    if (text && text.length <= CTA_MAX && isCallToAction(text)) el.remove();
  }
}

/**
 * Removes page furniture from a parsed page, in place. `taglines` are read before anything is
 * removed (the header that prints them may go first); pass siteTaglines(doc) of the page.
 */
export function removeBoilerplate(doc: DomDocument, taglines = siteTaglines(doc)): void {
  stripNonContent(doc);
  dropTaglines(doc, taglines);
  dropNotices(doc);
  dropRelated(doc);
  dropHeadlineLists(doc);
  dropCallsToAction(doc);
}
