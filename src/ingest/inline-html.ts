// A fast path for htmlToText (text.ts) on the HTML that feeds mostly carry: well-nested
// paragraphs, line breaks, links and emphasis, with the common entities. Building a cheerio
// DOM costs ~0.3 ms an item, most of the normalise stage of a crawl. This scanner gives the
// very same text without a DOM, and returns null as soon as anything would need the HTML5
// tree builder to decide (misnesting, implied end tags, tables, comments, scripts, unknown
// entities): the caller then takes the DOM path. test/ingest/normalise-text.test.ts proves
// the two agree on the demo corpus and on the feeds of ../shared/corpora.
import { htmlToText, tidy } from './text.ts';

// biome-ignore format: a word list
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font',
  'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub',
  'sup', 'time', 'tt', 'u', 'var',
]);

// The block elements of text.ts's BLOCK that need no table or pre handling. All but br close
// an open <p> in HTML5, which is one of the cases left to the DOM.
// biome-ignore format: a word list
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'blockquote', 'section', 'article', 'header', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt', 'dl', 'figure', 'figcaption', 'aside',
  'main', 'nav',
]);

const VOID_BLOCK = new Set(['br', 'hr']);
const VOID_INLINE = new Set(['img', 'wbr']);
// Special elements that stop the search for an open <li>, <dd> or <dt> to close (HTML5
// "in body", start tag li/dd/dt); address, div and p do not stop it.
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

// biome-ignore format: a table
const NAMED: Record<string, number> = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27, nbsp: 0xa0, laquo: 0xab, raquo: 0xbb,
  hellip: 0x2026, rsquo: 0x2019, lsquo: 0x2018, ldquo: 0x201c, rdquo: 0x201d, sbquo: 0x201a,
  bdquo: 0x201e, ndash: 0x2013, mdash: 0x2014, euro: 0x20ac, copy: 0xa9, reg: 0xae,
  trade: 0x2122, deg: 0xb0, middot: 0xb7, bull: 0x2022, times: 0xd7, divide: 0xf7, sect: 0xa7,
  para: 0xb6, iexcl: 0xa1, iquest: 0xbf, cent: 0xa2, pound: 0xa3, yen: 0xa5, shy: 0xad,
  thinsp: 0x2009, ensp: 0x2002, emsp: 0x2003, oelig: 0x153, OElig: 0x152, szlig: 0xdf,
  agrave: 0xe0, Agrave: 0xc0, aacute: 0xe1, Aacute: 0xc1, acirc: 0xe2, Acirc: 0xc2,
  auml: 0xe4, Auml: 0xc4, egrave: 0xe8, Egrave: 0xc8, eacute: 0xe9, Eacute: 0xc9,
  ecirc: 0xea, Ecirc: 0xca, euml: 0xeb, Euml: 0xcb, igrave: 0xec, Igrave: 0xcc, iacute: 0xed,
  Iacute: 0xcd, icirc: 0xee, Icirc: 0xce, iuml: 0xef, Iuml: 0xcf, ograve: 0xf2, Ograve: 0xd2,
  oacute: 0xf3, Oacute: 0xd3, ocirc: 0xf4, Ocirc: 0xd4, ouml: 0xf6, Ouml: 0xd6, ugrave: 0xf9,
  Ugrave: 0xd9, uacute: 0xfa, Uacute: 0xda, ucirc: 0xfb, Ucirc: 0xdb, uuml: 0xfc, Uuml: 0xdc,
  yacute: 0xfd, Yacute: 0xdd, ycirc: 0x177, Ycirc: 0x176, yuml: 0xff, Yuml: 0x178,
  ccedil: 0xe7, Ccedil: 0xc7, ntilde: 0xf1, Ntilde: 0xd1, atilde: 0xe3, otilde: 0xf5,
  aelig: 0xe6, AElig: 0xc6, aring: 0xe5, Aring: 0xc5, oslash: 0xf8, Oslash: 0xd8,
};

// A start tag whose attributes follow the plain grammar; anything looser goes to the DOM,
// where a stray quote or "=" can move the end of the tag.
const START =
  /<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y;
const END = /<\/([a-zA-Z][a-zA-Z0-9]*)\s*>/y;
const ENTITY = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/y;

