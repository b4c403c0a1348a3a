// Linear models' class scores for a post, token by token: the features of features.ts are
// linear in the counts, so a post's dot product is the sum of each token's part (its unigram,
// negated or not, and its character n-grams) plus its bigrams, each block scaled by
// 1/√(occurrences). Equal, up to float rounding, to the dot product with extractFeatures()'s
// vector (test/nlp/token-scores.test.ts).
//
// Speed (issue 4): the time is memory, not arithmetic. Each token's parts, for every model
// scored together, sit side by side in one Float64Array pool, found by one Map look-up of the
// token's form (a small integer offset, no object per token); the models' weights are
// interleaved bucket by bucket, so that a bigram costs one cache line for all the models. The
// sentiment and complaint models of analyse() are scored in one pass.

import type { Token } from '../tokens/tokens.ts';
import {
  bigramBucket,
  CLOSER,
  charBuckets,
  type FeatureOptions,
  featureToken,
  H_END,
  H_START,
  HASH_SIZE,
  hasCharGrams,
  NEGATOR,
  negationRole,
  wordHash,
} from './features.ts';
import type { LinearModel } from './model.ts';

const MASK = HASH_SIZE - 1;
/** Token forms memoised per model set before the memo starts afresh. */
const MEMO_LIMIT = 100_000;

/** Models scored together: interleaved weights and the memo of token parts. */
interface Joint {
  models: readonly LinearModel[];
  /** Offset of each model's classes in a row. */
  offsets: number[];
  /** Classes of all models: a row of the interleaved weights. */
  width: number;
  weights: Float32Array;
  options: FeatureOptions;
  /** Form → offset of its parts in `pool` (forms with char n-grams and bare forms apart). */
  chars: Map<string, number>;
  bare: Map<string, number>;
  /**
   * Parts of each token: [unigram (width), negated unigram (width), char n-grams (width),
   * number of char n-grams, unigram hash, negated unigram hash, negation role].
   */
  pool: Float64Array;
  used: number;
  /** Times the memo started afresh: parts offsets kept on token forms before are stale. */
  clears: number;
  /** The tokens last scored, and their hashed sums per class (before scaling). */
  lastTokens: readonly Token[] | null;
  word: Float64Array;
  char: Float64Array;
  wordScale: number;
  charScale: number;
}

// The joint each model is scored in: its own, or the one scoreTogether() made for it.
const joints = new WeakMap<LinearModel, Joint>();

function makeJoint(models: readonly LinearModel[]): Joint {
  const offsets: number[] = [];
  let width = 0;
  for (const m of models) {
    offsets.push(width);
    width += m.classes.length;
  }
  const weights = new Float32Array(HASH_SIZE * width);
  for (const [k, m] of models.entries()) {
    const K = m.classes.length;
    for (let b = 0; b < HASH_SIZE; b++) {
      for (let c = 0; c < K; c++) weights[b * width + offsets[k]! + c] = m.weights[b * K + c]!;
    }
  }
  return {
    models: [...models],
    offsets,
    width,
    weights,
    options: models[0]!.options.features,
    chars: new Map(),
    bare: new Map(),
    pool: new Float64Array(1024 * (3 * width + 4)),
    used: 0,
    clears: 0,
    lastTokens: null,
    word: new Float64Array(width),
    char: new Float64Array(width),
    wordScale: 0,
    charScale: 0,
  };
}

const sameFeatures = (a: FeatureOptions, b: FeatureOptions) =>
  a.wordWeight === b.wordWeight &&
  a.charWeight === b.charWeight &&
  a.charMin === b.charMin &&
  a.charMax === b.charMax &&
  a.denseWeight === b.denseWeight;

/**
 * Scores these models in one pass from now on (loadModel() does it for the sentiment model
 * and its complaint classifier): the first one scored on a post's tokens scores them all,
 * the others reuse its sums for the same tokens array. Models with other feature options
 * keep their own.
 */
export function scoreTogether(models: readonly LinearModel[]): void {
  const options = models[0]!.options.features;
  if (models.some((m) => !sameFeatures(m.options.features, options))) return;
  const j = makeJoint(models);
  for (const m of models) joints.set(m, j);
}

