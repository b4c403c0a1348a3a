// Training and cross-validating the complaint classifier: the sentiment model's recipe
// (softmax regression over hashed n-grams, model.ts) with complaint-features.ts as dense
// features, on rows labelled complaint / other. Pure: rows in, model or predictions out.
import {
  COMPLAINT_FEATURE_NAMES,
  complaintFeatures,
} from '../nlp/complaints/complaint-features.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type LinearModel,
  predictProba,
  prng,
  shuffleInPlace,
  stratifiedFolds,
  type TrainOptions,
  trainLinear,
} from '../nlp/model/model.ts';

export interface ComplaintRow {
  text: string;
  complaint: boolean;
}

export const COMPLAINT_CLASSES = ['complaint', 'other'] as const;

/** A labelled review (film, series, book): negativity or praise with no brand complaint. */
export interface ReviewRow {
  text: string;
  label: string;
}

/**
 * A seeded sample of reviews as "other" rows, half negative and half positive: negativity
 * alone ("le film était nul") and long enthusiastic text are not complaints, which the Free
 * tweets (short, mostly complaints) cannot teach. `perLabel` rows of each polarity; reviews
 * longer than `maxChars` are cut at a word boundary, so blog-length praise is seen without
 * letting a few book reviews dominate the n-gram mass. Pure: same input, same sample.
 */
export function reviewNonComplaints(
  reviews: readonly ReviewRow[],
  perLabel: number,
  seed = 7,
  maxChars = 1200,
): ComplaintRow[] {
  const random = prng(seed);
  const out: ComplaintRow[] = [];
  for (const label of ['negative', 'positive']) {
    const pool = shuffleInPlace(
      reviews.filter((r) => r.label === label && r.text.trim().length > 0),
      random,
    );
    for (const r of pool.slice(0, perLabel))
      out.push({ text: cut(r.text, maxChars), complaint: false });
  }
  return out;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const sp = text.lastIndexOf(' ', max);
  return text.slice(0, sp > max / 2 ? sp : max);
}

export { COMPLAINT_FEATURE_NAMES };

export function trainComplaint(
  rows: readonly ComplaintRow[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): LinearModel {
  return trainLinear(
    rows.map((r) => ({ text: r.text, target: { [r.complaint ? 'complaint' : 'other']: 1 } })),
    COMPLAINT_CLASSES,
    options,
    complaintFeatures,
  );
}

/** P(complaint) of a text under a trained complaint model. */
export function complaintProbability(model: LinearModel, text: string): number {
  return predictProba(model, text, complaintFeatures)[model.classes.indexOf('complaint')]!;
}

/** Fold of each row, stratified by flag and seeded: the same folds on every run. */
export function complaintFolds(rows: readonly ComplaintRow[], k: number, seed = 1): number[] {
  return stratifiedFolds(
    rows.map((r) => r.complaint),
    k,
    seed,
    [true, false],
  );
}

/**
 * K-fold cross-validation: P(complaint) of each row from a model that never saw it. The
 * caller turns probabilities into flags the way analyse() does. `extra` rows (reviews) join
 * every training fold and are never scored: the figure stays one on `rows` alone.
 */
export function crossValidateComplaint(
  rows: readonly ComplaintRow[],
  k: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  extra: readonly ComplaintRow[] = [],
): number[] {
  const folds = complaintFolds(rows, k);
  const out = new Array<number>(rows.length);
  for (let f = 0; f < k; f++) {
    const model = trainComplaint([...rows.filter((_, i) => folds[i] !== f), ...extra], options);
    rows.forEach((r, i) => {
      if (folds[i] === f) out[i] = complaintProbability(model, r.text);
    });
  }
  return out;
}
