// How the lexicon and the trained model share the sentiment decision.
//
// Measured (allocine-series/dev, DEFT 2017 5-fold CV): the model alone beats a fixed blend
// of lexicon and model (a weak or conflicting lexicon drags correct model answers across
// zero: 0.807 vs 0.907 on reviews). So the model decides the polarity, and the lexicon
// decides only where it holds an explicit cue the model cannot see as a whole:
//   - sarcasm ("merci Free pour trois semaines sans internet", « bonheur »): negative;
//   - an irony mark (🙃, 🙄, 😏, 🤡) anywhere: negative;
//   - a reported failure ("ne marche plus", "en panne") in a negative text: negative;
//   - a negation trap with no negative word beside it ("pas mal du tout", "rien à redire",
//     "aucun souci"): positive; beside negative words, a trap in the post's verdict (its
//     first or last sentence with sentiment, or its title) against a model not sure of
//     blame: "Pas déçu du tout du passage chez B&You", "… Pas mal du tout 👍".
// Without a model, the lexicon decides alone, as before.
import type { Sentiment } from '../../types.ts';
import { hasIronyMark } from './sarcasm.ts';
import type { SentimentResult } from './sentiment.ts';

export interface Probabilities {
  negative: number;
  neutral: number;
  positive: number;
}

export interface ComposedSentiment {
  label: Sentiment;
  /** −1..1; its sign agrees with the label (0 only for neutral). */
  score: number;
  /** Which part decided the label, for explanations and tests. */
  decidedBy: 'lexicon' | 'model' | 'sarcasm' | 'irony' | 'failure' | 'negation-trap' | 'complaint';
}

const LABEL_THRESHOLD = 0.15;
/** A title counts like one strong sentence that the writer chose to shout. */
const TITLE_WEIGHT = 0.25;
/** Share of the lexicon in the reported score when it agrees with the model. */
const LEXICON_SHARE = 0.3;
// Negators that open a trap phrase: "pas mal", "rien à redire", "aucun souci", "sans problème".
/** A failure overrides only a lexicon at least this negative and a model below this P(pos). */
const FAILURE_LEXICON = 0.3;
const FAILURE_MODEL_POSITIVE = 0.6;
const SARCASM_MODEL_POSITIVE = 0.9;
/** A trap in the verdict beside negative words overrides a model less sure of blame than this. */
const VERDICT_TRAP_MODEL_NEGATIVE = 0.8;
const TRAP_OPENING_WORDS = 3;
const TRAP_START = /^(?:pas|rien|aucun|aucune|sans|jamais) /;
/** A negated word worth this much praise ("pas déçu", "jamais eu de souci") is a trap. */
const NEGATED_PRAISE = 0.8;

/** The lexicon's own score: body, plus the title as one strong sentence. */
export function lexiconScore(body: SentimentResult, title: SentimentResult | null): number {
  let score = body.score;
  if (title && title.score !== 0) score = clamp(score + TITLE_WEIGHT * title.score);
  return score;
}

/**
 * True when a span starts within the first words of its sentence: a trap phrase that opens
 * the sentence is its verdict ("pas mal du tout", "rien à redire, c'est parfait"); deeper in,
 * it is often a concession or a sneer ("j'ai mon buzz pour pas cher", "ça serait pas mal").
 */
function opensSentence(r: SentimentResult, sentence: number, start: number): boolean {
  const s = r.sentences[sentence];
  if (!s) return false;
  let words = 0;
  for (let k = s.first; k < s.last && r.tokens[k]!.start < start; k++) {
    if (r.tokens[k]!.kind === 'word') words++;
  }
  return words <= TRAP_OPENING_WORDS;
}

const labelOf = (score: number): Sentiment =>
  score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';

