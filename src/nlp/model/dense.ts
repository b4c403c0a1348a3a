// The dense features of the models, appended after the hashed n-grams (features.ts): the
// shape of the text, the lexicon's cues (sentiment.ts) and, for the complaint model, what the
// complaint rules see (signals.ts). The rules' judgement enters the classifier as evidence it
// weighs, learnt from data, instead of hand-set gates around it.
//
// The names are recorded in each model's header; a model trained with other names is refused
// at load (retrain with `npm run train`).

import { ACT_RULES } from '../complaints/rules.ts';
import { onlyAsks, reportsTrouble, type Signals, severeActs } from '../complaints/signals.ts';
import { LEXICON_FEATURE_NAMES } from '../sentiment/sentiment.ts';

export const SHAPE_FEATURE_NAMES = [
  'length',
  'exclamations',
  'questions_marks',
  'caps_ratio',
] as const;

const ACT_IDS = ACT_RULES.map((r) => r.id);

export const RULE_FEATURE_NAMES: readonly string[] = [
  'grievances',
  'categories',
  ...ACT_IDS.map((id) => `act_${id}`),
  'severe_acts',
  'only_asks',
  'asks_readers',
  'resolved',
  'trouble',
  'first_person',
  'claims',
];

/**
 * The sentiment model's probabilities, read by the complaint model (stacking): whether a text
 * is negative is what the sentiment model, trained on far more rows, knows best; the complaint
 * model learns what else makes a complaint (an experience, a brand, no resolution). At
 * training they are out-of-fold predictions, so that the complaint model does not learn to
 * trust a sentiment model that has seen its rows.
 */
export const STACKED_FEATURE_NAMES = ['p_negative', 'p_neutral', 'p_positive'] as const;

export const SENTIMENT_DENSE_NAMES: readonly string[] = [
  ...SHAPE_FEATURE_NAMES,
  ...LEXICON_FEATURE_NAMES,
];
export const COMPLAINT_DENSE_NAMES: readonly string[] = [
  ...SENTIMENT_DENSE_NAMES,
  ...RULE_FEATURE_NAMES,
  ...STACKED_FEATURE_NAMES,
];

const squash = (x: number) => x / (1 + x);

/** The shape of a post's texts: length, "!" and "?" counts, share of capitals. Each in [0, 1]. */
export function shapeFeatures(texts: readonly string[]): number[] {
  let length = 0;
  let letters = 0;
  let caps = 0;
  let excl = 0;
  let quest = 0;
  for (const text of texts) {
    length += text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // ASCII by code (most of a French text); other units by their case forms (é, É, ß).
      if (c === 33) excl++;
      else if (c === 63) quest++;
      else if (c >= 65 && c <= 90) {
        letters++;
        caps++;
      } else if (c >= 97 && c <= 122) letters++;
      else if (c >= 128) {
        const ch = text[i]!;
        const upper = ch.toUpperCase();
        if (ch.toLowerCase() !== upper) {
          letters++;
          if (ch === upper) caps++;
        }
      }
    }
  }
  return [
    Math.min(1, Math.log1p(length) / 8),
    Math.min(excl, 5) / 5,
    Math.min(quest, 5) / 5,
    // A ratio on a few letters says nothing: "OK" is not shouting.
    letters >= 4 ? caps / letters : 0,
  ];
}

/** What the rules see, as numbers (names in RULE_FEATURE_NAMES). */
export function ruleFeatures(s: Signals): number[] {
  const acts = new Set(s.acts);
  return [
    squash(s.grievances.length),
    squash(s.categories.length),
    ...ACT_IDS.map((id) => (acts.has(id) ? 1 : 0)),
    squash(severeActs(s)),
    onlyAsks(s) ? 1 : 0,
    s.asksReaders ? 1 : 0,
    s.resolved.length > 0 ? 1 : 0,
    reportsTrouble(s) ? 1 : 0,
    s.firstPerson ? 1 : 0,
    squash(s.claims.length),
  ];
}
