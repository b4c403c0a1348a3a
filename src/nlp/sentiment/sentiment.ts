// Lexicon sentiment for French, written for complaints (see STYLE.md on why not natural's):
// negation scopes that end at punctuation or a contrast word, intensifiers and diminishers,
// contrast re-weighting, sarcasm cues and questions. Every contribution keeps its span.
import type { Evidence, Sentiment } from '../../types.ts';
import { ruleFilterOf, rulesAt } from '../complaints/rule-prefilter.ts';
import { DURATION_RE, PRAISE } from '../lexicon/cues.ts';
import { getLexicon, type Lexicon } from '../lexicon/lexicon.ts';
import { flatten, prepare } from '../text/normalise.ts';
import { type Sentence, splitSentences } from '../text/sentences.ts';
import { type Token, tokenize } from '../tokens/tokens.ts';
import { type Clause, type Contribution, type Walk, walkSentence } from './polarity-walk.ts';
import { shortQuotes } from './short-quotes.ts';

export type { Clause, Contribution } from './polarity-walk.ts';

export interface ScoredSentence extends Sentence {
  sum: number;
  failure: boolean;
  duration: boolean;
}

export interface SentimentResult {
  /** −1..1 */
  score: number;
  label: Sentiment;
  contributions: Contribution[];
  evidence: Evidence[];
  sentences: ScoredSentence[];
  clauses: Clause[];
  tokens: Token[];
  /**
   * Clause index of each token. A plain array: a typed array of a post's length lives off the
   * V8 heap, and allocating one per text cost ~1 µs.
   */
  clauseOf: number[];
  /** flatten(prepare(text)): lower case, no accents, same offsets. */
  flat: string;
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
] as const;

// VADER's normalisation: sum / sqrt(sum² + α); α = 15 as in VADER.
const ALPHA = 15;
const LABEL_THRESHOLD = 0.15;
const DURATION_AT = new RegExp(DURATION_RE.source, 'y');
// Which token starts can begin a duration ("depuis", "3 semaines"): most cannot.
const DURATION_FILTER = ruleFilterOf([DURATION_AT]);