/** Code points a numeric reference may name without the HTML5 replacements applying. */
function plainCodePoint(c: number): boolean {
  return (
    c === 9 ||
    c === 10 ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/**
 * The raw text of a simple HTML fragment, with "\n" at each block boundary as text.ts's DOM
 * walk puts them (before tidying), or null when the fragment needs a real HTML parser.
 */
export function inlineHtmlText(input: string): string | null {
  if (input.includes('\0')) return null;
  // The HTML5 input stream turns CR LF and lone CR into LF before tokenising.
  const html = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  let text = 0;
  const n = html.length;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c !== 0x3c && c !== 0x26) {
      i++;
      continue;
    }
    if (i > text) out.push(html.slice(text, i));
    if (c === 0x26) {
      // "&" then a letter, digit or "#": a reference we know, with its ";", or the DOM.
      const next = html.charCodeAt(i + 1);
      const refLike =
        next === 0x23 || (next >= 0x30 && next <= 0x39) || /[a-zA-Z]/.test(html[i + 1] ?? '');
      if (!refLike) {
        out.push('&');
        text = ++i;
        continue;
      }
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(html);
      if (!m) return null;
      const code = m[3]
        ? NAMED[m[3]]
        : m[1]
          ? Number.parseInt(m[1], 10)
          : Number.parseInt(m[2]!, 16);
      if (code === undefined || !plainCodePoint(code)) return null;
      out.push(String.fromCodePoint(code));
      i = text = ENTITY.lastIndex;
      continue;
    }
    // "<": a tag, or a literal "<" when no letter, "/" or "!" follows ("a < b", "<3").
    const next = html[i + 1] ?? '';
    if (next === '/') {
      END.lastIndex = i;
      const m = END.exec(html);
      if (!m) return null;
      const name = m[1]!.toLowerCase();
      // Only the end tag of the innermost open element: any other needs the tree builder.
      if (VOID_BLOCK.has(name) || VOID_INLINE.has(name) || open.at(-1) !== name) return null;
      open.pop();
      if (BLOCK.has(name)) out.push('\n');
      i = text = END.lastIndex;
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      if (next === '!' || next === '?') return null;
      out.push('<');
      text = ++i;
      continue;
    }
    START.lastIndex = i;
    const m = START.exec(html);
    if (!m) return null;
    const name = m[1]!.toLowerCase();
    if (VOID_BLOCK.has(name)) {
      // <br> inside an open <p> is fine; <hr> closes the <p> (left to the DOM).
      if (name === 'hr' && open.includes('p')) return null;
      out.push('\n\n');
    } else if (VOID_INLINE.has(name)) {
      // an image has no text
    } else if (BLOCK.has(name)) {
      if (!opensCleanly(name, open)) return null;
      open.push(name);
      out.push('\n');
    } else if (INLINE.has(name)) {
      // A link inside a link is closed by the adoption agency: the DOM's business.
      if (name === 'a' && open.includes('a')) return null;
      open.push(name);
    } else {
      return null;
    }
    i = text = START.lastIndex;
  }
  if (n > text) out.push(html.slice(text));
  // Elements left open at the end close there, each block with its newline.
  for (let k = open.length - 1; k >= 0; k--) if (BLOCK.has(open[k]!)) out.push('\n');
  return out.join('');
}

/** True when opening `name` makes the HTML5 tree builder close nothing implicitly. */
function opensCleanly(name: string, open: string[]): boolean {
  // Every block start but <br> closes an open <p>.
  if (open.includes('p')) return false;
  if (HEADINGS.has(name) && HEADINGS.has(open.at(-1) ?? '')) return false;
  if (name === 'li' || name === 'dd' || name === 'dt') {
    const closes = name === 'li' ? ['li'] : ['dd', 'dt'];
    for (let k = open.length - 1; k >= 0; k--) {
      const el = open[k]!;
      if (closes.includes(el)) return false;
      // A special element other than address, div and p ends the search (inline ones do not).
      if (el !== 'div' && BLOCK.has(el)) break;
    }
  }
  return true;
}

/**
 * htmlToText (text.ts) with the fast path first: the same text, without a DOM for the simple
 * fragments that most feed items are.
 */
export function fastHtmlToText(html: string | null | undefined): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return htmlToText(html);
  const raw = inlineHtmlText(html);
  return raw === null ? htmlToText(html) : tidy(raw);
}
