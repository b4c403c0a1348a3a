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

/**
 * The negators that open a scope on their own (sentiment/walk.ts): all but "ne", whose scope
 * waits for its second half. "zéro" negates as "aucun" does: "zéro coupure" is praise, "zéro
 * réponse" a failure.
 */
export const OPENERS: ReadonlySet<string> = new Set([
  ...[...NEGATORS].filter((n) => n !== 'ne' && n !== "n'"),
  'zero',
]);
/** What may follow "ne" as its second half: any negator, "plus" and "personne", or "que". */
export const AFTER_NE: ReadonlySet<string> = new Set([...OPENERS, ...NE_NEGATORS, 'que']);
/** The first words of the contrast markers: most tokens are none. */
export const CONTRAST_FIRST: ReadonlySet<string> = new Set(CONTRASTS.map((words) => words[0]!));

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
  'applaudissements',
  'efficacite',
  'reactivite',
  'professionnalisme',
  'rapidite',
  'genie',
  'merveilleux',
  'incroyable',
  'fantastique',
  'extraordinaire',
  'remarquable',
  'impressionnant',
  'cadeau',
  'bonus',
  'ravi',
  'ravie',
  'adore',
  'kiffe',
  'sympa',
  'cool',
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
  ['👌', 1.5],
  ['💪', 1.4],
  ['🙏', 1],
  ['😁', 1.6],
  ['😄', 1.8],
  ['🤡', -2],
  ['😑', -1.2],
  ['😩', -1.8],
  ['😫', -1.8],
  ['🤦', -1.6],
  ['🤦‍♂️', -1.6],
  ['🤦‍♀️', -1.6],
  ['😱', -1.5],
]);

/** Emoji that mark irony rather than a feeling: praise beside 🙃, 😏 or 🙄 is meant the other way. */
export const IRONY_MARKS: ReadonlySet<string> = new Set(['🙃', '😏', '🙄', '🤡']);

/**
 * A duration in a sentence: "depuis 3 semaines", "plus d'un mois", "trois semaines sans". The
 * word after a bare duration ("sans", "d'attente") is looked at, not taken: "trois jours sans
 * chauffage" is a duration and a harm (rules.ts scans a family in one pass).
 */
export const DURATION_RE =
  /(?<![a-z0-9])(?:(?:depuis|pendant|plus d'|voila|ca fait|cela fait|ces|des)\s*(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|plusieurs|quelques|bientot|presque)?\s*(?:heures?|jours?|semaines?|mois|ans|annees?)(?![a-z])|\d+ ?h ?\d*(?: ?min)?(?= (?:d'attente|de retard|de bonus|a attendre|plus tard|sans)(?![a-z]))|(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|plusieurs|quelques) (?:heures?|jours?|semaines?|mois|ans|annees?)(?= (?:plus tard|apres|sans|que|d'attente|deja)(?![a-z])))/g;

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
    'pas de connexion|pas de tonalite|aucun reseau|en rade|hs|ca plante|ca rame|jamais recu|' +
    'toujours pas recu|pas recu|zero barre|aucune barre|plus de courant|plus de chauffage|' +
    'sans chauffage|sans courant|plus de data|raccroche au nez|toujours pas de|toujours pas'
  ).split('|'),
);

/**
 * "Problem solved", on the folded text: the post tells a failure that is over ("problème
 * réglé", "[RÉSOLU]", "ça remarche", "enfin remboursé", "le courant est revenu"). A negator
 * just before ("pas encore réglé") cancels it (complaints/signals.ts checks).
 */
export const RESOLVED_RE = new RegExp(
  [
    'probleme(?:s)? (?:regle|resolu|solutionne)s?',
    "rentre(?:e)? dans l'ordre",
    '(?:tout|ca|la box|la connexion|internet|le reseau|la ligne|le wifi|la fibre) (?:re)?(?:marche|fonctionne) (?:a nouveau|de nouveau|enfin|parfaitement|nickel|impeccable)',
    '(?:ca|tout|la box|internet) (?:remarche|refonctionne)',
    '\\[?resolue?\\]?',
    '(?:courant|connexion|reseau|internet|ligne|electricite|chauffage|eau|service|trafic|signal|wifi|fibre|4g|5g|tele|tv) (?:est |a ete |sont )?(?:enfin )?(?:revenue?s?|retablie?s?|remise?s? en (?:route|service))',
    "(?:tout est|c'est) (?:ok|en ordre|bon|rentre dans l'ordre) (?:maintenant|depuis)",
    'affaire (?:classee|reglee)',
    // A repair, a refund, an exchange told as done: "remboursé en 2 clics", "réparé à 15h".
    "(?:enfin |bien |vite |finalement |rapidement |tout )?(?:rembourse|repare|echange|remplace|debloque|retabli|raccorde|regularise|recupere|refait|renvoye|resolu|regle|recredite|indemnise|livre|recu|reactive|rallume|solutionne)e?s?(?= (?:en|le|la|les|au|apres|sous|dans|par|sans|sur|des|avec|tout|ce|hier|aujourd'hui|mardi|lundi|mercredi|jeudi|vendredi|samedi|dimanche|finalement|enfin|entierement|integralement|rapidement)(?![a-z])|[.,!:;)]|$)",
  ]
    .map((x) => `(?:${x})`)
    .join('|')
    .replace(/^/, '(?<![a-z])(?:')
    .concat(')(?![a-z])'),
  'g',
);

/**
 * Before a resolution, words that make it not (yet) true: a negator ("pas encore réglé",
 * "jamais remboursé"), a future or a wish ("sera remboursé", "pour être remboursé").
 */
export const NEGATED_BEFORE =
  /(?:pas|jamais|toujours pas|non|rien|pas encore|n'est|n'a|n'ont|ni|sera|seront|serai|serait|devrait|devraient|doit|doivent|d'etre|etre|pas ete|ete promis|si|quand|peut|puisse|pourrait|pourra|faut|faudrait|va|vont|espere|attends) $/;

/** Applause and its words: praise that, beside a failure, is irony. */
export const APPLAUSE =
  /(?<![a-z])(?:applaudissements|bravo|chapeau(?: bas)?|felicitations|quelle (?:efficacite|reactivite|rapidite|classe|performance)|quel (?:professionnalisme|service|exploit)|bel exploit|champions? du monde|la classe)(?![a-z])/;

/** "merci X pour ces trois jours sans réseau": thanks for a trouble, in one sentence. */
export const THANKS_FOR =
  /(?<![a-z])merci (?:[^.!?\n]{0,30} )?pour (?:ce|cet|cette|ces|le|la|les|l'|votre|vos|ton|tes|mon|mes|rien)(?![a-z])/;
