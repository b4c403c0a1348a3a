// What the complaint rules' findings in a text (or a post's texts: its title and body) mean
// for the decision: how many failures and severe acts, whether the text only asks, whether it
// is negative or still bad after a "solved". complaints.ts finds; this sums up.
import type { Evidence, Grievance } from '../../types.ts';
import type { ScoredSentence } from '../sentiment/sentiment.ts';

/** Acts that make a complaint severe whatever else the post says. */
export const SEVERE_ACTS: ReadonlySet<string> = new Set(['legal', 'insult', 'avoid', 'churn']);

/**
 * What the complaint rules see in a text, whoever it blames: grievances, acts, resolution and
 * the tone cues. Shared by the rule decision below and the classifier's features.
 */
export interface RuleSignals {
  grievances: Grievance[];
  actGrievances: Grievance[];
  categories: string[];
  acts: string[];
  resolved: boolean;
  resolvedEvidence: Evidence[];
  failures: number;
  severeActs: number;
  /** Only questions, none reporting a failure: the post asks. */
  asking: boolean;
  /** Negative tone, a reported failure or a severe act. */
  negative: boolean;
  /** Bad enough that a "solved" line does not end it. */
  stillBad: boolean;
  /** Money claimed or billed wrongly (CLAIM_RE): a billing complaint in any tone. */
  claims: Evidence[];
  /** The text asks its readers ("quelqu'un sait", "savez-vous", "est-ce normal"). */
  asksReaders: boolean;
}

/** What the rules found in a post's text (or texts: its title and body, joined.ts). */
export type Findings = Pick<
  RuleSignals,
  | 'grievances'
  | 'actGrievances'
  | 'categories'
  | 'acts'
  | 'resolvedEvidence'
  | 'claims'
  | 'asksReaders'
>;

/** The signals of the rules' findings, given the sentences they were found in and the tone. */
export function signalsOf(
  found: Findings,
  sentences: readonly ScoredSentence[],
  tone: number,
): RuleSignals {
  return signalsOfTally(found, tallySentences(sentences, emptyTally(TALLY)), tone);
}

/** What signalsOf() reads of the sentences: counts, which add up over a post's texts. */
export interface SentenceTally {
  sentences: number;
  failures: number;
  questions: number;
  /** Negative sentences that are not questions: the post does not only ask. */
  negativeStatements: number;
}

/** Scratch for signalsOf(): signalsOfTally() reads a tally at once and keeps nothing of it. */
const TALLY: SentenceTally = { sentences: 0, failures: 0, questions: 0, negativeStatements: 0 };

export function emptyTally(t: SentenceTally): SentenceTally {
  t.sentences = 0;
  t.failures = 0;
  t.questions = 0;
  t.negativeStatements = 0;
  return t;
}

/** Adds `sentences` to `t`. Counting loops: filter() and closures cost allocations. */
export function tallySentences(
  sentences: readonly ScoredSentence[],
  t: SentenceTally,
): SentenceTally {
  t.sentences += sentences.length;
  for (const s of sentences) {
    if (s.failure) t.failures++;
    if (s.question) t.questions++;
    else if (s.sum < 0) t.negativeStatements++;
  }
  return t;
}

/** signalsOf() of sentences already tallied (joined.ts tallies a post's texts in turn). */
export function signalsOfTally(found: Findings, t: SentenceTally, tone: number): RuleSignals {
  const { grievances, actGrievances, acts, categories, claims, resolvedEvidence, asksReaders } =
    found;
  let severeActs = 0;
  for (const a of acts) if (SEVERE_ACTS.has(a)) severeActs++;
  const { failures } = t;
  // A post made only of questions asks; it complains only if a question reports a failure.
  const onlyQuestions = t.sentences > 0 && t.negativeStatements === 0;
  const asking = onlyQuestions && failures === 0 && t.questions > 0;
  // Fields written out: a spread gave V8 slow dictionary-mode objects on this hot path.
  return {
    grievances,
    actGrievances,
    categories,
    acts,
    resolved: resolvedEvidence.length > 0,
    resolvedEvidence,
    failures,
    severeActs,
    asking,
    negative: tone <= -0.15 || failures > 0 || severeActs > 0 || claims.length > 0,
    stillBad: severeActs > 0 || categories.length >= 3,
    claims,
    asksReaders,
  };
}
