// A post's tokens → sparse hashed features for the linear models (linear.ts). Pure: the same
// tokens give the same vector.
//
// Blocks, each normalised on its own (sublinear counts, unit L2 norm, then the block's
// weight) so that a long blog post and a tweet weigh alike and the many character n-grams do
// not drown the words:
//   - words: unigrams and bigrams of the folded tokens, with French negation marked (after
//     ne/n'/pas/jamais/plus/rien/aucun/sans, words up to the next punctuation get "NEG_");
//   - chars: character 4-grams inside each word (robust to typos, "trooop", inflections);
//   - dense: appended after the hashed block, each in [−1, 1] (dense.ts names them).
import { HASHES_SLOT, type Token, type Word } from '../tokens/tokenize.ts';

/**
 * Hashed feature space: 2^20 buckets (FNV-1a modulo 2^20), then the dense features. Against
 * 2^18, fewer n-grams share a bucket: in one run of the same recipe, Allociné films/series
 * 0.899/0.898 → 0.906/0.904, DEFT 2017 5-fold macro-F1 (3 fold draws) 0.5934 → 0.5970 mean,
 * dev posts sentiment macro-F1 (model alone) 0.836 → 0.845. 2^21 gained ≤ 0.003 more for
 * twice the memory.
 */
export const HASH_BITS = 20;
export const HASH_SIZE = 1 << HASH_BITS;

export interface FeatureOptions {
  /** Weight of the word block (unigrams + bigrams) after its normalisation. */
  wordWeight: number;
  /** Weight of the character n-gram block after its normalisation. */
  charWeight: number;
  /** Shortest and longest character n-gram. */
  charMin: number;
  charMax: number;
  /** Weight of the dense features. */
  denseWeight: number;
}

/**
 * Character 4-grams alone: on the dev posts (leave-one-writer-out) they beat 3–5-grams
 * (complaint F1 0.914 vs 0.898, sentiment macro-F1 0.849 vs 0.819) with a third of the
 * features, which also makes the analysis faster.
 */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  wordWeight: 1,
  charWeight: 0.5,
  charMin: 4,
  charMax: 4,
  denseWeight: 1,
};