/** Scores `text`. Tokens and sentences may be passed in when the caller already has them. */
export function analyseSentiment(
  text: string,
  given?: Token[],
  givenSentences?: Sentence[],
  lex: Lexicon = getLexicon(),
): SentimentResult {
  const src = prepare(text);
  const flat = flatten(src);
  const tokens = given ?? tokenize(text, src, flat);
  const sentences = givenSentences ?? splitSentences(text, tokens);
  let shouting = tokens.length > 3;
  for (let i = 0; shouting && i < tokens.length; i++) {
    if (tokens[i]!.kind === 'word' && !tokens[i]!.caps) shouting = false;
  }
  const w: Walk = {
    text,
    tokens,
    lex,
    contributions: [],
    clauses: [],
    clauseOf: [],
    quoted: shortQuotes(tokens),
    shouting,
    counts: { negated: 0, sarcasm: 0, intensified: 0, questions: 0 },
    sentence: 0,
    sentLast: 0,
    clauseStart: 0,
    negAt: -1,
    afterNe: false,
    mult: 1,
    multTtl: 0,
    weight: 1,
  };
  const { contributions, clauses, clauseOf, counts } = w;
  const scored: ScoredSentence[] = [];
  // Durations, tried only where a token starts (sticky): a fifth of the positions of a
  // global scan. Assigned to sentences by offset below.
  const durations: number[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'number') continue;
    if (rulesAt(DURATION_FILTER, flat, t.start) === 0) continue;
    DURATION_AT.lastIndex = t.start;
    if (DURATION_AT.test(flat)) durations.push(t.start);
  }

  for (let s = 0; s < sentences.length; s++) {
    const sent = sentences[s]!;
    const firstContribution = contributions.length;
    w.sentence = s;
    walkSentence(w, sent);

    // Sentence-level cues, over this sentence's contributions in place (no slice).
    const end = contributions.length;
    let failure = false;
    let anyNegative = false;
    for (let k = firstContribution; k < end; k++) {
      const c = contributions[k]!;
      failure ||= c.failure;
      anyNegative ||= c.value < 0;
    }
    let duration = false;
    for (const d of durations) duration ||= d >= sent.start && d < sent.end;
    for (let k = firstContribution; k < end; k++) {
      const c = contributions[k]!;
      const praise = PRAISE.has(c.term);
      // Praise beside a failure or a duration of trouble is sarcasm ("bravo SFR, encore en
      // panne"); so is praise in a short quote (oh « bonheur »).
      if (c.value > 0 && (c.sarcasm || (praise && (failure || (duration && anyNegative))))) {
        c.value = -Math.abs(c.value);
        c.sarcasm = true;
        c.reason = `sarcasm: ${c.term}`;
        counts.sarcasm++;
      }
    }
    // A question weighs less, unless it reports a failure ("pourquoi ça ne marche plus ?").
    if (sent.question) {
      counts.questions++;
      if (!failure) for (let k = firstContribution; k < end; k++) contributions[k]!.value *= 0.5;
    }
    if (sent.exclaim > 0) {
      const by = 1 + 0.15 * Math.min(3, sent.exclaim);
      for (let k = firstContribution; k < end; k++) contributions[k]!.value *= by;
    }
    let sum = 0;
    for (let k = firstContribution; k < end; k++) {
      const c = contributions[k]!;
      c.clause = clauseOf[tokenIndexAt(tokens, c.start, sent.first, sent.last)]!;
      const cl = clauses[c.clause]!;
      cl.sum += c.value;
      if (c.failure) cl.failure = true;
      sum += c.value;
    }
    // An explicit literal: `{ ...sent, sum }` cost a fifth of the whole walk in V8.
    scored.push({
      start: sent.start,
      end: sent.end,
      first: sent.first,
      last: sent.last,
      question: sent.question,
      exclaim: sent.exclaim,
      sum,
      failure,
      duration,
    });
  }

  let total = 0;
  for (const c of contributions) total += c.value;
  const score = toneOf(total);
  const label: Sentiment =
    score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';
  const evidence: Evidence[] = [];
  for (const c of contributions) {
    if (Math.abs(c.value) >= 0.8) {
      evidence.push({ start: c.start, end: c.end, text: c.text, reason: c.reason });
    }
  }
  return {
    score,
    label,
    contributions,
    evidence,
    sentences: scored,
    clauses,
    tokens,
    clauseOf,
    flat,
    counts,
  };
}

function tokenIndexAt(tokens: readonly Token[], offset: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (tokens[k]!.end > offset) return k;
  return to - 1;
}

/**
 * A fixed-length vector of lexicon cues for the trained model (names in
 * LEXICON_FEATURE_NAMES): sums are squashed with x/(1+x) so that long posts stay in range.
 */
export function lexiconFeatures(text: string): number[] {
  return lexiconFeaturesOf(analyseSentiment(text));
}

const squash = (x: number) => x / (1 + x);

/** VADER's normalisation of a sum of contributions: the lexicon's score, −1..1. */
export const toneOf = (total: number) => total / Math.sqrt(total * total + ALPHA);

/** The lexicon's score of texts analysed apart (a post's title and body), as one text. */
export function combinedTone(parts: readonly SentimentResult[]): number {
  let total = 0;
  for (const r of parts) for (const c of r.contributions) total += c.value;
  return toneOf(total);
}

/**
 * lexiconFeatures() of an analysis already made, or of a post's texts analysed apart (its
 * title and body, split into sentences of their own anyway): their sums and counts add up
 * and the score is that of all their contributions.
 */
export function lexiconFeaturesOf(...parts: readonly SentimentResult[]): number[] {
  let pos = 0;
  let neg = 0;
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
    combinedTone(parts),
  ];
}
