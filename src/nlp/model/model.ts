// The statistical sentiment model: multinomial logistic regression (softmax) with L2, over
// the hashed features of features.ts, trained by AdaGrad with a seeded shuffle and a fixed
// number of epochs, so that the same data gives the same weights, byte for byte.
// The files on disk: model-file.ts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPLAINT_FEATURE_NAMES, complaintFeatures } from '../complaints/complaint-features.ts';
import { LEXICON_FEATURE_NAMES, lexiconFeatures } from '../sentiment/sentiment.ts';
import { type Token, tokenize } from '../tokens/tokens.ts';
// The lexicon's cues (src/nlp/sentiment/sentiment.ts) are appended as dense features: on held-out dev
// data they add ~1 point of accuracy on reviews and ~2.5 points of macro-F1 on tweets.
import { denseExtras, joinParts, type TextParts } from './dense-extras.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures,
  type FeatureOptions,
  featureDim,
  type LexiconFeatures,
  type SparseVector,
} from './features.ts';
import { readLinear } from './model-file.ts';
import { prng, shuffleInPlace } from './random.ts';
import { scoreTogether, scoreTokens } from './token-scores.ts';

export {
  MODEL_FORMAT,
  type ModelHeader,
  readLinear,
  saveModel,
  serialiseModel,
} from './model-file.ts';
export { prng, shuffleInPlace, stratifiedFolds } from './random.ts';

export const DEFAULT_MODEL_PATH = fileURLToPath(
  new URL('../../../data/model/sentiment.json', import.meta.url),
);

export interface TrainExample {
  text: string;
  /** Target distribution over the classes (one-hot, or soft for "mixed": 0.5/0.5). */
  target: Record<string, number>;
}

export interface TrainOptions {
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 strength, applied lazily to the weights an example touches. */
  l2: number;
  seed: number;
  /** Weight examples by inverse class frequency, which is what macro-F1 rewards. */
  balance: boolean;
  /** Append lexiconFeatures() (names in LEXICON_FEATURE_NAMES) to the hashed features. */
  lexicon: boolean;
  features: FeatureOptions;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10,
  learningRate: 0.1,
  l2: 1e-5,
  seed: 20_170_205,
  balance: true,
  lexicon: true,
  features: DEFAULT_FEATURE_OPTIONS,
};

export interface LinearModel {
  classes: string[];
  dim: number;
  /** Row-major dim × classes. */
  weights: Float32Array;
  bias: Float32Array;
  lexiconCount: number;
  options: TrainOptions;
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
}

function scores(
  x: SparseVector,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  k: number,
  out: Float64Array,
): void {
  for (let c = 0; c < k; c++) out[c] = b[c]!;
  for (let n = 0; n < x.indices.length; n++) {
    const row = x.indices[n]! * k;
    const v = x.values[n]!;
    for (let c = 0; c < k; c++) out[c]! += v * w[row + c]!;
  }
}

/** Trains a softmax regression; deterministic for given examples, classes and options. */
export function trainLinear(
  examples: readonly TrainExample[],
  classes: readonly string[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  dense?: LexiconFeatures,
): LinearModel {
  const lexicon = dense ?? lexiconFor(options);
  const K = classes.length;
  const lexiconCount = lexicon ? lexicon('').length : 0;
  const dim = featureDim(lexiconCount);
  const xs = examples.map((e) => extractFeatures(e.text, options.features, lexicon));
  const ts = examples.map((e) => Float64Array.from(classes, (c) => e.target[c] ?? 0));

  // Inverse-frequency weights, normalised so that the mean example weight stays 1.
  const mass = new Float64Array(K);
  for (const t of ts) for (let c = 0; c < K; c++) mass[c]! += t[c]!;
  const classWeight = Float64Array.from(mass, (m) =>
    options.balance && m > 0 ? examples.length / (K * m) : 1,
  );

  const w = new Float64Array(dim * K);
  const g2 = new Float64Array(dim * K);
  const b = new Float64Array(K);
  const gb2 = new Float64Array(K);
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  const eta = options.learningRate;
  const random = prng(options.seed);
  const order = examples.map((_, i) => i);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const x = xs[i]!;
      const t = ts[i]!;
      scores(x, w, b, K, z);
      softmaxInPlace(z);
      let ew = 0;
      for (let c = 0; c < K; c++) ew += t[c]! * classWeight[c]!;
      for (let c = 0; c < K; c++) grad[c] = (z[c]! - t[c]!) * ew;
      for (let c = 0; c < K; c++) {
        gb2[c]! += grad[c]! * grad[c]!;
        b[c]! -= (eta * grad[c]!) / (Math.sqrt(gb2[c]!) + 1e-8);
      }
      for (let n = 0; n < x.indices.length; n++) {
        const row = x.indices[n]! * K;
        const v = x.values[n]!;
        for (let c = 0; c < K; c++) {
          const j = row + c;
          const g = grad[c]! * v + options.l2 * w[j]!;
          g2[j]! += g * g;
          w[j]! -= (eta * g) / (Math.sqrt(g2[j]!) + 1e-8);
        }
      }
    }
  }
  return {
    classes: [...classes],
    dim,
    weights: Float32Array.from(w),
    bias: Float32Array.from(b),
    lexiconCount,
    options,
  };
}

