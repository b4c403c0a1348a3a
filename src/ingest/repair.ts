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
  let s = xml.replace(/^\uFEFF/, '');
  // Anything before the first "<" (blank lines, a PHP notice) makes the XML declaration illegal.
  const start = s.indexOf('<');
  if (start > 0) s = s.slice(start);
  // Control characters are not allowed in XML 1.0, even escaped; drop them.
  s = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  // HTML named entities become numeric references, valid in any XML document.
  s = s.replace(/&([a-zA-Z][a-zA-Z0-9]*);/g, (whole, name: string) => {
    if (XML_ENTITIES.has(name)) return whole;
    const code = HTML_ENTITIES[name];
    return code === undefined ? `&amp;${name};` : `&#${code};`;
  });
  // A document cut off inside its last closing tag ("</rss") gets its ">" back.
  s = s.replace(/<\/([a-zA-Z][\w:.-]*)\s*$/, '</$1>');
  // A bare "&" ("Orange & SFR", "?a=1&b=2") becomes "&amp;".
  s = s.replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;');
  return balanceTags(s);
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
