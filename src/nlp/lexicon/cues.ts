// Word lists shared by sentiment, brands and complaints: the small closed classes of French
// that steer polarity. Keys are folded (lower case, no accents). Built once, never mutated.

/** Negators that open a scope on their own ("pas", "jamais", "sans"). */
export const NEGATORS: ReadonlySet<string> = new Set([
  'ne',
  "n'",
  'pas',
  'jamais',
  'rien',
  'guere',
  'aucun',
  'aucune',
  'sans',
  'ni',
  'nullement',
  'aucunement',
]);
/** Negators only after "ne" ("ne marche plus", "ne répond personne"): alone they mean "more". */
export const NE_NEGATORS: ReadonlySet<string> = new Set(['plus', 'personne']);

/** Contrast markers: the clause after them weighs more ("c'est joli mais ça ne marche pas"). */
export const CONTRASTS: readonly (readonly string[])[] = [
  ['par', 'contre'],
  ['sauf', 'que'],
  ['en', 'revanche'],
  ['contrairement', 'a'],
  ['contrairement', 'aux'],
  ['contrairement', 'au'],
  ['mais'],
  ['cependant'],
  ['pourtant'],
  ['neanmoins'],
  ['toutefois'],
];

export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['tres', 1.3],
  ['trop', 1.3],
  ['vraiment', 1.3],
  ['tellement', 1.35],
  ['hyper', 1.4],
  ['ultra', 1.4],
  ['completement', 1.4],
  ['totalement', 1.4],
  ['absolument', 1.3],
  ['extremement', 1.5],
  ['particulierement', 1.2],
  ['si', 1.15],
  ['encore', 1.1],
  ['grave', 1.2],
  ['franchement', 1.2],
]);
/** "super" is an intensifier before a sentiment word ("super lent"), praise on its own. */
export const SUPER = 'super';

export const DIMINISHERS: ReadonlyMap<string, number> = new Map([
  ['assez', 0.8],
  ['plutot', 0.8],
  ['legerement', 0.6],
  ['moyennement', 0.6],
  ['relativement', 0.8],
]);

/** Praise that turns sarcastic next to a failure ("merci Free pour trois semaines sans internet"). */
export const PRAISE: ReadonlySet<string> = new Set([
  'merci',
  'bravo',
  'genial',
  'geniale',
  'super',
  'top',
  'parfait',
  'parfaite',
  'bonheur',
  'formidable',
  'felicitations',
  'chapeau',
  'magnifique',
  'excellent',
  'excellente',
  'champion',
  'champions',
  'mieux',
]);

/** Emoticons and emoji, with valences on the lexicon's −4..4 scale. */
export const EMOTICONS: ReadonlyMap<string, number> = new Map([
  [':(', -1.8],
  [':-(', -1.8],
  [':((', -2.2],
  [':/', -1],
  [':-/', -1],
  [':@', -2.4],
  [':)', 1.5],
  [':-)', 1.5],
  [':d', 2],
  [':-d', 2],
  [';)', 1],
  ['<3', 2],
  ['^^', 1],
  ['😡', -2.8],
  ['🤬', -3.2],
  ['😠', -2.4],
  ['😤', -2.2],
  ['😭', -2.2],
  ['😢', -1.8],
  ['😞', -1.8],
  ['😒', -1.5],
  ['🙄', -1.3],
  ['👎', -2],
  ['💩', -2.6],
  ['🤮', -2.8],
  ['👍', 1.6],
  ['👏', 1.6],
  ['😍', 2.6],
  ['❤️', 2.2],
  ['❤', 2.2],
  ['🙂', 1],
  ['😊', 1.6],
  ['😃', 1.8],
  ['🥰', 2.4],
]);

/** A duration in a sentence: "depuis 3 semaines", "plus d'un mois", "trois semaines sans". */
export const DURATION_RE =
  /(?<![a-z0-9])(?:depuis|pendant|plus d'|voila|ca fait|cela fait|ces|des)\s*(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|plusieurs|quelques|bientot|presque)?\s*(?:heures?|jours?|semaines?|mois|ans|annees?)(?![a-z])|(?<![a-z0-9])(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|plusieurs|quelques) (?:heures?|jours?|semaines?|mois|ans|annees?) (?:plus tard|apres|sans|que|d'attente|deja)(?![a-z])/g;

/**
 * Lexicon terms (folded, as lexicon.ts displays them) that report a thing not working, as
 * opposed to an opinion: "en panne" is a failure, "nul" is a judgement. Negated "works"
 * verbs ("ne marche plus") are failures too, through their lexicon "negated" valence.
 */
export const FAILURE_TERMS: ReadonlySet<string> = new Set(
  (
    'panne|pannes|en panne|hors service|defectueux|defectueuse|coupure|coupures|coupe|coupee|' +
    'ca coupe|coupait|coupent|ca coupait|coupe tous les jours|coupe tout le temps|echoue|echouent|echec|bug|bugs|bugge|' +
    'plantage|injoignable|inutilisable|sans internet|sans reseau|sans connexion|' +
    'sans telephone|sans ligne|sans box|sans tv|sans tele|sans service|sans nouvelles|' +
    'pas de reponse|aucune reponse|sans reponse|pas de solution|aucune solution|toujours rien|' +
    'toujours en attente|pas de reaction|peut rien faire|ne peut rien faire|' +
    'on ne peut rien faire|nous ne pouvons rien faire|inexistant|inexistante|retard|en retard|' +
    "perdu|perdue|lenteur|instable|impossible|plus de reseau|plus d'internet|plus de connexion|" +
    "plus de ligne|plus de tonalite|plus de tv|plus de tele|pas de reseau|pas d'internet|" +
    'pas de connexion|pas de tonalite|aucun reseau'
  ).split('|'),
);
