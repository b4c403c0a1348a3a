import { describe, expect, it } from 'vitest';
import { ACT_RULES, CATEGORY_RULES } from '../../../src/nlp/complaints/rules.ts';
import {
  findSignals,
  mergeSignals,
  onlyAsks,
  reportsTrouble,
  SEVERE_ACTS,
  type Signals,
  severeActs,
} from '../../../src/nlp/complaints/signals.ts';
import { loadLexicon } from '../../../src/nlp/lexicon/lexicon.ts';
import { analyseSentiment } from '../../../src/nlp/sentiment/sentiment.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';

const lex = loadLexicon();
const signals = (text: string) => findSignals(text, analyseSentiment(text, tokenize(text), lex));
/** What the rules call a complaint, brands aside: trouble, not only questions, not solved. */
const complains = (s: Signals) => reportsTrouble(s) && !onlyAsks(s) && s.resolved.length === 0;

describe('reportsTrouble and onlyAsks', () => {
  // Trouble told: a negative tone, a failure (also in a question), a severe act, a claim.
  it.each([
    ["SFR c'est l'enfer"],
    ['merci Free pour ces trois semaines sans internet'],
    ['Ma box Free ne marche plus depuis 3 semaines'],
    ['chez Orange au moins ça marche, SFR coupe tous les jours'],
    ['Pourquoi ma Freebox ne marche plus depuis lundi ?'],
    ['Est-ce normal que ma box ne marche plus ?'],
    ["le problème n'est toujours pas réglé, SFR"],
    ['EDF me réclame 1 800 € de régularisation'],
    // Which brand is blamed is attributeBrands's question: the rules see trouble here.
    ['le film était nul'],
  ])('complains: %s', (text) => {
    const s = signals(text);
    expect(reportsTrouble(s)).toBe(true);
    expect(complains(s)).toBe(true);
  });

  // No trouble: praise, questions to the readers, a solved problem.
  it.each([
    ['pas mal du tout, Free'],
    ['rien à redire sur SFR'],
    ["Quelqu'un sait si Orange propose la fibre à Lyon ?"],
    ['Savez-vous si la fibre arrive à Lyon ?'],
    ['problème réglé, merci SFR'],
    ['je vous recommande SFR, service excellent'],
    ["ma facture de 160 €, comme d'habitude"],
  ])('does not complain: %s', (text) => {
    expect(complains(signals(text))).toBe(false);
  });

  it.each([
    ["Quelqu'un sait si Orange propose la fibre à Lyon ?", true, true],
    ['Savez-vous si la fibre arrive à Lyon ?', true, true],
    ['Pourquoi ma Freebox ne marche plus depuis lundi ?', false, false],
    ['Est-ce normal que ma box ne marche plus ?', false, true],
    ['le réseau est nul. Une idée ?', false, true],
  ])('%s: only asks %s, asks readers %s', (text, asks, readers) => {
    const s = signals(text);
    expect(onlyAsks(s)).toBe(asks);
    expect(s.asksReaders).toBe(readers);
  });
});

