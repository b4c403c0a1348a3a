// Dense features of the complaint classifier: the lexicon's cues plus what the complaint
// rules see (failures, categories, acts, questions, resolution). The hashed n-grams come
// from features.ts; these give the model the rules' judgement as evidence it can weigh,
// so that what the rules get right on blog posts carries over to tweets and back.

import {
  analyseSentiment,
  LEXICON_FEATURE_NAMES,
  lexiconFeaturesOf,
  type SentimentResult,
} from '../sentiment/sentiment.ts';
import { ACT_RULES, type RuleSignals, ruleSignals } from './complaints.ts';

const ACT_IDS = ACT_RULES.map((r) => r.id);

/** Names of the complaintFeatures() vector, in order (recorded in the model header). */
export const COMPLAINT_FEATURE_NAMES: readonly string[] = [
  ...LEXICON_FEATURE_NAMES,
  'grievances',
  'categories',
  ...ACT_IDS.map((id) => `act_${id}`),
  'severe_acts',
  'asking',
  'resolved',
  'rule_negative',
  'first_person',
];

// First person: complaints tell what happened to the writer ("j'ai", "ma box", "on me").
const FIRST_PERSON = /(?<![a-z])(?:je|j'|j|moi|me|m'|ma|mon|mes|nous|nos|notre|on)(?![a-z])/;

const squash = (x: number) => x / (1 + x);

/** complaintFeatures() of a text already analysed. */
export function complaintFeaturesOf(sentiment: SentimentResult, signals: RuleSignals): number[] {
  return complaintFeaturesFrom(
    lexiconFeaturesOf(sentiment),
    signals,
    FIRST_PERSON.test(sentiment.flat),
  );
}

/** Whether a folded text speaks in the first person. */
export const firstPerson = (flat: string) => FIRST_PERSON.test(flat);

/**
 * complaintFeatures() from their parts: the lexicon's features, the rules' signals and the
 * first-person cue (analyse.ts joins a title's and a body's, joined.ts).
 */
export function complaintFeaturesFrom(
  lexicon: readonly number[],
  signals: RuleSignals,
  speaksFirstPerson: boolean,
): number[] {
  const acts = new Set(signals.acts);
  return [
    ...lexicon,
    squash(signals.grievances.length),
    squash(signals.categories.length),
    ...ACT_IDS.map((id) => (acts.has(id) ? 1 : 0)),
    squash(signals.severeActs),
    signals.asking ? 1 : 0,
    signals.resolved ? 1 : 0,
    signals.negative ? 1 : 0,
    speaksFirstPerson ? 1 : 0,
  ];
}

export function complaintFeatures(text: string): number[] {
  const sentiment = analyseSentiment(text);
  return complaintFeaturesOf(sentiment, ruleSignals(text, sentiment));
}
