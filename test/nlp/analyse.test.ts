import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brandSchema } from '../../src/config.ts';
import { analyse, MODEL_VERSION } from '../../src/nlp/analyse.ts';
import type { SentimentModel } from '../../src/nlp/model/model.ts';
import { BRANDS } from './helpers.ts';

const ENERGY = [
  brandSchema.parse({ id: 'edf', name: 'EDF', aliases: ['EDF'], caseSensitive: true }),
  brandSchema.parse({ id: 'engie', name: 'Engie', aliases: ['Engie'] }),
];

const SHARED = new URL('../../../shared/', import.meta.url);
const SEED = new URL('seeds/000_4aca5fc094db7989.txt', SHARED);

describe('analyse', () => {
  it('returns the contract shape with offsets into the text', () => {
    const text = "Ma box Free ne marche plus depuis 3 semaines, c'est honteux";
    const a = analyse({ text, title: 'Free en panne' }, { brands: BRANDS });
    expect(a.modelVersion).toBe(MODEL_VERSION);
    expect(a.lang).toBe('fra');
    for (const e of a.evidence) {
      const source = e.reason.startsWith('title:') ? 'Free en panne' : text;
      expect(source.slice(e.start, e.end)).toBe(e.text);
    }
    expect(a.evidence.some((e) => e.reason.startsWith('title:'))).toBe(true);
  });

  it('is pure: same input, same output', () => {
    const input = { text: 'SFR coupe encore, à fuir' };
    expect(analyse(input, { brands: BRANDS })).toEqual(analyse(input, { brands: BRANDS }));
  });

  // With a trained model, the reported score blends it in; decisions stay with the lexicon.
  it('blends a model when given one', () => {
    const model = {
      version: 'fake-1',
      predict: () => ({ negative: 0, neutral: 0, positive: 1 }),
    } as unknown as SentimentModel;
    const text = 'le réseau SFR est nul';
    const plain = analyse({ text }, { brands: BRANDS });
    const blended = analyse({ text }, { brands: BRANDS, model });
    expect(blended.sentimentScore).toBeGreaterThan(plain.sentimentScore);
    expect(blended.modelVersion).toBe(`${MODEL_VERSION}+fake-1`);
    expect(blended.complaint).toBe(plain.complaint);
  });
});

