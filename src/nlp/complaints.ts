// Complaint = a negative experience attributed to a brand: not merely negative words, and
// not a question unless it reports a failure. This module finds the grievances (category +
// span), the acts that raise severity (churn, legal, avoid, insult, repeat contact, money,
// duration) and whether the post says the problem was solved. Patterns run on the folded
// text (flatten: lower case, no accents, same offsets), so spans index the original text.
import type { BrandMention, Evidence, Grievance } from '../types.ts';
import { ACT_RULES, CATEGORY_RULES } from './complaint-rules.ts';
import { scanRules } from './rule-scan.ts';
import type { ScoredSentence, SentimentResult } from './sentiment.ts';

export { ACT_RULES, CATEGORY_RULES, CLAIM_RE } from './complaint-rules.ts';

const NEGATED_BEFORE = /(?:pas|jamais|toujours pas|non|rien|pas encore|n'est) $/;
const SEVERE_ACTS = new Set(['legal', 'insult', 'avoid', 'churn']);
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

export function ruleSignals(text: string, sentiment: SentimentResult): RuleSignals {
  const { flat } = sentiment;
  const { sentences } = sentiment;
  const hits = scanRules(flat, sentiment.tokens);

  const actGrievances: Grievance[] = [];
  for (let h = 0; h < hits.acts.length; h += 3) {
    const id = ACT_RULES[hits.acts[h]!]!.id;
    const start = hits.acts[h + 1]!;
    const end = hits.acts[h + 2]!;
    actGrievances.push({
      category: id,
      evidence: { start, end, text: text.slice(start, end), reason: `act: ${id}` },
    });
  }
  actGrievances.sort((a, b) => a.evidence.start - b.evidence.start);
  const acts = [...new Set(actGrievances.map((g) => g.category))];
  // A post is negative for "strong" keywords when its tone is, or when it reports acts that
  // only complaints contain (a 5th call, a registered letter).
  const docNegative =
    sentiment.score <= -0.15 ||
    sentences.some((s) => s.failure) ||
    acts.some((a) => NEGATIVE_ACTS.has(a));

  const claims: Evidence[] = [];
  for (let h = 0; h < hits.claims.length; h += 3) {
    const start = hits.claims[h + 1]!;
    const end = start + flat.slice(start, hits.claims[h + 2]!).trimEnd().length;
    claims.push({ start, end, text: text.slice(start, end), reason: 'billing: claim' });
  }
  const grievances: Grievance[] = [];
  // A plain array: a typed array of this size lives off the V8 heap, ~0.3 µs to allocate.
  const perRule: number[] = CATEGORY_RULES.map(() => 0);
  const lastSentence: (ScoredSentence | undefined)[] = [];
  for (let h = 0; h < hits.categories.length; h += 3) {
    const k = hits.categories[h]!;
    const start = hits.categories[h + 1]!;
    const end = hits.categories[h + 2]!;
    const r = CATEGORY_RULES[k]!;
    const s = sentenceAt(sentences, start);
    // One grievance per category and sentence ("ni SMS, ni appels"), three per category.
    if (!s || s === lastSentence[k] || perRule[k]! >= 3) continue;
    const local =
      s.sum < 0 || s.failure || claims.some((c) => c.start >= s.start && c.start < s.end);
    const strong = docNegative && r.strong?.test(flat.slice(start, end));
    if (!local && !strong) continue;
    if (s.question && !s.failure) continue;
    lastSentence[k] = s;
    perRule[k]!++;
    grievances.push({
      category: r.id,
      evidence: clip(text, s, start, end, `${r.id}: ${flat.slice(start, end)}`),
    });
  }
  for (const c of claims) {
    if (!grievances.some((g) => g.category === 'billing' && overlaps(g.evidence, c)))
      grievances.push({ category: 'billing', evidence: c });
  }
  grievances.sort((a, b) => a.evidence.start - b.evidence.start);
  const categories = [...new Set(grievances.map((g) => g.category))];

  const resolvedEvidence: Evidence[] = [];
  for (let h = 0; h < hits.resolved.length; h += 3) {
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
  const { grievances, actGrievances, acts, categories, claims, resolvedEvidence, asksReaders } =
    found;
  const severeActs = acts.filter((a) => SEVERE_ACTS.has(a)).length;
  const failures = sentences.filter((s) => s.failure).length;
  // A post made only of questions asks; it complains only if a question reports a failure.
  const onlyQuestions = sentences.length > 0 && sentences.every((s) => s.question || s.sum >= 0);
  const asking = onlyQuestions && failures === 0 && sentences.some((s) => s.question);
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
  const targets = brands.filter((b) => b.target);
  let p =
    0.15 +
    0.3 * Math.max(0, -sentiment.score) +
    0.15 * Math.min(1, grievances.length / 3) +
    0.15 * Math.min(1, severeActs / 2) +
    0.1 * Math.min(1, failures / 2) +
    0.2 * Math.max(0, ...targets.map((b) => b.confidence));
  if (resolved) p -= 0.3;
  const complaint =
    targets.length > 0 && signals.negative && !signals.asking && (!resolved || signals.stillBad);
  p = Math.max(0, Math.min(1, p));
  p = complaint ? Math.max(p, 0.55) : Math.min(p, 0.45);
  return {
    complaint,
    confidence: Math.round(p * 100) / 100,
    resolved,
    categories,
    grievances: [...grievances, ...actGrievances],
    acts,
    evidence: signals.resolvedEvidence,
  };
}

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
