// A cheap test run before a rule regex at a text position: can a match start with these
// characters? Most token starts ("le", "de", "je") cannot begin any complaint rule, and a few
// trie steps cost far less than a regex exec that tries every alternative there. Two
// characters let half the token starts of French prose through ("de" begins "debit"), four
// about a tenth.
//
// The prefixes (up to DEPTH characters) are derived from the regex sources at load time
// (regex-prefixes.ts), so they follow the rules as they are edited; they over-approximate and
// never under-, and a regex they cannot derive is accepted at every position. So a filtered
// scan finds exactly what the plain scan finds.

import { DEPTH, matchPrefixes, SPACE_CODES } from './regex-prefixes.ts';

export { DEPTH, matchPrefixes } from './regex-prefixes.ts';

/**
 * The prefixes of several regexes in one trie, so that one walk per position answers them
 * all: bit i of an answer is set when regex i may match there. The trie is flat: characters
 * map to a few classes (those the prefixes use; 0 for the rest) and a step is one indexed load
 * in `next`, not an object and a Map.
 */
export interface RuleFilter {
  /** Class of each ASCII unit, 0 when no prefix holds it; the rare others in `other`. */
  ascii: Uint8Array;
  other: Map<number, number>;
  classes: number;
  /** The child of node n by class c is next[n * classes + c]; 0 when none (the root is 0). */
  next: Uint16Array;
  /** Bits of the regexes a whole match of which (shorter than `depth`) can end at the node. */
  ends: Int32Array;
  /** Bits of the regexes with a prefix through the node; read once `depth` units matched. */
  live: Int32Array;
  /** Bits of the regexes accepted everywhere: derivation gave up, or an empty match. */
  any: number;
  /** Units read per position: the length of the prefixes. */
  depth: number;
}

/** At most 31 regexes, one bit each (bit 31 would make the masks negative). */
export const MAX_RULES = 31;

/** One filter for `regexes`: bit i of rulesAt() stands for regexes[i]. */
export function ruleFilterOf(regexes: readonly RegExp[], depth = DEPTH): RuleFilter {
  if (regexes.length > MAX_RULES) throw new RangeError(`at most ${MAX_RULES} regexes`);
  const sets = regexes.map((re) => matchPrefixes(re, depth));
  let any = 0;
  sets.forEach((p, i) => {
    if (p === null || p.has('')) any |= 1 << i;
  });
  // Classes: one per unit the prefixes use; digits share "0"'s, spaces " "'s (see canon).
  const classOf = new Map<number, number>();
  for (const p of sets) {
    for (const x of p ?? []) {
      for (let k = 0; k < x.length; k++) {
        const c = x.charCodeAt(k);
        if (!classOf.has(c)) classOf.set(c, classOf.size + 1);
      }
    }
  }
  const ascii = new Uint8Array(128);
  const other = new Map<number, number>();
  if (classOf.size > 255) throw new RangeError('too many distinct characters in the prefixes');
  for (const [c, cls] of classOf) {
    if (c < 128) ascii[c] = cls;
    else other.set(c, cls);
  }
  const zero = classOf.get(48);
  if (zero !== undefined) for (let c = 49; c <= 57; c++) ascii[c] = zero;
  const space = classOf.get(32);
  if (space !== undefined) {
    for (const c of SPACE_CODES) {
      if (c < 128) ascii[c] = space;
      else other.set(c, space);
    }
  }
  const classes = classOf.size + 1;

  // Build with Maps, then lay out flat.
  const kids: Map<number, number>[] = [new Map()];
  const ends = [0];
  const live = [0];
  sets.forEach((p, i) => {
    if (p === null || p.has('')) return;
    for (const x of p) {
      let node = 0;
      for (let k = 0; k < x.length; k++) {
        const cls = classOf.get(x.charCodeAt(k))!;
        let child = kids[node]!.get(cls);
        if (child === undefined) {
          child = kids.length;
          kids.push(new Map());
          ends.push(0);
          live.push(0);
          kids[node]!.set(cls, child);
        }
        node = child;
        live[node]! |= 1 << i;
      }
      if (x.length < depth) ends[node]! |= 1 << i;
    }
  });
  // 16-bit node ids keep the table small enough for the L1 cache (~600 nodes for the rules).
  if (kids.length > 0xffff) throw new RangeError('prefix trie beyond 65,535 nodes');
  const next = new Uint16Array(kids.length * classes);
  kids.forEach((m, n) => {
    for (const [cls, child] of m) next[n * classes + cls] = child;
  });
  return {
    ascii,
    other,
    classes,
    next,
    ends: Int32Array.from(ends),
    live: Int32Array.from(live),
    any,
    depth,
  };
}

/**
 * Which of the filter's regexes may match at `at` in `text`, as a bit mask; a bit is clear
 * only when that regex cannot match there. Reading `depth` units, or fewer when no prefix
 * continues or a whole match may already have ended.
 */
export function rulesAt(f: RuleFilter, text: string, at: number): number {
  let bits = f.any;
  const stop = Math.min(text.length, at + f.depth);
  let node = 0;
  let k = at;
  for (; k < stop; k++) {
    const c = text.charCodeAt(k);
    const cls = c < 128 ? f.ascii[c]! : (f.other.get(c) ?? 0);
    if (cls === 0) return bits;
    node = f.next[node * f.classes + cls]!;
    if (node === 0) return bits;
    bits |= f.ends[node]!;
  }
  // `depth` units matched a prefix; or the text ended before a whole match could.
  return k === at + f.depth ? bits | f.live[node]! : bits;
}

/** The filter of one regex: mayStartAt() asks it. */
export type Prefilter = RuleFilter;

/** The prefilter of `re`; one that accepts everything when its source is beyond the parser. */
export const prefilterOf = (re: RegExp): Prefilter => ruleFilterOf([re]);

/** False only when no match of the filter's regex can start at `at` in `text`. */
export const mayStartAt = (f: Prefilter, text: string, at: number): boolean =>
  rulesAt(f, text, at) !== 0;
