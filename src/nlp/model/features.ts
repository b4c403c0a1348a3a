// Tokens → sparse hashed features for the statistical models (model.ts). Pure: no I/O; the
// same tokens always give the same vector.
//
// The models read the tokens of tokens.ts (one tokenisation for the lexicon, the rules and the
// models) and their counts are linear, so that a text's score is a sum of per-token parts:
// token-scores.ts memoises each token's part per model and scores a post without building
// this vector. Blocks, each scaled on its own so that a long film review and a tweet weigh
// alike and the (many) character n-grams do not drown the words:
//   - words: unigrams and bigrams of the folded tokens, with negation marking;
//   - chars: character 3–5-grams inside each word (robust to typos, "trooop", inflections);
//   - dense: length, "!" and "?" counts, CAPS ratio, and the lexicon's features when given.
// A block's values are count × weight / √(occurrences in the block): for the distinct n-grams
// of a tweet that is the unit L2 norm, and it stays a sum over tokens for long posts.

import { type Token, tokenize as tokenizeText } from '../tokens/tokens.ts';
import { denseExtras } from './dense-extras.ts';

export { denseExtras } from './dense-extras.ts';

/** Hashed feature space: 2^18 buckets (FNV-1a modulo 2^18), then the dense extras. */
export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const MASK = HASH_SIZE - 1;
/** Number of dense extras computed here (lexicon features come after them). */
export const BASE_DENSE = 4;

export interface FeatureOptions {
  /** Weight of the word block (unigrams + bigrams) after its scaling. */
  wordWeight: number;
  /** Weight of the character n-gram block after its scaling. */
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

/** Dense features appended after the base extras (the lexicon's cues, or the complaint rules'). */
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

/**
 * The model's form of a token: folded (lower case, no accents, stretched letters collapsed,
 * slang expanded) so that "Déçu", "decu" and "DÉÇUUU" are one word; URLs and handles as
 * placeholders, hashtags as their word, punctuation and emoji as written.
 */
export function featureToken(t: Token): string {
  switch (t.kind) {
    case 'url':
      return '<url>';
    case 'handle':
      return '<user>';
    case 'hashtag':
      return t.folded.slice(1);
    case 'punct':
    case 'emoji':
    case 'emoticon':
      return t.text;
    default:
      return t.folded;
  }
}

// Words that open a negation scope. "plus" is ambiguous ("plus de débit" = more), kept because
// "ne … plus" ("ça ne marche plus") is the commonest complaint form; "n'" is elided "ne".
const NEGATORS: ReadonlySet<string> = new Set([
  'ne',
  "n'",
  'pas',
  'jamais',
  'plus',
  'rien',
  'aucun',
  'aucune',
  'sans',
]);
// The punctuation that closes a negation scope.
const CLOSERS: ReadonlySet<string> = new Set('.!?;:,…()"«»[]');

/** The part a token's form plays in a negation scope (token-scores.ts memoises it). */
export const NEGATOR = 1;
export const CLOSER = 2;
export function negationRole(form: string): number {
  return NEGATORS.has(form) ? NEGATOR : CLOSERS.has(form[0] ?? '') ? CLOSER : 0;
}

/** 1 where a token is negated: after ne/n'/pas/jamais/plus/rien/aucun/sans, up to punctuation. */
export function negationFlags(tokens: readonly Token[], forms: readonly string[]): Uint8Array {
  const flags = new Uint8Array(tokens.length);
  let negated = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A punctuation token's form is its text: only a closer ends the scope.
    const role = negationRole(forms[i]!);
    if (t.kind === 'punct') {
      if (role === CLOSER) negated = false;
    } else if (role === NEGATOR) negated = true;
    else if (negated) flags[i] = 1;
  }
  return flags;
}

/** Feature forms of a text's tokens, with NEG_ on negated ones ("pas bon" → "pas NEG_bon"). */
export function markNegation(text: string): string[] {
  const tokens = tokenizeText(text);
  const forms = tokens.map(featureToken);
  const flags = negationFlags(tokens, forms);
  return forms.map((f, i) => (flags[i] ? `NEG_${f}` : f));
}

