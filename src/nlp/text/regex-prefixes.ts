// The prefixes of a regex's matches, derived from its source: what word-scan.ts builds its
// gate from. The derivation over-approximates and never under-:
// lookarounds are ignored (zero-width, as if always true), repetitions are unrolled until the
// prefix is full; any syntax it does not know (".", negated classes, \p{…}, the "i" flag)
// gives null, which the filter reads as "may match anywhere".

/**
 * Characters looked at per position: more filter better, but grow the prefix sets. 6 rather
 * than 4: on 1 KB posts, 73 instead of 122 regex runs a post for the same 32 matches (the
 * scan ~20 → ~17 µs), for ~35 ms more at load; 7 took ~200 ms at load for little more.
 */
export const DEPTH = 6;

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
export const SPACE_CODES: ReadonlySet<number> = new Set([...SPACES].map((c) => c.charCodeAt(0)));
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
    const p = this.alternation(this.depth);
    if (this.i < this.src.length) throw new Unsupported(`unexpected ${this.src[this.i]}`);
    return p;
  }

  // `depth`: the units still wanted. An atom after prefixes of at least L units is read to
  // depth − L only, so "factur[a-z]* (?:[a-z]+ ){0,2}" never spells out the 26⁴ starts of
  // "[a-z]+ " on its own (that took ~1 s at load).
  private alternation(depth: number): Prefixes {
    let out = this.sequence(depth);
    while (this.src[this.i] === '|') {
      this.i++;
      out = union(out, this.sequence(depth));
    }
    return out;
  }

  private sequence(depth: number): Prefixes {
    let out: Prefixes = new Set(['']);
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let shortest = depth;
      for (const x of out) shortest = Math.min(shortest, x.length);
      // Repetition starts from the prefixes so far: "factur[a-z]*" never spells out [a-z]⁴.
      out = this.quantified(out, this.atom(depth - shortest), depth);
    }
    return out;
  }

  /** `pre` followed by `x` under the quantifier that follows, if any. */
  private quantified(pre: Prefixes, x: Prefixes, depth: number): Prefixes {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '?' || c === '*' || c === '+') {
      this.i++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return concat(pre, x, depth); // a literal "{"
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY;
    } else return concat(pre, x, depth);
    if (this.src[this.i] === '?') this.i++; // lazy: same matches
    let out = pre;
    for (let k = 0; k < min; k++) out = concat(out, x, depth);
    // `depth` more rounds fill every prefix that further repetitions could start.
    let more = out;
    for (let k = min; k < Math.min(max, min + depth); k++) {
      more = concat(more, x, depth);
      out = union(out, more);
    }
    return out;
  }

  private atom(depth: number): Prefixes {
    const c = this.src[this.i]!;
    if (c === '(') return this.group(depth);
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

  private group(depth: number): Prefixes {
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
    const inner = this.alternation(depth);
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
