// Complaint = a negative experience attributed to a brand: not merely negative words, and
// not a question unless it reports a failure. This module finds the grievances (category +
// span), the acts that raise severity (churn, legal, avoid, insult, repeat contact, money,
// duration) and whether the post says the problem was solved. Patterns run on the folded
// text (flatten: lower case, no accents, same offsets), so spans index the original text.
import type { BrandMention, Evidence, Grievance } from '../../types.ts';
import type { ScoredSentence, SentimentResult } from '../sentiment/sentiment.ts';
import { sortStably } from '../text/stable-sort.ts';
import { ACT_RULES, CATEGORY_RULES } from './complaint-rules.ts';
import { scanRules } from './rule-scan.ts';
import { type RuleSignals, SEVERE_ACTS, signalsOf } from './rule-signals.ts';

export { ACT_RULES, CATEGORY_RULES, CLAIM_RE } from './complaint-rules.ts';
export type { Findings, RuleSignals } from './rule-signals.ts';
export { signalsOf } from './rule-signals.ts';

const NEGATED_BEFORE = /(?:pas|jamais|toujours pas|non|rien|pas encore|n'est) $/;
const NEGATIVE_ACTS = new Set([...SEVERE_ACTS, 'repeat_contact']);
const CLIP = 90;

export interface ComplaintResult {
  complaint: boolean;
  confidence: number;
  resolved: boolean;
  categories: string[];
  /** Category grievances first, then acts (category = the act id). */
  grievances: Grievance[];
  acts: string[];
  evidence: Evidence[];
}

export function ruleSignals(text: string, sentiment: SentimentResult): RuleSignals {
  const { flat } = sentiment;
  const { sentences } = sentiment;
  // Shared arrays, read here and kept nowhere (see Hits).
  const hits = scanRules(flat, sentiment.tokens);

  const actGrievances: Grievance[] = [];
  const acts: string[] = [];
  for (let h = 0; h < hits.nActs; h += 3) {
    const k = hits.acts[h]!;
    const id = ACT_RULES[k]!.id;
    const start = hits.acts[h + 1]!;
    const end = hits.acts[h + 2]!;
    actGrievances.push({
      category: id,
      evidence: { start, end, text: text.slice(start, end), reason: ACT_REASONS[k]! },
    });
  }
  sortStably(actGrievances, laterGrievance);
  for (const g of actGrievances) if (!acts.includes(g.category)) acts.push(g.category);
  // A post is negative for "strong" keywords when its tone is, or when it reports acts that
  // only complaints contain (a 5th call, a registered letter).
  let docNegative = sentiment.score <= -0.15;
  for (let i = 0; !docNegative && i < sentences.length; i++) docNegative = sentences[i]!.failure;
  for (let i = 0; !docNegative && i < acts.length; i++) docNegative = NEGATIVE_ACTS.has(acts[i]!);

  const claims: Evidence[] = [];
  for (let h = 0; h < hits.nClaims; h += 3) {
    const start = hits.claims[h + 1]!;
    // The match without its trailing white space (what trimEnd() of its slice kept).
    let end = hits.claims[h + 2]!;
    while (end > start && isTrimmed(flat.charCodeAt(end - 1))) end--;
    claims.push({ start, end, text: text.slice(start, end), reason: 'billing: claim' });
  }
  const grievances: Grievance[] = [];
  // Per category rule, grievances so far and the sentence of the last: scratch. A sentence
  // left from another text is never one of this text's, and the end clears them anyway.
  PER_RULE.fill(0);
  for (let h = 0; h < hits.nCategories; h += 3) {
    const k = hits.categories[h]!;
    const start = hits.categories[h + 1]!;
    const end = hits.categories[h + 2]!;
    const r = CATEGORY_RULES[k]!;
    const s = sentenceAt(sentences, start);
    // One grievance per category and sentence ("ni SMS, ni appels"), three per category.
    if (!s || s === LAST_SENTENCE[k] || PER_RULE[k]! >= 3) continue;
    const local = s.sum < 0 || s.failure || claimIn(claims, s);
    const strong = docNegative && r.strong?.test(flat.slice(start, end));
    if (!local && !strong) continue;
    if (s.question && !s.failure) continue;
    LAST_SENTENCE[k] = s;
    PER_RULE[k]!++;
    grievances.push({
      category: r.id,
      evidence: clip(text, s, start, end, `${r.id}: ${flat.slice(start, end)}`),
    });
  }
  LAST_SENTENCE.fill(undefined);
  for (const c of claims) {
    if (!billingOver(grievances, c)) grievances.push({ category: 'billing', evidence: c });
  }
  sortStably(grievances, laterGrievance);
  const categories: string[] = [];
  for (const g of grievances) if (!categories.includes(g.category)) categories.push(g.category);

  const resolvedEvidence: Evidence[] = [];
  for (let h = 0; h < hits.nResolved; h += 3) {
    const start = hits.resolved[h + 1]!;
    const end = hits.resolved[h + 2]!;
    if (NEGATED_BEFORE.test(flat.slice(Math.max(0, start - 16), start))) continue;
    resolvedEvidence.push({ start, end, text: text.slice(start, end), reason: 'resolved' });
  }
  return signalsOf(
    {
      grievances,
      actGrievances,
      categories,
      acts,
      resolvedEvidence,
      claims,
      asksReaders: hits.asks,
    },
    sentences,
    sentiment.score,
  );
}

/** `act: ${id}` of each act rule, built once rather than per grievance. */
const ACT_REASONS = ACT_RULES.map((r) => `act: ${r.id}`);

// Scratch of ruleSignals per category rule. Plain arrays: a typed array of this size lives
// off the V8 heap, ~0.3 µs to allocate, and these are allocated once.
const PER_RULE: number[] = CATEGORY_RULES.map(() => 0);
const LAST_SENTENCE: (ScoredSentence | undefined)[] = CATEGORY_RULES.map(() => undefined);

/** Whether a claim starts in sentence `s`. */
function claimIn(claims: readonly Evidence[], s: ScoredSentence): boolean {
  for (const c of claims) if (c.start >= s.start && c.start < s.end) return true;
  return false;
}

/** Whether a billing grievance overlaps `c`. */
function billingOver(grievances: readonly Grievance[], c: Evidence): boolean {
  for (const g of grievances) if (g.category === 'billing' && overlaps(g.evidence, c)) return true;
  return false;
}

/**
 * What String#trimEnd() removes: white space and line terminators (the units of \s). A loop
 * on them spares trimEnd() its slice.
 */
export function isTrimmed(u: number): boolean {
  if (u <= 32) return u === 32 || (u >= 9 && u <= 13);
  if (u < 0xa0) return false;
  return (
    u === 0xa0 ||
    u === 0x1680 ||
    (u >= 0x2000 && u <= 0x200a) ||
    u === 0x2028 ||
    u === 0x2029 ||
    u === 0x202f ||
    u === 0x205f ||
    u === 0x3000 ||
    u === 0xfeff
  );
}

/**
 * Decides whether `text` is a complaint by the rules: negative, aimed at a target brand, not
 * a mere question, not solved. `classifierP`, the complaint classifier's probability, decides
 * instead when given (see analyse.ts for how the two are combined).
 */
export function detectComplaint(
  text: string,
  sentiment: SentimentResult,
  brands: readonly BrandMention[],
  signals: RuleSignals = ruleSignals(text, sentiment),
): ComplaintResult {
  const { grievances, actGrievances, categories, acts, resolved, failures, severeActs } = signals;
  let targets = 0;
  let targetConfidence = 0;
  for (const b of brands) {
    if (!b.target) continue;
    targets++;
    targetConfidence = Math.max(targetConfidence, b.confidence);
  }
  let p =
    0.15 +
    0.3 * Math.max(0, -sentiment.score) +
    0.15 * Math.min(1, grievances.length / 3) +
    0.15 * Math.min(1, severeActs / 2) +
    0.1 * Math.min(1, failures / 2) +
    0.2 * targetConfidence;
  if (resolved) p -= 0.3;
  const complaint =
    targets > 0 && signals.negative && !signals.asking && (!resolved || signals.stillBad);
  p = Math.max(0, Math.min(1, p));
  p = complaint ? Math.max(p, 0.55) : Math.min(p, 0.45);
  return {
    complaint,
    confidence: Math.round(p * 100) / 100,
    resolved,
    categories,
    grievances: grievances.concat(actGrievances),
    acts,
    evidence: signals.resolvedEvidence,
  };
}

/** What `sort((a, b) => a.evidence.start - b.evidence.start)` orders. */
const laterGrievance = (a: Grievance, b: Grievance) => a.evidence.start > b.evidence.start;

const overlaps = (a: Evidence, b: Evidence) => a.start < b.end && b.start < a.end;

function sentenceAt(sentences: readonly ScoredSentence[], offset: number) {
  for (const s of sentences) if (s.end > offset) return s;
  return sentences[sentences.length - 1];
}

/** The sentence around a keyword, cut at word boundaries to at most CLIP chars each side. */
function clip(
  text: string,
  s: ScoredSentence,
  start: number,
  end: number,
  reason: string,
): Evidence {
  let from = Math.max(s.start, start - CLIP);
  let to = Math.min(s.end, end + CLIP);
  if (from > s.start) {
    const sp = text.indexOf(' ', from);
    if (sp >= 0 && sp < start) from = sp + 1;
  }
  if (to < s.end) {
    const sp = text.lastIndexOf(' ', to);
    if (sp >= end) to = sp;
  }
  return { start: from, end: to, text: text.slice(from, to), reason };
}
