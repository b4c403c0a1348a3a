// Text → sparse hashed features for the statistical sentiment model (model.ts).
// Pure and fast: no I/O; the same text always gives the same vector. Speed (issue 4): keys are
// hashed from char codes, never built as strings, and counted by hashed-counts.ts, which
// keeps every float sum in the order of the Map-based version the models were trained with:
// vectors are equal bit for bit (test/nlp/golden.test.ts keeps that version as reference).
//
// Blocks, each L2-normalised on its own so that a long film review and a tweet weigh alike
// and the (many) character n-grams do not drown the words:
//   - words: unigrams and bigrams on a French-aware tokenisation, with negation marking;
//   - chars: character 3–5-grams inside each word (robust to typos, "trooop", inflections);
//   - dense: length, "!" and "?" counts, CAPS ratio, and the lexicon's features when given.

import { CHAR_TAG, finishCounts, HASH_SIZE, type Hashed, count as touch } from './hashed-counts.ts';

export { HASH_BITS, HASH_SIZE } from './hashed-counts.ts';
/** Number of dense extras computed here (lexicon features come after them). */
export const BASE_DENSE = 4;

export interface FeatureOptions {
  /** Weight of the word block (unigrams + bigrams) after its normalisation. */
  wordWeight: number;
  /** Weight of the character n-gram block after its normalisation. */
  charWeight: number;
  /** Shortest and longest character n-gram. */
  charMin: number;
  charMax: number;
  /** Weight of the dense extras. */
  denseWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  wordWeight: 1,
  charWeight: 0.5,
  charMin: 3,
  charMax: 5,
  denseWeight: 1,
};

/**
 * Hook for the lexicon-based analysis: dense features (e.g. counts of positive and negative
 * lexicon hits) appended after the base extras. Absent when src/nlp/sentiment.ts does not
 * export `lexiconFeatures`; the model header records how many it was trained with.
 */
export type LexiconFeatures = (text: string) => number[];

