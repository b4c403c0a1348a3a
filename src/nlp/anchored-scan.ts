// A global regex scan over literal alternatives (a brand's aliases, handles or exclusions),
// tried only where a match can start instead of at every position of the text.
//
// Every match of an alternative A holds one of A's letter runs (its "key") at a fixed offset,
// and wherever the case-insensitive regex matches A, the flat text (flatten(prepare(text)):
// lower case, no accents, same offsets) holds flatten(A). So "an occurrence of the key in the
// flat text, minus the offset" gives a superset of the match starts. Trying the sticky twin
// of the regex there, in order, skipping what falls inside the previous match, finds exactly
// what the global scan finds: the same leftmost match, the same alternative (tried in the
// same order), the same lookarounds (a lookbehind reads before lastIndex), the same hidden
// overlaps. indexOf over the flat text costs a fraction of what the regex costs trying its
// lookbehind at each of ~1,000 positions. test/nlp/mentions.test.ts keeps the global scan as
// the oracle and repeats the case-variant search below.

import { flatten } from './normalise.ts';

/** Where a match can start: `offset` units before an occurrence of keys[key] in the flat text. */
interface Anchor {
  key: number;
  offset: number;
}

/** A regex over literal alternatives, with the lookarounds of a name's edges. */
export interface Literals {
  /** Tried in this order at each position: it decides which of two starting there wins. */
  alternatives: readonly string[];
  /**
   * Lookbehind: a match does not follow a letter, digit or "_" ('word'), nor "@" or "#"
   * ('word-or-sigil': "@SFR" is a handle, not the alias SFR).
   */
  left: 'none' | 'word' | 'word-or-sigil';
  /** Lookahead: a match does not precede a letter, digit or "_". */
  right: boolean;
  caseless: boolean;
}

export interface AnchoredRegex {
  /** The whole-text scan: used when anchoring cannot be proved exact. */
  global: RegExp;
  /** The same pattern, sticky: tried at a position that the checks below leave open. */
  sticky: RegExp;
  /** The distinct anchors of the alternatives; null when one of them is not anchorable. */
  anchors: readonly Anchor[] | null;
  /** TROUBLE that could hide an anchor's key (see riskOf). */
  risk: number;
  alternatives: readonly string[];
  /** flatten() of each alternative. */
  flats: readonly string[];
  /**
   * byFirst[u]: the indexes, in order, of the alternatives whose flat form starts with unit u
   * (all below 0x250 when anchored): at most positions none can match, and the others skip
   * the alternatives that cannot (9 exclusions of "orange", each 5 offsets from it).
   */
  byFirst: readonly (readonly number[] | undefined)[];
  /** Whether a TROUBLE unit of the text could stand for a letter of each alternative. */
  risky: readonly boolean[];
  left: 0 | 1 | 2;
  right: boolean;
  caseless: boolean;
}

// The code points that /iu matches to a letter of flatten()'s table (U+0000–U+024F) but that
// flatten() folds differently, found by trying each such letter under /iu on every code point
// (the test repeats that search): U+017F long s matches s and S, U+212A Kelvin sign k and K,
// U+212B Angstrom sign å and Å, U+1E9E capital sharp s ß. An occurrence of a key could hide
// behind one of them where the alternative has one of those letters: keys avoid them when they
// can ("fr" for "SFR"), and a regex whose anchors do not is run whole on a text holding one.
const TROUBLE: readonly (readonly [string, RegExp])[] = [
  ['\u017F', /[Ss]/],
  ['\u212A', /[Kk]/],
  ['\u212B', /[Åå]/],
  ['\u1E9E', /ß/],
];

/** Bit i set: TROUBLE[i] matches a letter of `lit`, so it could hide an occurrence of it. */
function riskOf(lit: string): number {
  let risk = 0;
  for (const [i, [, letters]] of TROUBLE.entries()) if (letters.test(lit)) risk |= 1 << i;
  return risk;
}

/** Which of TROUBLE a text holds, looked for once each, when a regex first needs to know. */
export interface Trouble {
  checked: number;
  present: number;
}

