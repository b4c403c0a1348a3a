import { describe, expect, it } from 'vitest';
import {
  extractFeatures,
  featureDim,
  HASH_SIZE,
  markNegation,
} from '../../../src/nlp/model/features.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  loadModel,
  predictProba,
  serialiseModel,
  type TrainExample,
  trainLinear,
} from '../../../src/nlp/model/model.ts';

// A small fixture written for these tests: enough for the model to separate the classes.
const FIXTURE: TrainExample[] = [
  ['Excellent service, je recommande vivement', 'positive'],
  ['Super débit, très content de ma box', 'positive'],
  ['Merci pour la réactivité, parfait', 'positive'],
  ['Génial, rien à redire', 'positive'],
  ['Service client nul, je déconseille', 'negative'],
  ["Toujours pas de connexion, c'est l'enfer", 'negative'],
  ['Facture fausse et hotline injoignable, honteux', 'negative'],
  ['Arnaque, je vais résilier', 'negative'],
  ['La boutique ouvre à 9 heures', 'neutral'],
  ['Nouvelle offre disponible en mars', 'neutral'],
  ['Le rendez-vous est fixé à jeudi', 'neutral'],
].map(([text, label]) => ({ text: text!, target: { [label!]: 1 } }));
const CLASSES = ['negative', 'neutral', 'positive'];
const FAST = { ...DEFAULT_TRAIN_OPTIONS, epochs: 5 };

describe('the tokens the models read', () => {
  it.each([
    // elision split (the elided word keeps its apostrophe: n' must stay a negator), ’ → ',
    // folded: lower case, no accents, stretched letters collapsed, slang expanded
    ["C’est l'enfer", ["c'", 'est', "l'", 'enfer']],
    ["J'ai été jusqu'au bout", ["j'", 'ai', 'ete', "jusqu'", 'au', 'bout']],
    ['NUUUUL, jsuis déçu', ['nul', ',', 'je', 'suis', 'decu']],
    // URLs, mentions and hashtags
    ['@free #panne http://x.fr/a', ['<user>', 'panne', '<url>']],
  ])('%s', (text, tokens) => {
    expect(markNegation(text)).toEqual(tokens);
  });

  it.each([
    ['pas bon', ['pas', 'NEG_bon']],
    [
      "je n'aime pas ce film, mais bon",
      ['je', "n'", 'NEG_aime', 'pas', 'NEG_ce', 'NEG_film', ',', 'mais', 'bon'],
    ],
    ['ça ne marche plus. Super', ['ca', 'ne', 'NEG_marche', 'plus', '.', 'super']],
    ['sans aucun souci', ['sans', 'aucun', 'NEG_souci']],
  ])('negation scope of "%s" ends at punctuation', (text, marked) => {
    expect(markNegation(text)).toEqual(marked);
  });
});

describe('features', () => {
  it('are sorted, in range, and the same for the same text', () => {
    const a = extractFeatures('Service client nul !!! JE DÉCONSEILLE');
    const b = extractFeatures('Service client nul !!! JE DÉCONSEILLE');
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    for (let i = 1; i < a.indices.length; i++)
      expect(a.indices[i]!).toBeGreaterThan(a.indices[i - 1]!);
    expect(a.indices[a.indices.length - 1]!).toBeLessThan(featureDim(0));
    // "!" count and CAPS ratio are on.
    expect(a.indices).toContain(HASH_SIZE + 1);
    expect(a.indices).toContain(HASH_SIZE + 3);
  });

  it('negation changes the vector', () => {
    const a = extractFeatures('bon');
    const b = extractFeatures('pas bon');
    expect(Array.from(b.indices).some((i) => !a.indices.includes(i))).toBe(true);
  });
});

describe('training', () => {
  it('is deterministic: same data, same weights, byte for byte', () => {
    const a = serialiseModel(trainLinear(FIXTURE, CLASSES, FAST), 'w.f32');
    const b = serialiseModel(trainLinear(FIXTURE, CLASSES, FAST), 'w.f32');
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(JSON.stringify(a.header)).toBe(JSON.stringify(b.header));
  });

  it('learns the fixture', () => {
    const m = trainLinear(FIXTURE, CLASSES, FAST);
    const label = (t: string) => {
      const p = predictProba(m, t);
      return CLASSES[p.indexOf(Math.max(...p))];
    };
    expect(label('Service client nul, je déconseille')).toBe('negative');
    expect(label('Excellent service, je recommande vivement')).toBe('positive');
  });

  it('a different seed gives different weights', () => {
    const a = serialiseModel(trainLinear(FIXTURE, CLASSES, FAST), 'w.f32');
    const b = serialiseModel(trainLinear(FIXTURE, CLASSES, { ...FAST, seed: 7 }), 'w.f32');
    expect(a.bytes.equals(b.bytes)).toBe(false);
  });
});

describe('the committed model (data/model)', () => {
  it('loads fast and gets the obvious cases right', () => {
    const t0 = performance.now();
    const model = loadModel();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(300);
    expect(model.version).toMatch(/^logreg-[0-9a-f]{12}$/);

    const pos = model.predict('Ce film est une pure merveille');
    expect(pos.positive).toBeGreaterThan(pos.negative);
    expect(pos.positive).toBeGreaterThan(pos.neutral);

    const neg = model.predict('service client nul, je déconseille');
    expect(neg.negative).toBeGreaterThan(neg.positive);
    expect(neg.negative).toBeGreaterThan(neg.neutral);

    const sum = neg.negative + neg.neutral + neg.positive;
    expect(sum).toBeCloseTo(1, 5);
  });

  it('reads "pas bon" as more negative than "bon"', () => {
    const model = loadModel();
    const a = model.predict('Le film est bon');
    const b = model.predict("Le film n'est pas bon");
    expect(b.negative - b.positive).toBeGreaterThan(a.negative - a.positive);
  });
});
