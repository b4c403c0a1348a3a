// What the complaint rules (rules.ts) see in a text: grievances (a category and its span),
// acts that raise severity, billing claims, "problem solved", questions to the readers, and
// the sentence counts the decision reads. A post's title and body are found apart (their
// offsets differ) and merged, the title's evidence marked "title: ".
import type { Evidence, Grievance } from '../../types.ts';
import type { ScoredSentence, SentimentResult } from '../sentiment/sentiment.ts';
import { ACT_SCAN, CATEGORY_SCAN, rulesOf } from './rules.ts';

/** Acts that make a complaint severe whatever else the post says. */
export const SEVERE_ACTS: ReadonlySet<string> = new Set([
  'legal',
  'insult',
  'avoid',
  'churn',
  'harm',
  'verdict',
]);

/** Acts that only a customer's complaint holds: a call to avoid, a verdict, a lawyer, a 5th call. */
const TELLING_ACTS: ReadonlySet<string> = new Set(['avoid', 'verdict', 'legal', 'repeat_contact']);

export interface Signals {
  /** Category grievances, in text order (three per category at most, one per sentence). */
  grievances: Grievance[];
  /** Act grievances (category = the act id), in text order. */
  actGrievances: Grievance[];
  categories: string[];
  acts: string[];
  /** Money claimed or billed wrongly (CLAIM_RE): a billing complaint in any tone. */
  claims: Evidence[];
  /** Resolution cues not negated ("problème réglé"). */
  resolved: Evidence[];
  /** The text asks its readers ("quelqu'un sait", "savez-vous", "est-ce normal"). */
  asksReaders: boolean;
  /** Sentences, those reporting a failure, those asking, negative statements. */
  sentences: number;
  failures: number;
  questions: number;
  negativeStatements: number;
  /** Speaks of what happened to the writer ("j'ai", "ma box", "on me"). */
  firstPerson: boolean;
  /** The lexicon's tone of the text(s), −1..1. */
  tone: number;
  /** Sentences with both sarcasm and a failure ("merci pour ces 3 jours sans internet"). */
  sarcasticFailures: number;
}

const CLIP = 90;
const FIRST_PERSON = /(?<![a-z])(?:je|j'|moi|me|m'|ma|mon|mes|nous|nos|notre|on)(?![a-z])/;

/**
 * The rules' findings in one text. The rule regexes' matches come with its sentiment
 * analysis, found in the same pass over the folded text as durations (sentiment.ts).
 */
export function findSignals(text: string, sentiment: SentimentResult): Signals {
  const { flat, sentences } = sentiment;
  const docNegative = sentiment.score <= -0.15 || sentences.some((s) => s.failure);
  const {
    category: categoryMatches,
    act: actMatches,
    claim: claimMatches,
    asking: askingMatches,
  } = sentiment.ruleMatches;

  const actGrievances: Grievance[] = [];
  for (const { rule, index: start, text: found } of rulesOf(ACT_SCAN, actMatches)) {
    const end = start + found.trimEnd().length;
    actGrievances.push({
      category: rule.id,
      evidence: { start, end, text: text.slice(start, end), reason: `act: ${rule.id}` },
    });
  }
  actGrievances.sort((a, b) => a.evidence.start - b.evidence.start);
  const acts = [...new Set(actGrievances.map((g) => g.category))];

  const claims: Evidence[] = [];
  for (const m of claimMatches) {
    const end = m.index + m[0].trimEnd().length;
    claims.push({ start: m.index, end, text: text.slice(m.index, end), reason: 'billing: claim' });
  }

  const grievances: Grievance[] = [];
  // Per category, the sentences it was found in: one grievance per category and sentence
  // ("ni SMS, ni appels"), three per category.
  const seen = new Map<string, Set<ScoredSentence>>();
  for (const { rule, index, text: found } of rulesOf(CATEGORY_SCAN, categoryMatches)) {
    const s = sentenceAt(sentences, index);
    const inRule = seen.get(rule.id) ?? new Set<ScoredSentence>();
    seen.set(rule.id, inRule);
    if (!s || inRule.has(s) || inRule.size >= 3) continue;
    const local =
      s.sum < 0 || s.failure || claims.some((c) => c.start >= s.start && c.start < s.end);
    const strong = docNegative && rule.strong?.test(found);
    if ((!local && !strong) || (s.question && !s.failure)) continue;
    inRule.add(s);
    grievances.push({
      category: rule.id,
      evidence: clip(text, s, index, index + found.length, `${rule.id}: ${found}`),
    });
  }
  for (const c of claims) {
    const covered = grievances.some(
      (g) => g.category === 'billing' && g.evidence.start < c.end && c.start < g.evidence.end,
    );
    if (!covered) grievances.push({ category: 'billing', evidence: c });
  }
  grievances.sort((a, b) => a.evidence.start - b.evidence.start);

  let failures = 0;
  let questions = 0;
  let negativeStatements = 0;
  for (const s of sentences) {
    if (s.failure) failures++;
    if (s.question) questions++;
    else if (s.sum < 0) negativeStatements++;
  }
  return {
    grievances,
    actGrievances,
    categories: [...new Set(grievances.map((g) => g.category))],
    acts,
    claims,
    resolved: sentiment.resolved,
    asksReaders: askingMatches.length > 0,
    sentences: sentences.length,
    failures,
    questions,
    negativeStatements,
    firstPerson: FIRST_PERSON.test(flat),
    tone: sentiment.score,
    sarcasticFailures: sentences.filter(
      (s, k) => s.failure && sentiment.contributions.some((c) => c.sentence === k && c.sarcasm),
    ).length,
  };
}

