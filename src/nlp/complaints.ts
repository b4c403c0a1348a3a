// Complaint = a negative experience attributed to a brand: not merely negative words, and
// not a question unless it reports a failure. This module finds the grievances (category +
// span), the acts that raise severity (churn, legal, avoid, insult, repeat contact, money,
// duration) and whether the post says the problem was solved. Patterns run on the folded
// text (flatten: lower case, no accents, same offsets), so spans index the original text.
import type { BrandMention, Evidence, Grievance } from '../types.ts';
import { DURATION_RE } from './cues.ts';
import { mayStartAt, type Prefilter, prefilterOf } from './rule-prefilter.ts';
import type { ScoredSentence, SentimentResult } from './sentiment.ts';
import type { Token } from './tokens.ts';

interface CategoryRule {
  id: string;
  re: RegExp;
  /** Keywords that are a grievance in any sentence of a negative post ("une facture"). */
  strong?: RegExp;
}

const W = '(?<![a-z0-9])';
const E = '(?![a-z0-9])';
const rule = (id: string, body: string, strong?: string): CategoryRule => ({
  id,
  re: new RegExp(`${W}(?:${body})${E}`, 'g'),
  strong: strong ? new RegExp(strong) : undefined,
});

/** The complaint categories, by id; order is the order of the docs, not of priority. */
export const CATEGORY_RULES: readonly CategoryRule[] = [
  rule('network', 'reseau|capte(?:nt)?|couverture|zone blanche|[345]g|antennes?|pas de barres?'),
  rule(
    'internet',
    'internet|box|freebox|livebox|bbox|fibre|adsl|vdsl|wifi|wi-fi|connexion|debit|modem|routeur|decodeur',
  ),
  rule(
    'calls_sms',
    "sms|mms|textos?|appels? (?:vers|sortants|entrants|internationaux)[a-z' ]{0,20}|passer des appels|recevoir (?:des |d')?appels|messagerie|numeros? a l'etranger",
  ),
  rule(
    'roaming',
    "roaming|rooming|itinerance|(?<!numeros )a l'etranger|depuis l'etranger|hors de france|hors ue",
    'roaming|rooming|itinerance',
  ),
  rule(
    'billing',
    'factur[a-z]*|prelevement[a-z]*|preleve[a-z]*|debite[a-z]*|hors forfait|trop percu|echeancier',
    'factur',
  ),
  rule(
    'customer_service',
    "service (?:client|clientele|apres-vente)|sav|hotline|conseill(?:er|ere|ers|e)|teleconseill[a-z]*|3900|1023|personne ne repond|mis en attente|temps d'attente|interlocuteur",
  ),
  rule('shop', 'boutiques?|magasins?|en agence|agences?|vendeur[a-z]*|point de vente'),
  rule(
    'delivery',
    'livraisons?|livree?|colis|transporteur|chronopost|colissimo|point relais|(?:pas|jamais|toujours pas) recue?|expedi[a-z]*',
    '(?:pas|jamais|toujours pas) recue?',
  ),
  rule(
    'defective',
    "defectu[a-z]*|en panne|hors service|cassee?|ecran noir|ne s'allume (?:pas|plus)|ne charge (?:pas|plus)|dysfonctionn[a-z]*",
    'defectu|en panne|hors service',
  ),
  rule(
    'contract',
    "contrat|engagement|resili[a-z]*|clauses?|closes|conditions generales|cgv|periode d'engagement",
  ),
  rule(
    'activation',
    'activ(?:er|ee?s?|ation)|portabilite|(?:sera|numero|ete) porte|numero temporaire|mise en service|code rio|carte sim|ouverture de (?:la )?ligne|raccordement',
  ),
  rule('refund', 'rembours[a-z]*|geste commercial|dedommag[a-z]*|indemnis[a-z]*'),
  rule('price_increase', 'augment[a-z]*|hausse|plus cher|\\+ ?\\d+ ?(?:€|euros?)'),
  rule(
    'privacy',
    'donnees personnelles|rgpd|cnil|fuite de donnees|pirat[a-z]*|demarchage|spam[a-z]*|harcel[a-z]*|telemarketing|vie privee',
  ),
];

const NUM =
  '(?:\\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|plusieurs|nombreuses?|maintes)';
