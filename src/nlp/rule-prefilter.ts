// A cheap test run before a rule regex at a text position: can a match start with these
// characters? Most token starts ("le", "de", "je") cannot begin any complaint rule, and a few
// trie steps cost far less than a regex exec that tries every alternative there. Two
// characters let half the token starts of French prose through ("de" begins "debit"), four
// about a tenth.
//
// The prefixes (up to DEPTH characters) are derived from the regex source at load time, so they follow
// the rules as they are edited. The derivation over-approximates and never under-: lookarounds
// are ignored (zero-width, as if always true), repetitions are unrolled until the prefix is
// full; any syntax it does not know (".", negated classes, \p{…}, the "i" flag) makes the
// filter accept every position. So a filtered scan finds exactly what the plain scan finds.

/** Characters looked at per position: more filter better, but grow the prefix sets. */
export const DEPTH = 4;

class Unsupported extends Error {}

const DIGITS = '0123456789';
const SPACES =
  ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const WORDS = `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ${DIGITS}_`;
const MAX_CLASS = 4096;

type Prefixes = Set<string>;

// Prefix sets: strings of at most `depth` units; a shorter one is a whole match.
function concat(a: Prefixes, b: Prefixes, depth: number): Prefixes {
  const out: Prefixes = new Set();
  for (const x of a) {
    if (x.length >= depth) out.add(x);
    else for (const y of b) out.add((x + y).slice(0, depth));
  }
  return out;
}

function union(a: Prefixes, b: Prefixes): Prefixes {
  const out = new Set(a);
  for (const y of b) out.add(y);
  return out;
}

// Digits are one class, and so are spaces: "\d+" would otherwise spell out 10⁴ prefixes, "\s*"
// 25 per unit. Taking "1g" for a possible "[345]g", a tab for a space, only widens the filter.
const SPACE_CODES = new Set([...SPACES].map((c) => c.charCodeAt(0)));
const canon = (c: number) => (c >= 48 && c <= 57 ? 48 : SPACE_CODES.has(c) ? 32 : c);
const chars = (s: string): Prefixes => {
  const out: Prefixes = new Set();
  for (let k = 0; k < s.length; k++) out.add(String.fromCharCode(canon(s.charCodeAt(k))));
  return out;
};

/** Recursive-descent walk over a regex source, returning its prefix set. */
class Parser {
  i = 0;
  constructor(
    private readonly src: string,
    private readonly depth: number,
  ) {}

  parse(): Prefixes {
    const p = this.alternation();
    if (this.i < this.src.length) throw new Unsupported(`unexpected ${this.src[this.i]}`);
    return p;
  }

  private alternation(): Prefixes {
    let out = this.sequence();
    while (this.src[this.i] === '|') {
      this.i++;
      out = union(out, this.sequence());
    }
    return out;
  }

  private sequence(): Prefixes {
    let out: Prefixes = new Set(['']);
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      // Repetition starts from the prefixes so far: "factur[a-z]*" never spells out [a-z]⁴.
      out = this.quantified(out, this.atom());
    }
    return out;
  }

  /** `pre` followed by `x` under the quantifier that follows, if any. */
  private quantified(pre: Prefixes, x: Prefixes): Prefixes {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '?' || c === '*' || c === '+') {
      this.i++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return concat(pre, x, this.depth); // a literal "{"
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY;
    } else return concat(pre, x, this.depth);
    if (this.src[this.i] === '?') this.i++; // lazy: same matches
    let out = pre;
    for (let k = 0; k < min; k++) out = concat(out, x, this.depth);
    // `depth` more rounds fill every prefix that further repetitions could start.
    let more = out;
    for (let k = min; k < Math.min(max, min + this.depth); k++) {
      more = concat(more, x, this.depth);
      out = union(out, more);
    }
    return out;
  }

  private atom(): Prefixes {
    const c = this.src[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') {
      this.i++;
      return this.escape(false);
    }
    this.i++;
    if (c === '.') throw new Unsupported('.');
    if (c === '^' || c === '$') return new Set(['']);
    return chars(c);
  }

  private group(): Prefixes {
    const rest = this.src.slice(this.i, this.i + 4);
    let zeroWidth = false;
    if (rest.startsWith('(?:')) this.i += 3;
    else if (rest.startsWith('(?=') || rest.startsWith('(?!')) {
      this.i += 3;
      zeroWidth = true;
    } else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
      this.i += 4;
      zeroWidth = true;
    } else if (rest.startsWith('(?<')) {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) throw new Unsupported('group name');
      this.i = close + 1;
    } else if (rest.startsWith('(?')) throw new Unsupported('group modifier');
    else this.i += 1;
    const inner = this.alternation();
    if (this.src[this.i] !== ')') throw new Unsupported('unclosed group');
    this.i++;
    // A lookaround consumes nothing; taking it as always true only widens the filter.
    return zeroWidth ? new Set(['']) : inner;
  }

  private escape(inClass: boolean): Prefixes {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported('trailing \\');
    if (c === 'd') return chars(DIGITS);
    if (c === 's') return chars(SPACES);
    if (c === 'w') return chars(WORDS);
    if (!inClass && (c === 'b' || c === 'B')) return new Set(['']);
    if (c === 'n') return chars('\n');
    if (c === 't') return chars('\t');
    if (c === 'r') return chars('\r');
    if (c === 'f') return chars('\f');
    if (c === 'v') return chars('\v');
    if (c === 'u' || c === 'x') {
      const n = c === 'u' ? 4 : 2;
      const hex = this.src.slice(this.i, this.i + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new Unsupported('\\u{…}');
      this.i += n;
      return chars(String.fromCharCode(Number.parseInt(hex, 16)));
    }
    if (/[0-9a-zA-Z]/.test(c)) throw new Unsupported(`\\${c}`);
    return chars(c);
  }

  private charClass(): Prefixes {
    this.i++;
    if (this.src[this.i] === '^') throw new Unsupported('negated class');
    const out: Prefixes = new Set();
    let first = true;
    while (this.i < this.src.length && (first || this.src[this.i] !== ']')) {
      first = false;
      const lo = this.classAtom();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && lo.size === 1) {
        this.i++;
        const hi = this.classAtom();
        if (hi.size !== 1) throw new Unsupported('class range');
        const a = [...lo][0]!.charCodeAt(0);
        const b = [...hi][0]!.charCodeAt(0);
        if (b - a > MAX_CLASS) throw new Unsupported('wide class');
        for (let k = a; k <= b; k++) out.add(String.fromCharCode(canon(k)));
      } else for (const x of lo) out.add(x);
    }
    if (this.src[this.i] !== ']') throw new Unsupported('unclosed class');
    this.i++;
    return out;
  }

  private classAtom(): Prefixes {
    const c = this.src[this.i++]!;
    if (c === '\\') return this.escape(true);
    return chars(c);
  }
}

/** The prefixes (≤ `depth` units) of every match of `re`, or null when not derivable. */
export function matchPrefixes(re: RegExp, depth = DEPTH): Set<string> | null {
  if (re.flags.includes('i') || re.flags.includes('v')) return null;
  // With "u", an astral character is one atom, not two units: leave those to the regex.
  if (re.flags.includes('u') && /[\uD800-\uDFFF]/.test(re.source)) return null;
  try {
    return new Parser(re.source, depth).parse();
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

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
