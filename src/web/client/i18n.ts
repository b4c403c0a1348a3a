// The dashboard's words in French (the default: grogne's users read French) and English.
// A message is a string, or a function of its parameters; both languages have every key,
// which the type checks. Complaint categories and score reasons are said in French with the
// digest's own translations (src/digest), so that mail and dashboard use the same words; every
// other reason of the post view (brands, evidence) by its kind in reasons.ts.
import { CATEGORY_WORDS } from '../../digest/i18n.ts';
import { ACT_WORDS_FR } from '../../digest/reasons.ts';
import { ACT_WORDS_EN, COMPONENT_WORDS, sayReason } from './reasons.ts';

const fr = {
  title: 'grogne',
  tagline: 'réclamations à traiter en premier',
  navPosts: 'Réclamations',
  navTrends: 'Tendances',
  navSources: 'Sources',
  language: 'Langue',
  keyLabel: 'Clé API',
  keyPlaceholder: 'grg_…',
  keySave: 'Utiliser cette clé',
  keyForget: 'Oublier la clé',
  keyWhy:
    'La clé reste dans cet onglet (sessionStorage) et n’est envoyée qu’à ce serveur. Créez-en une avec « grogne keys create --role editor ».',
  keyRequired: 'Ce serveur demande une clé API pour lire.',
  keyInvalid: (d: string) => `Clé refusée : ${d}`,
  anonymous: 'Lecture sans clé',
  roleReader: 'lecteur',
  roleEditor: 'éditeur',
  roleAdmin: 'admin',
  keyStatus: (role: string, who: string) => `Clé ${role} ${who}`,
  readOnly: 'Lecture seule',
  brandsOf: (b: string) => `marques : ${b}`,
  filters: 'Filtres',
  brand: 'Marque',
  allBrands: 'toutes',
  minSeverity: 'Gravité min.',
  source: 'Source',
  allSources: 'toutes',
  since: 'Du',
  until: 'Au',
  postKind: 'Publications',
  kindAll: 'toutes',
  kindComplaints: 'réclamations',
  kindOthers: 'hors réclamations',
  savedSearch: 'Recherche enregistrée',
  noSavedSearch: 'aucune',
  handled: 'Traitement',
  handledAll: 'tous',
  handledOpen: 'à traiter',
  handledDone: 'traités',
  search: 'Recherche',
  searchPlaceholder: '(facture OR "service client") -brand:free',
  reset: 'Effacer',
  loading: 'Chargement…',
  loadMore: 'Plus de résultats',
  noPosts: 'Aucune publication pour ces filtres.',
  keysHelp: 'Clavier : j/k ou ↓/↑ pour se déplacer, Entrée pour ouvrir, Échap pour revenir.',
  priority: 'Priorité',
  severity: 'Gravité',
  reach: 'Portée',
  complaint: 'réclamation',
  notComplaint: 'pas une réclamation',
  target: 'visée',
  handledBadge: 'traité',
  assignedTo: (who: string) => `confié à ${who}`,
  notes: (n: number) => `${n} note${n > 1 ? 's' : ''}`,
  back: '← Retour à la liste',
  openOriginal: 'Voir la publication d’origine',
  by: (a: string) => `par ${a}`,
  sentiment: 'Ton',
  sentimentNegative: 'négatif',
  sentimentNeutral: 'neutre',
  sentimentPositive: 'positif',
  confidence: (p: string) => `confiance ${p}`,
  evidence: 'Indices',
  evidenceLegend: 'surligné : indice de réclamation ou de ton ; souligné : marque citée',
  grievances: 'Griefs',
  brands: 'Marques',
  scores: 'Scores et leurs raisons',
  components: 'Composantes',
  workflow: 'Suivi',
  markHandled: 'Marquer comme traité',
  reopen: 'Rouvrir',
  handledByAt: (who: string, at: string) => `Traité par ${who} le ${at}`,
  someone: 'quelqu’un',
  assignee: 'Confié à',
  assign: 'Confier',
  unassign: 'Retirer',
  addNote: 'Ajouter une note',
  notePlaceholder: 'client rappelé, geste commercial…',
  noNotes: 'Pas encore de note.',
  saved: 'Enregistré.',
  cannotEditAnonymous:
    'Lecture seule : marquer traité, confier et annoter demandent une clé éditeur ou admin.',
  cannotEditReader:
    'Lecture seule : cette clé est une clé lecteur ; marquer traité, confier et annoter demandent une clé éditeur ou admin.',
  feedback: 'Signaler une erreur d’analyse',
  feedbackWhy:
    'La correction est enregistrée avec la publication, votre clé et l’heure, et montrée ici ; elle ne change ni l’analyse ni les scores.',
  feedbackComplaint: 'Réclamation ?',
  feedbackIsComplaint: 'oui, c’est une réclamation',
  feedbackNotComplaint: 'non, pas une réclamation',
  feedbackSentiment: 'Ton réel',
  feedbackTarget: 'Marque visée',
  feedbackUnchanged: 'sans avis',
  feedbackNote: 'Commentaire',
  feedbackNotePlaceholder: 'ironie, hors sujet, c’est la faute du livreur…',
  feedbackSend: 'Envoyer la correction',
  feedbackSent: 'Correction enregistrée.',
  feedbackGiven: (n: number) => `${n} correction${n > 1 ? 's' : ''} signalée${n > 1 ? 's' : ''}`,
  feedbackTargetIs: (b: string) => `marque visée : ${b}`,
  feedbackTargetNone: 'aucune marque visée',
  feedbackToneIs: (s: string) => `ton ${s}`,
  feedbackByKey: (k: string) => `clé ${k}`,
  quoted: (s: string) => `« ${s} »`,
  trends: 'Tendances par marque',
  trendWindow: (from: string, to: string) => `du ${from} au ${to}, par jour (UTC)`,
  complaints: 'réclamations',
  negativeMentions: 'mentions négatives',
  mentions: 'mentions',
  spike: 'pic',
  alertMarker: 'alerte',
  alerts: 'Alertes de pic',
  noAlerts: 'Aucune alerte de pic.',
  alertLine: (brand: string, n: number, base: string, from: string, to: string) =>
    `${brand} : ${n} réclamations du ${from} au ${to} (attendu ${base})`,
  shareOfVoice: 'Part de voix',
  shareOfComplaints: 'Part des réclamations',
  negativeShare: 'Part négative',
  sources: 'Sources et leur santé',
  health: 'Santé',
  healthOk: 'OK',
  healthErrors: (n: number) => `${n} erreur${n > 1 ? 's' : ''} de suite`,
  healthPaused: 'en pause',
  healthDisabled: 'désactivée',
  healthNever: 'jamais lue',
  kind: 'Type',
  posts: 'Publications',
  lastFetch: 'Dernière lecture',
  lastOk: 'Dernier succès',
  nextCheck: 'Prochaine',
  lastError: 'Dernière erreur',
  error: (d: string) => `Erreur : ${d}`,
  none: '—',
};

