// Repairs for the XML that French blogs actually publish. Each fix is one that a reader of
// the document would agree with: nothing here guesses at structure (unclosed tags stay broken).

// HTML's Latin-1 entities, in code point order from 160 (&nbsp;) to 255 (&yuml;): the ones that
// French text pasted from an HTML editor carries ("&eacute;", "&agrave;", "&nbsp;").
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(
    ' ',
  );

const OTHERS: Record<string, number> = {
  OElig: 0x152,
  oelig: 0x153,
  Yuml: 0x178,
  euro: 0x20ac,
  hellip: 0x2026,
  lsquo: 0x2018,
  rsquo: 0x2019,
  sbquo: 0x201a,
  ldquo: 0x201c,
  rdquo: 0x201d,
  bdquo: 0x201e,
  ndash: 0x2013,
  mdash: 0x2014,
  bull: 0x2022,
  trade: 0x2122,
  dagger: 0x2020,
  permil: 0x2030,
  thinsp: 0x2009,
  ensp: 0x2002,
  emsp: 0x2003,
  circ: 0x2c6,
  tilde: 0x2dc,
};

const HTML_ENTITIES: Record<string, number> = Object.fromEntries([
  ...LATIN1.map((name, i) => [name, 160 + i] as const),
  ...Object.entries(OTHERS),
]);

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Returns the repaired document (unchanged when there was nothing to repair). */
export function repairXml(xml: string): string {
  return balanceTags(repairText(trimProlog(xml)));
}

/**
 * The start of a document made legal: no BOM left in the text, and nothing before the first
 * "<" (blank lines, a PHP notice), which would make the XML declaration illegal.
 */
export function trimProlog(xml: string): string {
  const s = xml.replace(/^\uFEFF/, '');
  const start = s.indexOf('<');
  return start > 0 ? s.slice(start) : s;
}

// CDATA sections and comments, where "&" and "&#0;" are plain characters, not references.
const LITERAL = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;

/** Applies `fix` to the text between CDATA sections and comments. */
function outsideLiterals(xml: string, fix: (markup: string) => string): string {
  let out = '';
  let from = 0;
  for (const m of xml.matchAll(LITERAL)) {
    out += fix(xml.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return out + fix(xml.slice(from));
}

/**
 * The repairs that touch characters only, never structure, so that they can be applied to
 * any slice of a document (one feed item) as well as to the whole: control characters,
 * character references to what XML forbids, HTML named entities, bare ampersands, and a
 * closing tag cut off at the very end. A document that needs none comes back unchanged.
 */
export function repairText(xml: string): string {
  // Control characters are not allowed in XML 1.0, even escaped or in CDATA; drop them.
  const s = outsideLiterals(
    xml.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''),
    (markup) =>
      repairCharRefs(markup)
        // HTML named entities become numeric references, valid in any XML document.
        .replace(/&([a-zA-Z][a-zA-Z0-9]*);/g, (whole, name: string) => {
          if (XML_ENTITIES.has(name)) return whole;
          const code = HTML_ENTITIES[name];
          return code === undefined ? `&amp;${name};` : `&#${code};`;
        })
        // A bare "&" ("Orange & SFR", "?a=1&b=2") becomes "&amp;".
        .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;'),
  );
  // A document cut off inside its last closing tag ("</rss") gets its ">" back.
  return s.replace(/<\/([a-zA-Z][\w:.-]*)\s*$/, '</$1>');
}

/**
 * A CDATA section left open (its "]]>" forgotten or mistyped), which swallows the rest of the
 * document: it is closed where the element that holds it ends, or else at the end of `xml`
 * (one feed item). Meant for one item: in a whole document, the next item's "]]>" would seem
 * to close it.
 */
export function closeCdata(xml: string): string {
  let s = xml;
  let from = 0;
  for (let open = s.indexOf('<![CDATA[', from); open >= 0; open = s.indexOf('<![CDATA[', from)) {
    const close = s.indexOf(']]>', open + 9);
    if (close >= 0) {
      from = close + 3;
      continue;
    }
    const holder = /<([a-zA-Z_][\w:.-]*)(?:\s[^<>]*)?>\s*$/.exec(s.slice(0, open))?.[1];
    const end = holder ? s.lastIndexOf(`</${holder}`) : -1;
    const at = end > open ? end : s.length;
    // "]]" or "]" before the end tag is the terminator mistyped: completed, not doubled.
    const typed = /\]{0,2}$/.exec(s.slice(Math.max(open + 9, at - 2), at))![0].length;
    s = `${s.slice(0, at)}${']]>'.slice(typed)}${s.slice(at)}`;
    from = at + 3 - typed;
  }
  return s;
}