function troubled(src: string, trouble: Trouble, risk: number): boolean {
  const unknown = risk & ~trouble.checked;
  // Each is two-byte: on a one-byte string, includes() answers at once.
  for (let i = 0; i < TROUBLE.length; i++) {
    if (unknown & (1 << i) && src.includes(TROUBLE[i]![0])) trouble.present |= 1 << i;
  }
  trouble.checked |= unknown;
  return (trouble.present & risk) !== 0;
}

// An alternative holding one of these is scanned whole: the same search from the other side
// (µ matches Greek mu, ſ matches s; ƛ, ȿ, ɀ match letters past the table), and anything past
// the table, whose case partners flatten() leaves as they are.
const UNANCHORABLE = /[\u00B5\u017F\u019B\u023F\u0240\u0250-\uFFFF]/;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LEFT = ['', '(?<![\\p{L}\\p{N}_])', '(?<![\\p{L}\\p{N}_@#])'] as const;
const RIGHT = '(?![\\p{L}\\p{N}_])';

/** The regex of `spec`, global and sticky, anchored on `keys` (see chooseKeys). */
export function anchoredRegex(spec: Literals, keys: readonly string[]): AnchoredRegex | null {
  const { alternatives, right, caseless } = spec;
  if (alternatives.length === 0) return null;
  const left = spec.left === 'none' ? 0 : spec.left === 'word' ? 1 : 2;
  const source = `${LEFT[left]}(?:${alternatives.map(escapeRe).join('|')})${right ? RIGHT : ''}`;
  const flats = alternatives.map((a) => flatten(a));
  let anchors: Anchor[] | null = [];
  let risk = 0;
  for (const [i, lit] of alternatives.entries()) {
    const a = UNANCHORABLE.test(lit) || UNANCHORABLE.test(flats[i]!) ? null : anchorOf(lit, keys);
    if (a === null) {
      anchors = null;
      break;
    }
    risk |= riskOf(lit.slice(a.offset, a.offset + keys[a.key]!.length));
    if (!anchors.some((b) => b.key === a.key && b.offset === a.offset)) anchors.push(a);
  }
  const flags = caseless ? 'iu' : 'u';
  return {
    global: new RegExp(source, `${flags}g`),
    sticky: new RegExp(source, `${flags}y`),
    anchors,
    risk,
    alternatives,
    flats,
    byFirst: firstUnits(flats),
    risky: alternatives.map((a) => riskOf(a) !== 0),
    left,
    right,
    caseless,
  };
}

function firstUnits(flats: readonly string[]): number[][] {
  const byFirst: number[][] = [];
  for (const [i, f] of flats.entries()) {
    const list = byFirst[f.charCodeAt(0)];
    if (list) list.push(i);
    else byFirst[f.charCodeAt(0)] = [i];
  }
  return byFirst;
}

/** The anchor of `lit`: a key in its flat form, at an offset free of risk when one is. */
function anchorOf(lit: string, keys: readonly string[]): Anchor | null {
  const flat = flatten(lit);
  let best: Anchor | null = null;
  let bestScore = -1;
  for (const [key, k] of keys.entries()) {
    for (let offset = flat.indexOf(k); offset !== -1; offset = flat.indexOf(k, offset + 1)) {
      const score = (riskOf(lit.slice(offset, offset + k.length)) ? 0 : 1000) + k.length;
      if (score > bestScore) [best, bestScore] = [{ key, offset }, score];
    }
  }
  return best;
}

/**
 * Few keys for a brand's alternatives, shared by its alias, handle and exclusion regexes so
 * that one indexOf serves them all: "fr" anchors "SFR", "RED by SFR" and "@SFR_SAV"; "orange"
 * anchors "Orange", "#Orange" and "jus d'orange". Each alternative offers its longest flat
 * letter-digit run free of risk (see TROUBLE) when 3 long or more, or 2 in a run of 3 ("fr" of
 * "sfr", not "la" of "la poste"), else its longest run (itself when that is under 3: "la" is
 * everywhere); the offer found in most alternatives not yet served is taken first, the longer
 * on a tie.
 */