/** A title's and a body's signals as one post's; the title's evidence marked "title: ". */
export function mergeSignals(title: Signals, body: Signals, tone: number): Signals {
  const mark = (e: Evidence): Evidence => ({ ...e, reason: `title: ${e.reason}` });
  const markG = (g: Grievance): Grievance => ({ category: g.category, evidence: mark(g.evidence) });
  return {
    grievances: [...title.grievances.map(markG), ...body.grievances],
    actGrievances: [...title.actGrievances.map(markG), ...body.actGrievances],
    categories: [...new Set([...title.categories, ...body.categories])],
    acts: [...new Set([...title.acts, ...body.acts])],
    claims: [...title.claims.map(mark), ...body.claims],
    resolved: [...title.resolved.map(mark), ...body.resolved],
    asksReaders: title.asksReaders || body.asksReaders,
    sentences: title.sentences + body.sentences,
    failures: title.failures + body.failures,
    questions: title.questions + body.questions,
    negativeStatements: title.negativeStatements + body.negativeStatements,
    firstPerson: title.firstPerson || body.firstPerson,
    tone,
    sarcasticFailures: title.sarcasticFailures + body.sarcasticFailures,
  };
}

export const severeActs = (s: Signals) => s.acts.filter((a) => SEVERE_ACTS.has(a)).length;

/**
 * The rules' sure sign of a complaint, whatever the model says: in a negative text, an act
 * only complaints hold (a call to avoid, a verdict, legal steps, repeated contact), a billing
 * claim, or sarcasm over a failure. Precise (~0.85–0.9 on the annotated posts) but rare.
 */
export const telling = (s: Signals): boolean =>
  s.claims.length > 0 ||
  s.sarcasticFailures > 0 ||
  (s.tone < 0 && s.acts.some((a) => TELLING_ACTS.has(a)));

/**
 * The rules' sure sign that a post is no complaint: it only asks; or it reads positive with no
 * failure, no billing claim and no telling act (praise, thanks after a repair).
 */
export const clearlyNot = (s: Signals): boolean =>
  !telling(s) &&
  (onlyAsks(s) ||
    (s.tone >= 0.3 && s.failures === 0 && s.claims.length === 0 && severeActs(s) === 0));

/** Only questions, none reporting a failure: the post asks. */
export const onlyAsks = (s: Signals) =>
  s.sentences > 0 && s.negativeStatements === 0 && s.failures === 0 && s.questions > 0;

/** Negative tone, a reported failure, a severe act or a billing claim. */
export const reportsTrouble = (s: Signals) =>
  s.tone <= -0.15 || s.failures > 0 || severeActs(s) > 0 || s.claims.length > 0;

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
