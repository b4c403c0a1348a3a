// French-aware tokens with offsets into the original text. The text is first passed through
// prepare() (same length), so offsets need no mapping. Elided articles and pronouns stay
// tokens of their own ("l'" + "enfer"): the negation "n'" and the article "l'" both matter.

import { unitsOf } from './code-units.ts';
import { flatten, fold, prepare } from './normalise.ts';
import { SLANG } from './slang.ts';
import { ELISION, KIND_NAMES, scanned, scanTokens, WORD } from './token-scan.ts';

export type TokenKind =
  | 'word'
  | 'elision'
  | 'url'
  | 'handle'
  | 'hashtag'
  | 'emoji'
  | 'emoticon'
  | 'number'
  | 'punct';

export interface Token {
  kind: TokenKind;
  /** Offsets into the original text (end exclusive). Slang expansions share their source's. */
  start: number;
  end: number;
  /** As written. */
  text: string;
  /** Lower case, NFC, with diacritics. */
  lower: string;
  /** Lower case, no diacritics, stretched letters collapsed: the lexicon key. */
  folded: string;
  /** Letters repeated 3+ times ("nuuuul"): an intensifier. */
  stretched: boolean;
  /** Written in capitals (2+ letters): an intensifier, unless the whole text shouts. */
  caps: boolean;
  /** Produced by a slang expansion ("jsuis" → "je" "suis"). */
  slang: boolean;
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

/** A memo entry: the prepared characters, their kind family, forms and slang expansion. */
interface Entry extends Forms {
  key: string;
  family: number;
  slang: readonly string[] | undefined;
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
let memo: (Entry | undefined)[] = emptyMemo(mask + 1);
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
function emptyMemo(n: number): (Entry | undefined)[] {
  const out: (Entry | undefined)[] = [];
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

/** Whether `a` and `b` hold the same units in [start, end). */
function sameUnits(a: Uint16Array, b: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (a[i] !== b[i]) return false;
  return true;
}

// The original text's units, when it differs from the prepared one (curly apostrophes).
let textUnits: Uint16Array = new Uint16Array(4096);

/** The memo entry of the token of kind code `kind` at [start, end) of `src` (units `u`). */
function entryAt(kind: number, src: string, u: Uint16Array, start: number, end: number): Entry {
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

/** The entry of a token not in the memo. */
function newEntry(kind: number, key: string, family: number): Entry {
  const forms = formsOf(KIND_NAMES[kind]!, key);
  const slang =
    kind === WORD && forms.folded.length <= SLANG_MAX ? SLANG.get(forms.folded) : undefined;
  // Spelled out: a spread ({ ...forms }) gave entries slow dictionary-mode properties.
  const { lower, folded, stretched, caps } = forms;
  return { lower, folded, stretched, caps, key, family, slang };
}

// Tokens spelled out field by field, not spread ({ ...source }): V8 gave spread copies slow
// dictionary-mode properties, and every later stage reads these objects.
function expansion(source: Token, words: readonly string[]): Token[] {
  const { start, end, text, stretched, caps } = source;
  return words.map((w) => ({
    kind: w.endsWith("'") ? ('elision' as const) : ('word' as const),
    start,
    end,
    text,
    lower: w,
    folded: fold(w),
    stretched,
    caps,
    slang: true,
  }));
}

/**
 * Tokens of `text`, in order, with offsets into `text`. `src` is prepare(text), for callers
 * that already have it; `_flat` (flatten(src)) is no longer needed and kept for callers.
 */
export function tokenize(text: string, src = prepare(text), _flat?: string): Token[] {
  const known = recall(text);
  if (known) return known;
  const out: Token[] = [];
  // Once per text: comparing two long strings per token made tokenising quadratic.
  const same = text === src;
  // token-scan.ts reads the alternatives the regex of earlier versions matched, faster,
  // into typed arrays: one loop here builds the tokens, with no callback per token.
  const count = scanTokens(src);
  const kinds = scanned.kind;
  const starts = scanned.start;
  const ends = scanned.end;
  const units = scanned.units;
  if (!same) textUnits = unitsOf(text, textUnits);
  let bareC = false;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    const start = starts[i]!;
    const end = ends[i]!;
    // Forms come from the prepared text: straight apostrophes ("c’" → "c'").
    const e = entryAt(kind, src, units, start, end);
    const tok: Token = {
      kind: KIND_NAMES[kind]!,
      start,
      end,
      // Keep the original characters (curly apostrophes and all) as the token's text.
      text: same || sameUnits(units, textUnits, start, end) ? e.key : text.slice(start, end),
      lower: e.lower,
      folded: e.folded,
      stretched: e.stretched,
      caps: e.caps,
      slang: false,
    };
    if (e.slang === undefined) out.push(tok);
    else for (const x of expansion(tok, e.slang)) out.push(x);
    if (end - start === 1 && units[start] === 99 && kind === WORD) bareC = true;
  }
  if (bareC) expandBareC(out);
  remember(text, out);
  return out;
}

// The last texts tokenised. analyse() reads a titled post three times: body, title, then
// "title\n body" for the models; the third is the first two joined, offsets shifted.
const RECENT = 4;
const recent: { text: string; tokens: Token[] }[] = [];

function remember(text: string, tokens: Token[]): void {
  recent.unshift({ text, tokens });
  if (recent.length > RECENT) recent.pop();
}

const shifted = (tokens: readonly Token[], by: number): Token[] =>
  tokens.map((t) => ({
    kind: t.kind,
    start: t.start + by,
    end: t.end + by,
    text: t.text,
    lower: t.lower,
    folded: t.folded,
    stretched: t.stretched,
    caps: t.caps,
    slang: t.slang,
  }));

/**
 * Tokens of `text` when it is a recent text, or two recent texts joined by a line break (a
 * copy: callers own their tokens). The scanner cannot match across "\n" and reads it as it
 * reads a text's edge; only "c" + word ("c nul") pairs tokens across it, so a first part
 * that ends in "c" is tokenised afresh.
 */
function recall(text: string): Token[] | null {
  for (const a of recent) {
    if (a.text === text) return shifted(a.tokens, 0);
    const head = a.text.length;
    if (text.length <= head || text.charCodeAt(head) !== 10 || !text.startsWith(a.text)) continue;
    const last = a.tokens[a.tokens.length - 1];
    if (last && last.text === 'c') return null;
    for (const b of recent) {
      if (text.length === head + 1 + b.text.length && text.endsWith(b.text)) {
        return [...shifted(a.tokens, 0), ...shifted(b.tokens, head + 1)];
      }
    }
  }
  return null;
}

// Internet French writes "c'est" as a bare "c" ("c nul", "c trop bien"). A lone lower-case
// "c" followed by a word is that, never the letter.
function expandBareC(tokens: Token[]): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'word' && t.text === 'c' && tokens[i + 1]!.kind === 'word') {
      tokens.splice(i, 1, ...expansion(t, ["c'", 'est']));
    }
  }
}
