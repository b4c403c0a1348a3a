// Lexicon sentiment for French, written for complaints (see STYLE.md on why not natural's):
// the polarity walk (walk.ts: negation, intensifiers, contrast), sarcasm (sarcasm.ts),
// questions and exclamations, then a VADER-style score. Every contribution keeps its span.
import type { Evidence, Sentiment } from '../../types.ts';
import {
  ACT_SCAN,
  ASKING_RE,
  CATEGORY_SCAN,
  CLAIM_RE,
  type RuleMatches,
} from '../complaints/rules.ts';
import { DURATION_RE, NEGATED_BEFORE, RESOLVED_RE } from '../lexicon/cues.ts';
import type { Lexicon } from '../lexicon/lexicon.ts';
import { flatten, prepare } from '../text/fold.ts';
import { type Sentence, splitSentences } from '../text/sentences.ts';
import { WordScans } from '../text/word-scan.ts';
import { shouts, type Token } from '../tokens/tokenize.ts';
import { markSarcasm, type SentenceFrame } from './sarcasm.ts';
import { type Clause, type Contribution, walk } from './walk.ts';

export type { Clause, Contribution } from './walk.ts';

export interface ScoredSentence extends Sentence {
  sum: number;
  failure: boolean;
  duration: boolean;
  /** Holds a resolution cue ("problème réglé"). */
  resolved: boolean;
}

export interface SentimentResult {
  /** −1..1 */
  score: number;
  label: Sentiment;
  contributions: Contribution[];
  evidence: Evidence[];
  sentences: ScoredSentence[];
  clauses: Clause[];
  /** Clause index of each token (−1 between sentences). */
  clauseOf: Int32Array;
  tokens: readonly Token[];
  /** prepare(text): plain apostrophes and spaces, same offsets. */
  prepared: string;
  /** flatten(prepare(text)): lower case, no accents, same offsets. */
  flat: string;
  /** Resolution cues, in the text's offsets. */
  resolved: Evidence[];
  /** The complaint rules' matches in `flat`, for findSignals (complaints/signals.ts). */
  ruleMatches: RuleMatches;
  counts: { negated: number; sarcasm: number; intensified: number; questions: number };
}

/** Names of the lexiconFeatures() vector, in order. */
export const LEXICON_FEATURE_NAMES = [
  'pos_sum',
  'neg_sum',
  'negated',
  'sarcasm',
  'intensified',
  'questions',
  'exclaim_sentences',
  'failure_sentences',
  'lexicon_score',
  'closing_score',
  'title_score',
] as const;

// VADER's normalisation: sum / sqrt(sum² + α); α = 15 as in VADER.
const ALPHA = 15;
const LABEL_THRESHOLD = 0.15;

/** VADER's normalisation of a sum of contributions: the lexicon's score, −1..1. */
export const toneOf = (total: number) => total / Math.sqrt(total * total + ALPHA);

/** The frame of the sentence holding `offset` (the last one past the end; none for no text). */
function frameAt(frames: SentenceFrame[], offset: number): SentenceFrame | undefined {
  for (const f of frames) if (offset < f.end) return f;
  return frames[frames.length - 1];
}

/**
 * Durations and resolution cues, and with them the complaint rules that findSignals reads,
 * scanned together in one pass over a text: a second pass for the rules alone cost ~9 µs of
 * a 1 KB post's analysis (one scan of six regexes ~20 µs against ~9 + ~21 µs for two).
 */
const SCANS = new WordScans([
  DURATION_RE,
  RESOLVED_RE,
  CATEGORY_SCAN.re,
  ACT_SCAN.re,
  CLAIM_RE,
  ASKING_RE,
]);

const spanOf = (m: RegExpExecArray) => ({ start: m.index, end: m.index + m[0].length });