/** A sparse vector: parallel arrays of distinct indices and their values. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and runs. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Words that open a negation scope for the models. "plus" is ambiguous ("plus de débit" =
// more), kept because "ne … plus" ("ça ne marche plus") is the commonest complaint form.
const NEGATORS = new Set(['ne', "n'", 'pas', 'jamais', 'plus', 'rien', 'aucun', 'aucune', 'sans']);
const SCOPE_END = new Set(['.', '!', '?', ',', ';', ':', '…', '(', ')', '"', '«', '»']);

/** The model's word for a token: its folded form, links and users as placeholders. */
function wordOf(t: Token): string | null {
  switch (t.kind) {
    case 'url':
      return '<url>';
    case 'handle':
      return '<user>';
    case 'hashtag':
      return t.folded.slice(1);
    case 'punct':
      return SCOPE_END.has(t.text[0]!) ? t.text[0]! : null;
    case 'number':
      return '<num>';
    default:
      return t.folded;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state `h` continued over the units of `s`. */
function fnvMore(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

// The hashes of the feature keys "w <word>", "b <prev> <word>", "c <gram>" are FNV-1a over
// the keys' units: computed from the states after their constant prefixes, without building
// the key strings (a post holds thousands of character n-grams).
const W_STATE = fnvMore(FNV_OFFSET, 'w ');
const B_STATE = fnvMore(FNV_OFFSET, 'b ');
const C_STATE = fnvMore(FNV_OFFSET, 'c ');
const SPACE = 32;
const LT = 60; // '<'
const GT = 62; // '>'
const NEG_PREFIX = 'NEG_';
/** The state after "b <s> ": the first bigram of each part. */
const START_OPENS = Math.imul(fnvMore(B_STATE, '<s>') ^ SPACE, FNV_PRIME);

/**
 * One block's counts: the buckets a post touches, in order of first use, each with its count,
 * in a small open-addressing table (slot = bucket number mixed, linear probing) that grows
 * with the post. A post fills a few thousand of the 2^20 buckets at random: counting them in
 * an array of 2^18 made nearly every add a cache miss, and hashedBlock ~5× slower (measured
 * on 1 KB posts, bench/analyse.bench.ts).
 */
class Block {
  /** Slot → bucket + 1 (0: empty). */
  private slots = new Int32Array(4096);
  /** Slot → the bucket's position in `touched`. */
  private at = new Int32Array(4096);
  touched = new Uint32Array(2048);
  /** Count, then sublinear count (1 + ln c), of each touched bucket, by order of first use. */
  values = new Float64Array(2048);
  size = 0;

  add(hash: number): void {
    const bucket = hash & (HASH_SIZE - 1);
    const mask = this.slots.length - 1;
    let s = (Math.imul(bucket, 0x9e3779b1) >>> 20) & mask;
    while (this.slots[s] !== 0 && this.slots[s] !== bucket + 1) s = (s + 1) & mask;
    if (this.slots[s] === 0) {
      if (this.size * 2 >= this.slots.length) {
        this.grow();
        this.add(hash);
        return;
      }
      this.slots[s] = bucket + 1;
      this.at[s] = this.size;
      this.touched[this.size] = bucket;
      this.values[this.size++] = 0;
    }
    this.values[this.at[s]!]! += 1;
  }

  /** Twice the slots (and room to touch as many buckets), the touched buckets re-slotted. */
  private grow(): void {
    const n = this.slots.length * 2;
    this.slots = new Int32Array(n);
    this.at = new Int32Array(n);
    const touched = new Uint32Array(n);
    touched.set(this.touched.subarray(0, this.size));
    const values = new Float64Array(n);
    values.set(this.values.subarray(0, this.size));
    this.touched = touched;
    this.values = values;
    for (let k = 0; k < this.size; k++) {
      let s = (Math.imul(this.touched[k]!, 0x9e3779b1) >>> 20) & (n - 1);
      while (this.slots[s] !== 0) s = (s + 1) & (n - 1);
      this.slots[s] = this.touched[k]! + 1;
      this.at[s] = k;
    }
  }

  /** Whether bucket `b` was touched, and where in `touched` (−1: not). */
  find(bucket: number): number {
    const mask = this.slots.length - 1;
    let s = (Math.imul(bucket, 0x9e3779b1) >>> 20) & mask;
    while (this.slots[s] !== 0) {
      if (this.slots[s] === bucket + 1) return this.at[s]!;
      s = (s + 1) & mask;
    }
    return -1;
  }

  /** Sublinear counts in place; returns the scale to unit L2 norm × `weight`. */
  finish(weight: number): number {
    let norm = 0;
    for (let k = 0; k < this.size; k++) {
      // Most buckets are touched once, and ln 1 = 0 exactly: the log only where it counts.
      const c = this.values[k]!;
      const v = c === 1 ? 1 : 1 + Math.log(c);
      this.values[k] = v;
      norm += v * v;
    }
    return norm === 0 ? 0 : weight / Math.sqrt(norm);
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }
}

/**
 * What hashedBlock() needs of one word (or placeholder, or punctuation mark), whatever its
 * place in a post: the hashes of its keys, or the FNV states they continue from.
 */
interface WordHashes {
  /** "w <word>" and "w NEG_<word>". */
  unigram: number;
  negUnigram: number;
  /** The states after "b <word> " and "b NEG_<word> ": the bigrams it opens as `prev`. */
  opens: number;
  negOpens: number;
  /** It opens a negation scope (NEGATORS). */
  negator: boolean;
  /** "c <gram>" for the character n-grams of "<word>", in order (used for word tokens). */
  grams: Int32Array;
}

function hashesOf(w: string, options: FeatureOptions): WordHashes {
  const grams: number[] = [];
  const padded = w.length + 2;
  for (let n = options.charMin; n <= options.charMax; n++) {
    for (let i = 0; i + n <= padded; i++) {
      let h = C_STATE;
      for (let k = i; k < i + n; k++) {
        const unit = k === 0 ? LT : k === padded - 1 ? GT : w.charCodeAt(k - 1);
        h = Math.imul(h ^ unit, FNV_PRIME);
      }
      grams.push(h);
    }
  }
  return {
    unigram: fnvMore(W_STATE, w),
    negUnigram: fnvMore(fnvMore(W_STATE, NEG_PREFIX), w),
    opens: Math.imul(fnvMore(B_STATE, w) ^ SPACE, FNV_PRIME),
    negOpens: Math.imul(fnvMore(fnvMore(B_STATE, NEG_PREFIX), w) ^ SPACE, FNV_PRIME),
    negator: NEGATORS.has(w),
    grams: Int32Array.from(grams),
  };
}

/** Distinct words whose hashes are remembered before the memo starts afresh. */
const HASHES_LIMIT = 50_000;

/**
 * The buffers a feature extraction fills, reused from post to post, and the hashes of the
 * words seen so far. One per analyser (analyzer.ts), never shared between threads.
 */
export class FeatureBuffers {
  readonly words = new Block();
  readonly chars = new Block();
  private readonly memo = new Map<string, WordHashes>();
  private charMin = -1;
  private charMax = -1;
  /** Stands for the n-gram sizes the hashes are of: what a Word keeps them with. */
  private sizes = {};

  /** hashes() of a token's word, kept on its record (tokenize.ts: Word). */
  hashesOf(word: Word, options: FeatureOptions): WordHashes {
    if (options.charMin === this.charMin && options.charMax === this.charMax) {
      const kept = word.kept(HASHES_SLOT, this.sizes) as WordHashes | undefined;
      if (kept !== undefined) return kept;
    }
    const h = this.hashes(word.folded, options);
    word.keep(HASHES_SLOT, this.sizes, h);
    return h;
  }

  /**
   * The hashes of `w` under `options`: most words of a post recur across posts, and hashing
   * their keys unit by unit was most of hashedBlock()'s time (with the log below, hashedBlock
   * ~30 → ~20 µs a 1 KB post, analyse ~4,500 → ~4,750 posts/s). A word's hashes depend only
   * on it and the n-gram sizes, so the memo changes no result (test/nlp/model/model.test.ts).
   */
  hashes(w: string, options: FeatureOptions): WordHashes {
    if (options.charMin !== this.charMin || options.charMax !== this.charMax) {
      this.memo.clear();
      this.charMin = options.charMin;
      this.charMax = options.charMax;
      this.sizes = {};
    }
    let h = this.memo.get(w);
    if (h === undefined) {
      h = hashesOf(w, options);
      if (this.memo.size >= HASHES_LIMIT) this.memo.clear();
      this.memo.set(w, h);
    }
    return h;
  }
}

/**
 * The hashed block of a post: its texts' tokens (a title's, then its body's: each part starts
 * a new bigram chain), normalised per block, as a sparse vector. Both models read the same
 * block; each appends its own dense features (withDense).
 */
export function hashedBlock(
  parts: readonly (readonly Token[])[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  buffers: FeatureBuffers = new FeatureBuffers(),
): SparseVector {
  const { words, chars } = buffers;
  for (const tokens of parts) {
    // The state after "b <prev> ": the bigram key's prefix for the next word.
    let opens = START_OPENS;
    let negated = false;
    for (const t of tokens) {
      const w = wordOf(t);
      if (w === null) continue;
      // A word's hashes are kept on its record (Word): no look-up by its characters.
      const h = w === t.folded ? buffers.hashesOf(t.word, options) : buffers.hashes(w, options);
      if (t.kind === 'punct') {
        negated = false;
        words.add(fnvMore(opens, w));
        opens = h.opens;
        continue;
      }
      if (negated) {
        words.add(h.negUnigram);
        words.add(fnvMore(fnvMore(opens, NEG_PREFIX), w));
        opens = h.negOpens;
      } else {
        words.add(h.unigram);
        words.add(fnvMore(opens, w));
        opens = h.opens;
      }
      if (h.negator) negated = true;
      if (t.kind !== 'word' || w.length < 2) continue;
      const grams = h.grams;
      for (let g = 0; g < grams.length; g++) chars.add(grams[g]!);
    }
    words.add(fnvMore(opens, '</s>'));
  }
  const wordScale = words.finish(options.wordWeight);
  const charScale = chars.finish(options.charWeight);
  // The union of both blocks' buckets, in order of first use (no sort: a typed-array sort of
  // a post's few thousand buckets cost more than all the hashing). A bucket of both blocks
  // (a rare collision) is summed: its char part is added where the char block meets it.
  const indices = new Uint32Array(words.size + chars.size);
  const values = new Float32Array(indices.length);
  for (let k = 0; k < words.size; k++) {
    indices[k] = words.touched[k]!;
    values[k] = words.values[k]! * wordScale;
  }
  let n = words.size;
  for (let k = 0; k < chars.size; k++) {
    const i = chars.touched[k]!;
    const v = chars.values[k]! * charScale;
    const inWords = words.find(i);
    if (inWords < 0) {
      indices[n] = i;
      values[n++] = v;
    } else values[inWords]! += v;
  }
  words.clear();
  chars.clear();
  return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
}

/** A hashed block and dense features as one sparse vector (dense indices follow the block's). */
export function withDense(
  block: SparseVector,
  dense: readonly number[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): SparseVector {
  const n = block.indices.length;
  const indices = new Uint32Array(n + dense.length);
  const values = new Float32Array(n + dense.length);
  indices.set(block.indices);
  values.set(block.values);
  let m = n;
  for (const [j, v] of dense.entries()) {
    if (v === 0) continue;
    indices[m] = HASH_SIZE + j;
    values[m++] = v * options.denseWeight;
  }
  return { indices: indices.subarray(0, m), values: values.subarray(0, m) };
}