/** Acts that raise severity, each with the pattern that evidences it. */
export const ACT_RULES: readonly { id: string; re: RegExp }[] = [
  {
    id: 'churn',
    re: /(?<![a-z])(?:je (?:vais )?resilie[rz]?|resilier|je (?:vais )?(?:pars|partir|passer?) chez|je change d'operateur|changer d'operateur|je (?:les )?quitte|portabilite vers)(?![a-z])/g,
  },
  {
    id: 'legal',
    re: /(?<![a-z])(?:mise en demeure|en demeure|(?:lettre|courrier|envoi|mon|un|en|par) recommandee?|avocats?|ufc|que choisir|dgccrf|mediateur|(?:porter |deposer |une )plainte|tribunal|signal ?conso|arcep|60 millions)(?![a-z])/g,
  },
  {
    id: 'avoid',
    re: /(?<![a-z])(?:a fuir|je (?:vous )?deconseille|ne prenez (?:jamais|pas)|fuyez|passez votre chemin|evitez|n'allez (?:jamais|pas) chez)(?![a-z])/g,
  },
  {
    id: 'insult',
    re: /(?<![a-z])(?:c'est l'enfer|enfer|arnaque[a-z]*|voleurs?|escro[a-z]*|honteu[a-z]*|honte|lamentable|pitoyable|incompetent[a-z]*|minables?|de la merde|foutage de gueule|scandaleu[a-z]*|inadmissible|gabegie)(?![a-z])/g,
  },
  {
    id: 'repeat_contact',
    re: new RegExp(
      `(?<![a-z0-9])(?:\\d+(?:e|eme|ieme|er|ere)? (?:appels?|fois|relances?|visites?|tentatives?|courriers?|mails?)|${NUM} (?:appels|fois|relances|visites|tentatives|courriers|mails)|relance[a-z]* ${NUM} fois|nouveaux appels|nouvelles? (?:visites?|tentatives?)|une fois de plus|encore une fois)(?![a-z])`,
      'g',
    ),
  },
  {
    id: 'money',
    re: /(?<![a-z])(?:a mes frais|(?<!sans )frais(?! de port offerts)|facture[es]*|rembours[a-z]*|j'ai paye|preleve[a-z]*|\d+(?:[.,]\d+)? ?(?:€|euros?))(?![a-z])/g,
  },
  { id: 'duration', re: DURATION_RE },
];

// One sticky regex per family, a capture group per rule, tried only where a token starts:
// ~200 attempts for a 1 KB post instead of 1,000 positions × 20 regexes, and of those only
// the ones whose first two characters can begin a rule (rule-prefilter.ts). The price:
// overlapping matches of two rules keep the first only.
interface Scanner {
  re: RegExp;
  filter: Prefilter;
}
function combine(sources: readonly { re: RegExp }[]): Scanner {
  return sticky(sources.map((r) => `(${r.re.source})`).join('|'));
}
function sticky(source: string): Scanner {
  const re = new RegExp(source, 'y');
  return { re, filter: prefilterOf(re) };
}

/** Matches of sticky `re` in `flat` that start where a token starts, left to right. */
function scan({ re, filter }: Scanner, flat: string, tokens: readonly Token[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let after = 0;
  for (const t of tokens) {
    if (t.start < after || !mayStartAt(filter, flat, t.start)) continue;
    re.lastIndex = t.start;
    const m = re.exec(flat);
    if (m) {
      out.push(m);
      after = m.index + m[0].length;
    }
  }
  return out;
}
const CATEGORY_RE = combine(CATEGORY_RULES);
const ACT_RE = combine(ACT_RULES);

function ruleIndex(m: RegExpExecArray): number {
  for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return g - 1;
  return -1;
}

// Money claimed or billed wrongly is a billing complaint even in a calm tone: "EDF me réclame
// 1 800 €", "facturé trois fois ma consommation", "prélevé deux fois", "double prélèvement".
// The lexicon sees no negative word there, so these carry their own evidence.
const CLAIM_RE = new RegExp(
  `(?<![a-z])(?:(?:me|m'|nous|lui) (?:reclame(?:nt)?|a reclame|ont reclame|demande(?:nt)? de (?:re)?payer)|(?:facture|preleve|debite|encaisse)(?:e|es|s)? (?:${NUM} fois|en double|a tort|en trop)|(?:double|deux|trois) prelevements?|prelevements? en double|(?:trop|a tort) (?:factur|prelev|percu)[a-z]*|factur[a-z]* (?:a tort|en trop|en double)|(?:me|m') (?:a |ont )?factur[a-z]* (?:\\d+|deux|trois) (?:fois|lignes?|abonnements?|forfaits?))(?![a-z])`,
  'g',
);

/** Billing claims in a folded text: money claimed or billed wrongly, with their spans. */
export function billingClaims(text: string, flat: string): Evidence[] {
  const out: Evidence[] = [];
  // A global scan, not the token-start prefilter: a claim may start inside a token ("3me").
  // V8's own scan for the first characters beats a JS loop over every position here.
  for (const m of flat.matchAll(CLAIM_RE)) {
    const end = m.index + m[0].trimEnd().length;
    out.push({ start: m.index, end, text: text.slice(m.index, end), reason: 'billing: claim' });
  }
  return out;
}

const RESOLVED_RE = sticky(
  /(?<![a-z])(?:probleme (?:regle|resolu)|(?:c'est|tout est|enfin) (?:regle|resolu|repare)|rentre dans l'ordre|ca (?:re)?marche (?:a nouveau|de nouveau|enfin)|ca remarche|merci au service client qui a|(?:a|ont) (?:regle|resolu|repare) (?:le|mon) probleme)(?![a-z])/
    .source,
);
const NEGATED_BEFORE = /(?:pas|jamais|toujours pas|non|rien|pas encore|n'est) $/;
/** Acts that make a complaint severe (churn, legal, avoid, insult). */
export const SEVERE_ACTS: ReadonlySet<string> = new Set(['legal', 'insult', 'avoid', 'churn']);
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
  /** Money claimed or billed wrongly (billingClaims): a billing complaint in any tone. */
  claims: Evidence[];
}

export function ruleSignals(text: string, sentiment: SentimentResult): RuleSignals {
  const { flat } = sentiment;
  const { sentences } = sentiment;

  const actGrievances: Grievance[] = [];
  for (const m of scan(ACT_RE, flat, sentiment.tokens)) {
    const id = ACT_RULES[ruleIndex(m)]!.id;
    const end = m.index + m[0].length;
    actGrievances.push({
      category: id,
      evidence: { start: m.index, end, text: text.slice(m.index, end), reason: `act: ${id}` },
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

  const claims = billingClaims(text, flat);
  const grievances: Grievance[] = [];
  const perRule = new Int32Array(CATEGORY_RULES.length);
  const lastSentence: (ScoredSentence | undefined)[] = [];
  for (const m of scan(CATEGORY_RE, flat, sentiment.tokens)) {
    const k = ruleIndex(m);
    const r = CATEGORY_RULES[k]!;
    const s = sentenceAt(sentences, m.index);
    // One grievance per category and sentence ("ni SMS, ni appels"), three per category.
    if (!s || s === lastSentence[k] || perRule[k]! >= 3) continue;
    const local =
      s.sum < 0 || s.failure || claims.some((c) => c.start >= s.start && c.start < s.end);
    const strong = docNegative && r.strong?.test(m[0]);
    if (!local && !strong) continue;
    if (s.question && !s.failure) continue;
    lastSentence[k] = s;
    perRule[k]!++;
    grievances.push({
      category: r.id,
      evidence: clip(text, s, m.index, m.index + m[0].length, `${r.id}: ${m[0]}`),
    });
  }
  for (const c of claims) {
    if (!grievances.some((g) => g.category === 'billing' && overlaps(g.evidence, c)))
      grievances.push({ category: 'billing', evidence: c });
  }
  grievances.sort((a, b) => a.evidence.start - b.evidence.start);
  const categories = [...new Set(grievances.map((g) => g.category))];

  const resolvedEvidence: Evidence[] = [];
  for (const m of scan(RESOLVED_RE, flat, sentiment.tokens)) {
    if (NEGATED_BEFORE.test(flat.slice(Math.max(0, m.index - 16), m.index))) continue;
    const end = m.index + m[0].length;
    resolvedEvidence.push({
      start: m.index,
      end,
      text: text.slice(m.index, end),
      reason: 'resolved',
    });
  }
  const severeActs = acts.filter((a) => SEVERE_ACTS.has(a)).length;
  const failures = sentences.filter((s) => s.failure).length;
  // A post made only of questions asks; it complains only if a question reports a failure.
  const onlyQuestions = sentences.length > 0 && sentences.every((s) => s.question || s.sum >= 0);
  const asking = onlyQuestions && failures === 0 && sentences.some((s) => s.question);
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
    negative: sentiment.score <= -0.15 || failures > 0 || severeActs > 0 || claims.length > 0,
    stillBad: severeActs > 0 || categories.length >= 3,
    claims,
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
