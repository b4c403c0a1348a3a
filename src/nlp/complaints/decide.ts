// The complaint decision of analyse(): the classifier's probability weighed against what the
// rules found (evidence, questions, praise, resolution), and the brand a complaint is aimed
// at when the rules named none; billing claims aimed at the brand their sentence names.
import type { BrandMention, Evidence } from '../../types.ts';
import type { ComplaintResult, RuleSignals } from './complaints.ts';

/** P(complaint) at or above which the classifier flags a complaint. */
export const COMPLAINT_THRESHOLD = 0.5;
/** Below the threshold, a complaint the rules make (with their evidence) still stands from here. */
export const RULES_COMPLAINT_FLOOR = 0.3;

/** What decideComplaint reads of the post beyond the rules' signals. */
export interface PostCues {
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
export const ASKING_TITLE =
  /\?\s*$|(?<![a-z])(?:question|quelqu'un sait|savez-vous|une idee)(?![a-z])/;
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
export const LONG_POST_CHARS = 280;

/**
 * A billing claim ("EDF me réclame 1 800 €") blames the brand named in its sentence, else the
 * brand its title names; the lexicon saw no negative word there, so attributeBrands did not.
 */
export function aimClaims(
  brands: BrandMention[],
  signals: RuleSignals,
  mentions: readonly { brand: string; start: number }[],
  sentenceOf: (offset: number) => { start: number; end: number },
  titleClaims: readonly Evidence[],
  titleMentions: readonly { brand: string }[],
): void {
  // Most posts claim nothing: return before building anything.
  if (signals.claims.length === 0 && titleClaims.length === 0) return;
  for (const c of signals.claims) {
    const s = sentenceOf(c.start);
    const why = `billing claim: « ${c.text} »`;
    // The brands named in the claim's sentence, else the title's, each blamed once.
    let named = false;
    for (const m of mentions) {
      if (m.start < s.start || m.start >= s.end) continue;
      named = true;
      blame(brands, m.brand, why);
    }
    if (!named) for (const m of titleMentions) blame(brands, m.brand, why);
  }
  for (const c of titleClaims) {
    for (const m of titleMentions)
      blame(brands, m.brand, `billing claim in the title: « ${c.text} »`);
  }
}

/** Marks brand `id` a target of a billing claim, once per reason `why`. */
function blame(brands: BrandMention[], id: string, why: string): void {
  const b = brands.find((x) => x.id === id);
  if (!b || b.reasons.includes(why)) return;
  b.target = true;
  b.confidence = Math.max(b.confidence, 0.6);
  b.sentiment = 'negative';
  b.reasons.push(why);
}

/**
 * The classifier's probability decides the flag; the rules keep a complaint they found (their
 * evidence) down to RULES_COMPLAINT_FLOOR, and a "problem solved" post stays solved unless
 * still bad. A complaint needs a brand to aim at: the rules' target, else the source's
 * default brand, else the one brand the post names that it does not praise.
 */
export function decideComplaint(
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
  // Fields written out: a spread makes a slower object, on every post with a classifier.
  return {
    complaint,
    confidence,
    resolved: rules.resolved,
    categories: rules.categories,
    grievances: rules.grievances,
    acts: rules.acts,
    evidence: rules.evidence,
  };
}