export function chooseKeys(alternatives: readonly string[]): string[] {
  const flats = alternatives.map((a) => flatten(a));
  const offers = new Set(
    alternatives.map((lit, i) => {
      const flat = flats[i]!;
      let run = '';
      let safe = '';
      for (const m of flat.matchAll(/[a-z0-9]+/g)) {
        if (m[0].length > run.length) run = m[0];
        // The longest stretch of the run whose letters in `lit` no TROUBLE can stand for.
        let from = m.index;
        for (let j = m.index; j <= m.index + m[0].length; j++) {
          if (j === m.index + m[0].length || riskOf(lit[j]!)) {
            if (j - from > safe.length) safe = flat.slice(from, j);
            from = j + 1;
          }
        }
      }
      if (safe.length >= 3 || (safe.length === 2 && run.length <= 3)) return safe;
      return run.length >= Math.min(3, flat.length) ? run : flat;
    }),
  );
  const keys: string[] = [];
  let open = [...flats];
  while (open.length > 0) {
    let best = '';
    let served = 0;
    for (const k of offers) {
      const n = open.filter((a) => a.includes(k)).length;
      if (n > served || (n === served && n > 0 && k.length > best.length)) [best, served] = [k, n];
    }
    keys.push(best);
    open = open.filter((a) => !a.includes(best));
  }
  return keys;
}

/**
 * One text as one brand's regexes see it; key occurrences are found on first use. Reusable
 * from brand to brand and text to text (see scanText and useKeys): its arrays keep their room.
 */
export interface ScanText {
  src: string;
  flat: string;
  keys: readonly string[];
  /** Per key, where it occurs in `flat`: the first counts[key] entries, ascending. */
  occurrences: number[][];
  /** Per key, how many occurrences, −1 until looked for. */
  counts: number[];
  /** Shared by the brands scanned in one text. */
  trouble: Trouble;
}

/** A ScanText of no text yet: give it one with useText, then keys with useKeys. */
export function scanText(): ScanText {
  return {
    src: '',
    flat: '',
    keys: [],
    occurrences: [],
    counts: [],
    trouble: { checked: 0, present: 0 },
  };
}

const NO_KEYS: readonly string[] = [];

/** `t` for a new text (its prepare() and flatten() forms); no keys until useKeys. */
export function useText(t: ScanText, src: string, flat: string): void {
  t.src = src;
  t.flat = flat;
  t.keys = NO_KEYS;
  t.trouble.checked = 0;
  t.trouble.present = 0;
}

/** `t` for another brand's keys in the same text: occurrences are looked for again. */
export function useKeys(t: ScanText, keys: readonly string[]): void {
  t.keys = keys;
  for (let k = 0; k < keys.length; k++) {
    t.counts[k] = -1;
    if (k === t.occurrences.length) t.occurrences.push([]);
  }
}

/** How many times keys[key] occurs in the flat text; positions in t.occurrences[key]. */
function occurrencesOf(t: ScanText, key: number): number {
  let n = t.counts[key]!;
  if (n >= 0) return n;
  n = 0;
  const found = t.occurrences[key]!;
  const k = t.keys[key]!;
  for (let i = t.flat.indexOf(k); i !== -1; i = t.flat.indexOf(k, i + 1)) found[n++] = i;
  t.counts[key] = n;
  return n;
}

// The merge cursors of matchSpans, one per anchor: module scratch, so a scan allocates none.
let cursors = new Int32Array(8);

/**
 * The matches of `re` in `t.src`, left to right, as the global scan finds them: (start, end)
 * pairs written into `out` from index 0, for a caller that reuses `out` from call to call
 * (tuples and their texts were ~4 KB per post); returns how many numbers it wrote (entries
 * past them are stale).
 */