describe('categories and acts', () => {
  // Each row: text, a category it must list, an act it must list.
  it.each([
    ['Ma box Free ne marche plus depuis 3 semaines', 'internet', 'duration'],
    ['SFR : plus de réseau depuis 10 jours, je résilie', 'network', 'churn'],
    [
      'Colis Free jamais reçu, mise en demeure envoyée, UFC-Que Choisir prévenue',
      'delivery',
      'legal',
    ],
    ['Freebox défectueuse, une arnaque, à fuir', 'defective', 'avoid'],
    ['Freebox défectueuse, une arnaque, à fuir', 'internet', 'insult'],
    // Harm: who suffers (a baby, a sick person), what is lost (heat, power).
    ['Plus de courant depuis hier et mon bébé de 4 mois a froid', 'energy_supply', 'harm'],
    ['sans chauffage depuis 3 jours en plein hiver', 'energy_supply', 'harm'],
    ['Trois jours sans chauffage avec mon bébé de 4 mois', 'energy_supply', 'harm'],
  ])('%s → %s, %s', (text, category, act) => {
    const s = signals(text);
    expect(s.categories).toContain(category);
    expect(s.acts).toContain(act);
    for (const g of [...s.grievances, ...s.actGrievances]) {
      expect(text.slice(g.evidence.start, g.evidence.end)).toBe(g.evidence.text);
    }
  });

  // A billing claim may name the brand in the middle: "facture SFR en double".
  it('Facture SFR en double, 5e appel au service client, à mes frais ! → billing', () => {
    const s = signals('Facture SFR en double, 5e appel au service client, à mes frais !');
    expect(s.acts).toContain('repeat_contact');
    expect(s.categories).toContain('billing');
    expect(reportsTrouble(s)).toBe(true);
  });

  it('reads the repeated calls of a double bill', () => {
    const s = signals('Facture SFR en double, 5e appel au service client, à mes frais !');
    expect(s.acts).toEqual(expect.arrayContaining(['repeat_contact', 'money']));
  });

  // Harm acts are severe: a complaint whatever its tone.
  it('counts harm among the severe acts', () => {
    expect(SEVERE_ACTS.has('harm')).toBe(true);
    const s = signals('Trois jours sans chauffage avec mon bébé de 4 mois');
    expect(severeActs(s)).toBeGreaterThanOrEqual(1);
    expect(s.actGrievances.map((g) => g.evidence.text)).toEqual(
      expect.arrayContaining(['sans chauffage', 'bébé']),
    );
  });

  it('does not read "je vous recommande" as a registered letter', () => {
    expect(signals('je vous recommande SFR, service excellent').acts).not.toContain('legal');
  });

  // A category needs a negative or failing sentence, not a question: asking about the fibre
  // is no grievance.
  it('finds no grievance in a question or in praise', () => {
    expect(signals("Quelqu'un sait si Orange propose la fibre à Lyon ?").grievances).toEqual([]);
    expect(signals('la fibre est rapide, le réseau parfait').grievances).toEqual([]);
  });

  it('keeps one grievance per category and sentence, three per category at most', () => {
    const text = 'Ni SMS, ni appels vers la France. SMS perdus. SMS en panne. SMS nuls. SMS HS.';
    const calls = signals(text).grievances.filter((g) => g.category === 'calls_sms');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it('has rules with unique ids', () => {
    const ids = CATEGORY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const acts = ACT_RULES.map((r) => r.id);
    expect(new Set(acts).size).toBe(acts.length);
    expect(acts).toContain('harm');
  });
});

// Money claimed or billed wrongly, in any tone: the lexicon sees no negative word there.
describe('billing claims', () => {
  it.each([
    ['EDF me réclame 1 800 € de régularisation', 'me réclame'],
    ['EDF me réclame 1 800 €', 'me réclame'],
    ["Free m'a facturé trois fois le même mois", 'facturé trois fois'],
    ['Engie m’a prélevé deux fois le même trimestre', 'prélevé deux fois'],
    ['un double prélèvement ce mois-ci', 'double prélèvement'],
    ['Bouygues me facture 2 lignes !!!', 'me facture 2 lignes'],
    ["ils m'ont encore augmenté", "ils m'ont encore augmenté"],
    ['Ils m’ont encore augmenté mon forfait', 'Ils m’ont encore augmenté'],
  ])('%s → claim %j', (text, claim) => {
    const s = signals(text);
    expect(s.claims.map((c) => c.text)).toEqual([claim]);
    expect(s.categories).toContain('billing');
    expect(reportsTrouble(s)).toBe(true);
  });

  it.each([
    ["ma facture de 160 €, comme d'habitude"],
    ['je réclame un remboursement à mon voisin'],
  ])('no claim: %s', (text) => {
    const s = signals(text);
    expect(s.claims).toEqual([]);
    expect(s.categories).not.toContain('billing');
  });
});

// "Problem solved": a failure that is over. Not when negated, promised or to come.
describe('resolved', () => {
  it.each([
    ['problème réglé', 'problème réglé'],
    ['problème réglé, merci SFR', 'problème réglé'],
    ['[RÉSOLU] Box qui redémarre en boucle', '[RÉSOLU]'],
    ['remboursé en 2 clics', 'remboursé'],
    ['le courant est revenu', 'courant est revenu'],
    ['Le courant est enfin revenu après 2 jours', 'courant est enfin revenu'],
  ])('%s → resolved by %j', (text, cue) => {
    const s = signals(text);
    expect(s.resolved.map((r) => r.text)).toEqual([cue]);
    expect(complains(s)).toBe(false);
  });

  it.each([
    ['pas encore remboursé'],
    ['toujours pas remboursé'],
    ['sera remboursé'],
    ['je serai remboursé la semaine prochaine'],
    ["le problème n'est toujours pas réglé, SFR"],
  ])('%s → not resolved', (text) => {
    expect(signals(text).resolved).toEqual([]);
  });
});

describe('mergeSignals', () => {
  it("adds a title's signals to the body's, the title's evidence marked", () => {
    const title = signals('Box en panne depuis 3 jours, je résilie');
    const body = signals("Trois semaines sans internet, c'est honteux.");
    const s = mergeSignals(title, body, -0.8);
    expect(s.tone).toBe(-0.8);
    expect(s.sentences).toBe(title.sentences + body.sentences);
    expect(s.failures).toBe(title.failures + body.failures);
    expect(s.acts).toEqual(expect.arrayContaining(['churn', 'insult', 'duration']));
    expect(new Set(s.acts).size).toBe(s.acts.length);
    expect(new Set(s.categories).size).toBe(s.categories.length);
    expect(s.grievances).toHaveLength(title.grievances.length + body.grievances.length);
    const fromTitle = s.grievances.slice(0, title.grievances.length);
    expect(fromTitle.length).toBeGreaterThan(0);
    for (const g of fromTitle) expect(g.evidence.reason).toMatch(/^title: /);
    for (const g of s.grievances.slice(title.grievances.length)) {
      expect(g.evidence.reason).not.toMatch(/^title: /);
    }
    for (const g of s.actGrievances.slice(0, title.actGrievances.length)) {
      expect(g.evidence.reason).toMatch(/^title: /);
    }
  });

  it('a solved title solves the post', () => {
    const s = mergeSignals(signals('[RÉSOLU] box en panne'), signals('merci à tous'), 0.2);
    expect(s.resolved.map((r) => r.reason)).toEqual(['title: resolved']);
  });
});

// The rules' regexes are global: a text's signals must not depend on what was read before.
describe('signals independent of call order', () => {
  const texts = [
    "SFR c'est l'enfer, coupure depuis 3 jours, je résilie",
    'EDF me réclame 1 800 € de régularisation',
    'Free Mobile : plus de réseau. @free #Freebox en panne, 5e appel au SAV.',
    'Merci Boulanger, livraison rapide, problème réglé.',
    'rien à signaler',
    'SFR ne marche plus, Orange au top. Facturé deux fois par Free ; problème réglé ? '.repeat(40),
  ];
  it('gives each text the same signals forwards, backwards and after the longest', () => {
    const json = (t: string) => JSON.stringify(signals(t));
    const forwards = texts.map(json);
    const backwards = [...texts].reverse().map(json).reverse();
    expect(backwards).toEqual(forwards);
    for (const [i, t] of texts.entries()) {
      json(texts[5]!);
      expect(json(t)).toBe(forwards[i]);
    }
  });
});
