// The digest's words, in French (the default: the readers are French community managers) and
// English. One flat catalogue per language; a missing key is a type error, not a blank.
import { frenchReason } from './reasons.ts';

export type Lang = 'fr' | 'en';

export interface Catalogue {
  subject: (name: string, date: string, total: number) => string;
  intro: (since: string, until: string) => string;
  noComplaints: string;
  complaints: (n: number) => string;
  shown: (n: number) => string;
  vsAverage: (avg: number) => string;
  spike: string;
  topCategories: string;
  /** The chart's caption; `max` is the tallest bar, the same in every brand's chart. */
  last14: (max: number) => string;
  severity: string;
  reach: string;
  by: string;
  published: string;
  firstSeen: string;
  open: string;
  /** The post in grogne (its evidence, scores and team notes): the API's post URL for now. */
  inGrogne: string;
  more: string;
  untitled: string;
  anonymous: string;
  footer: string;
  date: (iso: string, tz: string) => string;
  dayLabel: (isoDate: string) => string;
  /** The team's state of an item: "assignée à X · 2 notes", or '' when there is none. */
  workflow: (assignee: string | null, notes: number) => string;
  /** A complaint category id (src/nlp/complaints/rules.ts) in words; unknown ids as they are. */
  category: (id: string) => string;
  /** A number as the language writes it: "1 234,5" in French, "1,234.5" in English. */
  num: (n: number) => string;
  /** The scores' reasons (written in English by src/score) in this language, on one line. */
  reasons: (reasons: readonly string[]) => string;
}

export const CATEGORY_WORDS: Record<Lang, Record<string, string>> = {
  fr: {
    network: 'réseau',
    internet: 'internet et box',
    calls_sms: 'appels et SMS',
    roaming: 'international',
    billing: 'facturation',
    customer_service: 'service client',
    shop: 'boutique',
    delivery: 'livraison',
    defective: 'produit défectueux',
    contract: 'contrat et résiliation',
    activation: 'activation et portabilité',
    refund: 'remboursement',
    price_increase: 'hausse de prix',
    privacy: 'données personnelles',
    transport: 'retards et annulations',
    claim: 'sinistre et indemnisation',
    account: 'compte et carte bancaires',
    energy_supply: 'fourniture d’énergie',
  },
  en: {
    network: 'network',
    internet: 'internet and box',
    calls_sms: 'calls and SMS',
    roaming: 'international and roaming',
    billing: 'billing',
    customer_service: 'customer service',
    shop: 'shop',
    delivery: 'delivery',
    defective: 'defective product',
    contract: 'contract and termination',
    activation: 'activation and porting',
    refund: 'refund',
    price_increase: 'price increase',
    privacy: 'privacy',
    transport: 'delays and cancellations',
    claim: 'insurance claim',
    account: 'bank account and card',
    energy_supply: 'energy supply',
  },
};

// Intl formatters are costly to build (a digest formats hundreds of dates): one per key.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

const fmt = (locale: string) => (iso: string, tz: string) =>
  formatter(
    `${locale}|${tz}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone: tz,
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }),
  ).format(new Date(iso));

const numbers = new Map<string, Intl.NumberFormat>();
const num = (locale: string) => (n: number) => {
  let f = numbers.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    numbers.set(locale, f);
  }
  return f.format(n);
};

const day = (locale: string) => (isoDate: string) =>
  formatter(
    `${locale}|day`,
    () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'numeric' }),
  ).format(new Date(`${isoDate}T12:00:00Z`));

export const CATALOGUES: Record<Lang, Catalogue> = {
  fr: {
    subject: (name, date, total) =>
      `grogne ${name} du ${date} : ${num('fr-FR')(total)} réclamation${total > 1 ? 's' : ''} à traiter`,
    intro: (since, until) => `Réclamations nouvelles entre le ${since} et le ${until}.`,
    noComplaints: 'Aucune réclamation nouvelle sur cette période.',
    complaints: (n) => `${num('fr-FR')(n)} réclamation${n > 1 ? 's' : ''}`,
    shown: (n) => `${num('fr-FR')(n)} affichée${n > 1 ? 's' : ''}, par priorité`,
    vsAverage: (avg) => `moyenne des 7 jours précédents : ${num('fr-FR')(avg)} par jour`,
    spike: 'PIC',
    topCategories: 'Sujets principaux :',
    category: (id) => CATEGORY_WORDS.fr[id] ?? id,
    last14: (max) =>
      `Réclamations par jour, 14 derniers jours (même échelle pour toutes les marques, barre pleine : ${num('fr-FR')(max)})`,
    severity: 'Gravité',
    reach: 'Audience',
    by: 'par',
    published: 'publié le',
    firstSeen: 'vu le',
    open: 'Lire et répondre',
    inGrogne: 'Preuves et scores dans grogne',
    more: 'Voir toutes les réclamations',
    untitled: '(sans titre)',
    anonymous: 'anonyme',
    footer: 'Envoyé une fois par jour par grogne. Les réclamations sont classées par priorité.',
    date: fmt('fr-FR'),
    dayLabel: day('fr-FR'),
    num: num('fr-FR'),
    reasons: (rs) =>
      rs
        .map(
          (r) =>
            frenchReason(r, {
              num: num('fr-FR'),
              category: (id) => CATEGORY_WORDS.fr[id] ?? id,
            }) ?? r,
        )
        .join(' ; '),
    workflow: (assignee, notes) =>
      [
        assignee === null ? '' : `suivi par ${assignee}`,
        notes === 0 ? '' : `${notes} note${notes > 1 ? 's' : ''}`,
      ]
        .filter(Boolean)
        .join(' · '),
  },
  en: {
    subject: (name, date, total) =>
      `grogne ${name} for ${date}: ${num('en-GB')(total)} complaint${total === 1 ? '' : 's'} to handle`,
    intro: (since, until) => `New complaints between ${since} and ${until}.`,
    noComplaints: 'No new complaints in this period.',
    complaints: (n) => `${num('en-GB')(n)} complaint${n === 1 ? '' : 's'}`,
    shown: (n) => `${num('en-GB')(n)} shown, by priority`,
    vsAverage: (avg) => `previous 7-day average: ${num('en-GB')(avg)} a day`,
    spike: 'SPIKE',
    topCategories: 'Top topics:',
    category: (id) => CATEGORY_WORDS.en[id] ?? id,
    last14: (max) =>
      `Complaints per day, last 14 days (one scale for every brand, full bar: ${num('en-GB')(max)})`,
    severity: 'Severity',
    reach: 'Reach',
    by: 'by',
    published: 'published',
    firstSeen: 'seen',
    open: 'Read and reply',
    inGrogne: 'Evidence and scores in grogne',
    more: 'See all complaints',
    untitled: '(untitled)',
    anonymous: 'anonymous',
    footer: 'Sent once a day by grogne. Complaints are ranked by priority.',
    date: fmt('en-GB'),
    dayLabel: day('en-GB'),
    num: num('en-GB'),
    reasons: (rs) => rs.join('; '),
    workflow: (assignee, notes) =>
      [
        assignee === null ? '' : `assigned to ${assignee}`,
        notes === 0 ? '' : `${notes} note${notes === 1 ? '' : 's'}`,
      ]
        .filter(Boolean)
        .join(' · '),
  },
};