export function matchSpans(re: AnchoredRegex, t: ScanText, out: number[]): number {
  let n = 0;
  const { src } = t;
  if (re.anchors === null || (re.risk !== 0 && troubled(src, t.trouble, re.risk))) {
    const g = re.global;
    g.lastIndex = 0;
    // exec loops, not matchAll: matchAll clones the regex on every call.
    for (let m = g.exec(src); m !== null; m = g.exec(src)) {
      out[n++] = m.index;
      out[n++] = m.index + m[0].length;
    }
    return n;
  }
  const anchors = re.anchors;
  if (cursors.length < anchors.length) cursors = new Int32Array(anchors.length * 2);
  cursors.fill(0, 0, anchors.length);
  // `next` is the global scan's lastIndex: it tries no position before it (nor below 0).
  let next = 0;
  let tried = -1;
  for (;;) {
    // The starts in ascending order: each anchor's occurrences are ascending, so merging
    // them gives what concatenating and sorting them gave, without the arrays.
    let p = Number.POSITIVE_INFINITY;
    let from = -1;
    for (let a = 0; a < anchors.length; a++) {
      const { key, offset } = anchors[a]!;
      const count = occurrencesOf(t, key);
      const found = t.occurrences[key]!;
      const c = cursors[a]!;
      if (c < count && found[c]! - offset < p) {
        p = found[c]! - offset;
        from = a;
      }
    }
    if (from < 0) break;
    cursors[from]!++;
    if (p < next || p === tried) continue;
    tried = p;
    let end = -1;
    const i = verdict(re, src, t.flat, p);
    if (i >= 0) end = p + re.alternatives[i]!.length;
    else if (i === UNSURE) {
      re.sticky.lastIndex = p;
      if (re.sticky.test(src)) end = re.sticky.lastIndex;
    }
    if (end < 0) continue;
    out[n++] = p;
    out[n++] = end;
    next = end;
  }
  return n;
}

const NONE = -1;
const UNSURE = -2;

/** ASCII letters, digits and "_": the only ASCII units in [\p{L}\p{N}_], with or without /i. */
const isWordAscii = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * What the regex does at `p`, decided without it where plain compares can: the index of the
 * alternative that matches, NONE, or UNSURE. A sticky exec costs ~100 ns, and names in posts
 * mostly sit between ASCII spaces and punctuation, written as configured. Left UNSURE, for the
 * engine: a non-ASCII unit beside the name (\p{L} under /iu also takes U+0345, and a surrogate
 * pair is one code point), a caseless match not written as configured ("jus d'Orange"), and a
 * TROUBLE unit where the alternative's flat form was looked for. Otherwise an alternative
 * whose flat form is not at `p` cannot match there (see the top of the file).
 */
function verdict(re: AnchoredRegex, src: string, flat: string, p: number): number {
  // NaN past the end: undefined, as for a unit no alternative starts with.
  const first = flat.charCodeAt(p);
  const tried = re.byFirst[first];
  if (tried === undefined) return isTrouble(first) ? UNSURE : NONE;
  if (re.left > 0 && p > 0) {
    const c = src.charCodeAt(p - 1);
    if (c >= 0x80) return UNSURE;
    if (isWordAscii(c) || (re.left === 2 && (c === 64 || c === 35))) return NONE;
  }
  const { alternatives, flats } = re;
  for (const i of tried) {
    if (!flat.startsWith(flats[i]!, p)) {
      if (re.risky[i] && troubleIn(flat, p, flats[i]!.length)) return UNSURE;
      continue;
    }
    const lit = alternatives[i]!;
    if (!src.startsWith(lit, p)) {
      // Case-sensitive: this alternative fails here; the regex tries the next one.
      if (re.caseless) return UNSURE;
      continue;
    }
    if (!re.right) return i;
    const after = p + lit.length;
    if (after >= src.length) return i;
    const c = src.charCodeAt(after);
    if (c >= 0x80) return UNSURE;
    // The lookahead fails: the regex backtracks into the next alternative.
    if (!isWordAscii(c)) return i;
  }
  return NONE;
}

const isTrouble = (u: number) => u === 0x17f || u === 0x212a || u === 0x212b || u === 0x1e9e;

/** Whether flat[p, p + n) holds a TROUBLE unit: a flat compare there proves nothing. */
function troubleIn(flat: string, p: number, n: number): boolean {
  for (let j = p; j < p + n && j < flat.length; j++) if (isTrouble(flat.charCodeAt(j))) return true;
  return false;
}
