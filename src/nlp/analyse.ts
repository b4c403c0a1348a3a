// The French analysis of one post, composed from its parts: language → tokens → sentiment →
// brands → complaints. Pure: same input, same output, no I/O beyond the lexicon's first load.
//
// Offsets rule: every Evidence.start/end indexes `input.text`, except evidence whose reason
// starts with "title:", which indexes `input.title` (the title is analysed on its own, so that
// "SFR : l'enfer" in a title blames SFR without shifting the body's offsets).
import type { BrandConfig } from '../config.ts';
import type { Analysis, BrandMention, Evidence, Sentiment } from '../types.ts';
import { attributeBrands } from './brands.ts';
import { detectComplaint } from './complaints.ts';
import { detectLanguage } from './language.ts';
import { findMentions } from './mentions.ts';
import type { SentimentModel } from './model.ts';
import { analyseSentiment } from './sentiment.ts';

/** Version of the rules and lexicon; bump when an output may change for the same input. */
export const MODEL_VERSION = 'grogne-nlp-fr/0.1.0';

/**
 * Weight of the trained model in the reported sentiment score when one is given:
 * score = (1 − w)·lexicon + w·(P(pos) − P(neg)). The lexicon keeps the larger share because
 * it explains itself (evidence spans) and handles negation and sarcasm; the model brings
 * recall on words the lexicon lacks. Complaint and blame decisions use the lexicon alone, so
 * that each of them can be traced to a span.
 */
export const MODEL_WEIGHT = 0.4;
const LABEL_THRESHOLD = 0.15;

export interface AnalyseInput {
  text: string;
  title?: string | null;
}

export interface AnalyseContext {
  brands: BrandConfig[];
  model?: SentimentModel;
}

export function analyse(input: AnalyseInput, ctx: AnalyseContext): Analysis {
  const text = input.text ?? '';
  const title = input.title?.trim() ? input.title : null;
  const language = detectLanguage(text, title);
  const sentiment = analyseSentiment(text);
  const sentenceOf = (offset: number) =>
    sentiment.sentences.find((s) => s.end > offset) ?? { start: 0, end: text.length };
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
  const complaint = detectComplaint(text, sentiment, brands);

  let score = sentiment.score;
  if (titleSentiment && titleSentiment.score !== 0) {
    // A title is one sentence the writer chose to shout: it counts like a strong sentence.
    score = clamp(score + 0.25 * titleSentiment.score);
  }
  if (ctx.model) {
    const p = ctx.model.predict(title ? `${title}\n${text}` : text);
    score = clamp((1 - MODEL_WEIGHT) * score + MODEL_WEIGHT * (p.positive - p.negative));
  }
  const label: Sentiment =
    score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';

  const evidence: Evidence[] = [
    ...sentiment.evidence,
    ...complaint.evidence,
    ...complaint.grievances
      .filter((g) => g.evidence.reason.startsWith('act:'))
      .map((g) => g.evidence),
  ].sort((a, b) => a.start - b.start || a.end - b.end);
  if (titleSentiment) {
    for (const e of titleSentiment.evidence) evidence.push({ ...e, reason: `title: ${e.reason}` });
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

const clamp = (x: number) => Math.max(-1, Math.min(1, x));
const round = (x: number) => Math.round(x * 1000) / 1000;
