// Training and cross-validating the complaint classifier: the sentiment model's recipe
// (softmax regression over hashed n-grams, model.ts) with complaint-features.ts as dense
// features, on rows labelled complaint / other. Pure: rows in, model or predictions out.
import { COMPLAINT_FEATURE_NAMES, complaintFeatures } from './complaint-features.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type LinearModel,
  predictProba,
  prng,
  shuffleInPlace,
  type TrainOptions,
  trainLinear,
} from './model.ts';

export interface ComplaintRow {
  text: string;
  complaint: boolean;
}

export const COMPLAINT_CLASSES = ['complaint', 'other'] as const;
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
  const folds = new Array<number>(rows.length).fill(0);
  const random = prng(seed);
  let next = 0;
  for (const flag of [true, false]) {
    const members = rows.flatMap((r, i) => (r.complaint === flag ? [i] : []));
    for (const i of shuffleInPlace(members, random)) folds[i] = next++ % k;
  }
  return folds;
}

/**
 * K-fold cross-validation: P(complaint) of each row from a model that never saw it. The
 * caller turns probabilities into flags the way analyse() does.
 */
export function crossValidateComplaint(
  rows: readonly ComplaintRow[],
  k: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): number[] {
  const folds = complaintFolds(rows, k);
  const out = new Array<number>(rows.length);
  for (let f = 0; f < k; f++) {
    const model = trainComplaint(
      rows.filter((_, i) => folds[i] !== f),
      options,
    );
    rows.forEach((r, i) => {
      if (folds[i] === f) out[i] = complaintProbability(model, r.text);
    });
  }
  return out;
}
