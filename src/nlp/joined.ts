// What the models read of a titled post, joined from the title's and the body's analyses.
// The models were trained on single texts and read a post as "title\nbody"; analysing that
// joined text again (tokens, lexicon walk, rules) was a third of analyse()'s time. Title and
// body are split into separate sentences anyway, so their findings add up: lists are
// concatenated, sets united, and the tone is that of all their contributions
// (lexiconFeaturesOf() joins the lexicon's features the same way).
import { type RuleSignals, signalsOf } from './complaints.ts';
import { combinedTone, type ScoredSentence, type SentimentResult } from './sentiment.ts';

type ListKey = 'grievances' | 'actGrievances' | 'resolvedEvidence' | 'claims';

// Plain concat loops: flatMap and spreads of Sets cost ~1 µs each in V8, and this runs for
// every titled post.
function joined<K extends ListKey>(all: readonly RuleSignals[], key: K): RuleSignals[K] {
  // Every list of a key holds one type; concat's overloads cannot see that through the union.
  let out: unknown[] = all[0]![key];
  for (let i = 1; i < all.length; i++) out = out.concat(all[i]![key]);
  return out as RuleSignals[K];
}

/** The names under `key` of every part, each once, in first-seen order. */
function united(all: readonly RuleSignals[], key: 'categories' | 'acts'): string[] {
  const out: string[] = [];
  for (const s of all) for (const x of s[key]) if (!out.includes(x)) out.push(x);
  return out;
}

/** ruleSignals() of the post: title and body signals joined (spans keep their own texts). */
export function joinedSignals(
  parts: readonly { sentiment: SentimentResult; signals: RuleSignals }[],
): RuleSignals {
  if (parts.length === 1) return parts[0]!.signals;
  const all: RuleSignals[] = [];
  const analyses: SentimentResult[] = [];
  let sentences: ScoredSentence[] = [];
  for (const p of parts) {
    all.push(p.signals);
    analyses.push(p.sentiment);
    sentences = sentences.concat(p.sentiment.sentences);
  }
  return signalsOf(
    {
      grievances: joined(all, 'grievances'),
      actGrievances: joined(all, 'actGrievances'),
      categories: united(all, 'categories'),
      acts: united(all, 'acts'),
      resolvedEvidence: joined(all, 'resolvedEvidence'),
      claims: joined(all, 'claims'),
      asksReaders: all.some((s) => s.asksReaders),
    },
    sentences,
    combinedTone(analyses),
  );
}