/** Scores a text from its tokens; `prepared` is prepare(text), passed by a caller that has it. */
export function analyseSentiment(
  text: string,
  tokens: readonly Token[],
  lex: Lexicon,
  prepared: string = prepare(text),
): SentimentResult {
  const flat = flatten(prepared);
  const sentences = splitSentences(text, tokens);
  const { contributions, clauses, clauseOf, counts } = walk(
    text,
    tokens,
    sentences,
    lex,
    shouts(tokens),
  );
  const [durationMatches, resolvedMatches, category, act, claim, asking] = SCANS.matches(flat);
  const durations = durationMatches!.map(spanOf);
  const resolved: Evidence[] = [];
  for (const r of resolvedMatches!.map(spanOf)) {
    if (NEGATED_BEFORE.test(flat.slice(Math.max(0, r.start - 16), r.start))) continue;
    resolved.push({
      start: r.start,
      end: r.end,
      text: text.slice(r.start, r.end),
      reason: 'resolved',
    });
  }
  // One frame per sentence: its failures, negativity, durations and resolution cues.
  const frames: SentenceFrame[] = sentences.map((s) => ({
    start: s.start,
    end: s.end,
    failure: false,
    negative: 0,
    duration: false,
    resolved: false,
  }));
  for (const c of contributions) {
    const f = frames[c.sentence]!;
    f.failure ||= c.failure;
    if (c.value < 0) f.negative += c.value;
  }
  for (const d of durations) {
    const f = frameAt(frames, d.start);
    if (f) f.duration = true;
  }
  for (const r of resolved) {
    const f = frameAt(frames, r.start);
    if (f) f.resolved = true;
  }
  const sarcasm = markSarcasm(flat, tokens, contributions, frames);

  // Written out field by field: a spread ({ ...s, sum }) made V8 build slow objects here, a
  // fifth of the analysis (measured on 1 KB posts).
  const scored: ScoredSentence[] = sentences.map((s, k) => ({
    start: s.start,
    end: s.end,
    first: s.first,
    last: s.last,
    question: s.question,
    exclaim: s.exclaim,
    sum: 0,
    failure: frames[k]!.failure,
    duration: frames[k]!.duration,
    resolved: frames[k]!.resolved,
  }));
  let questions = 0;
  for (const s of scored) if (s.question) questions++;
  for (const c of contributions) {
    const s = scored[c.sentence]!;
    // A question weighs less, unless it reports a failure ("pourquoi ça ne marche plus ?").
    if (s.question && !s.failure) c.value *= 0.5;
    if (s.exclaim > 0) c.value *= 1 + 0.15 * Math.min(3, s.exclaim);
    c.clause = clauseOf[c.token] ?? -1;
    const cl = clauses[c.clause];
    if (cl) {
      cl.sum += c.value;
      cl.failure ||= c.failure;
    }
    s.sum += c.value;
  }
  let total = 0;
  for (const c of contributions) total += c.value;
  const score = toneOf(total);
  const evidence: Evidence[] = [];
  for (const c of contributions) {
    if (Math.abs(c.value) >= 0.8)
      evidence.push({ start: c.start, end: c.end, text: c.text, reason: c.reason });
  }
  return {
    score,
    label:
      score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral',
    contributions,
    evidence,
    sentences: scored,
    clauses,
    clauseOf,
    tokens,
    prepared,
    flat,
    resolved,
    ruleMatches: { category: category!, act: act!, claim: claim!, asking: asking! },
    // Field by field, as `scored` above: with spreads here and in `resolved`, analyse was ~3%
    // slower (~5,000 vs ~5,150 posts/s of main-thread time, bench posts).
    counts: { negated: counts.negated, intensified: counts.intensified, sarcasm, questions },
  };
}

const squash = (x: number) => x / (1 + x);

/**
 * A fixed-length vector of lexicon cues for the trained models (names in
 * LEXICON_FEATURE_NAMES), over a post's body and title analysed apart: their sums and counts
 * add up; sums are squashed with x/(1+x) so that long posts stay in range. Two cues say where
 * the words stand: the body's closing (its last two sentences that carry any sentiment: a
 * story of a breakdown that ends "un grand merci à Free" is praise) and the title.
 */
export function lexiconFeaturesOf(
  body: SentimentResult,
  title: SentimentResult | null = null,
): number[] {
  const parts = title ? [title, body] : [body];
  let pos = 0;
  let neg = 0;
  let negated = 0;
  let sarcasm = 0;
  let intensified = 0;
  let questions = 0;
  let exclaim = 0;
  let failure = 0;
  let total = 0;
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
    toneOf(total),
    toneOf(closingSum(body)),
    title ? toneOf(title.contributions.reduce((t, c) => t + c.value, 0)) : 0,
  ];
}

/** The sum of the last two sentences of a text that carry any sentiment. */
function closingSum(r: SentimentResult): number {
  let sum = 0;
  let seen = 0;
  for (let k = r.sentences.length - 1; k >= 0 && seen < 2; k--) {
    const s = r.sentences[k]!.sum;
    if (s === 0) continue;
    sum += s;
    seen++;
  }
  return sum;
}
