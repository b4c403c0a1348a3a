import { describe, expect, it } from 'vitest';
import { composeSentiment, type Probabilities } from '../../../src/nlp/sentiment/compose.ts';
import { analyseSentiment } from '../../../src/nlp/sentiment/sentiment.ts';

const NEG: Probabilities = { negative: 0.8, neutral: 0.1, positive: 0.1 };
const POS: Probabilities = { negative: 0.1, neutral: 0.1, positive: 0.8 };
const SURE_POS: Probabilities = { negative: 0.02, neutral: 0.03, positive: 0.95 };
const NEUTRAL: Probabilities = { negative: 0.2, neutral: 0.6, positive: 0.2 };

const compose = (text: string, p?: Probabilities) =>
  composeSentiment(analyseSentiment(text), null, p);

describe('composeSentiment', () => {
  // The model decides when the lexicon holds no explicit cue, even against the lexicon.
  it.each([
    ['le scénario est nul', POS, 'positive'],
    ['un film magnifique', NEG, 'negative'],
    ['la réunion a lieu mardi', NEUTRAL, 'neutral'],
  ] as const)('model decides: %s', (text, p, expected) => {
    const c = compose(text, p);
    expect(c.decidedBy).toBe('model');
    expect(c.label).toBe(expected);
  });

  // Explicit lexicon cues that a bag of n-grams misreads override a model that disagrees.
  it.each([
    ['pas mal du tout', NEG, 'positive', 'negation-trap'],
    ["rien à redire, c'est parfait", NEG, 'positive', 'negation-trap'],
    ["ce n'est pas mauvais", NEG, 'positive', 'negation-trap'],
    ['merci Free pour ces trois semaines sans internet', POS, 'negative', 'sarcasm'],
    ['bravo SFR, encore en panne', POS, 'negative', 'sarcasm'],
    ['oh « bonheur », je ne peux plus envoyer de SMS', POS, 'negative', 'sarcasm'],
  ] as const)('lexicon overrides: %s', (text, p, expected, by) => {
    const c = compose(text, p);
    expect(c.label).toBe(expected);
    expect(c.decidedBy).toBe(by);
  });

  // Cues that are too weak to beat the model: a trap phrase deep in a sentence, a quote
  // without a failure (a citation), sarcasm against a model sure of praise.
  it.each([
    ["j'ai mon buzz pour pas cher grâce à cette histoire", NEG],
    ["Merkel parle d'un « excellent plan » pour le pays", NEG],
  ] as const)('model keeps its say: %s', (text, p) => {
    expect(compose(text, p).decidedBy).toBe('model');
  });
  it('lets a model sure of praise outweigh one sarcasm cue', () => {
    expect(compose('bravo SFR, encore en panne', SURE_POS).decidedBy).toBe('model');
  });

  it('keeps the sign of the score with the label', () => {
    for (const p of [NEG, POS]) {
      const c = compose('un film correct mais long', p);
      expect(Math.sign(c.score)).toBe(c.label === 'negative' ? -1 : 1);
    }
  });

  it('falls back to the lexicon without a model', () => {
    expect(compose('SFR c’est l’enfer').decidedBy).toBe('lexicon');
    expect(compose('SFR c’est l’enfer').label).toBe('negative');
  });
});
