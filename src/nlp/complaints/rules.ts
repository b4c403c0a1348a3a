// The complaint rules: the categories of grievance and the acts that raise severity, each a
// pattern on the folded text (flatten: lower case, no accents, same offsets). signals.ts
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
  rule(
    'network',
    'reseau|capte(?:nt)?|couverture|zone blanche|[345]g|antennes?|pas de barres?|zero barre',
  ),
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
    "factur[a-z]*|prelevement[a-z]*|preleve[a-z]*|debite[a-z]*|hors forfait|trop percu|echeancier|frais bancaires|agios|commissions? d'intervention|regularisation",
    'factur|prelev|agios|frais bancaires',
  ),
  rule(
    'customer_service',
    "service (?:client|clientele|apres-vente|consommateurs)|sav|hotline|conseill(?:er|ere|ers|eres|e)|teleconseill[a-z]*|3900|1023|1064|3244|3639|personne ne repond|mis en attente|temps d'attente|interlocuteur|chatbot|standard|joignable|injoignable|aucune reponse|sans reponse|pas de reponse|on me raccroche|raccroche au nez",
  ),
  rule(
    'shop',
    'boutiques?|magasins?|en agence|agences?|vendeur[a-z]*|vendeuse[a-z]*|point de vente|caisse|rayon',
  ),
  rule(
    'delivery',
    'livraisons?|livree?s?|livreurs?|colis|transporteur|chronopost|colissimo|point relais|relais colis|(?:pas|jamais|toujours pas) recue?s?|expedi[a-z]*|suivi (?:du )?colis|numero de suivi|commande',
    '(?:pas|jamais|toujours pas) recue?|colis',
  ),
  rule(
    'defective',
    "defectu[a-z]*|en panne|hors service|cassee?s?|ecran noir|ne s'allume (?:pas|plus)|ne charge (?:pas|plus)|dysfonctionn[a-z]*|abime[es]*|endommage[es]*|ne fonctionne (?:pas|plus)|rayee?",
    'defectu|en panne|hors service|casse',
  ),
  rule(
    'contract',
    "contrat|engagement|resili[a-z]*|clauses?|closes|conditions generales|cgv|periode d'engagement|franchise|garantie|extension de garantie",
  ),
  rule(
    'activation',
    'activ(?:er|ee?s?|ation)|portabilite|(?:sera|numero|ete) porte|numero temporaire|mise en service|code rio|carte sim|ouverture de (?:la )?ligne|raccordement|mise en place|ouverture de compte',
  ),
  rule(
    'refund',
    'rembours[a-z]*|geste commercial|dedommag[a-z]*|indemnis[a-z]*|avoir|retractation',
  ),
  rule(
    'price_increase',
    'augment[a-z]*|hausse|plus cher|\\+ ?\\d+ ?(?:€|euros?)|tarif[s]? (?:qui )?(?:explose|grimpe|flambe)',
  ),
  rule(
    'privacy',
    'donnees personnelles|rgpd|cnil|fuite de donnees|pirat[a-z]*|demarchage|spam[a-z]*|harcel[a-z]*|telemarketing|vie privee|fraude|escroquerie|usurpation',
  ),
  rule(
    'transport',
    'trains?|tgv|ter|rer|metro|bus|vols?|avion|correspondance (?:ratee|manquee|loupee)|quai|gare|retard(?:e|s)? de \\d+|annulee?s?|supprimee?s?|bagages?|embarquement|escale|greve',
    'annule|supprime|correspondance|bagage',
  ),
  rule(
    'claim',
    'sinistres?|expertise|expert|constat|declaration de sinistre|degat des eaux|degats des eaux|indemnisation|dossier (?:de sinistre|en cours|bloque)|prise en charge|franchise',
    'sinistre|expert|indemnisation',
  ),
  rule(
    'account',
    'compte (?:bloque|gele|ferme|cloture|suspendu)|carte (?:bloquee|avalee|refusee|suspendue)|virements?|decouvert|pret|credit immobilier|chequiers?|appli(?:cation)? bancaire|code (?:secret|sms)|authentification',
  ),
  rule(
    'energy_supply',
    "coupure de (?:courant|gaz|electricite)|plus de (?:courant|chauffage|gaz|electricite)|sans (?:courant|chauffage|electricite)|compteur|linky|releve|estimation|mensualites?|regularisation|fournisseur d'energie",
  ),
];

