// What the models read of a titled post, joined from the title's and the body's analyses.
// The models were trained on single texts and read a post as "title\nbody"; analysing that
// joined text again (tokens, lexicon walk, rules) was a third of analyse()'s time. Title and
// body are split into separate sentences anyway, so their cues add up: sums and counts are
// summed, sets united, and the lexicon score recomputed from the summed contributions.
import { type RuleSignals, SEVERE_ACTS } from './complaints.ts';
import type { SentimentResult } from './sentiment.ts';

// VADER's normalisation, as in sentiment.ts.
const ALPHA = 15;
const squash = (x: number) => x / (1 + x);

/** lexiconFeaturesOf() of the post: title and body cues summed. */
export function joinedLexiconFeatures(parts: readonly SentimentResult[]): number[] {
  let pos = 0;
  let neg = 0;
  let total = 0;
  let negated = 0;
  let sarcasm = 0;
  let intensified = 0;
  let questions = 0;
  let exclaim = 0;
  let failure = 0;
  for (const r of parts) {
    for (const c of r.contributions) {
      if (c.value > 0) pos += c.value;
      else neg -= c.value;
      total += c.value;
    }
    negated += r.counts.negated;
    sarcasm += r.counts.sarcasm;
    intensified += r.counts.intensified;
    questions += r.counts.questions;
    for (const s of r.sentences) {
      if (s.exclaim > 0) exclaim++;
      if (s.failure) failure++;
    }
  }
  return [
    squash(pos / 4),
    squash(neg / 4),
    squash(negated),
    squash(sarcasm),
    squash(intensified),
    squash(questions),
    squash(exclaim),
    squash(failure),
    total / Math.sqrt(total * total + ALPHA),
  ];
}

/** ruleSignals() of the post: title and body signals joined (spans keep their own texts). */
export function joinedSignals(
  parts: readonly { sentiment: SentimentResult; signals: RuleSignals }[],
): RuleSignals {
  if (parts.length === 1) return parts[0]!.signals;
  const all = parts.map((p) => p.signals);
  const acts = [...new Set(all.flatMap((s) => s.acts))];
  const categories = [...new Set(all.flatMap((s) => s.categories))];
  const sentences = parts.flatMap((p) => p.sentiment.sentences);
  const failures = all.reduce((n, s) => n + s.failures, 0);
  const severeActs = acts.filter((a) => SEVERE_ACTS.has(a)).length;
  const claims = all.flatMap((s) => s.claims);
  let total = 0;
  for (const p of parts) for (const c of p.sentiment.contributions) total += c.value;
  const score = total / Math.sqrt(total * total + ALPHA);
  const onlyQuestions = sentences.length > 0 && sentences.every((s) => s.question || s.sum >= 0);
  const resolvedEvidence = all.flatMap((s) => s.resolvedEvidence);
  return {
    grievances: all.flatMap((s) => s.grievances),
    actGrievances: all.flatMap((s) => s.actGrievances),
    categories,
    acts,
    resolved: resolvedEvidence.length > 0,
    resolvedEvidence,
    failures,
    severeActs,
    asking: onlyQuestions && failures === 0 && sentences.some((s) => s.question),
    negative: score <= -0.15 || failures > 0 || severeActs > 0 || claims.length > 0,
    stillBad: severeActs > 0 || categories.length >= 3,
    claims,
  };
}