function lexiconFor(options: TrainOptions): LexiconFeatures | undefined {
  return options.lexicon ? lexiconFeatures : undefined;
}

/**
 * Class probabilities, in the order of `model.classes`. `text`: a text, or a post's title and
 * body read as one text joined by a line break. `dense` replaces the default lexicon
 * features: another feature set (the complaint model's), or features already computed.
 * `tokens`: the text's tokens, when the caller already has them.
 */
export function predictProba(
  model: LinearModel,
  text: TextParts,
  dense?: LexiconFeatures,
  tokens: readonly Token[] = tokenize(joinParts(text)),
): number[] {
  const extra = dense ?? lexiconFor(model.options);
  const values = denseExtras(text);
  if (extra) values.push(...extra(joinParts(text)));
  const z = new Float64Array(model.classes.length);
  scoreTokens(model, tokens, values, z);
  softmaxInPlace(z);
  return Array.from(z);
}

/** Class scores of a sparse vector (extractFeatures), for tests and training checks. */
export function sparseScores(model: LinearModel, x: SparseVector): Float64Array {
  const z = new Float64Array(model.classes.length);
  scores(x, model.weights, model.bias, model.classes.length, z);
  return z;
}

/** The complaint classifier: P(complaint) of a text, from hashed n-grams and rule features. */
export interface ComplaintModel {
  version: string;
  /**
   * `dense`: complaintFeaturesOf() already computed by the caller (analyse.ts); `tokens`:
   * the text's tokens, when the caller has them.
   */
  probability(text: TextParts, dense?: number[], tokens?: readonly Token[]): number;
  linear: LinearModel;
}

export const COMPLAINT_MODEL_FILE = 'complaint.json';

export interface SentimentModel {
  /** The complaint classifier trained beside the sentiment model, when there is one. */
  complaint?: ComplaintModel;
  version: string;
  classes: string[];
  /**
   * Probabilities of the three sentiments (a class the model lacks gets 0). `dense`:
   * lexiconFeaturesOf() already computed by the caller, to skip a second lexicon pass;
   * `tokens`: the text's tokens, when the caller has them.
   */
  predict(
    text: TextParts,
    dense?: number[],
    tokens?: readonly Token[],
  ): { negative: number; neutral: number; positive: number };
  /** Probabilities in the order of `classes`. */
  proba(text: string): number[];
  linear: LinearModel;
}

export function wrapModel(linear: LinearModel, version: string): SentimentModel {
  const at = (name: string) => linear.classes.indexOf(name);
  const [neg, neu, pos] = [at('negative'), at('neutral'), at('positive')];
  return {
    version,
    classes: linear.classes,
    linear,
    proba: (text) => predictProba(linear, text),
    predict(text, dense, tokens) {
      const p = predictProba(linear, text, dense ? () => dense : undefined, tokens);
      return {
        negative: neg < 0 ? 0 : p[neg]!,
        neutral: neu < 0 ? 0 : p[neu]!,
        positive: pos < 0 ? 0 : p[pos]!,
      };
    },
  };
}

/**
 * Loads the trained sentiment model (about 3 MB of Float32 weights) and, when
 * complaint.json sits beside it, the complaint classifier (attached as `complaint`, so that
 * every caller that passes a model to analyse() gets both).
 */
export function loadModel(path: string = DEFAULT_MODEL_PATH): SentimentModel {
  const { linear, header } = readLinear(path, LEXICON_FEATURE_NAMES);
  const model = wrapModel(linear, header.version);
  const complaintPath = join(dirname(path), COMPLAINT_MODEL_FILE);
  if (existsSync(complaintPath)) {
    model.complaint = loadComplaintModel(complaintPath);
    scoreTogether([linear, model.complaint.linear]);
  }
  return model;
}

/** Loads the complaint classifier written by `npm run train` (data/model/complaint.json). */
export function loadComplaintModel(path: string): ComplaintModel {
  const { linear, header } = readLinear(path, COMPLAINT_FEATURE_NAMES, 'complaint model');
  return wrapComplaintModel(linear, header.version);
}

export function wrapComplaintModel(linear: LinearModel, version: string): ComplaintModel {
  const yes = linear.classes.indexOf('complaint');
  return {
    version,
    linear,
    probability(text, dense, tokens) {
      const p = predictProba(linear, text, dense ? () => dense : complaintFeatures, tokens);
      return p[yes]!;
    },
  };
}
