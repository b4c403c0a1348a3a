// The rules' scan at token starts (src/nlp/complaints/rule-scan.ts): every rule opens with a word
// boundary, so on text whose words are separated, the scan must find exactly what a global
// scan of each family finds; inside a token (a hyphenated word, a hashtag) it looks nowhere.
import { describe, expect, it } from 'vitest';
import { ASKING_RE, CLAIM_RE, RESOLVED_RE } from '../../../src/nlp/complaints/complaint-rules.ts';
import { scanRules } from '../../../src/nlp/complaints/rule-scan.ts';
import { prng } from '../../../src/nlp/model/model.ts';
import { flatten, prepare } from '../../../src/nlp/text/normalise.ts';
import { tokenize } from '../../../src/nlp/tokens/tokens.ts';

const global = (re: RegExp) => new RegExp(re.source, 'g');

/** [start, end) of the global scan's matches. */
const spans = (re: RegExp, flat: string) =>
  [...flat.matchAll(global(re))].map((m) => [m.index, m.index + m[0].length]);

/** The (start, end) pairs of the first `n` entries of a family's (rule, start, end) triples. */
const pairs = (triples: number[], n: number) => {
  const out: number[][] = [];
  for (let h = 0; h < n; h += 3) out.push([triples[h + 1]!, triples[h + 2]!]);
  return out;
};

const scan = (text: string) => {
  const flat = flatten(prepare(text));
  return { flat, hits: scanRules(flat, tokenize(text)) };
};

// Texts dense in the claims', questions' and "solved" rules' own words, words apart.
const WORDS = [
  ...new Set(
    [CLAIM_RE, ASKING_RE, RESOLVED_RE].flatMap((re) => re.source.match(/[a-z0-9']+/g) ?? []),
  ),
  'me reclame',
  'facture en double',
  'preleve deux fois',
  "m'a facture 3 lignes",
  "quelqu'un sait",
  'savez-vous',
  'une idee ?',
  'probleme regle',
  '3',
  '12',
  'x',
  ',',
  '?',
  '.',
];

describe('scanRules', () => {
  it('finds the claims, questions and resolutions a whole-text scan finds, words apart', () => {
    const random = prng(5);
    let claims = 0;
    let asks = 0;
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      for (let k = 0; k < 10; k++) parts.push(WORDS[Math.floor(random() * WORDS.length)]!);
      const text = parts.join(random() < 0.8 ? ' ' : '\n');
      const { flat, hits } = scan(text);
      expect(pairs(hits.claims, hits.nClaims), text).toEqual(spans(CLAIM_RE, flat));
      expect(pairs(hits.resolved, hits.nResolved), text).toEqual(spans(RESOLVED_RE, flat));
      expect(hits.asks, text).toBe(ASKING_RE.test(flat));
      claims += hits.nClaims / 3;
      if (hits.asks) asks++;
    }
    expect(claims).toBeGreaterThan(300);
    expect(asks).toBeGreaterThan(300);
  });

  it.each([
    ['SFR me réclame 1 800 €', true],
    ['facturé deux fois ce mois-ci', true],
    ['Prélèvement en double, encore', true],
    ['la facture est arrivée', false],
    // Inside a token: a hashtag or a hyphenated word is one token, and no rule looks inside.
    ['#factureendouble', false],
  ])('%s → a billing claim: %s', (text, expected) => {
    expect(scan(text).hits.nClaims > 0).toBe(expected);
  });

  it.each([
    ["Quelqu'un sait si la fibre arrive ?", true],
    ['Savez-vous pourquoi ?', true],
    ['est-ce normal ?', true],
    ['Ma box ne marche plus.', false],
  ])('%s → asks the readers: %s', (text, expected) => {
    expect(scan(text).hits.asks).toBe(expected);
  });
});
