import { describe, expect, it } from 'vitest';
import {
  argmaxSentiment,
  binarySentiment,
  evaluate,
  negativeVsRest,
  parseGoldLabel,
  threeClass,
} from '../../src/train/metrics.ts';

// Hand-computed: gold/pred pairs chosen so that the matrix is
//            neg neu pos
//   neg       2   1   0
//   neu       0   1   1
//   pos       1   0   3
const gold = [
  'negative',
  'negative',
  'negative',
  'neutral',
  'neutral',
  'positive',
  'positive',
  'positive',
  'positive',
];
const pred = [
  'negative',
  'negative',
  'neutral',
  'neutral',
  'positive',
  'negative',
  'positive',
  'positive',
  'positive',
];

describe('evaluate on a hand-computed confusion matrix', () => {
  const r = evaluate(gold, pred, ['negative', 'neutral', 'positive']);

  it('builds matrix[gold][predicted]', () => {
    expect(r.matrix).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
  });

  it('gives accuracy = trace / n', () => {
    expect(r.accuracy).toBeCloseTo(6 / 9, 10);
  });

  it.each([
    // label, precision, recall
    ['negative', 2 / 3, 2 / 3],
    ['neutral', 1 / 2, 1 / 2],
    ['positive', 3 / 4, 3 / 4],
  ])('per-class P/R/F1 of %s', (label, p, rc) => {
    const c = r.perClass.find((x) => x.label === label)!;
    expect(c.precision).toBeCloseTo(p, 10);
    expect(c.recall).toBeCloseTo(rc, 10);
    expect(c.f1).toBeCloseTo((2 * p * rc) / (p + rc), 10);
  });

  it('macro-F1 is the unweighted mean of the class F1s', () => {
    expect(r.macroF1).toBeCloseTo((2 / 3 + 1 / 2 + 3 / 4) / 3, 10);
  });
});

describe('edge cases', () => {
  it('a predicted label outside the gold classes is an error with its own column', () => {
    // A peer answering "neutral" (score 0) on binary gold.
    const r = evaluate(['negative', 'positive'], ['neutral', 'positive'], ['negative', 'positive']);
    expect(r.matrixLabels).toEqual(['negative', 'positive', 'neutral']);
    expect(r.accuracy).toBe(0.5);
    expect(r.perClass[0]!.recall).toBe(0);
    expect(r.perClass[0]!.f1).toBe(0);
  });

  it('a class never predicted has precision 0, not NaN', () => {
    const r = evaluate(['a', 'b'], ['a', 'a'], ['a', 'b']);
    expect(r.perClass[1]!.precision).toBe(0);
    expect(Number.isNaN(r.macroF1)).toBe(false);
  });

  it('refuses mismatched lengths', () => {
    expect(() => evaluate(['a'], [])).toThrow(/1 gold labels but 0/);
  });
});

describe('label views', () => {
  it.each([
    ['objective', 'neutral'],
    ['mixed', 'negative'],
    ['negative', 'negative'],
    ['positive', 'positive'],
    ['neutral', 'neutral'],
  ] as const)('three-class view maps %s to %s', (gold, three) => {
    expect(threeClass(gold)).toBe(three);
  });

  it('negative-vs-rest keeps only negative', () => {
    expect(['negative', 'neutral', 'positive'].map(negativeVsRest)).toEqual([
      'negative',
      'rest',
      'rest',
    ]);
  });

  it('parses gold labels in any case and rejects others', () => {
    expect(parseGoldLabel('Objective')).toBe('objective');
    expect(parseGoldLabel('bof')).toBeNull();
    expect(parseGoldLabel(1)).toBeNull();
  });

  it('binary decision compares P(neg) with P(pos) even when neutral is most probable', () => {
    const p = { negative: 0.3, neutral: 0.6, positive: 0.1 };
    expect(argmaxSentiment(p)).toBe('neutral');
    expect(binarySentiment(p)).toBe('negative');
  });
});