/** Whether a token's characters make n-grams: words, numbers, tags, emoji; not URLs or marks. */
export const hasCharGrams = (t: Token) =>
  t.kind !== 'punct' && t.kind !== 'url' && t.kind !== 'handle';

const H_WORD = feed(FNV_OFFSET, 'w ');
const H_WORD_NEG = feed(H_WORD, 'NEG_');
const H_CHAR = feed(FNV_OFFSET, 'c ');
/** Unigram hashes of the sentence edges, for the first and last bigrams. */
export const H_START = feed(H_WORD, '<s>');
export const H_END = feed(H_WORD, '</s>');

/** Hash of a unigram (its bucket is `hash & (HASH_SIZE - 1)`). */
export const wordHash = (form: string, negated: boolean) =>
  feed(negated ? H_WORD_NEG : H_WORD, form);

/** Bucket of the bigram of two unigram hashes (murmur3's finaliser spreads them). */
export function bigramBucket(prev: number, cur: number): number {
  let h = Math.imul(prev ^ 0x5bd1e995, 0x9e3779b1) ^ cur;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK;
}

/** Buckets of the character n-grams of "<form>", lengths charMin..charMax, in that order. */
export function charBuckets(form: string, charMin: number, charMax: number): Int32Array {
  const w = `<${form}>`;
  const L = w.length;
  const lo = Math.max(1, charMin);
  let n = 0;
  for (let k = lo; k <= charMax; k++) n += Math.max(0, L - k + 1);
  const out = new Int32Array(n);
  let j = 0;
  for (let k = lo; k <= charMax; k++) {
    for (let s = 0; s + k <= L; s++) out[j++] = feed(H_CHAR, w.slice(s, s + k)) & MASK;
  }
  return out;
}

/** Number of features of a model: hashed buckets, base extras and lexicon features. */
export function featureDim(lexiconCount: number): number {
  return HASH_SIZE + BASE_DENSE + lexiconCount;
}

/**
 * Text → sparse feature vector (indices < featureDim(lexicon features' length)), for
 * training; token-scores.ts computes the same dot products token by token.
 */
export function extractFeatures(
  text: string,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  lexicon?: LexiconFeatures,
): SparseVector {
  const tokens = tokenizeText(text);
  const forms = tokens.map(featureToken);
  const flags = negationFlags(tokens, forms);
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  let prev = H_START;
  let nWords = 0;
  let nChars = 0;
  for (let i = 0; i < tokens.length; i++) {
    const h = wordHash(forms[i]!, flags[i] === 1);
    add(words, h & MASK);
    add(words, bigramBucket(prev, h));
    nWords += 2;
    prev = h;
    if (!hasCharGrams(tokens[i]!)) continue;
    for (const b of charBuckets(forms[i]!, options.charMin, options.charMax)) add(chars, b);
  }
  add(words, bigramBucket(prev, H_END));
  nWords++;
  for (const c of chars.values()) nChars += c;
  const all = new Map<number, number>();
  const wordScale = options.wordWeight / Math.sqrt(nWords);
  for (const [k, c] of words) all.set(k, c * wordScale);
  if (nChars > 0) {
    const charScale = options.charWeight / Math.sqrt(nChars);
    for (const [k, c] of chars) all.set(k, (all.get(k) ?? 0) + c * charScale);
  }
  const dense = denseExtras(text);
  if (lexicon) dense.push(...lexicon(text));
  for (let j = 0; j < dense.length; j++) {
    if (dense[j] !== 0) all.set(HASH_SIZE + j, dense[j]! * options.denseWeight);
  }
  const indices = Uint32Array.from(all.keys()).sort();
  const values = new Float32Array(indices.length);
  for (let n = 0; n < indices.length; n++) values[n] = all.get(indices[n]!)!;
  return { indices, values };
}
