import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../../src/nlp/lexicon/lexicon.ts';
import {
  composeSentiment,
  lexiconOverride,
  lexiconScore,
  type Probabilities,
} from '../../../src/nlp/sentiment/compose.ts';
import { analyseSentiment } from '../../../src/nlp/sentiment/sentiment.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';

const lex = loadLexicon();
const analyse = (text: string) => analyseSentiment(text, tokenize(text), lex);

const NEG: Probabilities = { negative: 0.8, neutral: 0.1, positive: 0.1 };
const POS: Probabilities = { negative: 0.1, neutral: 0.1, positive: 0.8 };
const SURE_POS: Probabilities = { negative: 0.02, neutral: 0.03, positive: 0.95 };
const LEANS_POS: Probabilities = { negative: 0.2, neutral: 0.3, positive: 0.5 };
const NEUTRAL: Probabilities = { negative: 0.2, neutral: 0.6, positive: 0.2 };
const LEANS_NEG: Probabilities = { negative: 0.7, neutral: 0.05, positive: 0.25 };

const compose = (text: string, p?: Probabilities, title?: string) =>
  composeSentiment(analyse(text), title ? analyse(title) : null, p);

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
    ['aucun souci, tout roule', NEG, 'positive', 'negation-trap'],
    ['merci Free pour ces trois semaines sans internet', POS, 'negative', 'sarcasm'],
    ['bravo SFR, encore en panne', POS, 'negative', 'sarcasm'],
    ['oh « bonheur », je ne peux plus envoyer de SMS', POS, 'negative', 'sarcasm'],
    // An irony mark (🙃, 🙄, 😏, 🤡) flips praise the model is not sure of, and neutral.
    ['Génial 🙃', POS, 'negative', 'irony'],
    ["L'appli de la banque 🤡", NEUTRAL, 'negative', 'irony'],
    // A trap that gives the verdict (first or last sentence) beside negative words, against
    // a model that is not sure of blame.
    [
      "Je m'attendais au pire pour la mise en service. Compteur activé le lendemain. Pas mal du tout",
      LEANS_NEG,
      'positive',
      'negation-trap',
    ],
    // A failure flips a model that leans to praise without being sure of it.
    ['ma box ne marche plus', LEANS_POS, 'negative', 'failure'],
  ] as const)('lexicon overrides: %s', (text, p, expected, by) => {
    const c = compose(text, p);
    expect(c.label).toBe(expected);
    expect(c.decidedBy).toBe(by);
    expect(Math.sign(c.score)).toBe(expected === 'negative' ? -1 : 1);
  });

  // Cues that are too weak to beat the model: a trap phrase deep in a sentence, a quote
  // without a failure (a citation), a trap beside a negative word, a failure against a model
  // that is sure of praise or neutral (news of the "coupe" du monde is no failure).
  it.each([
    ["j'ai mon buzz pour pas cher grâce à cette histoire", NEG],
    ["Merkel parle d'un « excellent plan » pour le pays", NEG],
    ['aucun problème mais service nul', NEG],
    // A trap in the middle of a post, not its verdict; or a model sure of blame.
    ["C'est nul. Aucun souci pour la commande. Mais la livraison, une honte.", LEANS_NEG],
    ["Je m'attendais au pire. Pas mal du tout", NEG],
    ['ma box ne marche plus', POS],
    ['ma box ne marche plus', NEUTRAL],
    // A model sure of praise keeps its say against an irony mark.
    ['Génial 🙃', SURE_POS],
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
    expect(compose('la réunion a lieu mardi', NEUTRAL).score).toBe(0);
  });

  it('falls back to the lexicon without a model', () => {
    expect(compose('SFR c’est l’enfer')).toMatchObject({ decidedBy: 'lexicon', label: 'negative' });
    expect(compose('rien à redire')).toMatchObject({ decidedBy: 'lexicon', label: 'positive' });
    expect(compose('')).toEqual({ label: 'neutral', score: 0, decidedBy: 'lexicon' });
  });

  // The title counts as one strong sentence, and its cues count like the body's.
  it('reads the title', () => {
    expect(compose('Le service est correct', undefined, "C'est l'enfer").label).toBe('negative');
    const c = compose('ok', POS, 'merci Free pour ces trois semaines sans internet');
    expect(c).toMatchObject({ label: 'negative', decidedBy: 'sarcasm' });
  });
});

describe('lexiconScore and lexiconOverride', () => {
  it('adds a quarter of the title to the body, within −1..1', () => {
    const body = analyse('bien');
    const title = analyse('nul');
    expect(lexiconScore(body, null)).toBe(body.score);
    expect(lexiconScore(body, title)).toBeCloseTo(body.score + 0.25 * title.score, 10);
    const worst = analyse('nul, lamentable, arnaque. '.repeat(20));
    expect(lexiconScore(worst, worst)).toBeGreaterThanOrEqual(-1);
  });

  it.each([
    ['merci Free pour ces trois semaines sans internet', 'sarcasm'],
    ['ma box ne marche plus', 'failure'],
    ['pas mal du tout', 'negation-trap'],
    ['le film était nul', null],
    ['', null],
  ] as const)('%s → %s', (text, expected) => {
    expect(lexiconOverride(analyse(text), null)).toBe(expected);
  });
});
