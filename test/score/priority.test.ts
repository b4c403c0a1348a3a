import { describe, expect, it } from 'vitest';
import { type PriorityInput, priority, priorityAt } from '../../src/score/priority.ts';

const NOW = new Date('2024-05-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const p = (over: Partial<PriorityInput>, now = NOW) =>
  priority({ severity: 60, reach: 300, publishedAt: hoursAgo(1), ...over }, now);

describe('priority is bounded 0..100', () => {
  it.each([
    [{ severity: 100, reach: 1e9, publishedAt: NOW.toISOString() }],
    [{ severity: 0, reach: 0 }],
    [{ severity: 250, reach: -4 }],
    [{ severity: Number.NaN, reach: Number.NaN, publishedAt: 'not a date' }],
  ] as [Partial<PriorityInput>][])('%j', (over) => {
    const v = p(over).value;
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(100);
  });
});

describe('priority is monotone in each input', () => {
  const pairs: [string, Partial<PriorityInput>, Partial<PriorityInput>][] = [
    ['severity', { severity: 30 }, { severity: 80 }],
    ['reach', { reach: 100 }, { reach: 10000 }],
    ['recency', { publishedAt: hoursAgo(96) }, { publishedAt: hoursAgo(2) }],
  ];
  it.each(pairs)('%s', (_n, lower, higher) => {
    expect(p(higher).value).toBeGreaterThan(p(lower).value);
  });

  it('halves in one half-life', () => {
    const fresh = p({ publishedAt: NOW.toISOString() }).value;
    const old = p({ publishedAt: hoursAgo(48) }).value;
    expect(old).toBeCloseTo(fresh / 2, 0);
  });
});

describe('what priority ranks first', () => {
  it('a severe post with a small audience beats a mild one with a large audience', () => {
    const severeSmall = p({ severity: 90, reach: 150 });
    const mildLarge = p({ severity: 30, reach: 100_000 });
    expect(severeSmall.value).toBeGreaterThan(mildLarge.value);
  });

  it('at equal severity, a large audience beats a small one', () => {
    expect(p({ reach: 50_000 }).value).toBeGreaterThan(p({ reach: 150 }).value);
  });

  it('an unknown publication date falls back to the fetch time', () => {
    const e = p({ publishedAt: null, fetchedAt: hoursAgo(48) });
    expect(e.components.ageHours).toBe(48);
    expect(e.reasons.join(' ')).toMatch(/no publication date/);
  });

  it('a date after the fetch (site clock error) counts as the fetch time', () => {
    const e = p({ publishedAt: '2030-01-01T00:00:00Z', fetchedAt: hoursAgo(5) });
    expect(e.components.ageHours).toBe(5);
  });
});

describe('rank orders as priority does, at any instant', () => {
  const posts: Partial<PriorityInput>[] = [
    { severity: 90, reach: 150, publishedAt: hoursAgo(100) },
    { severity: 40, reach: 20_000, publishedAt: hoursAgo(3) },
    { severity: 70, reach: 1000, publishedAt: hoursAgo(30) },
    { severity: 10, reach: 50, publishedAt: hoursAgo(0) },
    { severity: 55, reach: 400, publishedAt: hoursAgo(60) },
  ];
  const ranks = posts.map((x) => p(x).components.rank!);
  const byRank = [...posts.keys()].sort((a, b) => ranks[b]! - ranks[a]!);
  it.each([0, 24, 24 * 30])('%s hours later', (later) => {
    const then = new Date(NOW.getTime() + later * 3_600_000);
    const values = posts.map((x) => p(x, then).components.base! * p(x, then).components.recency!);
    const byPriority = [...posts.keys()].sort((a, b) => values[b]! - values[a]!);
    expect(byPriority).toEqual(byRank);
    // And the stored rank gives back the priority of that instant.
    posts.forEach((x, i) => {
      expect(priorityAt(ranks[i]!, then)).toBeCloseTo(p(x, then).value, 0);
    });
  });
});
