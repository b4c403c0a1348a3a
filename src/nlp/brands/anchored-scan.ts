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
// the oracle and repeats the case-variant search of anchored-regex.ts.

import { type AnchoredRegex, type Trouble, troubled } from './anchored-regex.ts';

export type { AnchoredRegex, Literals } from './anchored-regex.ts';
export { anchoredRegex, chooseKeys } from './anchored-regex.ts';

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
