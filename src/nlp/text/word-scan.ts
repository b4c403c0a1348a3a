// Scans of rule regexes over a folded text (flatten(): lower case, no accents), each regex
// tried only where one of its matches can begin. The complaint rules, durations and
// resolution cues are regexes of up to a few hundred alternatives that open on a word
// boundary, "(?<![a-z0-9])(?:…)": run as global regexes, V8 tries every alternative at every
// position of the text (~40 µs for a 1 KB post and rule family, most of the analysis's regex
// time). Here one pass over the text stops only at word starts, reads a few characters into
// a trie of the regexes' match prefixes (derived from their sources by regex-prefixes.ts) and
// runs, there, only the regexes that can match; most word starts ("le", "de", "je") begin
// none. The prefixes over-approximate, so each regex's matches are exactly those of its
// global scan (test/nlp/text/word-scan.test.ts).
import { DEPTH, matchPrefixes, SPACE_CODES } from './regex-prefixes.ts';

const isLetter = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** At most 31 regexes per scan, one bit each (bit 31 would make the masks negative). */
export const MAX_REGEXES = 31;

/**
 * Which of the regexes may match at a position: a trie of their match prefixes, flat, with bit
 * i of a node's masks for regex i. Characters map to classes (one per character the prefixes
 * use, 0 for the rest; digits share one, spaces another, as regex-prefixes.ts reads them),
 * and a step is one indexed load.
 */
class PrefixGate {
  private readonly ascii = new Uint8Array(128);
  private readonly other = new Map<number, number>();
  private readonly classes: number;
  /** Child of node n by class c: next[n * classes + c]; 0 when none (the root is 0). */
  private readonly next: Uint16Array;
  /** Regexes a whole match of which (shorter than DEPTH) may end at the node. */
  private readonly ends: Int32Array;
  /** Regexes with a prefix through the node: those a full DEPTH units leave possible. */
  private readonly live: Int32Array;
  /** Regexes possible everywhere: prefixes not derivable, or an empty match. */
  private readonly anywhere: number;

  constructor(sets: readonly (ReadonlySet<string> | null)[]) {
    let anywhere = 0;
    const classOf = new Map<number, number>();
    sets.forEach((prefixes, i) => {
      if (prefixes === null || prefixes.has('')) anywhere |= 1 << i;
      for (const x of prefixes ?? []) {
        for (let k = 0; k < x.length; k++) {
          const c = x.charCodeAt(k);
          if (!classOf.has(c)) classOf.set(c, classOf.size + 1);
        }
      }
    });
    this.anywhere = anywhere;
    if (classOf.size > 255) throw new RangeError('too many distinct characters in the prefixes');
    for (const [c, cls] of classOf) {
      if (c < 128) this.ascii[c] = cls;
      else this.other.set(c, cls);
    }
    const zero = classOf.get(48);
    if (zero !== undefined) for (let c = 49; c <= 57; c++) this.ascii[c] = zero;
    const space = classOf.get(32);
    if (space !== undefined) {
      for (const c of SPACE_CODES) {
        if (c < 128) this.ascii[c] = space;
        else this.other.set(c, space);
      }
    }
    this.classes = classOf.size + 1;
    const kids: Map<number, number>[] = [new Map()];
    const ends = [0];
    const live = [0];
    sets.forEach((prefixes, i) => {
      if (prefixes === null || prefixes.has('')) return;
      for (const x of prefixes) {
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
        if (x.length < DEPTH) ends[node]! |= 1 << i;
      }
    });
    if (kids.length > 0xffff) throw new RangeError('prefix trie beyond 65,535 nodes');
    this.next = new Uint16Array(kids.length * this.classes);
    kids.forEach((m, n) => {
      for (const [cls, child] of m) this.next[n * this.classes + cls] = child;
    });
    this.ends = Int32Array.from(ends);
    this.live = Int32Array.from(live);
  }

  /** The regexes that may match at `at` in `text`, as bits; a clear bit: it cannot. */
  at(text: string, at: number): number {
    let bits = this.anywhere;
    const stop = Math.min(text.length, at + DEPTH);
    let node = 0;
    let k = at;
    for (; k < stop; k++) {
      const c = text.charCodeAt(k);
      const cls = c < 128 ? this.ascii[c]! : (this.other.get(c) ?? 0);
      if (cls === 0) return bits;
      node = this.next[node * this.classes + cls]!;
      if (node === 0) return bits;
      bits |= this.ends[node]!;
    }
    // DEPTH units spelled a prefix; a text that ended sooner spelled no longer match.
    return k === at + DEPTH ? bits | this.live[node]! : bits;
  }
}

/**
 * Several regexes scanned in one pass. Each must open on a word boundary, (?<![a-z0-9]) or
 * (?<![a-z]), and not ignore case (the text is folded).
 */
export class WordScans {
  private readonly sticky: RegExp[];
  /** Bit i set: regex i may begin after a digit ((?<![a-z]) rather than (?<![a-z0-9])). */
  private readonly afterDigit: number;
  private readonly gate: PrefixGate;

  constructor(readonly regexes: readonly RegExp[]) {
    if (regexes.length > MAX_REGEXES) throw new RangeError(`at most ${MAX_REGEXES} regexes`);
    let afterDigit = 0;
    regexes.forEach((re, i) => {
      if (re.source.startsWith('(?<![a-z])')) afterDigit |= 1 << i;
      else if (!re.source.startsWith('(?<![a-z0-9])')) {
        throw new Error(`word scan: ${re.source.slice(0, 40)}… does not open on a word boundary`);
      }
      if (re.flags.includes('i')) throw new Error('word scan: the text is folded; no "i" flag');
    });
    this.afterDigit = afterDigit;
    this.sticky = regexes.map((re) => new RegExp(re.source, `${re.flags.replace('g', '')}y`));
    this.gate = new PrefixGate(regexes.map((re) => matchPrefixes(re)));
  }

  /**
   * Every match of each regex in `flat` (out[i] for regexes[i]), as flat.matchAll() with that
   * regex alone (global) finds them: left to right, each resuming after its previous match.
   */
  matches(flat: string): RegExpExecArray[][] {
    const out: RegExpExecArray[][] = this.regexes.map(() => []);
    /** Where each regex resumes: the end of its last match. */
    const resume = new Int32Array(this.regexes.length);
    for (let at = 0; at < flat.length; at++) {
      let bits = ~0;
      if (at > 0) {
        const c = flat.charCodeAt(at - 1);
        if (isLetter(c)) continue;
        if (isDigit(c)) bits = this.afterDigit;
      }
      bits &= this.gate.at(flat, at);
      for (; bits !== 0; bits &= bits - 1) {
        const i = 31 - Math.clz32(bits & -bits);
        if (at < resume[i]!) continue;
        const re = this.sticky[i]!;
        re.lastIndex = at;
        const m = re.exec(flat);
        if (m === null) continue;
        out[i]!.push(m);
        resume[i] = m[0].length === 0 ? at + 1 : re.lastIndex;
      }
    }
    return out;
  }
}