/** Offset in the pool of the parts of `form`, computed on first sight. */
function partsOf(j: Joint, form: string, withChars: boolean): number {
  const table = withChars ? j.chars : j.bare;
  const hit = table.get(form);
  if (hit !== undefined) return hit;
  const W = j.width;
  const size = 3 * W + 4;
  if (j.chars.size + j.bare.size >= MEMO_LIMIT) {
    j.chars.clear();
    j.bare.clear();
    j.used = 0;
    j.clears++;
  }
  if (j.used + size > j.pool.length) {
    const grown = new Float64Array(j.pool.length * 2);
    grown.set(j.pool);
    j.pool = grown;
  }
  const at = j.used;
  j.used += size;
  const p = j.pool;
  const w = j.weights;
  const hu = wordHash(form, false);
  const hn = wordHash(form, true);
  for (let c = 0; c < W; c++) {
    p[at + c] = w[(hu & MASK) * W + c]!;
    p[at + W + c] = w[(hn & MASK) * W + c]!;
    p[at + 2 * W + c] = 0;
  }
  p[at + 3 * W] = 0;
  if (withChars) {
    const grams = charBuckets(form, j.options.charMin, j.options.charMax);
    for (const b of grams) for (let c = 0; c < W; c++) p[at + 2 * W + c]! += w[b * W + c]!;
    p[at + 3 * W] = grams.length;
  }
  p[at + 3 * W + 1] = hu;
  p[at + 3 * W + 2] = hn;
  p[at + 3 * W + 3] = negationRole(form);
  table.set(form, at);
  return at;
}

/**
 * partsOf() a token. A word's or an elision's feature form is its folded form, with character
 * n-grams: its offset is kept on the token's shared form (a field load, not a Map look-up).
 * Other kinds may share a form and differ ("4" a number or a mark; a mark's text may be a
 * curly apostrophe): they are looked up.
 */
function partsAt(j: Joint, t: Token): number {
  if (t.kind !== 'word' && t.kind !== 'elision')
    return partsOf(j, featureToken(t), hasCharGrams(t));
  const f = t.form;
  if (f.partsOwner === j && f.partsStamp === j.clears) return f.parts;
  const at = partsOf(j, f.folded, true);
  f.partsOwner = j;
  f.partsStamp = j.clears;
  f.parts = at;
  return at;
}

// Bigram rows of the post being summed (grown as needed).
let rows = new Int32Array(1024);

/** The hashed sums of `tokens` for every model of `j`, kept in `j` for the next model. */
function sumTokens(j: Joint, tokens: readonly Token[]): void {
  const W = j.width;
  const w = j.weights;
  const word = j.word.fill(0);
  const char = j.char.fill(0);
  if (rows.length < tokens.length + 1) rows = new Int32Array(2 * tokens.length + 2);
  let nChars = 0;
  let prev = H_START;
  let negating = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const at = partsAt(j, t);
    const p = j.pool;
    // The negation scope of features.ts negationFlags(), from the role memoised in the parts.
    const role = p[at + 3 * W + 3]!;
    let neg = false;
    if (t.kind === 'punct') {
      if (role === CLOSER) negating = false;
    } else if (role === NEGATOR) negating = true;
    else neg = negating;
    const h = p[at + 3 * W + (neg ? 2 : 1)]!;
    rows[i] = bigramBucket(prev, h) * W;
    prev = h;
    nChars += p[at + 3 * W]!;
    const uni = neg ? at + W : at;
    for (let c = 0; c < W; c++) {
      word[c]! += p[uni + c]!;
      char[c]! += p[at + 2 * W + c]!;
    }
  }
  const n = tokens.length + 1;
  rows[tokens.length] = bigramBucket(prev, H_END) * W;
  // The bigram weights in passes of their own, one class at a time: rows scattered over
  // megabytes of weights miss the caches, and a loop of independent loads into one scalar
  // sum lets the processor wait for many misses at once (summing into the class array per
  // row kept a few in flight). The later classes find the same rows in the first-level cache.
  for (let c = 0; c < W; c++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += w[rows[i]! + c]!;
    word[c]! += sum;
  }
  j.wordScale = j.options.wordWeight / Math.sqrt(2 * tokens.length + 1);
  j.charScale = nChars > 0 ? j.options.charWeight / Math.sqrt(nChars) : 0;
  j.lastTokens = tokens;
}

/**
 * Class scores (before softmax) of a post under `model`, from its tokens and its dense
 * features (base extras, then lexicon or complaint features), written to `out`.
 */
export function scoreTokens(
  model: LinearModel,
  tokens: readonly Token[],
  dense: readonly number[],
  out: Float64Array,
): void {
  let j = joints.get(model);
  if (!j) {
    j = makeJoint([model]);
    joints.set(model, j);
  }
  if (j.lastTokens !== tokens) sumTokens(j, tokens);
  const off = j.offsets[j.models.indexOf(model)]!;
  const K = model.classes.length;
  for (let c = 0; c < K; c++) {
    out[c] = model.bias[c]! + j.word[off + c]! * j.wordScale + j.char[off + c]! * j.charScale;
  }
  const dw = j.options.denseWeight;
  for (let d = 0; d < dense.length; d++) {
    const v = dense[d]!;
    if (v === 0) continue;
    const row = (HASH_SIZE + d) * K;
    for (let c = 0; c < K; c++) out[c]! += Math.fround(v * dw) * model.weights[row + c]!;
  }
}
