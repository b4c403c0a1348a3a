// Every kind of reason the post view shows, said in French and in English. The analysis
// (src/nlp) writes its reasons in English for developers ("named in 2 negative clauses",
// "act: churn", "title: negative: panne"), the API hands them on as written, and the page says
// them in the reader's words. Three families:
//
// - score: severity, reach and priority (src/score). French with the digest's own words
//   (src/digest/reasons.ts), so that mail and dashboard agree; English as written.
// - brand: why a brand is or is not the target (src/nlp/brands/targets.ts,
//   src/nlp/complaints/decide.ts, src/nlp/analyse.ts).
// - evidence: why a span of the text is marked (src/nlp/sentiment, src/nlp/complaints/signals.ts,
//   brand mentions), possibly prefixed "title: " when the span is in the title.
//
// A reason no kind knows is shown as written; test/web/reasons.test.ts analyses the demo
// corpus and the branches it does not reach and fails on any such reason, and the browser
// test checks that the French post view shows none of these English patterns.
import { CATEGORY_WORDS } from '../../digest/i18n.ts';
import { ACT_WORDS_FR, frenchReason } from '../../digest/reasons.ts';

export type ReasonLang = 'fr' | 'en';

export interface ReasonWords {
  num: (n: number) => string;
  category: (id: string) => string;
}

export interface ReasonKind {
  id: string;
  family: 'brand' | 'evidence';
  /** The reason as the analysis writes it. */
  pattern: RegExp;
  /** One reason of this kind as written, for the docs and the tests. */
  example: string;
  say: Record<ReasonLang, (m: RegExpExecArray, w: ReasonWords) => string>;
}

/** The acts of src/nlp/complaints/rules.ts in English (the French are the digest's). */
export const ACT_WORDS_EN: Record<string, string> = {
  churn: 'threatens to leave',
  legal: 'legal action',
  avoid: 'tells others to avoid the brand',
  repeat_contact: 'repeated contacts',
  money: 'money at stake',
  duration: 'a lasting problem',
  insult: 'insults',
  harm: 'serious harm',
  verdict: 'a verdict on the brand',
  mild: 'says it is not serious',
};

const ACT_WORDS: Record<ReasonLang, Record<string, string>> = {
  fr: ACT_WORDS_FR,
  en: ACT_WORDS_EN,
};
const act = (lang: ReasonLang, id: string) => ACT_WORDS[lang][id] ?? id.replaceAll('_', ' ');

const CATEGORY_IDS = Object.keys(CATEGORY_WORDS.en);
const q = (lang: ReasonLang, s: string) => (lang === 'fr' ? `« ${s} »` : `“${s}”`);
const plural = (n: string, one: string, many: string) => (n === '1' ? one : many);
const num = (s: string, w: ReasonWords) => w.num(Number(s));