/** The explicit lexicon cue that overrides the model, if any. */
export function lexiconOverride(
  body: SentimentResult,
  title: SentimentResult | null,
): ComposedSentiment['decidedBy'] | 'verdict-trap' | null {
  const parts = title ? [body, title] : [body];
  let negative = 0;
  let trap = 0;
  let verdictTrap = false;
  let failure = false;
  // The body's verdict: its first and last sentences that carry any sentiment.
  const voiced = body.sentences.flatMap((s, k) => (s.sum !== 0 ? [k] : []));
  const verdict = new Set([voiced[0], voiced.at(-1)]);
  for (const r of parts) {
    for (const c of r.contributions) {
      // Quotes alone are too often citations ("un « excellent plan », selon Merkel"): sarcasm
      // overrides the model only beside a failure in the same sentence.
      if (c.sarcasm && r.sentences[c.sentence]?.failure) return 'sarcasm';
      if (c.value < 0) negative++;
      // A trap: a phrase that opens with its negator ("rien à redire", "aucun souci"), or a
      // problem word that a negation turned into praise ("jamais eu de souci", "pas déçu").
      else if (
        c.value > 0 &&
        ((TRAP_START.test(c.term) && opensSentence(r, c.sentence, c.start)) ||
          (c.negated && c.value >= NEGATED_PRAISE))
      ) {
        trap++;
        verdictTrap ||= r === title || verdict.has(c.sentence);
      }
      failure ||= c.failure;
    }
  }
  if (failure && lexiconScore(body, title) <= -FAILURE_LEXICON) return 'failure';
  // An irony mark (🙃, 🙄, 😏, 🤡) says the writer means the opposite of any praise, or
  // mocks: every annotated post that holds one is negative.
  if (parts.some((r) => hasIronyMark(r.tokens))) return 'irony';
  if (trap > 0 && negative === 0) return 'negation-trap';
  // Beside negative words, a trap still gives the verdict where the writer gives it: "Pas
  // déçu du tout du passage chez B&You… ne capte rien", "Je m'attendais au pire… Pas mal du
  // tout 👍" (composeSentiment lets a model sure of blame keep its say).
  if (verdictTrap) return 'verdict-trap';
  return null;
}

/** The sentiment label and score of a text, from its lexicon analysis and model probabilities. */
export function composeSentiment(
  body: SentimentResult,
  title: SentimentResult | null,
  p?: Probabilities,
): ComposedSentiment {
  const lex = lexiconScore(body, title);
  if (!p) return { label: labelOf(lex), score: lex, decidedBy: 'lexicon' };
  const modelScore = p.positive - p.negative;
  const override = lexiconOverride(body, title);
  // A failure flips a model that leans to praise without being sure of it ("pour une fois
  // qu'il répond aux questions et ne répond pas à côté" is praise); a neutral model keeps its
  // say (news about the "coupe" du monde is no failure). Sarcasm flips all but a model sure
  // of praise over a whole text (a long positive review with one "parfait … sans réponse").
  const leansPositive = p.positive > p.negative && p.positive > p.neutral;
  const overrides =
    (override === 'failure' && leansPositive && p.positive < FAILURE_MODEL_POSITIVE) ||
    ((override === 'sarcasm' || override === 'irony') && p.positive < SARCASM_MODEL_POSITIVE);
  if (overrides) {
    return {
      label: 'negative',
      score: Math.min(-LABEL_THRESHOLD, lex, modelScore),
      decidedBy: override,
    };
  }
  if (
    override === 'negation-trap' ||
    (override === 'verdict-trap' && p.negative < VERDICT_TRAP_MODEL_NEGATIVE)
  ) {
    return {
      label: 'positive',
      score: Math.max(LABEL_THRESHOLD, lex, modelScore),
      decidedBy: 'negation-trap',
    };
  }
  // The model's most probable class; the score keeps the model's sign so that a binary
  // reading (negative vs positive) of the label agrees with P(neg) vs P(pos).
  const label: Sentiment =
    p.negative >= p.positive && p.negative >= p.neutral
      ? 'negative'
      : p.positive >= p.neutral
        ? 'positive'
        : 'neutral';
  let score = modelScore;
  if (Math.sign(lex) === Math.sign(modelScore)) {
    score = (1 - LEXICON_SHARE) * modelScore + LEXICON_SHARE * lex;
  }
  return { label, score: clamp(score), decidedBy: 'model' };
}

const clamp = (x: number) => Math.max(-1, Math.min(1, x));
