// The spike rule on synthetic series: Poisson noise at several rates (seeded, so a run is
// reproducible) must not ring, a real spike must ring at the first check that sees it, and
// the stated properties of the tail and the baseline hold.
import { describe, expect, it } from 'vitest';
import {
  baselineOf,
  DEFAULT_RULE,
  findSpikes,
  type HourlySeries,
  hourOfWeek,
  poissonTail,
} from '../../src/alerts/rule.ts';
import { prng } from '../../src/nlp/model/random.ts';

/** Knuth's Poisson sampler (fine for the rates used here, up to ~30). */
function poisson(lambda: number, u: () => number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}

const WEEK = 168;
const START = 480_000; // an hour index (2024-10-04), any would do
const LOOKBACK = 3;
const HISTORY = 4 * WEEK;

/** Runs the check after every hour of the last `checks` hours, as the crawler would. */
function checkEveryHour(counts: number[], checks: number) {
  const flagged = new Set<number>();
  const firstSeen = new Map<number, number>();
  for (let t = Math.max(HISTORY + LOOKBACK, counts.length - checks); t < counts.length; t++) {
    const from = t - LOOKBACK + 1;
    const history: HourlySeries = {
      startHour: START + from - HISTORY,
      counts: counts.slice(from - HISTORY, from),
    };
    const recent: HourlySeries = { startHour: START + from, counts: counts.slice(from, t + 1) };
    for (const s of findSpikes(history, recent)) {
      for (let h = s.startHour; h < s.endHour; h++) {
        flagged.add(h - START);
        if (!firstSeen.has(h - START)) firstSeen.set(h - START, t);
      }
    }
  }
  return { flagged, firstSeen };
}

/** Office hours: a brand's complaints are five times as frequent from 9:00 to 19:00 UTC. */
const officeHours = (rate: number) => (i: number) => {
  const h = hourOfWeek(START + i) % 24;
  return h >= 9 && h < 19 ? rate * 2.5 : rate * 0.5;
};

describe('Poisson upper tail', () => {
  it.each([
    [0, 1.5, 1],
    [1, 0.5, 1 - Math.exp(-0.5)],
    [3, 0.5, 1 - Math.exp(-0.5) * (1 + 0.5 + 0.125)],
    [10, 10, 0.5420702855],
  ])('P(X ≥ %i | λ = %f)', (k, lambda, expected) => {
    expect(poissonTail(k, lambda)).toBeCloseTo(expected, 8);
  });
  it('falls as the count rises, rises with λ, and never leaves [0, 1]', () => {
    for (const lambda of [0.01, 0.3, 2, 15, 80]) {
      let prev = 1;
      for (let k = 0; k < 200; k++) {
        const p = poissonTail(k, lambda);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(prev + 1e-12);
        expect(poissonTail(k, lambda * 1.5)).toBeGreaterThanOrEqual(p - 1e-12);
        prev = p;
      }
    }
    expect(poissonTail(500, 0.1)).toBe(0);
  });
});

describe('baseline', () => {
  it('follows the rate, and the office-hours rhythm when there is data for it', () => {
    const u = prng(7);
    const rate = officeHours(2);
    const counts = Array.from({ length: HISTORY }, (_, i) => poisson(rate(i), u));
    const b = baselineOf({ startHour: START, counts });
    // (10 h × 5 + 14 h × 1) / 24 = 2.67 an hour on average.
    expect(b.level).toBeGreaterThan(2.2);
    expect(b.level).toBeLessThan(3.1);
    // The next Monday 14:00 and 03:00 UTC.
    const next = START + HISTORY;
    const monday = next + ((WEEK - hourOfWeek(next)) % WEEK);
    expect(b.expected(monday + 14)).toBeGreaterThan(2.5 * b.expected(monday + 3));
  });
  it('is flat for a quiet brand (too little data for a rhythm) and never below the floor', () => {
    const counts = new Array<number>(HISTORY).fill(0);
    counts[10] = 1;
    counts[200] = 1;
    const b = baselineOf({ startHour: START, counts });
    const e = Array.from({ length: WEEK }, (_, h) => b.expected(START + HISTORY + h));
    expect(Math.max(...e) / Math.min(...e)).toBeLessThan(1.5);
    expect(baselineOf({ startHour: START, counts: [] }).expected(START)).toBe(DEFAULT_RULE.floor);
  });
});

describe('no alert on noise', () => {
  // Four weeks of checks, one per hour, after four weeks of history; flat and office-hours
  // series, from a brand that hears of one complaint a week to one that hears thirty an hour.
  const cases: [string, (i: number) => number, number][] = [
    ['1 a week', () => 1 / WEEK, 1],
    ['0.2 an hour', () => 0.2, 2],
    ['1 an hour', () => 1, 3],
    ['5 an hour', () => 5, 4],
    ['30 an hour', () => 30, 5],
    ['office hours, 1 an hour on average', officeHours(1), 6],
    ['office hours, 8 an hour on average', officeHours(8), 7],
  ];
  it.each(cases)('%s', (_what, rate, seed) => {
    const u = prng(seed);
    const counts = Array.from({ length: 2 * HISTORY }, (_, i) => poisson(rate(i), u));
    expect([...checkEveryHour(counts, HISTORY).flagged]).toEqual([]);
  });
});

describe('an alert within one check of a real spike', () => {
  // [what, rate, extra complaints in the spike hour]
  const cases: [string, (i: number) => number, number][] = [
    ['a quiet brand: 6 in an hour', () => 0.05, 6],
    ['1 an hour, then 10 more', () => 1, 10],
    ['5 an hour, then 20 more', () => 5, 20],
    ['office hours, 8 on average, then 35 more at 15:00', officeHours(8), 35],
  ];
  it.each(cases)('%s', (_what, rate, extra) => {
    const u = prng(11);
    const n = 2 * HISTORY;
    const counts = Array.from({ length: n }, (_, i) => poisson(rate(i), u));
    // The spike hour: 15:00 UTC a week before the end.
    let at = n - WEEK;
    while (hourOfWeek(START + at) % 24 !== 15) at++;
    counts[at]! += extra;
    const { flagged, firstSeen } = checkEveryHour(counts, HISTORY);
    expect(flagged.has(at)).toBe(true);
    // Seen by the check that ends with that very hour: the first crawl after it.
    expect(firstSeen.get(at)).toBe(at);
    // Nothing else rings.
    expect([...flagged].filter((h) => h !== at)).toEqual([]);
  });

  it('joins consecutive anomalous hours into one spike', () => {
    const counts = [...new Array<number>(HISTORY).fill(0).map((_, i) => (i % 5 === 0 ? 1 : 0))];
    const spikes = findSpikes(
      { startHour: START, counts },
      { startHour: START + HISTORY, counts: [9, 12, 0] },
    );
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({ startHour: START + HISTORY, endHour: START + HISTORY + 2 });
    expect(spikes[0]!.count).toBe(21);
    expect(spikes[0]!.baseline).toBeGreaterThan(0.2);
    expect(spikes[0]!.baseline).toBeLessThan(0.6);
  });

  it('needs minCount even against a tiny baseline', () => {
    const history = { startHour: START, counts: new Array<number>(HISTORY).fill(0) };
    expect(findSpikes(history, { startHour: START + HISTORY, counts: [4] })).toEqual([]);
    expect(findSpikes(history, { startHour: START + HISTORY, counts: [5] })).toHaveLength(1);
  });
});
