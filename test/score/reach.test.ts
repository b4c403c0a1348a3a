import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE, reach } from '../../src/score/reach.ts';
import type { Engagement, SourceInfo } from '../../src/types.ts';

const none: Engagement = { comments: null, replies: null, views: null, position: null };
const src = (over: Partial<SourceInfo> = {}): SourceInfo => ({
  id: 's',
  kind: 'feed',
  audience: null,
  ...over,
});
const r = (e: Partial<Engagement> = {}, s: Partial<SourceInfo> = {}) =>
  reach({ engagement: { ...none, ...e } }, src(s)).value;

describe('reach defaults', () => {
  it.each(Object.entries(DEFAULT_AUDIENCE))(
    'a %s without audience reaches its default',
    (kind, n) => {
      const e = reach({ engagement: none }, src({ kind: kind as SourceInfo['kind'] }));
      expect(e.value).toBe(n);
      expect(e.reasons[0]).toMatch(/default/);
    },
  );
  it('a configured audience wins over the default, even 0', () => {
    expect(r({}, { audience: 1000 })).toBe(1000);
    expect(r({}, { audience: 0 })).toBe(0);
  });
});

describe('reach is a bounded-below integer, monotone in each input', () => {
  const pairs: [
    string,
    [Partial<Engagement>, Partial<SourceInfo>],
    [Partial<Engagement>, Partial<SourceInfo>],
  ][] = [
    ['audience', [{}, { audience: 500 }], [{}, { audience: 5000 }]],
    ['views', [{ views: 1000 }, {}], [{ views: 20000 }, {}]],
    ['comments', [{ comments: 5 }, {}], [{ comments: 50 }, {}]],
    ['replies', [{ replies: 10 }, {}], [{ replies: 100 }, {}]],
    [
      'earlier in the thread',
      [{ views: 5000, position: 40 }, {}],
      [{ views: 5000, position: 2 }, {}],
    ],
    [
      'opening post vs reply',
      [{ views: 5000, position: 2 }, {}],
      [{ views: 5000, position: 1 }, {}],
    ],
  ];
  it.each(pairs)('%s', (_n, [e1, s1], [e2, s2]) => {
    expect(r(e2, s2)).toBeGreaterThan(r(e1, s1));
  });

  it.each([
    [{ views: -5, comments: Number.NaN }, {}],
    [{ views: 1e9, position: 1e6 }, {}],
    [{ replies: 3, position: 0 }, { audience: 7 }],
  ] as [Partial<Engagement>, Partial<SourceInfo>][])('integer ≥ 0 for %j', (e, s) => {
    const v = r(e, s);
    expect(Number.isInteger(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
  });

  it('does not add estimates of the same readers: takes the largest', () => {
    expect(r({ views: 900, comments: 5 }, { audience: 300 })).toBe(900);
  });
});
