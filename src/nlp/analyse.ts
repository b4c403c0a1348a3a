// The French analysis of one post, composed from its parts: language → tokens → sentiment →
// brands → complaints. Pure: same input, same output, no I/O beyond the lexicon's first load.
//
// Offsets rule: every Evidence.start/end indexes `input.text`, except evidence whose reason
// starts with "title:", which indexes `input.title` (the title is analysed on its own, so that
// "SFR : l'enfer" in a title blames SFR without shifting the body's offsets).
import type { BrandConfig } from '../config.ts';
import type { Analysis, BrandMention, Evidence } from '../types.ts';
import { findMentions } from './brands/mentions.ts';
import { attributeBrands } from './brands/targets.ts';
import { complaintFeaturesFrom, firstPerson } from './complaints/complaint-features.ts';
import { detectComplaint, ruleSignals } from './complaints/complaints.ts';
import {
  ASKING_TITLE,
  aimClaims,
  decideComplaint,
  LONG_POST_CHARS,
  type PostCues,
} from './complaints/decide.ts';
import { joinedSignals } from './complaints/joined.ts';
import type { SentimentModel } from './model/model.ts';
import { composeSentiment } from './sentiment/compose.ts';
import { analyseSentiment, lexiconFeaturesOf } from './sentiment/sentiment.ts';
import { detectLanguage } from './text/language.ts';
import type { Sentence } from './text/sentences.ts';
import { sortStably } from './text/stable-sort.ts';

/** Version of the rules and lexicon; bump when an output may change for the same input. */
export const MODEL_VERSION = 'grogne-nlp-fr/0.1.0';

export interface AnalyseInput {
  text: string;
  title?: string | null;
}

export interface AnalyseContext {
  brands: BrandConfig[];
  /** The sentiment model; its `complaint` classifier, when present, decides complaints. */
  model?: SentimentModel;
  /**
   * The brand a source is about (a forum board for Freebox users, a search for tweets about
   * Free): a complaint that names no watched brand is aimed at it.
   */
  defaultBrand?: string;
}

export function analyse(input: AnalyseInput, ctx: AnalyseContext): Analysis {
  const text = input.text ?? '';
  const title = input.title?.trim() ? input.title : null;
  const language = detectLanguage(text, title);
  const sentiment = analyseSentiment(text);
  const sentenceOf = sentenceFinder(sentiment.sentences, text.length);
  const mentions = findMentions(
    text,
    ctx.brands,
    sentenceOf,
    false,
    sentiment.tokens,
    sentiment.flat,
  );
  const titleSentiment = title ? analyseSentiment(title) : null;
  const titleMentions = title
    ? findMentions(
        title,
        ctx.brands,
        () => ({ start: 0, end: title.length }),
        true,
        titleSentiment?.tokens,
        titleSentiment?.flat,
      )
    : [];
  const version = ctx.model ? `${MODEL_VERSION}+${ctx.model.version}` : MODEL_VERSION;

  // Not French: say so and score nothing (a French lexicon on English text is noise).
  if (language.lang !== 'fra' && language.lang !== 'und') {
    const brands: BrandMention[] = attributeBrands(sentiment, {
      mentions,
      titleMentions,
      titleScore: 0,
    }).map((b) => ({
      ...b,
      target: false,
      confidence: 1,
      sentiment: 'neutral',
      reasons: [...b.reasons, `not French (${language.lang}): not scored`],
    }));
    return {
      lang: language.lang,
      langConfidence: round(language.confidence),
      sentiment: 'neutral',
      sentimentScore: 0,
      complaint: false,
      complaintConfidence: 0,
      resolved: false,
      brands,
      categories: [],
      grievances: [],
      acts: [],
      evidence: [],
      modelVersion: version,
    };
  }

  const brands = attributeBrands(sentiment, {
    mentions,
    titleMentions,
    titleScore: titleSentiment?.score ?? 0,
  });
  const signals = ruleSignals(text, sentiment);
  const titleSignals = title && titleSentiment ? ruleSignals(title, titleSentiment) : null;
  aimClaims(brands, signals, mentions, sentenceOf, titleSignals?.claims ?? [], titleMentions);
  const rules = detectComplaint(text, sentiment, brands, signals);

  // The models read title and body as one text: the tokens of both, their cues joined
  // (joined.ts), without analysing the joined text again, nor building it.
  const fullText = title ? [title, text] : text;
  const fullLength = title ? title.length + 1 + text.length : text.length;
  const parts = titleSentiment ? [titleSentiment, sentiment] : [sentiment];
  const tokens = titleSentiment ? titleSentiment.tokens.concat(sentiment.tokens) : sentiment.tokens;
  const lexicon = lexiconFeaturesOf(...parts);
  // The model decides the polarity; the lexicon overrides it on explicit cues (compose.ts).
  const p = ctx.model?.predict(fullText, lexicon, tokens);
  const { label, score } = composeSentiment(sentiment, titleSentiment, p);
  const classifier = ctx.model?.complaint;
  const post: PostCues = {
    lexicon: sentiment.score,
    composed: score,
    titleAsks: title !== null && ASKING_TITLE.test(titleSentiment?.flat ?? ''),
    bodyAsks: signals.asksReaders,
    long: fullLength > LONG_POST_CHARS,
  };
  // Title and body together: a failure named in the title ("Panne SFR") is evidence too.
  const fullSignals =
    titleSentiment && titleSignals
      ? joinedSignals([
          { sentiment: titleSentiment, signals: titleSignals },
          { sentiment, signals },
        ])
      : signals;
  const speaksFirstPerson =
    firstPerson(sentiment.flat) || (titleSentiment !== null && firstPerson(titleSentiment.flat));
  const complaint = classifier
    ? decideComplaint(
        rules,
        signals,
        fullSignals,
        brands,
        classifier.probability(
          fullText,
          complaintFeaturesFrom(lexicon, fullSignals, speaksFirstPerson),
          tokens,
        ),
        ctx.defaultBrand,
        post,
      )
    : rules;

  const evidence = sentiment.evidence.concat(complaint.evidence);
  for (const g of complaint.grievances) {
    if (g.evidence.reason.startsWith('act:')) evidence.push(g.evidence);
  }
  sortStably(evidence, laterEvidence);
  if (titleSentiment) {
    for (const e of titleSentiment.evidence) {
      evidence.push({ start: e.start, end: e.end, text: e.text, reason: `title: ${e.reason}` });
    }
  }
  return {
    lang: language.lang === 'und' ? 'und' : 'fra',
    langConfidence: round(language.confidence),
    sentiment: label,
    sentimentScore: round(score),
    complaint: complaint.complaint,
    complaintConfidence: complaint.confidence,
    resolved: complaint.resolved,
    brands,
    categories: complaint.categories,
    grievances: complaint.grievances,
    acts: complaint.acts,
    evidence,
    modelVersion: version,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** What `sort((a, b) => a.start - b.start || a.end - b.end)` orders. */
const laterEvidence = (a: Evidence, b: Evidence) =>
  a.start > b.start || (a.start === b.start && a.end > b.end);

/**
 * The sentence holding an offset, else the whole text. Made by a function that returns it:
 * tsx names a closure assigned to a local (a defineProperty, ~0.3 µs), not one returned.
 */
function sentenceFinder(
  sentences: readonly Sentence[],
  length: number,
): (offset: number) => { start: number; end: number } {
  return (offset) => {
    for (const s of sentences) if (s.end > offset) return s;
    return { start: 0, end: length };
  };
}
