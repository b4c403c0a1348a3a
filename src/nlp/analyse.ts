// The French analysis of one post, composed from its parts: tokens → language → sentiment
// (lexicon walk, sarcasm) → brands and targets → complaint rules → the models' decisions.
// Pure: same input and resources, same output.
//
// Offsets rule: every Evidence.start/end indexes `input.text`, except evidence whose reason
// starts with "title:", which indexes `input.title` (the title is analysed on its own, so that
// "SFR : l'enfer" in a title blames SFR without shifting the body's offsets).
import type { Analysis, BrandMention, Evidence } from '../types.ts';
import type { BrandMatcher } from './brands/mentions.ts';
import { attributeBrands } from './brands/targets.ts';
import {
  aimClaims,
  aimComplaint,
  clearTargets,
  modelDecision,
  NON_COMPLAINT_BLAME_SCORE,
  rulesDecision,
} from './complaints/decide.ts';
import { findSignals, mergeSignals, type Signals } from './complaints/signals.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import { ruleFeatures, shapeFeatures } from './model/dense.ts';
import {
  type FeatureBuffers,
  type FeatureOptions,
  hashedBlock,
  type SparseVector,
} from './model/features.ts';
import type { JointScorer } from './model/linear.ts';
import type { Models } from './model/models.ts';
import { composeSentiment, type Probabilities } from './sentiment/compose.ts';
import {
  analyseSentiment,
  lexiconFeaturesOf,
  type SentimentResult,
  toneOf,
} from './sentiment/sentiment.ts';
import { prepare } from './text/fold.ts';
import { detectLanguage } from './text/language.ts';
import { type Token, TokenForms, tokenize } from './tokens/tokenize.ts';

/** Version of the rules and lexicon; bump when an output may change for the same input. */
export const MODEL_VERSION = 'grogne-nlp-fr/0.2.0';

export interface AnalyseInput {
  text: string;
  title?: string | null;
  /**
   * The brand the text is about when its page says so (a review on an insurer's page, a
   * board for Freebox users): a complaint that names no watched brand is aimed at it.
   */
  brand?: string | null;
}

/** What an analysis needs, built once per analyser (analyzer.ts). */
export interface Resources {
  lexicon: Lexicon;
  brands: BrandMatcher;
  /** The trained models, and their block weights interleaved for scoring them together. */
  scoring?: { models: Models; scorer: JointScorer };
  /** The feature extraction's buffers and the tokens' forms: this analyser's, reused. */
  buffers: FeatureBuffers;
  forms: TokenForms;
}

/** What the models read of a post, and the analysis parts the rest of analyse() needs. */
export interface PostReading {
  text: string;
  title: string | null;
  bodyTokens: Token[];
  titleTokens: Token[];
  body: SentimentResult;
  head: SentimentResult | null;
  signals: Signals;
  /**
   * The models' inputs: hashed n-grams, sentiment dense features, and the complaint model's
   * own dense features (the sentiment probabilities are appended to them: complaintDenseWith).
   */
  block: SparseVector | null;
  sentimentDense: number[];
  complaintDense: number[];
}

/**
 * Reads a post: tokens, lexicon sentiment, rule signals and the models' features. Training
 * (src/train) reads its examples through this same function, so that the models see at
 * training exactly what they see in use.
 */
/** What reading a post takes: the lexicon, and for the models' features their options. */
export interface ReadingContext {
  lexicon: Lexicon;
  /** The models' feature options; without them, no hashed block is made. */
  features?: FeatureOptions;
  /** Buffers and memos reused from post to post (an analyser's own); fresh ones otherwise. */
  buffers?: FeatureBuffers;
  forms?: TokenForms;
}

export function readPost(input: AnalyseInput, ctx: ReadingContext): PostReading {
  const { lexicon, features, buffers } = ctx;
  const forms = ctx.forms ?? new TokenForms();
  const text = input.text ?? '';
  const title = input.title?.trim() ? input.title : null;
  // Each text prepared once, for its tokens, its sentiment and its brands.
  const prepared = prepare(text);
  const titlePrepared = title ? prepare(title) : '';
  const bodyTokens = tokenize(text, forms, prepared);
  const titleTokens = title ? tokenize(title, forms, titlePrepared) : [];
  const body = analyseSentiment(text, bodyTokens, lexicon, prepared);
  const head = title ? analyseSentiment(title, titleTokens, lexicon, titlePrepared) : null;
  const parts = head ? [head, body] : [body];
  const tone = toneOf(
    parts.reduce((s, p) => s + p.contributions.reduce((t, c) => t + c.value, 0), 0),
  );
  const signals: Signals = head
    ? mergeSignals(findSignals(title!, head), findSignals(text, body), tone)
    : findSignals(text, body);
  const sentimentDense = [
    ...shapeFeatures(title ? [title, text] : [text]),
    ...lexiconFeaturesOf(body, head),
  ];
  return {
    text,
    title,
    bodyTokens,
    titleTokens,
    body,
    head,
    signals,
    block: features
      ? hashedBlock(head ? [titleTokens, bodyTokens] : [bodyTokens], features, buffers)
      : null,
    sentimentDense,
    complaintDense: [...sentimentDense, ...ruleFeatures(signals)],
  };
}

