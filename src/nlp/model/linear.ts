// Multinomial logistic regression (softmax) with L2, over the sparse features of
// features.ts, trained by AdaGrad with a seeded shuffle and a fixed number of epochs, so that
// the same examples give the same weights, byte for byte.
import { type FeatureOptions, HASH_SIZE, type SparseVector } from './features.ts';
import { prng, shuffleInPlace } from './random.ts';

export interface TrainOptions {
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 strength, applied lazily to the weights an example touches. */
  l2: number;
  seed: number;
  /** Weight examples by inverse class frequency, which is what macro-F1 rewards. */
  balance: boolean;
  features: FeatureOptions;
}

export interface LinearModel {
  classes: string[];
  dim: number;
  /** Row-major dim × classes. */
  weights: Float32Array;
  bias: Float32Array;
  /** Names of the dense features after the hashed block, in order. */
  denseNames: string[];
  options: TrainOptions;
}

export interface Example {
  x: SparseVector;
  /** Target distribution over the classes (one-hot, or soft: 0.5/0.5). */
  target: Record<string, number>;
  /** How much the example counts (a domain's weight); 1 when absent. */
  weight?: number;
}

function softmaxInPlace(z: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
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
  w: Float64Array,
  b: Float64Array,
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

/** Class probabilities of `x`, in the order of `model.classes`. */
export function predict(model: LinearModel, x: SparseVector): number[] {
  // Its own loop over the Float32 weights: sharing training's loop (Float64 weights) made
  // every load polymorphic, and scoring ~2× slower.
  const k = model.classes.length;
  const w = model.weights;
  const z = new Float64Array(k);
  for (let c = 0; c < k; c++) z[c] = model.bias[c]!;
  for (let n = 0; n < x.indices.length; n++) {
    const row = x.indices[n]! * k;
    const v = x.values[n]!;
    for (let c = 0; c < k; c++) z[c]! += v * w[row + c]!;
  }
  softmaxInPlace(z);
  return Array.from(z);
}

/** Trains a softmax regression; deterministic for given examples, classes and options. */
export function trainLinear(
  examples: readonly Example[],
  classes: readonly string[],
  denseNames: readonly string[],
  options: TrainOptions,
): LinearModel {
  const K = classes.length;
  const dim = HASH_SIZE + denseNames.length;
  const ts = examples.map((e) => Float64Array.from(classes, (c) => e.target[c] ?? 0));
  const weightOf = examples.map((e) => e.weight ?? 1);

  // Inverse-frequency class weights, normalised so that the mean example weight stays 1.
  const mass = new Float64Array(K);
  let total = 0;
  for (const [i, t] of ts.entries()) {
    for (let c = 0; c < K; c++) mass[c]! += t[c]! * weightOf[i]!;
    total += weightOf[i]!;
  }
  const classWeight = Float64Array.from(mass, (m) =>
    options.balance && m > 0 ? total / (K * m) : 1,
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
      const x = examples[i]!.x;
      const t = ts[i]!;
      scores(x, w, b, K, z);
      softmaxInPlace(z);
      let ew = 0;
      for (let c = 0; c < K; c++) ew += t[c]! * classWeight[c]!;
      ew *= weightOf[i]!;
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
    denseNames: [...denseNames],
    options,
  };
}

/**
 * Several models read on the same hashed block (analyse(): the sentiment and the complaint
 * models), their block weights interleaved bucket by bucket: bucket b holds every model's
 * class weights side by side. Scoring is memory-bound (a post touches ~1,000 of the 2^20
 * buckets at random), and one cache line per bucket for all the models, instead of one per
 * model, raised `npm run bench analyse` from ~3,830 to ~4,200–4,340 posts/s (same run's
 * baseline ~45k/s). Equal to predict() on withDense(block, dense) up to float32 rounding
 * (test/nlp/model/model.test.ts).
 */
export class JointScorer {
  /** HASH_SIZE × width: bucket b's weights for model m's class c at b·width + offset[m] + c. */
  private readonly weights: Float32Array;
  private readonly width: number;
  private readonly offsets: number[];

  constructor(readonly models: readonly LinearModel[]) {
    this.offsets = [];
    let width = 0;
    for (const m of models) {
      this.offsets.push(width);
      width += m.classes.length;
    }
    this.width = width;
    this.weights = new Float32Array(HASH_SIZE * width);
    models.forEach((m, i) => {
      const k = m.classes.length;
      for (let b = 0; b < HASH_SIZE; b++) {
        for (let c = 0; c < k; c++) {
          this.weights[b * width + this.offsets[i]! + c] = m.weights[b * k + c]!;
        }
      }
    });
  }

  /** The block's part of every model's class scores, all in one pass over the block. */
  blockScores(block: SparseVector): Float64Array {
    const { width, weights } = this;
    const z = new Float64Array(width);
    for (let n = 0; n < block.indices.length; n++) {
      const row = block.indices[n]! * width;
      const v = block.values[n]!;
      for (let c = 0; c < width; c++) z[c]! += v * weights[row + c]!;
    }
    return z;
  }

  /** Model `i`'s class probabilities: its block scores, its bias and its dense features. */
  probabilities(i: number, blockScores: Float64Array, dense: readonly number[]): number[] {
    const m = this.models[i]!;
    const k = m.classes.length;
    const scale = m.options.features.denseWeight;
    const z = new Float64Array(k);
    for (let c = 0; c < k; c++) z[c] = m.bias[c]! + blockScores[this.offsets[i]! + c]!;
    for (let j = 0; j < dense.length; j++) {
      const v = dense[j]! * scale;
      if (v === 0) continue;
      const row = (HASH_SIZE + j) * k;
      for (let c = 0; c < k; c++) z[c]! += v * m.weights[row + c]!;
    }
    softmaxInPlace(z);
    return Array.from(z);
  }
}
