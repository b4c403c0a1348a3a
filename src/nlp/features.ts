// Text → sparse hashed features for the statistical sentiment model (model.ts).
// Pure and fast: no I/O, no global state; the same text always gives the same vector.
//
// Blocks, each L2-normalised on its own so that a long film review and a tweet weigh alike
// and the (many) character n-grams do not drown the words:
//   - words: unigrams and bigrams on a French-aware tokenisation, with negation marking;
//   - chars: character 3–5-grams inside each word (robust to typos, "trooop", inflections);
//   - dense: length, "!" and "?" counts, CAPS ratio, and the lexicon's features when given.

/** Hashed feature space: 2^18 buckets (FNV-1a modulo 2^18), then the dense extras. */
export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
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

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and runs. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
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
const PUNCT = /^[.!?;:,…()"«»[\]]$/;

/** Lowercase, NFC, typographic apostrophe → ', so that every source spells words alike. */
export function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

/**
 * French-aware tokens: lowercased, elisions split ("l'" "enfer"), URLs → "<url>",
 * mentions → "<user>", hashtags without "#", and punctuation kept as tokens.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of normalise(text).matchAll(TOKEN)) {
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
  let negated = false;
  for (const t of tokens) {
    if (PUNCT.test(t)) {
      negated = false;
      out.push(t);
    } else if (NEGATORS.has(t)) {
      negated = true;
      out.push(t);
    } else {
      out.push(negated ? `NEG_${t}` : t);
    }
  }
  return out;
}

function add(map: Map<number, number>, key: string, v = 1): void {
  const i = fnv1a(key) & (HASH_SIZE - 1);
  map.set(i, (map.get(i) ?? 0) + v);
}

// Sublinear term frequency then unit L2 norm, scaled by the block's weight.
function finishBlock(map: Map<number, number>, weight: number, into: Map<number, number>): void {
  let norm = 0;
  for (const [k, v] of map) {
    const s = 1 + Math.log(v);
    map.set(k, s);
    norm += s * s;
  }
  if (norm === 0) return;
  const scale = weight / Math.sqrt(norm);
  for (const [k, v] of map) into.set(k, (into.get(k) ?? 0) + v * scale);
}

/** The dense extras: each in [0, 1], so that none dominates the hashed block. */
export function denseExtras(text: string): number[] {
  let letters = 0;
  let caps = 0;
  let excl = 0;
  let quest = 0;
  for (const ch of text) {
    if (ch === '!') excl++;
    else if (ch === '?') quest++;
    else if (ch.toLowerCase() !== ch.toUpperCase()) {
      letters++;
      if (ch === ch.toUpperCase()) caps++;
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

/** Number of features of a model: hashed buckets, base extras and lexicon features. */
export function featureDim(lexiconCount: number): number {
  return HASH_SIZE + BASE_DENSE + lexiconCount;
}

/** Text → sparse feature vector (indices < featureDim(lexicon features' length)). */
export function extractFeatures(
  text: string,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  lexicon?: LexiconFeatures,
): SparseVector {
  const tokens = markNegation(tokenize(text));
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  let prev = '<s>';
  for (const t of tokens) {
    add(words, `w ${t}`);
    add(words, `b ${prev} ${t}`);
    prev = t;
    const bare = t.startsWith('NEG_') ? t.slice(4) : t;
    if (PUNCT.test(bare) || bare.startsWith('<')) continue;
    const w = `<${bare}>`;
    for (let n = options.charMin; n <= options.charMax; n++) {
      for (let i = 0; i + n <= w.length; i++) add(chars, `c ${w.slice(i, i + n)}`);
    }
  }
  add(words, `b ${prev} </s>`);

  const all = new Map<number, number>();
  finishBlock(words, options.wordWeight, all);
  finishBlock(chars, options.charWeight, all);
  const dense = denseExtras(text);
  if (lexicon) dense.push(...lexicon(text));
  for (const [j, v] of dense.entries()) {
    if (v !== 0) all.set(HASH_SIZE + j, v * options.denseWeight);
  }

  const indices = Uint32Array.from(all.keys()).sort();
  const values = new Float32Array(indices.length);
  for (const [k, i] of indices.entries()) values[k] = all.get(i)!;
  return { indices, values };
}
