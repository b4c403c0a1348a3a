// The complaint rules: the categories of grievance and the acts that raise severity, each a
// pattern on the folded text (flatten: lower case, no accents, same offsets). complaints.ts
// finds them in a post; the order of each list is the order of the docs, not of priority.
import { DURATION_RE } from '../lexicon/cues.ts';

export interface CategoryRule {
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

export const NUM =
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

// "Problem solved": a post that says so is no complaint unless still bad.
export const RESOLVED_RE =
  /(?<![a-z])(?:probleme (?:regle|resolu)|(?:c'est|tout est|enfin) (?:regle|resolu|repare)|rentre dans l'ordre|ca (?:re)?marche (?:a nouveau|de nouveau|enfin)|ca remarche|merci au service client qui a|(?:a|ont) (?:regle|resolu|repare) (?:le|mon) probleme)(?![a-z])/;

// Money claimed or billed wrongly is a billing complaint even in a calm tone: "EDF me réclame
// 1 800 €", "facturé trois fois ma consommation", "prélevé deux fois", "double prélèvement".
// The lexicon sees no negative word there, so these carry their own evidence.
export const CLAIM_RE = new RegExp(
  `(?<![a-z])(?:(?:me|m'|nous|lui) (?:reclame(?:nt)?|a reclame|ont reclame|demande(?:nt)? de (?:re)?payer)|(?:facture|preleve|debite|encaisse)(?:e|es|s)? (?:${NUM} fois|en double|a tort|en trop)|(?:double|deux|trois) prelevements?|prelevements? en double|(?:trop|a tort) (?:factur|prelev|percu)[a-z]*|factur[a-z]* (?:a tort|en trop|en double)|(?:me|m') (?:a |ont )?factur[a-z]* (?:\\d+|deux|trois) (?:fois|lignes?|abonnements?|forfaits?))(?![a-z])`,
  'g',
);

// A forum or reader question in a body: "quelqu'un sait si…", "savez-vous", "une idée ?".
export const ASKING_RE =
  /(?<![a-z])(?:quelqu'un (?:sait|a deja|aurait|peut)|savez-vous|vous savez si|est-ce (?:que|normal)|une idee \?|des conseils \?)(?![a-z])/;
