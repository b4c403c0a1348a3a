// The forms of tokens, memoised by their characters: what tokens.ts reads of a token's
// prepared characters (lower case, folded form, stretched letters, capitals, slang expansion)
// is worked out once per distinct token and kind family, then shared by every token with
// those characters. Later stages keep there, in slots, what they derive from a form alone
// (the walk's word information, the models' memoised parts), so that a token reaches it by
// a field load instead of a Map look-up.

import { flatten, fold } from '../text/normalise.ts';
import { SLANG } from './slang.ts';
import { ELISION, KIND_NAMES, WORD } from './token-scan.ts';
import type { TokenKind } from './tokens.ts';

/** A token's forms, shared by the tokens of the same characters and kind family. */
export class TokenForm {
  /** Forms of the slang expansion's words ("jsuis" → "je", "suis"), made on first use. */
  expanded: TokenForm[] | null = null;
  // Slots of later stages, each tagged with the owner it was derived for (another lexicon,
  // model set or brand list derives its own): word-info.ts, token-scores.ts, mentions.ts.
  infoOwner: object | null = null;
  info: unknown = null;
  partsOwner: object | null = null;
  partsStamp = 0;
  parts = 0;
  brandsOwner: object | null = null;
  brands: number[] | undefined = undefined;

  constructor(
    /** The prepared characters (straight apostrophes). */
    readonly key: string,
    /** Lower case, NFC, with diacritics. */
    readonly lower: string,
    /** Lower case, no diacritics, stretched letters collapsed: the lexicon key. */
    readonly folded: string,
    /** Letters repeated 3+ times ("nuuuul"): an intensifier. */
    readonly stretched: boolean,
    /** Written in capitals (2+ letters): an intensifier, unless the whole text shouts. */
    readonly caps: boolean,
    /** 0 words, 1 elisions, 2 the other kinds. */
    readonly family: number,
    /** The words a slang spelling stands for, if it is one. */
    readonly slang: readonly string[] | undefined,
  ) {}

  /** The forms of `words`, this form's slang expansion: its capitals and stretching kept. */
  expansion(words: readonly string[]): TokenForm[] {
    this.expanded ??= words.map(
      (w) =>
        new TokenForm(w, w, fold(w), this.stretched, this.caps, w.endsWith("'") ? 1 : 0, undefined),
    );
    return this.expanded;
  }
}

const SLANG_MAX = Math.max(...[...SLANG.keys()].map((k) => k.length));
const STRETCH_TEST = /(\p{L})\1\1/u;
const STRETCH = /(\p{L})\1{2,}/gu;

// Combining marks: the text is not NFC, forms must be normalised token by token.
const COMBINING = /[\u0300-\u036f]/;

/** The forms of a token that depend only on its prepared characters and kind. */
interface Forms {
  lower: string;
  folded: string;
  stretched: boolean;
  caps: boolean;
}

function formsOf(kind: TokenKind, prepared: string): Forms {
  const decomposed = COMBINING.test(prepared);
  const lower = decomposed ? prepared.normalize('NFC').toLowerCase() : prepared.toLowerCase();
  // flatten() maps unit for unit, so this is the slice of flatten(src) at the token.
  let folded = decomposed ? fold(lower) : flatten(prepared);
  let stretched = false;
  if (kind === 'word' && folded.length >= 3 && STRETCH_TEST.test(folded)) {
    stretched = true;
    folded = folded.replace(STRETCH, '$1');
  }
  // Capitals: only words that have one (prepared !== lower) need the full test.
  const caps =
    (kind === 'word' || kind === 'elision') &&
    prepared.length >= 2 &&
    prepared !== lower &&
    prepared === prepared.toUpperCase();
  return { lower, folded, stretched, caps };
}

