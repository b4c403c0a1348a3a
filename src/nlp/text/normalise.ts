// Length-preserving text normalisation. Every function here returns a string of the same
// length as its input, so that an offset found in the normalised text is an offset into the
// text the caller gave us: evidence spans never need a mapping table.
//
// NFC is not applied to the whole text for that reason (it can shorten it); ingest already
// hands us NFC text, and per-token forms are NFC'd in tokens.ts.
import { Buffer } from 'node:buffer';
import { LITTLE, unitsOf } from './code-units.ts';

// Curly and modifier apostrophes, backtick and acute accent used as apostrophes. Mapping them
// early also keeps the string one-byte in V8 when it is otherwise Latin-1: a single U+2019
// makes V8 store the whole string two-byte and every regex over it ~3× slower.
const APOSTROPHE_UNITS = '\u2018\u2019\u02BC\u2032\u00B4`';
// French typography puts a (narrow) no-break space before ! ? : ; and inside « ».
const SPACE_UNITS = '\u00A0\u202F\u2007\u2009\u200A';

// Either kind: most texts hold neither, and a scan that finds none costs no copy.
const ODD = new RegExp(`[${APOSTROPHE_UNITS}${SPACE_UNITS}]`);

// The last texts prepared: sentiment, tokens and mentions each prepare the body, then the
// title, of the same post. A pointer compare when it is the same string.
let lastText = '';
let lastSrc = '';
let prevText = '';
let prevSrc = '';

/** Apostrophes to ', odd spaces to ' '. Same length as the input. */
export function prepare(text: string): string {
  if (text === lastText) return lastSrc;
  if (text === prevText) return prevSrc;
  const src = ODD.test(text) ? mapUnits(text, PREPARED) : text;
  prevText = lastText;
  prevSrc = lastSrc;
  lastText = text;
  lastSrc = src;
  return src;
}

// One UTF-16 unit in, one out: lower case and diacritics removed, for Latin-1 and Latin
// Extended-A. Built once; code units past the table pass through unchanged.
const TABLE_SIZE = 0x250;
const FOLD: string[] = buildFoldTable();

function buildFoldTable(): string[] {
  const table: string[] = new Array(TABLE_SIZE);
  for (let c = 0; c < TABLE_SIZE; c++) {
    const ch = String.fromCharCode(c);
    let lower = ch.toLowerCase();
    if (lower.length !== 1) lower = ch;
    const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
    table[c] = base.length === 1 ? base : lower;
  }
  // Ligatures keep one unit but lose their diacritic-less ambiguity: œ stays œ (cœur), which
  // is what the lexicon keys use.
  return table;
}

/** A unit-for-unit map of every UTF-16 unit: the identity but where `changes` says. */
function unitMap(changes: (unit: number) => number): Uint16Array {
  const map = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) map[c] = changes(c);
  return map;
}

const PREPARED = unitMap((c) => {
  const ch = String.fromCharCode(c);
  return APOSTROPHE_UNITS.includes(ch) ? 39 : SPACE_UNITS.includes(ch) ? 32 : c;
});
const FOLDED = unitMap((c) => (c < TABLE_SIZE ? FOLD[c]!.charCodeAt(0) : c));

// The text's units, mapped in place, then one native decode: a regex replace called back per
// capital or accented letter cost twice as much. Latin-1 results are decoded as such, so
// that they stay one-byte strings, which V8's regexes read faster.
let units: Uint16Array = new Uint16Array(4096);
let bytes: Buffer = Buffer.alloc(4096);

/** `text` with each unit replaced by its image in `map`. */
function mapUnits(text: string, map: Uint16Array): string {
  const n = text.length;
  const u = unitsOf(text, units);
  units = u;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const m = map[u[i]!]!;
    u[i] = m;
    max |= m;
  }
  if (max > 0xff) {
    if (LITTLE) return Buffer.from(u.buffer, u.byteOffset, 2 * n).toString('utf16le');
    // A big-endian host's units are not UTF-16LE bytes: build the string from the units.
    let out = '';
    for (let i = 0; i < n; i += 4096) {
      out += String.fromCharCode(...u.subarray(i, Math.min(n, i + 4096)));
    }
    return out;
  }
  if (bytes.length < n) bytes = Buffer.alloc(2 * n);
  for (let i = 0; i < n; i++) bytes[i] = u[i]!;
  return bytes.toString('latin1', 0, n);
}

/** Lower-cased, accent-free copy of `text`, unit for unit (same length, same offsets). */
export function flatten(text: string): string {
  return mapUnits(text, FOLDED);
}

/** Folded form of one word: NFC, lower case, no diacritics. */
export function fold(word: string): string {
  return flatten(word.normalize('NFC'));
}