// The canonical case (DESIGN.md): SFR's month of failures, the Fnac named in passing.
describe.skipIf(!existsSync(SEED))('the canonical SFR post (../shared/seeds)', () => {
  const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  const a = analyse({ text }, { brands: BRANDS });
  const evidenceOf = (category: string) =>
    a.grievances.filter((g) => g.category === category).map((g) => g.evidence.text);

  it('is a French complaint aimed at SFR, not at the Fnac', () => {
    expect(a.lang).toBe('fra');
    expect(a.sentiment).toBe('negative');
    expect(a.complaint).toBe(true);
    const sfr = a.brands.find((b) => b.id === 'sfr')!;
    const fnac = a.brands.find((b) => b.id === 'fnac')!;
    expect(sfr.target).toBe(true);
    expect(sfr.confidence).toBeGreaterThanOrEqual(0.8);
    expect(fnac.target).toBe(false);
  });

  it.each([
    ['activation', /activ|porté/],
    ['defective', /défectueux/],
    ['shop', /boutique/],
    ['calls_sms', /SMS|international/],
    ['roaming', /rooming/],
    ['billing', /facture/],
    ['customer_service', /service client/],
  ])('lists the %s grievance with its evidence', (category, pattern) => {
    expect(a.categories).toContain(category);
    expect(evidenceOf(category).some((t) => pattern.test(t))).toBe(true);
  });

  it.each([
    ['legal', /recommandé|en demeure/],
    ['insult', /c'est l'enfer/],
    ['repeat_contact', /10 fois|Cinq tentatives|5 visites/],
    ['money', /à mes frais|frais/],
    ['duration', /plus d'un mois/],
  ])('lists the %s act with its evidence', (act, pattern) => {
    expect(a.acts).toContain(act);
    expect(evidenceOf(act).some((t) => pattern.test(t))).toBe(true);
  });

  it('puts the shop refusal and the three repeat contacts in evidence', () => {
    expect(evidenceOf('repeat_contact')).toEqual(
      expect.arrayContaining(['10 fois', 'Cinq tentatives', '5 visites']),
    );
    expect(
      a.grievances.some((g) => g.category === 'shop' && /rien faire/.test(g.evidence.text)),
    ).toBe(true);
  });
});

// The complaint classifier decides the flag; the rules keep their evidence; a complaint needs
// a brand to aim at (the rules' target, the source's brand, or the only brand named).
describe('analyse with a complaint classifier', () => {
  const withP = (p: number) =>
    ({
      version: 'fake-s',
      predict: () => ({ negative: 0.8, neutral: 0.1, positive: 0.1 }),
      complaint: { version: 'fake-c', probability: () => p },
    }) as unknown as SentimentModel;

  it.each([
    // A tweet naming no brand, from a source about Free: aimed at Free.
    ['encore plus de connexion ce matin, 3e fois cette semaine', 0.9, 'free', true],
    ['encore plus de connexion ce matin, 3e fois cette semaine', 0.1, 'free', false],
    // Rule evidence (failure, target) keeps a complaint the classifier half believes.
    ['Ma box SFR ne marche plus depuis 3 semaines', 0.4, undefined, true],
    ['Ma box SFR ne marche plus depuis 3 semaines', 0.1, undefined, false],
    // No brand at all and no source brand: nobody to complain about.
    ['plus de connexion depuis hier', 0.9, undefined, false],
  ] as const)('%s (P %s, source brand %s) → %s', (text, p, defaultBrand, expected) => {
    const a = analyse({ text }, { brands: BRANDS, model: withP(p), defaultBrand });
    expect(a.complaint).toBe(expected);
    if (expected) expect(a.brands.some((b) => b.target)).toBe(true);
  });

  it('aims a classifier complaint at the only brand named', () => {
    const a = analyse(
      { text: 'Free : trois jours que ça rame, rien à faire' },
      { brands: BRANDS, model: withP(0.9) },
    );
    expect(a.complaint).toBe(true);
    expect(a.brands.find((b) => b.id === 'free')?.target).toBe(true);
  });

  it('keeps a solved problem solved', () => {
    const a = analyse(
      { text: 'Box Free en panne deux jours, problème réglé, merci au technicien' },
      { brands: BRANDS, model: withP(0.9) },
    );
    expect(a.resolved).toBe(true);
    expect(a.complaint).toBe(false);
  });
});

// Blog and forum posts: gates that open only on a long post holding no failure evidence, and
// billing claims that blame the brand in a calm tone. The classifier here is sure (P 0.95),
// as the tweet-trained one was on these posts, so only the rules can say no.
describe('complaints in long posts', () => {
  const sure = {
    version: 'fake-s',
    predict: () => ({ negative: 0.8, neutral: 0.1, positive: 0.1 }),
    complaint: { version: 'fake-c', probability: () => 0.95 },
  } as unknown as SentimentModel;
  const pad =
    ' Je vous raconte tout cela en détail, comme chaque semaine sur ce blog, avec les chiffres et les dates.';

  it.each([
    // A reader's question that reports no failure asks.
    [
      "Quelqu'un sait si on garde son numéro en passant de Bouygues Telecom à Orange ?",
      "Une lectrice m'écrit : elle voudrait quitter son forfait Bouygues Telecom pour Orange. Quelqu'un sait si la portabilité se passe bien ?" +
        pad,
      false,
    ],
    // Praise with no failure praises, whatever the classifier thinks of a long text.
    [
      'Six mois avec la Freebox Pop : rien à redire',
      'Six mois plus tard : rien à redire. Installation rapide, jamais eu de souci de connexion. Le débit ? Pas mal du tout. Franchement, pour le prix, c’est au top.' +
        pad,
      false,
    ],
    // A question that reports a failure complains.
    [
      'Free : plus de connexion depuis 4 jours, quelqu’un sait pourquoi ?',
      'Ma Freebox ne marche plus depuis lundi, la connexion est coupée. Quelqu’un sait si Free rembourse ?' +
        pad,
      true,
    ],
  ])('%s → complaint %s', (title, text, expected) => {
    expect(analyse({ title, text }, { brands: BRANDS, model: sure }).complaint).toBe(expected);
  });

  it.each([
    ['EDF me réclame 1 800 € de régularisation', 'edf'],
    ["EDF m'a facturé trois fois ma consommation", 'edf'],
    ['Engie m’a prélevé deux fois le même trimestre', 'engie'],
  ])('a billing claim is a complaint aimed at its brand: %s', (title, brand) => {
    const text = `Bonjour, je suis client depuis 15 ans.${pad} Le conseiller a noté ma réclamation.`;
    const halfSure = {
      ...sure,
      complaint: { version: 'fake-c', probability: () => 0.35 },
    } as unknown as SentimentModel;
    const a = analyse({ title, text }, { brands: [...BRANDS, ...ENERGY], model: halfSure });
    expect(a.complaint).toBe(true);
    const b = a.brands.find((x) => x.id === brand);
    expect(b?.target).toBe(true);
    expect(b?.reasons.join(' ')).toMatch(/billing claim/);
  });
});