/** A sparse vector: parallel arrays, indices strictly increasing. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state `h` continued over the UTF-16 code units of `s`. */
function feed(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and runs. */
export function fnv1a(s: string): number {
  return feed(FNV_OFFSET, s) >>> 0;
}

// Elided articles and pronouns that French glues to the next word: l'enfer, j'ai, qu'il,
// jusqu'au. Split so that "enfer" is the same token in "l'enfer" and "un enfer".
const ELISION = /^(?:l|d|j|m|t|s|c|n|qu|jusqu|lorsqu|puisqu|quoiqu)'$/;

// Words that open a negation scope. "plus" is ambiguous ("plus de débit" = more), kept because
// "ne … plus" ("ça ne marche plus") is the commonest complaint form; "n'" is elided "ne".
const NEGATORS = new Set(['ne', "n'", 'pas', 'jamais', 'plus', 'rien', 'aucun', 'aucune', 'sans']);

// One regex pass: URLs, mentions, hashtags, words (with an elided apostrophe kept on the
// word it belongs to), smileys, emoji, and the punctuation that closes a negation scope.
const TOKEN =
  /https?:\/\/\S+|www\.\S+|@[\p{L}\p{N}_]+|#?[\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*'?|[:;=]-?[()DPp/]|\p{Extended_Pictographic}|[.!?;:,…()"«»[\]]/gu;
// The punctuation tokens: one code unit each (a Set beats a regex test per token).
const PUNCT = new Set('.!?;:,…()"«»[]');
const isPunct = (t: string) => t.length === 1 && PUNCT.has(t);
// Code units from which NFC may change a string: below U+0300 every string is already NFC
// (checked over all pairs), and ICU's normalize() costs more than this scan.
const MAYBE_NOT_NFC = /[\u0300-\uffff]/;

/** Lowercase, NFC, typographic apostrophe → ', so that every source spells words alike. */
export function normalise(text: string): string {
  const nfc = MAYBE_NOT_NFC.test(text) ? text.normalize('NFC') : text;
  return nfc.replace(/[’‘`´]/g, "'").toLowerCase();
}

/**
 * French-aware tokens: lowercased, elisions split ("l'" "enfer"), URLs → "<url>",
 * mentions → "<user>", hashtags without "#", and punctuation kept as tokens.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const norm = normalise(text);
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(norm); m !== null; m = TOKEN.exec(norm)) {
    let t = m[0];
    if (t.startsWith('http') || t.startsWith('www.')) t = '<url>';
    else if (t.startsWith('@')) t = '<user>';
    else if (t.startsWith('#')) t = t.slice(1);
    if (t.endsWith("'") && !ELISION.test(t)) t = t.slice(0, -1);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Marks negated tokens: after ne/n'/pas/jamais/plus/rien/aucun/sans, every word up to the
 * next punctuation gets a NEG_ prefix ("pas bon" → "pas NEG_bon"), so that the model can
 * learn that "bon" and "NEG_bon" pull in opposite directions.
 */
export function markNegation(tokens: readonly string[]): string[] {
  const out: string[] = [];
  const negated = negationFlags(tokens);
  for (let i = 0; i < tokens.length; i++) out.push(negated[i] ? `NEG_${tokens[i]}` : tokens[i]!);
  return out;
}

/** 1 where markNegation() prefixes the token with NEG_. */
function negationFlags(tokens: readonly string[]): Uint8Array {
  const flags = new Uint8Array(tokens.length);
  let negated = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t)) negated = false;
    else if (NEGATORS.has(t)) negated = true;
    else if (negated) flags[i] = 1;
  }
  return flags;
}

/** The dense extras: each in [0, 1], so that none dominates the hashed block. */
export function denseExtras(text: string): number[] {
  let letters = 0;
  let caps = 0;
  let excl = 0;
  let quest = 0;
  // Per code point, as `for (const ch of text)` would, with the case tests memoised.
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      i++;
      if (c === 0x21) excl++;
      else if (c === 0x3f) quest++;
      else if (c >= 0x61 && c <= 0x7a) letters++;
      else if (c >= 0x41 && c <= 0x5a) {
        letters++;
        caps++;
      }
      continue;
    }
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    let kind = cp <= 0xffff ? CASE_KIND[cp]! : 0;
    if (kind === 0) {
      kind = caseKind(cp);
      if (cp <= 0xffff) CASE_KIND[cp] = kind;
    }
    if (kind !== NOT_A_LETTER) {
      letters++;
      if (kind === UPPER) caps++;
    }
  }
  return [
    Math.min(1, Math.log1p(text.length) / 8),
    Math.min(excl, 5) / 5,
    Math.min(quest, 5) / 5,
    // A ratio on two letters says nothing: "OK" is not shouting.
    letters >= 4 ? caps / letters : 0,
  ];
}

// Case kind of a BMP code point, 0 = not computed yet.
const NOT_A_LETTER = 1;
const LOWER = 2;
const UPPER = 3;
const CASE_KIND = new Uint8Array(0x10000);

function caseKind(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (ch.toLowerCase() === ch.toUpperCase()) return NOT_A_LETTER;
  return ch === ch.toUpperCase() ? UPPER : LOWER;
}

/** Number of features of a model: hashed buckets, base extras and lexicon features. */
export function featureDim(lexiconCount: number): number {
  return HASH_SIZE + BASE_DENSE + lexiconCount;
}

// FNV states after the key prefixes, so that a key is hashed without being built.
const H_WORD = feed(FNV_OFFSET, 'w ');
const H_WORD_NEG = feed(H_WORD, 'NEG_');
const H_BIGRAM = feed(FNV_OFFSET, 'b ');
const H_CHAR = feed(FNV_OFFSET, 'c ');
const H_BIGRAM_NEG = feed(H_BIGRAM, 'NEG_');
const H_START = feed(H_BIGRAM, '<s>');
const MASK = HASH_SIZE - 1;

// Scratch for one token: its code units and the hashes of its n-grams by length.
let units = new Int32Array(256);
let grams = new Int32Array(1024);

// The sentiment and complaint models read the same text with the same options, one after
// the other (analyse.ts): the last hashed block is kept for the second.
let last: { text: string; options: FeatureOptions; hashed: Hashed } | null = null;

const sameOptions = (a: FeatureOptions, b: FeatureOptions) =>
  a === b ||
  (a.wordWeight === b.wordWeight &&
    a.charWeight === b.charWeight &&
    a.charMin === b.charMin &&
    a.charMax === b.charMax);

function hashText(text: string, options: FeatureOptions): Hashed {
  const tokens = tokenize(text);
  const negated = negationFlags(tokens);
  const { charMin, charMax } = options;
  // The previous token's bigram state: FNV over "b <prev>", before " <token>".
  let prev = H_START;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const neg = negated[i] === 1;
    touch(feed(neg ? H_WORD_NEG : H_WORD, t) & MASK);
    const afterSpace = Math.imul(prev ^ 0x20, FNV_PRIME);
    touch(feed(neg ? feed(afterSpace, 'NEG_') : afterSpace, t) & MASK);
    prev = feed(neg ? H_BIGRAM_NEG : H_BIGRAM, t);
    if (isPunct(t) || t.startsWith('<')) continue;
    // "<" + token + ">", as code units.
    const L = t.length + 2;
    if (units.length < L) units = new Int32Array(L * 2);
    const u = units;
    u[0] = 0x3c;
    for (let j = 0; j < t.length; j++) u[j + 1] = t.charCodeAt(j);
    u[L - 1] = 0x3e;
    if (charMin < 1) {
      // Degenerate options: keep the exact meaning of slice() with such bounds.
      const w = `<${t}>`;
      for (let n = charMin; n <= charMax; n++) {
        for (let s = 0; s + n <= L; s++) touch((feed(H_CHAR, w.slice(s, s + n)) & MASK) | CHAR_TAG);
      }
      continue;
    }
    // One FNV run per start gives the hashes of all its lengths; they are counted after, n by
    // n, in the order the n-grams were counted when they were strings.
    const span = charMax - charMin + 1;
    if (span <= 0) continue;
    if (grams.length < span * L) grams = new Int32Array(span * L * 2);
    const g = grams;
    for (let s = 0; s + charMin <= L; s++) {
      let h = H_CHAR;
      const end = Math.min(L, s + charMax);
      for (let j = s; j < end; j++) {
        h = Math.imul(h ^ u[j]!, FNV_PRIME);
        const n = j - s + 1;
        if (n >= charMin) g[(n - charMin) * L + s] = h;
      }
    }
    for (let n = charMin; n <= charMax; n++) {
      const row = (n - charMin) * L;
      for (let s = 0; s + n <= L; s++) touch((g[row + s]! & MASK) | CHAR_TAG);
    }
  }
  touch(feed(Math.imul(prev ^ 0x20, FNV_PRIME), '</s>') & MASK);

  return finishCounts(options.wordWeight, options.charWeight);
}

/** Text → sparse feature vector (indices < featureDim(lexicon features' length)). */
export function extractFeatures(
  text: string,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  lexicon?: LexiconFeatures,
): SparseVector {
  let hashed: Hashed;
  if (last && last.text === text && sameOptions(last.options, options)) hashed = last.hashed;
  else {
    hashed = hashText(text, options);
    last = { text, options: { ...options }, hashed };
  }
  const dense = denseExtras(text);
  if (lexicon) dense.push(...lexicon(text));
  let nonZero = 0;
  for (const v of dense) if (v !== 0) nonZero++;
  const size = hashed.indices.length + nonZero;
  const indices = new Uint32Array(size);
  const values = new Float32Array(size);
  indices.set(hashed.indices);
  values.set(hashed.values);
  // The dense extras sit after every hashed bucket: appending keeps the indices sorted.
  let k = hashed.indices.length;
  for (let j = 0; j < dense.length; j++) {
    const v = dense[j]!;
    if (v === 0) continue;
    indices[k] = HASH_SIZE + j;
    values[k++] = v * options.denseWeight;
  }
  return { indices, values };
}