/** Kinds tried in order; the first whose pattern matches says the reason. */
export const REASON_KINDS: readonly ReasonKind[] = [
  // — Brands: why a brand is (not) the one the post blames.
  {
    id: 'brand.mentions',
    family: 'brand',
    pattern: /^(\d+) mentions?$/,
    example: '3 mentions',
    say: {
      fr: (m, w) => `citée ${m[1] === '1' ? 'une fois' : `${num(m[1]!, w)} fois`}`,
      en: (m, w) => `${num(m[1]!, w)} ${plural(m[1]!, 'mention', 'mentions')}`,
    },
  },
  {
    id: 'brand.title',
    family: 'brand',
    pattern: /^named in the title$/,
    example: 'named in the title',
    say: { fr: () => 'nommée dans le titre', en: () => 'named in the title' },
  },
  {
    id: 'brand.handle',
    family: 'brand',
    pattern: /^addressed by handle or hashtag$/,
    example: 'addressed by handle or hashtag',
    say: {
      fr: () => 'interpellée par son @compte ou un #hashtag',
      en: () => 'addressed by its @handle or a #hashtag',
    },
  },
  {
    id: 'brand.negative-clauses',
    family: 'brand',
    pattern: /^named in (\d+) negative clauses?$/,
    example: 'named in 2 negative clauses',
    say: {
      fr: (m, w) =>
        `nommée dans ${num(m[1]!, w)} ${plural(m[1]!, 'proposition négative', 'propositions négatives')}`,
      en: (m, w) => `named in ${num(m[1]!, w)} negative ${plural(m[1]!, 'clause', 'clauses')}`,
    },
  },
  {
    id: 'brand.set-apart',
    family: 'brand',
    pattern: /^set apart as the one that did well \(.*\)$/,
    example: 'set apart as the one that did well ("seule", "sauf", "au moins")',
    say: {
      fr: () => 'mise à part comme celle qui a bien fait (« seule », « sauf », « au moins »)',
      en: () => 'set apart as the one that did well (“seule”, “sauf”, “au moins”)',
    },
  },
  {
    id: 'brand.bystander',
    family: 'brand',
    pattern: /^a bystander \(.*\)$/,
    example: "a bystander (a relative's operator, the shop of a purchase)",
    say: {
      fr: () => 'simple témoin (l’opérateur d’un proche, le magasin d’un achat)',
      en: () => 'a bystander (a relative’s operator, the shop of a purchase)',
    },
  },
  {
    id: 'brand.praised',
    family: 'brand',
    pattern: /^named in positive clauses: praised, not blamed$/,
    example: 'named in positive clauses: praised, not blamed',
    say: {
      fr: () => 'nommée dans des propositions positives : louée, pas blâmée',
      en: () => 'named in positive clauses: praised, not blamed',
    },
  },
  {
    id: 'brand.only-mentioned',
    family: 'brand',
    pattern: /^only mentioned$/,
    example: 'only mentioned',
    say: { fr: () => 'seulement citée', en: () => 'only mentioned' },
  },
  {
    id: 'brand.billing-claim',
    family: 'brand',
    pattern: /^billing claim: « (.*) »$/,
    example: 'billing claim: « me facture 2 lignes »',
    say: {
      fr: (m) => `somme réclamée ou prélevée : « ${m[1]} »`,
      en: (m) => `money claimed or debited: “${m[1]}”`,
    },
  },
  {
    id: 'brand.source',
    family: 'brand',
    pattern: /^the brand of the source \(the page is about it\)$/,
    example: 'the brand of the source (the page is about it)',
    say: {
      fr: () => 'la marque de la source (la page parle d’elle)',
      en: () => 'the brand of the source (the page is about it)',
    },
  },
  {
    id: 'brand.only-named',
    family: 'brand',
    pattern: /^the only brand the complaint names$/,
    example: 'the only brand the complaint names',
    say: {
      fr: () => 'la seule marque que la réclamation nomme',
      en: () => 'the only brand the complaint names',
    },
  },
  {
    id: 'brand.addressed',
    family: 'brand',
    pattern: /^the brand the complaint addresses$/,
    example: 'the brand the complaint addresses',
    say: {
      fr: () => 'la marque que la réclamation interpelle',
      en: () => 'the brand the complaint addresses',
    },
  },
  {
    id: 'brand.title-names',
    family: 'brand',
    pattern: /^the brand the title names$/,
    example: 'the brand the title names',
    say: { fr: () => 'la marque que le titre nomme', en: () => 'the brand the title names' },
  },
  {
    id: 'brand.not-negative',
    family: 'brand',
    pattern: /^the post is not negative: no one is blamed$/,
    example: 'the post is not negative: no one is blamed',
    say: {
      fr: () => 'la publication n’est pas négative : personne n’est visé',
      en: () => 'the post is not negative: no one is blamed',
    },
  },
  {
    id: 'brand.not-french',
    family: 'brand',
    pattern: /^not French \((.+)\): not scored$/,
    example: 'not French (eng): not scored',
    say: {
      fr: (m) => `pas en français (langue ${m[1]}) : non notée`,
      en: (m) => `not French (language ${m[1]}): not scored`,
    },
  },
  // — Evidence: why a span is marked. A title's span carries "title: " before its reason.
  {
    id: 'evidence.title',
    family: 'evidence',
    pattern: /^title: (.+)$/,
    example: 'title: negative: panne',
    say: {
      fr: (m, w) => `titre — ${sayEvidence(m[1]!, 'fr', w)}`,
      en: (m, w) => `title — ${sayEvidence(m[1]!, 'en', w)}`,
    },
  },
  {
    id: 'evidence.tone',
    family: 'evidence',
    pattern: /^(negated )?(negative|positive): (.+)$/,
    example: 'negated negative: marche',
    say: {
      fr: (m) =>
        `ton ${m[2] === 'negative' ? 'négatif' : 'positif'}${m[1] ? ' (par négation)' : ''} : ${q('fr', m[3]!)}`,
      en: (m) => `${m[2]} tone${m[1] ? ' (negated)' : ''}: ${q('en', m[3]!)}`,
    },
  },
  {
    id: 'evidence.sarcasm',
    family: 'evidence',
    pattern: /^sarcasm: (.+)$/,
    example: 'sarcasm: merci',
    say: {
      fr: (m) => `ironie : ${q('fr', m[1]!)}`,
      en: (m) => `sarcasm: ${q('en', m[1]!)}`,
    },
  },
  {
    id: 'evidence.emoticon',
    family: 'evidence',
    pattern: /^emoticon$/,
    example: 'emoticon',
    say: { fr: () => 'émoticône', en: () => 'emoticon' },
  },
  {
    id: 'evidence.resolved',
    family: 'evidence',
    pattern: /^resolved$/,
    example: 'resolved',
    say: { fr: () => 'dit le problème résolu', en: () => 'says the problem was solved' },
  },
  {
    id: 'evidence.act',
    family: 'evidence',
    pattern: /^act: (\w+)$/,
    example: 'act: churn',
    say: {
      fr: (m) => act('fr', m[1]!),
      en: (m) => act('en', m[1]!),
    },
  },
  {
    id: 'evidence.billing-claim',
    family: 'evidence',
    pattern: /^billing: claim$/,
    example: 'billing: claim',
    say: { fr: () => 'somme réclamée ou prélevée', en: () => 'money claimed or debited' },
  },
  {
    id: 'evidence.category',
    family: 'evidence',
    pattern: new RegExp(`^(${CATEGORY_IDS.join('|')}): (.+)$`),
    example: 'internet: box',
    say: {
      fr: (m, w) => `grief « ${w.category(m[1]!)} » : ${q('fr', m[2]!)}`,
      en: (m, w) => `grievance “${w.category(m[1]!)}”: ${q('en', m[2]!)}`,
    },
  },
  {
    id: 'evidence.brand',
    family: 'evidence',
    pattern: /^(alias|handle|hashtag)$/,
    example: 'alias',
    say: {
      fr: (m) =>
        ({
          alias: 'marque nommée',
          handle: '@compte de la marque',
          hashtag: '#hashtag de la marque',
        })[m[1] as 'alias'],
      en: (m) =>
        ({ alias: 'brand named', handle: 'the brand’s @handle', hashtag: 'the brand’s #hashtag' })[
          m[1] as 'alias'
        ],
    },
  },
];

