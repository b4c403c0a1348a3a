// The French analysis of one post, composed from its parts: language → tokens → sentiment →
// brands → complaints. Pure: same input, same output, no I/O beyond the lexicon's first load.
//
// Offsets rule: every Evidence.start/end indexes `input.text`, except evidence whose reason
// starts with "title:", which indexes `input.title` (the title is analysed on its own, so that
// "SFR : l'enfer" in a title blames SFR without shifting the body's offsets).
import type { BrandConfig } from '../config.ts';
import type { Analysis, BrandMention, Evidence } from '../types.ts';
import { attributeBrands } from './brands.ts';
import { complaintFeaturesFrom, firstPerson } from './complaint-features.ts';
import {
  type ComplaintResult,
  detectComplaint,
  type RuleSignals,
  ruleSignals,
} from './complaints.ts';
import { composeSentiment } from './compose.ts';
import { joinedLexiconFeatures, joinedSignals } from './joined.ts';
import { detectLanguage } from './language.ts';
import { findMentions } from './mentions.ts';
import type { SentimentModel } from './model.ts';
import { analyseSentiment } from './sentiment.ts';

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

/** P(complaint) at or above which the classifier flags a complaint. */
export const COMPLAINT_THRESHOLD = 0.5;
/** Below the threshold, a complaint the rules make (with their evidence) still stands from here. */
export const RULES_COMPLAINT_FLOOR = 0.3;

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
  const signals = ruleSignals(text, sentiment);
  const titleSignals = title && titleSentiment ? ruleSignals(title, titleSentiment) : null;
  aimClaims(brands, signals, mentions, sentenceOf, titleSignals?.claims ?? [], titleMentions);
  const rules = detectComplaint(text, sentiment, brands, signals);

  // The models read title and body as one text: the tokens of both, their cues joined
  // (joined.ts), without analysing the joined text again.
  const fullText = title ? `${title}\n${text}` : text;
  const parts = titleSentiment ? [titleSentiment, sentiment] : [sentiment];
  const tokens = titleSentiment
    ? [...titleSentiment.tokens, ...sentiment.tokens]
    : sentiment.tokens;
  const lexicon = joinedLexiconFeatures(parts);
  // The model decides the polarity; the lexicon overrides it on explicit cues (compose.ts).
  const p = ctx.model?.predict(fullText, lexicon, tokens);
  const { label, score } = composeSentiment(sentiment, titleSentiment, p);
  const classifier = ctx.model?.complaint;
  const post: PostCues = {
    lexicon: sentiment.score,
    composed: score,
    titleAsks: title !== null && ASKING_TITLE.test(titleSentiment?.flat ?? ''),
    bodyAsks: asksReaders(sentiment.flat),
    long: fullText.length > LONG_POST_CHARS,
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

/** What decideComplaint reads of the post beyond the rules' signals. */
interface PostCues {
  /** The lexicon's own score of the body, −1..1. */
  lexicon: number;
  /** The composed sentiment score, −1..1. */
  composed: number;
  /** The title asks ("Quelqu'un sait si…?"). */
  titleAsks: boolean;
  /** The body asks the readers ("quelqu'un sait", "savez-vous", "est-ce normal"). */
  bodyAsks: boolean;
  /** Longer than a tweet: title and body over LONG_POST_CHARS. */
  long: boolean;
}

// A forum or reader question: "quelqu'un sait si…", "savez-vous", "une idée ?", "question :".
const ASKING_TITLE = /\?\s*$|(?<![a-z])(?:question|quelqu'un sait|savez-vous|une idee)(?![a-z])/;
// Without a leading lookbehind, so that V8 can skip to the phrases' first letters; the word
// boundary before a match is checked by asksReaders().
const ASKING_BODY =
  /(?:quelqu'un (?:sait|a deja|aurait|peut)|savez-vous|vous savez si|est-ce (?:que|normal)|une idee \?|des conseils \?)(?![a-z])/g;

/** ASKING_BODY at a word start in a folded text. */
function asksReaders(flat: string): boolean {
  ASKING_BODY.lastIndex = 0;
  for (let m = ASKING_BODY.exec(flat); m !== null; m = ASKING_BODY.exec(flat)) {
    const before = m.index > 0 ? flat.charCodeAt(m.index - 1) : 0;
    if (before < 0x61 || before > 0x7a) return true;
    ASKING_BODY.lastIndex = m.index + 1;
  }
  return false;
}
/** Acts that report a bad experience (churn and money alone may be plans or prices). */
const FAILURE_ACTS = new Set(['legal', 'avoid', 'insult', 'repeat_contact']);
/**
 * Positive enough, composed or by the lexicon's own reading, that a text with no failure is
 * praise: the lexicon reads "rien à redire", "pas mal du tout", "au top" where a model
 * trained on reviews may not.
 */
const PRAISE_COMPOSED = 0.3;
const PRAISE_LEXICON = 0.5;
/**
 * P(complaint) needed when a long post (blog, forum) holds no rule evidence at all (no
 * failure, act, grievance): a post of several sentences that reports a failure names it in
 * words the rules know, while a tweet often does not (gating tweets this way cost ~12 points
 * of cross-validated F1 on the Free gold).
 */
const NO_EVIDENCE_THRESHOLD = 0.8;
const LONG_POST_CHARS = 280;

/**
 * A billing claim ("EDF me réclame 1 800 €") blames the brand named in its sentence, else the
 * brand its title names; the lexicon saw no negative word there, so attributeBrands did not.
 */
function aimClaims(
  brands: BrandMention[],
  signals: RuleSignals,
  mentions: readonly { brand: string; start: number }[],
  sentenceOf: (offset: number) => { start: number; end: number },
  titleClaims: readonly Evidence[],
  titleMentions: readonly { brand: string }[],
): void {
  const blame = (id: string, why: string) => {
    const b = brands.find((x) => x.id === id);
    if (!b || b.reasons.includes(why)) return;
    b.target = true;
    b.confidence = Math.max(b.confidence, 0.6);
    b.sentiment = 'negative';
    b.reasons.push(why);
  };
  for (const c of signals.claims) {
    const s = sentenceOf(c.start);
    const named = mentions.filter((m) => m.start >= s.start && m.start < s.end);
    const ids = named.length ? named.map((m) => m.brand) : titleMentions.map((m) => m.brand);
    for (const id of new Set(ids)) blame(id, `billing claim: « ${c.text} »`);
  }
  for (const c of titleClaims) {
    for (const m of titleMentions) blame(m.brand, `billing claim in the title: « ${c.text} »`);
  }
}

/**
 * The classifier's probability decides the flag; the rules keep a complaint they found (their
 * evidence) down to RULES_COMPLAINT_FLOOR, and a "problem solved" post stays solved unless
 * still bad. A complaint needs a brand to aim at: the rules' target, else the source's
 * default brand, else the one brand the post names that it does not praise.
 */
function decideComplaint(
  rules: ComplaintResult,
  signals: RuleSignals,
  full: RuleSignals,
  brands: BrandMention[],
  p: number,
  defaultBrand: string | undefined,
  post: PostCues,
): ComplaintResult {
  // Gating the classifier by the rules' negativity or question cues cost 8–19 points of
  // cross-validated F1 on the Free gold (tweets state failures in words the rules lack), so
  // the gates below open only on a post with no failure evidence at all.
  const claims = full.claims.length;
  const failed = full.failures > 0 || claims > 0 || full.acts.some((a) => FAILURE_ACTS.has(a));
  const evidence = failed || full.grievances.length > 0;
  const asks = signals.asking || post.titleAsks || post.bodyAsks;
  const praises = post.composed >= PRAISE_COMPOSED || post.lexicon >= PRAISE_LEXICON;
  let complaint =
    (p >= (evidence || !post.long ? COMPLAINT_THRESHOLD : NO_EVIDENCE_THRESHOLD) ||
      (rules.complaint && p >= RULES_COMPLAINT_FLOOR) ||
      (claims > 0 && brands.some((b) => b.target))) &&
    (!signals.resolved || signals.stillBad) &&
    // A question that reports no failure or grievance asks; praise with no failure praises.
    !(asks && !evidence && post.long) &&
    !(praises && !failed && post.long);
  if (complaint && !brands.some((b) => b.target)) {
    // Without a source brand, a long post blames the one brand it names only when it is
    // negative (news about "Orange active la 5G" names Orange without blaming it).
    const named =
      signals.negative || !post.long ? brands.filter((b) => b.sentiment !== 'positive') : [];
    const reason = `complaint classifier (P ${p.toFixed(2)})`;
    const fallback = defaultBrand ?? (named.length === 1 ? named[0]!.id : undefined);
    const b = brands.find((x) => x.id === fallback);
    if (b) {
      b.target = true;
      b.confidence = Math.max(0.55, Math.round(p * 100) / 100);
      b.reasons.push(`${reason}: the only brand it names`);
    } else if (fallback) {
      brands.push({
        id: fallback,
        target: true,
        confidence: Math.max(0.55, Math.round(p * 100) / 100),
        sentiment: 'negative',
        count: 0,
        reasons: [`${reason}: the source's brand`],
        spans: [],
      });
    } else complaint = false;
  }
  const confidence = Math.round((complaint ? Math.max(p, 0.55) : Math.min(p, 0.45)) * 100) / 100;
  return { ...rules, complaint, confidence };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
