// The scores analyse() uses, token by token with memoised parts (token-scores.ts), must be
// the dot products of the sparse vectors the models were trained on (features.ts).
import { describe, expect, it } from 'vitest';
import { complaintFeatures } from '../../../src/nlp/complaints/complaint-features.ts';
import {
  denseExtras,
  extractFeatures,
  type LexiconFeatures,
} from '../../../src/nlp/model/features.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type LinearModel,
  loadModel,
  predictProba,
  sparseScores,
  trainLinear,
} from '../../../src/nlp/model/model.ts';
import { scoreTokens } from '../../../src/nlp/model/token-scores.ts';
import { lexiconFeatures } from '../../../src/nlp/sentiment/sentiment.ts';
import { tokenize } from '../../../src/nlp/tokens/tokens.ts';

const TEXTS = [
  "Ma box Free ne marche plus depuis 3 semaines, c'est honteux",
  'SFR c’est l’enfer !!! JE DÉCONSEILLE',
  'pas mal du tout, rien à redire 👍',
  '@SFR ma ligne est coupée depuis hier #panne https://exemple.fr/a?b=1',
  'jsuis dégoûté, c nul, tjs bcp de pb avec le wifi 😡 :(',
  'NUUUUL nul nul nul nul nul nul nul, toujours nul.',
  '',
  '   ',
  '!!! ???',
  "Le réseau ne capte pas, pas de barres, aucun SMS n'arrive : « bonheur »",
  'My internet has been down for three weeks.',
  'aaa '.repeat(400),
];

function check(model: LinearModel, dense: LexiconFeatures) {
  for (const text of TEXTS) {
    const x = extractFeatures(text, model.options.features, dense);
    const want = sparseScores(model, x);
    const got = new Float64Array(model.classes.length);
    const denseValues = denseOf(text, dense);
    scoreTokens(model, tokenize(text), denseValues, got);
    for (let c = 0; c < got.length; c++) expect(got[c], text).toBeCloseTo(want[c]!, 5);
    // Memoised parts give the same scores the second time.
    const again = new Float64Array(model.classes.length);
    scoreTokens(model, tokenize(text), denseValues, again);
    expect(Array.from(again)).toEqual(Array.from(got));
  }
}

/** The dense block as scoreTokens takes it: base extras then the model's extra features. */
const denseOf = (text: string, dense: LexiconFeatures) => [...denseExtras(text), ...dense(text)];

describe('token-by-token scores equal the sparse dot products', () => {
  const model = loadModel();
  it('sentiment model', () => check(model.linear, lexiconFeatures));
  it('complaint model', () => check(model.complaint!.linear, complaintFeatures));

  it('a model trained with other feature options', () => {
    const options = {
      ...DEFAULT_TRAIN_OPTIONS,
      epochs: 3,
      features: { wordWeight: 0.7, charWeight: 1.3, charMin: 2, charMax: 6, denseWeight: 0.5 },
    };
    const m = trainLinear(
      TEXTS.map((text, i) => ({ text, target: { [i % 2 ? 'negative' : 'positive']: 1 } })),
      ['negative', 'positive'],
      options,
    );
    check(m, lexiconFeatures);
  });

  it('scores the complaint model from the sums of the sentiment pass on the same tokens', () => {
    const complaint = model.complaint!.linear;
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      const first = new Float64Array(3);
      scoreTokens(model.linear, tokens, denseOf(text, lexiconFeatures), first);
      const joint = new Float64Array(2);
      scoreTokens(complaint, tokens, denseOf(text, complaintFeatures), joint);
      const alone = new Float64Array(2);
      scoreTokens(complaint, tokenize(text), denseOf(text, complaintFeatures), alone);
      expect(Array.from(joint), text).toEqual(Array.from(alone));
    }
  });

  it('predictProba gives probabilities that sum to 1, the same with the tokens passed in', () => {
    for (const text of TEXTS) {
      const p = predictProba(model.linear, text);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(predictProba(model.linear, text, undefined, tokenize(text))).toEqual(p);
    }
  });
});
