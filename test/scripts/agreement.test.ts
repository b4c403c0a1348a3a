import { describe, expect, it } from 'vitest';
import {
  categoryAgreement,
  cohen,
  disagreements,
  jaccard,
  join,
  type Label,
  parseLabels,
  report,
} from '../../scripts/agreement.ts';

const rep = (pairs: [string, string, number][]) => {
  const a: string[] = [];
  const b: string[] = [];
  for (const [x, y, times] of pairs) {
    for (let i = 0; i < times; i++) {
      a.push(x);
      b.push(y);
    }
  }
  return [a, b] as const;
};

const label = (id: string, over: Partial<Label> = {}): Label => ({
  id,
  complaint: true,
  target: 'free',
  categories: [],
  sentiment: 'negative',
  ...over,
});

describe('cohen', () => {
  it.each([
    // Wikipedia's worked example: 70 % observed, 50 % by chance → kappa 0.4.
    {
      name: 'textbook 2×2',
      data: rep([
        ['y', 'y', 20],
        ['y', 'n', 5],
        ['n', 'y', 10],
        ['n', 'n', 15],
      ]),
      raw: 0.7,
      kappa: 0.4,
    },
    {
      name: 'perfect agreement',
      data: rep([
        ['a', 'a', 3],
        ['b', 'b', 2],
      ]),
      raw: 1,
      kappa: 1,
    },
    // Systematic disagreement is worse than chance: kappa goes negative.
    {
      name: 'always swapped',
      data: rep([
        ['a', 'b', 5],
        ['b', 'a', 5],
      ]),
      raw: 0,
      kappa: -1,
    },
  ])('$name', ({ data, raw, kappa }) => {
    const r = cohen(data[0], data[1]);
    expect(r.raw).toBeCloseTo(raw, 6);
    expect(r.kappa).toBeCloseTo(kappa, 6);
  });

  it('has no kappa when both annotators used a single label (0/0)', () => {
    expect(cohen(['x', 'x'], ['x', 'x']).kappa).toBeNull();
  });

  it('refuses lists of different lengths', () => {
    expect(() => cohen(['a'], [])).toThrow(/1 vs 0/);
  });
});

describe('jaccard', () => {
  it.each([
    { a: [], b: [], j: 1 },
    { a: ['network'], b: [], j: 0 },
    { a: ['network', 'billing'], b: ['billing'], j: 0.5 },
    { a: ['billing', 'billing'], b: ['billing'], j: 1 },
  ])('$a vs $b', ({ a, b, j }) => expect(jaccard(a, b)).toBe(j));
});

describe('join and categories', () => {
  it('names the blind ids that gold lacks', () => {
    const { pairs, missing } = join([label('1'), label('2')], [label('2'), label('9')]);
    expect(pairs.map(([b]) => b.id)).toEqual(['2']);
    expect(missing).toEqual(['1']);
  });

  it('scores sets overall and on the tweets both call a complaint', () => {
    const c = categoryAgreement([
      [label('1', { categories: ['network'] }), label('1', { categories: ['network'] })],
      [label('2', { categories: ['billing'] }), label('2', { categories: ['network'] })],
      [label('3', { complaint: false }), label('3', { complaint: false })],
    ]);
    expect(c.exactSet).toBeCloseTo(2 / 3);
    expect(c.bothComplaints).toMatchObject({ n: 2, exactSet: 0.5 });
    expect(c.perCategory[0]).toMatchObject({ category: 'network', blind: 1, gold: 2 });
  });

  it('reports every measured label', () => {
    const text = report([[label('1'), label('1', { sentiment: 'neutral' })]]);
    for (const word of ['complaint', 'sentiment', 'target', 'mean Jaccard'])
      expect(text).toContain(word);
  });
});

describe('disagreements', () => {
  it('names only the fields that differ, sets compared in any order', () => {
    const same = label('1', { categories: ['billing', 'internet'] });
    const swapped = label('1', { categories: ['internet', 'billing'] });
    expect(disagreements([[same, swapped]])).toEqual(['- none']);
    expect(disagreements([[label('2'), label('2', { complaint: false, target: 'none' })]])).toEqual(
      ['- 2: complaint true → false; target free → none'],
    );
  });
});

describe('parseLabels', () => {
  it('ignores extra fields and blank lines, and names the bad line', () => {
    const ok = `${JSON.stringify({ ...label('1'), text: 'x' })}\n\n`;
    expect(parseLabels(ok, 'g.jsonl')).toEqual([label('1')]);
    expect(() => parseLabels(`${ok}{"id":"2"}\n`, 'g.jsonl')).toThrow(/g\.jsonl:3/);
  });
});
