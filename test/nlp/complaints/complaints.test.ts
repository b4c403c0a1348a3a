import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { brandSchema } from '../../../src/config.ts';
import { analyse } from '../../../src/nlp/analyse.ts';
import { isTrimmed } from '../../../src/nlp/complaints/complaints.ts';
import { BRANDS } from '../helpers.ts';

const run = (text: string) => analyse({ text }, { brands: BRANDS });

describe('complaint decision', () => {
  // Complaints: a negative experience attributed to a watched brand.
  it.each([
    ["SFR c'est l'enfer"],
    ['merci Free pour ces trois semaines sans internet'],
    ['Ma box Free ne marche plus depuis 3 semaines'],
    ['chez Orange au moins ça marche, SFR coupe tous les jours'],
    ['Pourquoi ma Freebox ne marche plus depuis lundi ?'],
  ])('complaint: %s', (text) => {
    const a = run(text);
    expect(a.complaint).toBe(true);
    expect(a.complaintConfidence).toBeGreaterThanOrEqual(0.5);
  });

  // Not complaints: negative without a brand, praise, questions, solved problems, English.
  it.each([
    ['le film était nul'],
    ['pas mal du tout, Free'],
    ['rien à redire sur SFR'],
    ["Quelqu'un sait si Orange propose la fibre à Lyon ?"],
    ['problème réglé, merci SFR'],
    ['My Free box has not worked for three weeks and SFR support is terrible.'],
    ["Free, c'est gratuit ? free wifi"],
    ["un bon jus d'orange"],
  ])('not a complaint: %s', (text) => {
    const a = run(text);
    expect(a.complaint).toBe(false);
    expect(a.complaintConfidence).toBeLessThan(0.5);
  });

  it('marks a solved problem as resolved', () => {
    expect(run('problème réglé, merci SFR').resolved).toBe(true);
    expect(run("le problème n'est toujours pas réglé, SFR").resolved).toBe(false);
  });

  it('marks English as English and scores nothing', () => {
    const a = run('My Free box has not worked for three weeks and SFR support is terrible.');
    expect(a.lang).toBe('eng');
    expect(a).toMatchObject({ sentiment: 'neutral', sentimentScore: 0, acts: [], categories: [] });
    expect(a.brands.every((b) => !b.target)).toBe(true);
  });
});

describe('categories and acts', () => {
  // Each row: text, a category it must list, an act it must list.
  it.each([
    ['Ma box Free ne marche plus depuis 3 semaines', 'internet', 'duration'],
    ['SFR : plus de réseau depuis 10 jours, je résilie', 'network', 'churn'],
    [
      'Facture SFR en double, 5e appel au service client, à mes frais !',
      'billing',
      'repeat_contact',
    ],
    [
      'Colis Free jamais reçu, mise en demeure envoyée, UFC-Que Choisir prévenue',
      'delivery',
      'legal',
    ],
    ['Freebox défectueuse, une arnaque, à fuir', 'defective', 'avoid'],
  ])('%s → %s, %s', (text, category, act) => {
    const a = run(text);
    expect(a.categories).toContain(category);
    expect(a.acts).toContain(act);
    for (const g of a.grievances)
      expect(text.slice(g.evidence.start, g.evidence.end)).toBe(g.evidence.text);
  });

  it('does not read "je vous recommande" as a registered letter', () => {
    expect(run('je vous recommande SFR, service excellent').acts).not.toContain('legal');
  });
});

// Money claimed or billed wrongly, in any tone: the lexicon sees no negative word there.
describe('billing claims', () => {
  it.each([
    ['EDF me réclame 1 800 € de régularisation', true],
    ["Free m'a facturé trois fois le même mois", true],
    ['Engie m’a prélevé deux fois le même trimestre', true],
    ['un double prélèvement ce mois-ci', true],
    ['Bouygues me facture 2 lignes !!!', true],
    ["ma facture de 160 €, comme d'habitude", false],
    ['je réclame un remboursement à mon voisin', false],
  ])('%s → billing claim %s', (text, expected) => {
    const a = run(text);
    expect(a.categories.includes('billing')).toBe(expected);
  });
});

// ruleSignals() trims a claim's trailing space without slicing it: the units it drops must be
// exactly those String#trimEnd() drops.
describe('isTrimmed', () => {
  it('agrees with trimEnd() on every UTF-16 unit', () => {
    const wrong: string[] = [];
    for (let u = 0; u <= 0xffff; u++) {
      const ch = String.fromCharCode(u);
      if (isTrimmed(u) !== (`x${ch}`.trimEnd() === 'x')) wrong.push(u.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

// ruleSignals(), attributeBrands() and findMentions() reuse module buffers from call to call:
// a post's analysis must not depend on which posts came before it, nor on their sizes.
describe('analyses independent of call order', () => {
  const brands = z
    .array(brandSchema)
    .parse(
      JSON.parse(
        readFileSync(new URL('../../../data/brands/default.json', import.meta.url), 'utf8'),
      ),
    );
  const names = brands.map((b) => b.aliases[0]!);
  const long = Array.from(
    { length: 40 },
    (_, i) =>
      `${names[i % names.length]} ne marche plus, ${names[(i * 7) % names.length]} au top. ` +
      `Facturé deux fois par ${names[(i * 3) % names.length]} ; problème réglé ?`,
  ).join(' ');
  const posts: { text: string; title?: string }[] = [
    { text: "SFR c'est l'enfer, coupure depuis 3 jours, je résilie" },
    { text: 'chez Orange au moins ça marche, SFR coupe tous les jours' },
    { text: 'EDF me réclame 1 800 € de régularisation', title: 'EDF : facture délirante' },
    { text: long, title: `${names.slice(0, 12).join(', ')} : tous nuls` },
    { text: 'Free Mobile : plus de réseau. @free #Freebox en panne, 5e appel au SAV.' },
    { text: 'Merci Boulanger, livraison rapide, problème réglé.' },
    { text: 'rien à signaler' },
  ];
  const json = (p: { text: string; title?: string }) => JSON.stringify(analyse(p, { brands }));

  it('gives each post the same analysis forwards, backwards and after the longest', () => {
    const forwards = posts.map(json);
    const backwards = [...posts].reverse().map(json).reverse();
    expect(backwards).toEqual(forwards);
    for (const [i, p] of posts.entries()) {
      json(posts[3]!);
      expect(json(p)).toBe(forwards[i]);
    }
    // The long post names many brands at once, beyond the buffers' first sizes.
    expect(analyse(posts[3]!, { brands }).brands.length).toBeGreaterThan(8);
  });
});
