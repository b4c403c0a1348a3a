// What page furniture says, as text: the calls to action of share bars and comment areas,
// the labels over related-article lists, the sentences of paywall and account-sharing notices,
// and the furniture lines of extracted text. boilerplate.ts finds the blocks that hold them.

// Phrases that make up share bars, comment prompts and post navigation in French themes
// (Blogger, WordPress and Jetpack, Over-blog, news sites). A block is furniture when its whole
// text is a run of them, so "Partager sa colère" or "Répondre au courrier" stay. Longer
// alternatives first: the first one that matches is taken.
const CTA_PHRASES = [
  // Blogger's feed links under a post: before "publier les commentaires" below takes their start
  'inscription à : publier (?:des|les) commentaires \\(atom\\)',
  'publier (?:des|les) commentaires \\(atom\\)',
  // comment prompts and counts
  '(?:poster|laisser|publier|enregistrer|ajouter|écrire|rédiger|voir(?: les)?|afficher(?: les)?|lire les) (?:un |des |les |vos )?commentaires?(?: \\(\\d+\\))?',
  'commenter(?: cet article| ce billet)?',
  'réagir(?: à cet article)?',
  '(?:\\d+|un|une|aucun|aucune|pas de|sans) (?:commentaires?|réactions?|réponses?|réflexions?)(?: sur « [^»]{1,200} »)?',
  'commentaires?(?: \\(\\d+\\))?',
  'annuler la réponse',
  'répondre(?: à ce commentaire)?',
  'signaler(?: un abus| ce commentaire| un contenu)?',
  'votre adresse (?:e-?mail|de messagerie) ne sera pas publiée',
  'les champs obligatoires sont (?:indiqués|marqués) avec \\*?',
  'inscription à',
  // share bars
  "partager (?:cet article|ce billet|l'article|la publication|sur \\S+|via \\S+|par (?:e-?mail|courriel))",
  'cliquez pour partager sur \\S+',
  'partager',
  'envoyer (?:par e-?mail|par courriel|à un ami|cet article)',
  'imprimer(?: cet article| la page| cette page)?',
  'copier le lien|lien copié',
  'offrir (?:cet )?article',
  'ajouter à (?:vos|mes) (?:sélections|favoris)',
  'écouter (?:cet )?article',
  "j['’]aime(?: ça)?(?: chargement)?",
  'chargement',
  'repost ?\\d*',
  'blogthis!?',
  'facebook|twitter|x|linkedin|whatsapp|pinterest|messenger|reddit|tumblr|telegram|flipboard|bluesky|threads|mastodon|e-?mail|courriel',
  // following and subscribing
  'pour être informé des derniers articles, inscrivez[- ]vous',
  "s'abonner(?: à (?:la|notre) newsletter)?|abonnez-vous|suivez-nous(?: sur \\S+)?",
  // post navigation
  "articles? plus (?:récents?|anciens?)|articles? (?:précédents?|suivants?)|navigation de l['’]article",
  "retour à l['’]accueil|accueil",
  // account and paywall buttons
  'continuer à lire ici|se connecter|connexion|déjà abonné \\?',
  "découvrir (?:l['’]offre \\S+|les offres(?: \\S+)?)",
];
// One phrase at the start of the rest, then any separators (spaces, punctuation, bullets).
const CTA_STEP = new RegExp(
  `^(?:${CTA_PHRASES.join('|')})(?=[\\s\\p{P}\\p{S}]|$)[\\s\\p{P}\\p{S}]*`,
  'iu',
);
export const CTA_MAX = 300;

/** True when a block's whole text is calls to action and nothing else. */
export function isCallToAction(text: string): boolean {
  let rest = text.replace(/^[\s\p{P}\p{S}]+/u, '');
  if (!rest || rest.length > CTA_MAX) return false;
  // Phrase by phrase, each taken greedily: no backtracking over a long run of buttons.
  while (rest) {
    const m = CTA_STEP.exec(rest);
    if (!m?.[0]) return false;
    rest = rest.slice(m[0].length);
  }
  return true;
}

// The labels French sites put over lists of their other articles, and over the post's tags
// ("Libellés :" on Blogger, "Mots-clés >" on SPIP).
export const RELATED_LABEL =
  /^(?:mots-clés|tags|libellés|étiquettes|catégories|thèmes|(?:[àa] )?lire (?:aussi|également)|voir aussi|sur le même (?:sujet|thème)|dans la même rubrique|(?:[àa] )?découvrir (?:aussi|également)|vous aimerez (?:aussi|peut-être aussi|également)|vous pourriez aimer|ces articles (?:pourraient|peuvent) vous intéresser|(?:les )?(?:articles?|billets?|publications?) (?:similaires|liés|connexes|recommandés|associés|en relation)|(?:nos |les )?(?:derniers|autres) articles|articles récents|les plus (?:lus|partagés|commentés)|similaires?|en relation|(?:audios et )?vidéos sur le (?:même )?sujet|related (?:posts|articles)|pour aller plus loin|plus d['’]articles|la rédaction vous (?:conseille|recommande)|[àa] voir (?:aussi|également)|nos lecteurs ont (?:aimé|lu))(?![\p{L}\p{N}])[\s:»›>….-]*/iu;

// Sentences found only in the notices news sites overlay on an article: one account read on two
// devices, the rest reserved to subscribers. Each names reading, so that a customer quoting
// their operator ("votre abonnement ne permet pas d'appeler l'étranger") is not taken for one.
export const NOTICE =
  /(?:lire|consulter) (?:cet article|le \S+|\S+) sur (?:un seul appareil à la fois|plusieurs appareils)|en cours sur un autre appareil|votre abonnement ne (?:vous )?permet pas de (?:lire|consulter) (?:cet article|ce contenu|la suite)|(?:cet )?article (?:est )?réservé aux abonnés|la suite (?:de cet article )?est réservée aux abonnés|il vous reste \d+ ?% de (?:cet|l['’])article à lire|lecture restreinte/i;

// Lines that are page furniture, not the author's words, for text that reaches us without its
// blocks: cross-links ("À lire aussi »"), photo credits and paywall prompts (recognised by how
// they start, on short lines only, so a paragraph that happens to open with "Photo :"
// survives), and the print, share and comment widgets (only when they are the whole line).
const FURNITURE_START =
  /^(?:(?:(?:[àa] )?lire aussi|voir aussi|sur le même (?:sujet|thème)|(?:audios et )?vidéos sur le sujet|pour lire la suite)\b|(?:cr[ée]dits? photos?|photo|image illustrative|(?:photo |image )?d'illustration|illustration)\s*:)/i;
const FURNITURE_LINE = /^(?:permalien|publicité)\W*$/i;

/** True for a line of extracted text that is furniture (see above). */
export function isFurnitureLine(line: string): boolean {
  return (
    FURNITURE_LINE.test(line) ||
    isCallToAction(line) ||
    (line.length <= 200 && FURNITURE_START.test(line))
  );
}