export function analyse(input: AnalyseInput, r: Resources): Analysis {
  const models = r.scoring?.models;
  const post = readPost(input, { ...r, features: models?.sentiment.options.features });
  const { text, title, body, head, signals } = post;
  const language = detectLanguage(
    title ? `${title}\n${text}` : text,
    post.titleTokens.concat(post.bodyTokens),
  );
  const sentenceOf = (offset: number) =>
    body.sentences.find((s) => s.end > offset) ?? { start: 0, end: text.length };
  const mentions = r.brands.find(text, post.bodyTokens, sentenceOf, false, body);
  const titleMentions =
    title && head
      ? r.brands.find(title, post.titleTokens, () => ({ start: 0, end: title.length }), true, head)
      : [];
  const version = models ? `${MODEL_VERSION}+${models.version}` : MODEL_VERSION;
  const brands = attributeBrands(body, { mentions, titleMentions, titleScore: head?.score ?? 0 });

  // Not French: say so and score nothing (a French lexicon on English text is noise).
  if (language.lang !== 'fra' && language.lang !== 'und') {
    return notFrench(language, brands, version);
  }
  aimClaims(brands, signals.claims, mentions, sentenceOf, titleMentions);

  let p: Probabilities | undefined;
  let decision = rulesDecision(signals);
  if (r.scoring && post.block) {
    const { models, scorer } = r.scoring;
    const blockScores = scorer.blockScores(post.block);
    const [neg, neu, pos] = scorer.probabilities(0, blockScores, post.sentimentDense);
    p = { negative: neg!, neutral: neu!, positive: pos! };
    const pc = scorer.probabilities(1, blockScores, complaintDenseWith(post, [neg!, neu!, pos!]));
    decision = modelDecision(
      pc[models.complaint.classes.indexOf('complaint')]!,
      signals,
      models.blend,
    );
  }
  let sentiment = composeSentiment(body, head, p);
  // Every complaint is negative, even told politely (the annotation guide's rule).
  if (decision.complaint && sentiment.label !== 'negative') {
    sentiment = {
      label: 'negative',
      score: Math.min(sentiment.score, -0.15),
      decidedBy: 'complaint',
    };
  }
  // Blame follows the post's reading: a complaint, or a clearly negative post, is aimed at
  // someone (the clauses' target, else the source's brand, else the one brand it names); a
  // post that is not negative blames no one, whatever words of its clauses were negative
  // (news of an outage, a question about a strike); one only mildly negative that is not a
  // complaint blames only the brands its clauses blame.
  if (sentiment.label !== 'negative') clearTargets(brands);
  else if (decision.complaint || sentiment.score <= NON_COMPLAINT_BLAME_SCORE)
    aimComplaint(brands, decision.confidence, input.brand ?? null);

  return {
    lang: language.lang === 'und' ? 'und' : 'fra',
    langConfidence: round(language.confidence),
    sentiment: sentiment.label,
    sentimentScore: round(sentiment.score),
    complaint: decision.complaint,
    complaintConfidence: decision.confidence,
    resolved: signals.resolved.length > 0,
    brands,
    categories: signals.categories,
    grievances: signals.grievances.concat(signals.actGrievances),
    acts: signals.acts,
    evidence: evidenceOf(body, head, signals),
    modelVersion: version,
  };
}

/** The complaint model's dense features: the post's own, then the sentiment probabilities. */
export const complaintDenseWith = (post: PostReading, pSentiment: readonly number[]) => [
  ...post.complaintDense,
  ...pSentiment,
];

/** The sentiment model's probabilities for a post, without the rest of the analysis. */
export function sentimentProbabilities(
  input: AnalyseInput,
  r: Resources,
): Probabilities | undefined {
  if (!r.scoring) return undefined;
  const { models, scorer } = r.scoring;
  const post = readPost(input, { ...r, features: models.sentiment.options.features });
  const [negative, neutral, positive] = scorer.probabilities(
    0,
    scorer.blockScores(post.block!),
    post.sentimentDense,
  );
  return { negative: negative!, neutral: neutral!, positive: positive! };
}

/** The evidence of an analysis: the body's in text order, then the title's. */
function evidenceOf(body: SentimentResult, head: SentimentResult | null, s: Signals): Evidence[] {
  const isTitle = (e: Evidence) => e.reason.startsWith('title:');
  const fromRules = [...s.actGrievances.map((g) => g.evidence), ...s.resolved];
  const bodyEvidence = [...body.evidence, ...fromRules.filter((e) => !isTitle(e))].sort(
    (a, b) => a.start - b.start || a.end - b.end,
  );
  const titleEvidence = [
    ...(head?.evidence ?? []).map((e) => ({ ...e, reason: `title: ${e.reason}` })),
    ...fromRules.filter(isTitle),
  ];
  return bodyEvidence.concat(titleEvidence);
}

function notFrench(
  language: { lang: string; confidence: number },
  brands: BrandMention[],
  version: string,
): Analysis {
  return {
    lang: language.lang,
    langConfidence: round(language.confidence),
    sentiment: 'neutral',
    sentimentScore: 0,
    complaint: false,
    complaintConfidence: 0,
    resolved: false,
    brands: brands.map((b) => ({
      ...b,
      target: false,
      confidence: 1,
      sentiment: 'neutral',
      reasons: [...b.reasons, `not French (${language.lang}): not scored`],
    })),
    categories: [],
    grievances: [],
    acts: [],
    evidence: [],
    modelVersion: version,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