// Forms by prepared token and kind family (words test stretching and capitals, elisions
// capitals, the rest neither): most tokens recur across posts. An open-addressing table
// hashed straight from the text's UTF-16 units: a Map needed a slice and a string hash per
// token, and the stored key doubles as the token's text when the original has the same
// characters. Each slot keeps its hash, tag (length and family) and the offset of its key's
// units in `pool` in one typed array: a probe hashes and compares typed arrays, a few
// cache lines, and loads the entry object only on a hit (charCodeAt per unit, on the text
// and on the key, was most of tokenize()).
// The table starts small and doubles when half full, up to MAX_BITS, then starts afresh: a
// post's few hundred distinct tokens then probe a few cache lines, not a megabyte.
const MIN_BITS = 10;
const MAX_BITS = 17;
const MEMO_LIMIT = 1 << (MAX_BITS - 1);
let bits = MIN_BITS;
let mask = (1 << bits) - 1;
let memo: (TokenForm | undefined)[] = emptyMemo(mask + 1);
/** Per slot: [hash, (length << 2) | family (0: empty; tokens are never empty), pool offset]. */
let slots = new Int32Array((mask + 1) * 3);

/** An empty table of 2^`to` slots. */
function allocate(to: number): void {
  bits = to;
  mask = (1 << bits) - 1;
  memo = emptyMemo(mask + 1);
  slots = new Int32Array((mask + 1) * 3);
}

// Filled by push: V8 gives a large new Array(n) (and Array.from) slow dictionary elements.
function emptyMemo(n: number): (TokenForm | undefined)[] {
  const out: (TokenForm | undefined)[] = [];
  for (let i = 0; i < n; i++) out.push(undefined);
  return out;
}

const homeOf = (h: number) => (h ^ (h >>> bits)) & mask;

/** Rehashes the table into 2^`to` slots. */
function resize(to: number): void {
  const oldMemo = memo;
  const oldSlots = slots;
  allocate(to);
  for (let i = 0; i < oldMemo.length; i++) {
    if (oldSlots[i * 3 + 1] === 0) continue;
    let slot = homeOf(oldSlots[i * 3]!);
    while (slots[slot * 3 + 1] !== 0) slot = (slot + 1) & mask;
    slots.set(oldSlots.subarray(i * 3, i * 3 + 3), slot * 3);
    memo[slot] = oldMemo[i];
  }
}
/** The keys' UTF-16 units, end to end. */
let pool = new Uint16Array(1 << 16);
let poolUsed = 0;
let memoSize = 0;

/** The form of the token of kind code `kind` at [start, end) of `src` (units `u`). */
export function formAt(
  kind: number,
  src: string,
  u: Uint16Array,
  start: number,
  end: number,
): TokenForm {
  const family = kind === WORD ? 0 : kind === ELISION ? 1 : 2;
  let h = 0x811c9dc5 ^ family;
  for (let i = start; i < end; i++) h = Math.imul(h ^ u[i]!, 0x01000193);
  const length = end - start;
  const tag = (length << 2) | family;
  let slot = homeOf(h);
  for (let t = slots[slot * 3 + 1]!; t !== 0; t = slots[slot * 3 + 1]!) {
    if (t === tag && slots[slot * 3] === h) {
      const off = slots[slot * 3 + 2]! - start;
      let i = start;
      while (i < end && pool[off + i] === u[i]) i++;
      if (i === end) return memo[slot]!;
    }
    slot = (slot + 1) & mask;
  }
  if (memoSize >= MEMO_LIMIT) {
    allocate(MIN_BITS);
    memoSize = 0;
    poolUsed = 0;
    slot = homeOf(h);
  } else if ((memoSize + 1) * 2 > mask + 1) {
    resize(bits + 1);
    slot = homeOf(h);
    while (slots[slot * 3 + 1] !== 0) slot = (slot + 1) & mask;
  }
  if (poolUsed + length > pool.length) {
    const bigger = new Uint16Array(Math.max(pool.length * 2, poolUsed + length));
    bigger.set(pool.subarray(0, poolUsed));
    pool = bigger;
  }
  pool.set(u.subarray(start, end), poolUsed);
  slots[slot * 3] = h;
  slots[slot * 3 + 1] = tag;
  slots[slot * 3 + 2] = poolUsed;
  poolUsed += length;
  memoSize++;
  const entry = newEntry(kind, src.slice(start, end), family);
  memo[slot] = entry;
  return entry;
}

/** The form of a token not in the memo. */
function newEntry(kind: number, key: string, family: number): TokenForm {
  const { lower, folded, stretched, caps } = formsOf(KIND_NAMES[kind]!, key);
  const slang = kind === WORD && folded.length <= SLANG_MAX ? SLANG.get(folded) : undefined;
  return new TokenForm(key, lower, folded, stretched, caps, family, slang);
}