/** The kind of a brand or evidence reason as the analysis wrote it, if one knows it. */
export function kindOf(reason: string): { kind: ReasonKind; match: RegExpExecArray } | null {
  for (const kind of REASON_KINDS) {
    const match = kind.pattern.exec(reason);
    if (match) return { kind, match };
  }
  return null;
}

function sayEvidence(reason: string, lang: ReasonLang, w: ReasonWords): string {
  const k = kindOf(reason);
  return k ? k.kind.say[lang](k.match, w) : reason;
}

/**
 * Any reason of the post view in the reader's language: a brand's or a span's by its kind, a
 * score's in French with the digest's words (in English as src/score wrote it). Unknown: as is.
 */
export function sayReason(reason: string, lang: ReasonLang, w: ReasonWords): string {
  const k = kindOf(reason);
  if (k) return k.kind.say[lang](k.match, w);
  return lang === 'fr' ? (frenchReason(reason, w) ?? reason) : reason;
}

/** The names of the scores' components (src/score), shown beside their values. */
export const COMPONENT_WORDS: Record<ReasonLang, Record<string, string>> = {
  fr: {
    complaint: 'réclamation',
    negativity: 'ton négatif',
    grievances: 'griefs',
    acts: 'actes',
    targetFactor: 'facteur de cible',
    resolvedFactor: 'facteur de résolution',
    french: 'en français',
    audience: 'audience de la source',
    views: 'vues',
    fromComments: 'lecteurs par les commentaires',
    fromReplies: 'lecteurs par les réponses',
    positionShare: 'part lue à cette place du fil',
    severity: 'gravité',
    reachFactor: 'facteur de portée',
    base: 'base',
    ageHours: 'âge (heures)',
    recency: 'fraîcheur',
    halfLifeHours: 'demi-vie (heures)',
    rank: 'rang',
  },
  en: {
    complaint: 'complaint',
    negativity: 'negativity',
    grievances: 'grievances',
    acts: 'acts',
    targetFactor: 'target factor',
    resolvedFactor: 'resolved factor',
    french: 'French',
    audience: 'source audience',
    views: 'views',
    fromComments: 'readers from comments',
    fromReplies: 'readers from replies',
    positionShare: 'share read at this place in the thread',
    severity: 'severity',
    reachFactor: 'reach factor',
    base: 'base',
    ageHours: 'age (hours)',
    recency: 'recency',
    halfLifeHours: 'half-life (hours)',
    rank: 'rank',
  },
};