/** True for a code point that XML 1.0 allows in a document (its production Char). */
function isXmlChar(c: number): boolean {
  if (c < 0x20) return c === 0x9 || c === 0xa || c === 0xd;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return c <= 0xfffd || (c >= 0x10000 && c <= 0x10ffff);
}

const REF = /&#(?:(\d+)|[xX]([0-9a-fA-F]+));/g;
const REF_AFTER = /^&#(?:(\d+)|[xX]([0-9a-fA-F]+));/;
const REF_BEFORE = /&#(?:(\d+)|[xX]([0-9a-fA-F]+));$/;

const codeOf = (dec: string | undefined, hex: string | undefined): number =>
  dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);

function codeAt(m: RegExpExecArray | null): number | null {
  return m ? codeOf(m[1], m[2]) : null;
}

const isHigh = (c: number | null) => c !== null && c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number | null) => c !== null && c >= 0xdc00 && c <= 0xdfff;

/**
 * Character references to what XML forbids make the parser refuse the whole document
 * ("&#x1F;" from a copy-paste, "&#0;"). A surrogate pair written as two references (how some
 * CMSs escape an emoji) becomes the character; control characters are dropped, as the raw
 * ones are; any other code point out of range becomes U+FFFD, so a reader sees that a
 * character was there.
 */
function repairCharRefs(xml: string): string {
  return xml.replace(REF, (whole: string, dec?: string, hex?: string, at = 0) => {
    const c = codeOf(dec, hex);
    if (isXmlChar(c)) return whole;
    const next = codeAt(REF_AFTER.exec(xml.slice(at + whole.length, at + whole.length + 12)));
    if (isHigh(c) && isLow(next)) return `&#${0x10000 + ((c - 0xd800) << 10) + (next! - 0xdc00)};`;
    // The second half of a pair, already written out with the first.
    if (isLow(c) && isHigh(codeAt(REF_BEFORE.exec(xml.slice(Math.max(0, at - 12), at))))) return '';
    return c < 0x20 || c === 0xfffe || c === 0xffff ? '' : '&#65533;';
  });
}

// Markup that holds no elements to balance: CDATA, comments, processing instructions, DOCTYPE.
const OPAQUE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>/y;
const TAG = /<(\/?)([a-zA-Z_][\w:.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

/**
 * Mismatched and missing end tags, as hand-edited and truncated feeds have them
 * ("<language>fr</langauge>", a "<br>" outside CDATA, a document cut off mid-way): an end
 * tag that closes nothing open is read as closing the innermost element, one that closes an
 * outer element closes the inner ones first, and what is still open at the end is closed.
 */
export function balanceTags(xml: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  let copied = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    OPAQUE.lastIndex = lt;
    if (OPAQUE.exec(xml)) {
      i = OPAQUE.lastIndex;
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(xml);
    i = tag ? TAG.lastIndex : lt + 1;
    if (!tag || tag[4]) continue;
    const name = tag[2]!;
    if (!tag[1]) {
      open.push(name);
      continue;
    }
    out.push(xml.slice(copied, lt));
    copied = i;
    const at = open.lastIndexOf(name);
    if (at < 0) {
      const top = open.pop();
      if (top) out.push(`</${top}>`);
      continue;
    }
    while (open.length > at + 1) out.push(`</${open.pop()}>`);
    open.pop();
    out.push(`</${name}>`);
  }
  out.push(xml.slice(copied));
  while (open.length > 0) out.push(`</${open.pop()}>`);
  return out.join('');
}