export const NUM =
  '(?:\\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|plusieurs|nombreuses?|maintes)';

/** Acts that raise severity, each with the pattern that evidences it. */
export const ACT_RULES: readonly { id: string; re: RegExp }[] = [
  {
    id: 'churn',
    re: /(?<![a-z])(?:je (?:vais )?resilie[rz]?|resilier|je (?:vais )?(?:pars|partir|passer?) chez|je change d'(?:operateur|assureur|banque|fournisseur)|changer d'(?:operateur|assureur|banque|fournisseur)|je (?:les )?quitte|portabilite vers|je clos?ture mon compte|plus jamais (?:chez|de|d')|dernier(?:e)? (?:commande|fois) chez)(?![a-z])/g,
  },
  {
    id: 'legal',
    re: /(?<![a-z])(?:mise en demeure|en demeure|(?:lettre|courrier|envoi|mon|un|en|par) recommandee?|avocats?|ufc|que choisir|dgccrf|mediat(?:eur|rice|ion)|(?:porter |deposer |une |ma )plainte|tribunal|justice|juge de proximite|signal ?conso|arcep|acpr|60 millions|conciliateur|huissier|proces)(?![a-z])/g,
  },
  {
    id: 'avoid',
    re: /(?<![a-z])(?:a fuir|je (?:vous )?deconseille|ne prenez (?:jamais|pas)|fuyez|passez votre chemin|evitez|n'allez (?:jamais|pas) chez|boycott[a-z]*|ne commandez (?:jamais|pas))(?![a-z])/g,
  },
  {
    // A verdict on being the brand's customer: "SFR c'est l'enfer", "un cauchemar", "plus
    // jamais". A complaint even without the details (data/annotations/posts/GUIDE.md).
    id: 'verdict',
    re: /(?<![a-z])(?:c'est l'enfer|(?:un|l'|quel) enfer|(?:un|quel|le) cauchemar|(?:un|quel|le) calvaire|(?:la|quelle) galere|(?:c'est|quelle|une) (?:honte|catastrophe|cata)|(?:la|le) pire (?:experience|banque|assurance|assureur|operateur|service|compagnie|enseigne|site|magasin|fournisseur|sav)|plus jamais(?: (?:ca|chez|de|d'|avec))?|jamais plus|nul(?:le)? a chier|(?:c'est )?de la merde|service de merde|(?:ca|c'est) (?:craint|pue)|zero (?:etoile|sur dix)|0\/5|1\/5)(?![a-z])/g,
  },
  {
    id: 'insult',
    re: /(?<![a-z])(?:arnaque[a-z]*|voleurs?|escro[a-z]*|honteu[a-z]*|honte|lamentable|pitoyable|incompetent[a-z]*|minables?|de la merde|foutage de gueule|scandaleu[a-z]*|inadmissible|gabegie|bande de [a-z]+|mafieux|clowns?|guignols?)(?![a-z])/g,
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
    re: /(?<![a-z])(?:a mes frais|(?<!sans )frais(?! de port offerts)|facture[es]*|rembours[a-z]*|j'ai paye|preleve[a-z]*|\d+(?:[ .,]\d+)* ?(?:€|euros?|eur)(?![a-z]))(?![a-z])/g,
  },
  { id: 'duration', re: DURATION_RE },
  {
    // The writer says it is not serious: "rien de grave", "pas dramatique", "petit bémol".
    id: 'mild',
    re: /(?<![a-z])(?:rien de (?:bien )?grave|pas (?:bien |tres |si )?grave|pas dramatique|rien de dramatique|pas la mort|pas de quoi en faire (?:un fromage|une montagne|tout un plat)|petit bemol|seul bemol|leger retard|petit retard|un peu (?:agacant|dommage|decu)|juste agacant|sans gravite|ca arrive|c'est la vie|bon,? pas grave|pas bien mechant)(?![a-z])/g,
  },
  {
    // Who suffers: a baby, an elderly or sick person; what is lost: heat, power, a job, a home.
    id: 'harm',
    re: /(?<![a-z])(?:bebes?|nourrissons?|nouveau-ne|mon fils de \d+|ma fille de \d+|enfants? en bas age|personnes? agees?|ma (?:mere|grand-mere) de \d+|mon (?:pere|grand-pere) de \d+|handicap[a-z]*|malade|enceinte|oxygene|medicaments?|traitement medical|insuline|chimio[a-z]*|hopital|urgences|sans chauffage|plus de chauffage|en plein hiver|teletravail|mon travail|mon emploi|licencie|entretien d'embauche|enterrement|obseques|(?:ma|notre|la) maison|perdre (?:la|notre|ma) maison|le loyer|mon salaire|interdit bancaire|huissier)(?![a-z])/g,
  },
];

// Money claimed or billed wrongly is a billing complaint even in a calm tone: "EDF me réclame
// 1 800 €", "facturé trois fois ma consommation", "prélevé deux fois", "double prélèvement".
// The lexicon sees no negative word there, so these carry their own evidence.
export const CLAIM_RE = new RegExp(
  `(?<![a-z])(?:(?:me|m'|nous|lui) (?:reclame(?:nt)?|a reclame|ont reclame|demande(?:nt)? de (?:re)?payer)|(?:facture|preleve|debite|encaisse)(?:e|es|s)? (?:${NUM} fois|en double|a tort|en trop)|(?:double|deux|trois) prelevements?|prelevements? en double|(?:trop|a tort) (?:factur|prelev|percu)[a-z]*|factur[a-z]* (?:[a-z]+ ){0,2}(?:a tort|en trop|en double)|(?:me|m') (?:a |ont )?factur[a-z]* (?:\\d+|deux|trois) (?:fois|lignes?|abonnements?|forfaits?)|(?:m'a|m'ont|ils m'ont|on m'a) (?:encore )?augmente|(?:mon|le) (?:forfait|abonnement|tarif|prix|contrat) (?:a |est )?(?:encore )?(?:augmente|passe de))(?![a-z])`,
  'g',
);

// A forum or reader question in a body: "quelqu'un sait si…", "savez-vous", "une idée ?".
export const ASKING_RE =
  /(?<![a-z])(?:quelqu'un (?:sait|a deja|aurait|peut|connait|a une idee)|savez-vous|vous savez si|est-ce (?:que|normal)|une idee \?|des conseils \?|vos avis|votre avis|des retours)(?![a-z])/g;

/**
 * A family of rules as one regex, group k + 1 for rule k: one scan of the text finds every
 * rule's matches, the first rule (in the list's order) winning where two start at the same
 * place. Every rule opens on a word boundary, written once for the family, in front (what
 * word-scan.ts needs to try it only at word starts). The rules hold no capturing group of
 * their own (checked here), so the group numbers are theirs.
 */
export interface RuleScan<R> {
  re: RegExp;
  rules: readonly R[];
}

const OPENING = /^\(\?<!\[a-z(?:0-9)?\]\)/;

export function ruleScan<R extends { re: RegExp }>(rules: readonly R[]): RuleScan<R> {
  const bodies = rules.map((r) => {
    if (!OPENING.test(r.re.source))
      throw new Error(`rules: ${r.re.source.slice(0, 40)}… does not open on a word boundary`);
    if (new RegExp(`(?:${r.re.source})|`).exec('')!.length !== 1) {
      throw new Error(`rules: ${r.re.source.slice(0, 40)}… holds a capturing group`);
    }
    return `(${r.re.source.replace(OPENING, '')})`;
  });
  return { re: new RegExp(`(?<![a-z0-9])(?:${bodies.join('|')})`, 'g'), rules };
}

/** The rule behind each match of a family's regex, where it matched, and the text matched. */
export function rulesOf<R>(
  scan: RuleScan<R>,
  matches: readonly RegExpExecArray[],
): { rule: R; index: number; text: string }[] {
  return matches.map((m) => {
    let k = 1;
    while (m[k] === undefined) k++;
    return { rule: scan.rules[k - 1]!, index: m.index, text: m[0] };
  });
}

export const CATEGORY_SCAN = ruleScan(CATEGORY_RULES);
/** Every match in a folded text of the category and act families, CLAIM_RE and ASKING_RE. */
export interface RuleMatches {
  category: RegExpExecArray[];
  act: RegExpExecArray[];
  claim: RegExpExecArray[];
  asking: RegExpExecArray[];
}
export const ACT_SCAN = ruleScan(ACT_RULES);
