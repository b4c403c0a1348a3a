// What the models read of a titled post, joined from the title's and the body's analyses.
// The models were trained on single texts and read a post as "title\nbody"; analysing that
// joined text again (tokens, lexicon walk, rules) was a third of analyse()'s time. Title and
// body are split into separate sentences anyway, so their findings add up: lists are
// concatenated, sets united, and the tone is that of all their contributions
// (lexiconFeaturesOf() joins the lexicon's features the same way).
import { type RuleSignals, signalsOf } from './complaints.ts';
import { combinedTone, type SentimentResult } from './sentiment.ts';

/** ruleSignals() of the post: title and body signals joined (spans keep their own texts). */
export function joinedSignals(
  parts: readonly { sentiment: SentimentResult; signals: RuleSignals }[],
): RuleSignals {
  if (parts.length === 1) return parts[0]!.signals;
  const all = parts.map((p) => p.signals);
  return signalsOf(
    {
      grievances: all.flatMap((s) => s.grievances),
      actGrievances: all.flatMap((s) => s.actGrievances),
      categories: [...new Set(all.flatMap((s) => s.categories))],
      acts: [...new Set(all.flatMap((s) => s.acts))],
      resolvedEvidence: all.flatMap((s) => s.resolvedEvidence),
      claims: all.flatMap((s) => s.claims),
    },
    parts.flatMap((p) => p.sentiment.sentences),
    combinedTone(parts.map((p) => p.sentiment)),
  );
}
