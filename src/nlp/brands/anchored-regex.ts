// The anchored form of a regex over literal alternatives (a brand's aliases, handles or
// exclusions): for each alternative, a key (a letter run of its folded form) and the offset of
// that key in it, so that anchored-scan.ts tries the regex only where a key occurs. Also the
// few characters that break the reasoning (TROUBLE), for which the scan falls back to the
// whole-text regex. See anchored-scan.ts for why the anchored scan finds what the global one
// does.

import { flatten } from '../text/normalise.ts';

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

export function troubled(src: string, trouble: Trouble, risk: number): boolean {
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
