// What the models read of a titled post, joined from the title's and the body's analyses.
// The models were trained on single texts and read a post as "title\nbody"; analysing that
// joined text again (tokens, lexicon walk, rules) was a third of analyse()'s time. Title and
// body are split into separate sentences anyway, so their findings add up: lists are
// concatenated, sets united, and the tone is that of all their contributions
// (lexiconFeaturesOf() joins the lexicon's features the same way).

import { combinedTone, type SentimentResult } from '../sentiment/sentiment.ts';
import {
  emptyTally,
  type RuleSignals,
  type SentenceTally,
  signalsOfTally,
  tallySentences,
} from './rule-signals.ts';

type Part = { sentiment: SentimentResult; signals: RuleSignals };
type ListKey = 'grievances' | 'actGrievances' | 'resolvedEvidence' | 'claims';

// Plain concat loops: flatMap and spreads of Sets cost ~1 µs each in V8, and this runs for
// every titled post.
function joined<K extends ListKey>(parts: readonly Part[], key: K): RuleSignals[K] {
  // Every list of a key holds one type; concat's overloads cannot see that through the union.
  let out: unknown[] = parts[0]!.signals[key];
  for (let i = 1; i < parts.length; i++) {
    const next: unknown[] = parts[i]!.signals[key];
    // Most lists are empty: the other one is the joined list as it is (nothing changes them).
    if (next.length === 0) continue;
    out = out.length === 0 ? next : out.concat(next);
  }
  return out as RuleSignals[K];
}

/** The names under `key` of every part, each once, in first-seen order. */
function united(parts: readonly Part[], key: 'categories' | 'acts'): string[] {
  const out: string[] = [];
  for (const p of parts) for (const x of p.signals[key]) if (!out.includes(x)) out.push(x);
  return out;
}

/** Scratch: signalsOfTally() reads it at once. */
const TALLY: SentenceTally = { sentences: 0, failures: 0, questions: 0, negativeStatements: 0 };

/** ruleSignals() of the post: title and body signals joined (spans keep their own texts). */
export function joinedSignals(parts: readonly Part[]): RuleSignals {
  if (parts.length === 1) return parts[0]!.signals;
  // The sentences of all parts, tallied in turn rather than concatenated.
  const tally = emptyTally(TALLY);
  let asksReaders = false;
  for (const p of parts) {
    tallySentences(p.sentiment.sentences, tally);
    asksReaders ||= p.signals.asksReaders;
  }
  return signalsOfTally(
    {
      grievances: joined(parts, 'grievances'),
      actGrievances: joined(parts, 'actGrievances'),
      categories: united(parts, 'categories'),
      acts: united(parts, 'acts'),
      resolvedEvidence: joined(parts, 'resolvedEvidence'),
      claims: joined(parts, 'claims'),
      asksReaders,
    },
    tally,
    combinedTone(parts.map((p) => p.sentiment)),
  );
}