export type Messages = typeof fr;

const en: Messages = {
  title: 'grogne',
  tagline: 'complaints to handle first',
  navPosts: 'Complaints',
  navTrends: 'Trends',
  navSources: 'Sources',
  language: 'Language',
  keyLabel: 'API key',
  keyPlaceholder: 'grg_…',
  keySave: 'Use this key',
  keyForget: 'Forget the key',
  keyWhy:
    'The key stays in this tab (sessionStorage) and is sent to this server only. Create one with "grogne keys create --role editor".',
  keyRequired: 'This server needs an API key to read.',
  keyInvalid: (d: string) => `Key refused: ${d}`,
  anonymous: 'Reading without a key',
  roleReader: 'reader',
  roleEditor: 'editor',
  roleAdmin: 'admin',
  keyStatus: (role: string, who: string) => `${role} key ${who}`,
  readOnly: 'Read-only',
  brandsOf: (b: string) => `brands: ${b}`,
  filters: 'Filters',
  brand: 'Brand',
  allBrands: 'all',
  minSeverity: 'Min. severity',
  source: 'Source',
  allSources: 'all',
  since: 'From',
  until: 'To',
  postKind: 'Posts',
  kindAll: 'all',
  kindComplaints: 'complaints',
  kindOthers: 'not complaints',
  savedSearch: 'Saved search',
  noSavedSearch: 'none',
  handled: 'Handling',
  handledAll: 'all',
  handledOpen: 'open',
  handledDone: 'handled',
  search: 'Search',
  searchPlaceholder: '(facture OR "service client") -brand:free',
  reset: 'Clear',
  loading: 'Loading…',
  loadMore: 'More results',
  noPosts: 'No post for these filters.',
  keysHelp: 'Keyboard: j/k or ↓/↑ to move, Enter to open, Esc to go back.',
  priority: 'Priority',
  severity: 'Severity',
  reach: 'Reach',
  complaint: 'complaint',
  notComplaint: 'not a complaint',
  target: 'targeted',
  handledBadge: 'handled',
  assignedTo: (who: string) => `assigned to ${who}`,
  notes: (n: number) => `${n} note${n > 1 ? 's' : ''}`,
  back: '← Back to the list',
  openOriginal: 'Open the original post',
  by: (a: string) => `by ${a}`,
  sentiment: 'Tone',
  sentimentNegative: 'negative',
  sentimentNeutral: 'neutral',
  sentimentPositive: 'positive',
  confidence: (p: string) => `confidence ${p}`,
  evidence: 'Evidence',
  evidenceLegend: 'highlighted: complaint or tone evidence; underlined: a brand named',
  grievances: 'Grievances',
  brands: 'Brands',
  scores: 'Scores and their reasons',
  components: 'Components',
  workflow: 'Workflow',
  markHandled: 'Mark handled',
  reopen: 'Reopen',
  handledByAt: (who: string, at: string) => `Handled by ${who} on ${at}`,
  someone: 'someone',
  assignee: 'Assigned to',
  assign: 'Assign',
  unassign: 'Unassign',
  addNote: 'Add a note',
  notePlaceholder: 'called the customer back…',
  noNotes: 'No note yet.',
  saved: 'Saved.',
  cannotEditAnonymous:
    'Read-only: marking handled, assigning and notes need an editor or admin key.',
  cannotEditReader:
    'Read-only: this is a reader key; marking handled, assigning and notes need an editor or admin key.',
  feedback: 'Report an analysis error',
  feedbackWhy:
    'The correction is stored with the post, your key and the time, and shown here; it changes neither the analysis nor the scores.',
  feedbackComplaint: 'Complaint?',
  feedbackIsComplaint: 'yes, a complaint',
  feedbackNotComplaint: 'no, not a complaint',
  feedbackSentiment: 'Actual tone',
  feedbackTarget: 'Brand aimed at',
  feedbackUnchanged: 'no opinion',
  feedbackNote: 'Comment',
  feedbackNotePlaceholder: 'irony, off topic, the courier’s fault…',
  feedbackSend: 'Send the correction',
  feedbackSent: 'Correction saved.',
  feedbackGiven: (n: number) => `${n} correction${n > 1 ? 's' : ''} given`,
  feedbackTargetIs: (b: string) => `brand aimed at: ${b}`,
  feedbackTargetNone: 'no brand aimed at',
  feedbackToneIs: (s: string) => `${s} tone`,
  feedbackByKey: (k: string) => `key ${k}`,
  quoted: (s: string) => `“${s}”`,
  trends: 'Trends per brand',
  trendWindow: (from: string, to: string) => `from ${from} to ${to}, per day (UTC)`,
  complaints: 'complaints',
  negativeMentions: 'negative mentions',
  mentions: 'mentions',
  spike: 'spike',
  alertMarker: 'alert',
  alerts: 'Spike alerts',
  noAlerts: 'No spike alert.',
  alertLine: (brand: string, n: number, base: string, from: string, to: string) =>
    `${brand}: ${n} complaints from ${from} to ${to} (expected ${base})`,
  shareOfVoice: 'Share of voice',
  shareOfComplaints: 'Share of complaints',
  negativeShare: 'Negative share',
  sources: 'Sources and their health',
  health: 'Health',
  healthOk: 'OK',
  healthErrors: (n: number) => `${n} error${n > 1 ? 's' : ''} in a row`,
  healthPaused: 'paused',
  healthDisabled: 'disabled',
  healthNever: 'never fetched',
  kind: 'Kind',
  posts: 'Posts',
  lastFetch: 'Last fetch',
  lastOk: 'Last success',
  nextCheck: 'Next',
  lastError: 'Last error',
  error: (d: string) => `Error: ${d}`,
  none: '—',
};

export type Lang = 'fr' | 'en';
export const MESSAGES: Record<Lang, Messages> = { fr, en };

const LANG_ITEM = 'grogne.lang';

/** French unless the user chose English on this browser (a preference, kept in localStorage). */
export function initialLang(): Lang {
  return localStorage.getItem(LANG_ITEM) === 'en' ? 'en' : 'fr';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_ITEM, lang);
  document.documentElement.lang = lang;
}

const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Formats numbers and dates in the reader's language (1 234,5 in French). */
export function formats(lang: Lang) {
  const locale = LOCALES[lang];
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const precise = new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 });
  const dayTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  // A grievance is a category (billing) or an act (churn).
  const category = (id: string) =>
    CATEGORY_WORDS[lang][id] ??
    (lang === 'fr' ? ACT_WORDS_FR : ACT_WORDS_EN)[id] ??
    id.replaceAll('_', ' ');
  const words = { num: (x: number) => num.format(x), category };
  return {
    num: words.num,
    category,
    /** A reason as the analysis or the scores wrote it (English), in the reader's language. */
    reason: (r: string) => sayReason(r, lang, words),
    /** A score component's name (src/score), or its id when it has none. */
    component: (id: string) => COMPONENT_WORDS[lang][id] ?? id,
    pct: (x: number) => pct.format(x),
    /** Small quantities that one decimal would round to 0 (an alert's expected count). */
    precise: (x: number) => precise.format(x),
    day: (iso: string) => day.format(new Date(iso)),
    short: (iso: string) => short.format(new Date(iso)),
    /** Date and time, UTC (as the API stores them), marked so. */
    at: (iso: string) => `${dayTime.format(new Date(iso))} UTC`,
  };
}

export type Formats = ReturnType<typeof formats>;
