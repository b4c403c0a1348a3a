import { describe, expect, it } from 'vitest';
import {
  MAX_DELAY_MS,
  MIN_DELAY_MS,
  maxAgeMs,
  type NextCheckInput,
  nextCheck,
  shouldPause,
} from '../../src/ingest/schedule.ts';

const NOW = new Date('2026-11-24T08:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const base: NextCheckInput = {
  now: NOW,
  interval: 1800, // 30 min, the config default
  unchangedStreak: 0,
  consecutiveErrors: 0,
  random: () => 0.5, // jitter factor 1.0
};
const delayOf = (over: Partial<NextCheckInput>) => {
  const r = nextCheck({ ...base, ...over });
  return { ms: r.at.getTime() - NOW.getTime(), reason: r.reason };
};

describe('nextCheck', () => {
  // Each row: what changed, the expected delay, and a word the reason must contain.
  it.each<[string, Partial<NextCheckInput>, number, string]>([
    ['plain interval', {}, 30 * MIN, 'interval'],
    ['interval under 5 min is raised', { interval: 60 }, MIN_DELAY_MS, 'minimum'],
    ['interval over 24 h is capped', { interval: 3 * 86_400 }, MAX_DELAY_MS, 'capped'],
    // Server hints lengthen the wait, never shorten it.
    ['RSS ttl longer than interval', { ttlMinutes: 60 }, 60 * MIN, 'ttl'],
    ['RSS ttl shorter than interval', { ttlMinutes: 10 }, 30 * MIN, 'interval'],
    ['Cache-Control max-age', { cacheControl: 'public, max-age=7200' }, 2 * HOUR, 'max-age'],
    ['max-age=0 is no hint', { cacheControl: 'max-age=0' }, 30 * MIN, 'interval'],
    ['no-cache is no hint', { cacheControl: 'no-cache, max-age=7200' }, 30 * MIN, 'interval'],
    ['Expires in 3 h', { expires: 'Tue, 24 Nov 2026 11:00:00 GMT' }, 3 * HOUR, 'Expires'],
    [
      'Expires in the past is no hint',
      { expires: 'Tue, 24 Nov 2026 07:00:00 GMT' },
      30 * MIN,
      'interval',
    ],
    [
      'max-age wins over Expires',
      { cacheControl: 'max-age=3600', expires: 'Tue, 24 Nov 2026 20:00:00 GMT' },
      HOUR,
      'max-age',
    ],
    ['Retry-After', { retryAfterMs: 4 * HOUR }, 4 * HOUR, 'Retry-After'],
    ['Retry-After of 3 days is capped', { retryAfterMs: 72 * HOUR }, MAX_DELAY_MS, 'capped'],
    // Sources that rarely change: ×1.5 per unchanged poll, at most 4× the interval.
    ['unchanged once', { unchangedStreak: 1 }, 45 * MIN, 'unchanged'],
    ['unchanged twice', { unchangedStreak: 2 }, 67.5 * MIN, 'unchanged'],
    ['unchanged 10 times: 4× interval', { unchangedStreak: 10 }, 120 * MIN, 'unchanged'],
    // Errors: doubling from the interval (jitter pinned to 1.0 here).
    ['1 error', { consecutiveErrors: 1 }, 30 * MIN, 'error'],
    ['3 errors', { consecutiveErrors: 3 }, 120 * MIN, 'error'],
    [
      'errors replace the unchanged back-off',
      { consecutiveErrors: 1, unchangedStreak: 5 },
      30 * MIN,
      'error',
    ],
    ['9 errors: capped at 24 h', { consecutiveErrors: 9 }, MAX_DELAY_MS, 'capped'],
  ])('%s', (_, over, ms, word) => {
    const r = delayOf(over);
    expect(r.ms).toBe(ms);
    expect(r.reason).toContain(word);
  });

  it('unchanged polls never shorten the wait, and it grows until the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((n) => delayOf({ unchangedStreak: n }).ms);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays.at(-1)).toBe(4 * delays[0]!);
  });

  it('error back-off grows with each error and jitter stays within ±20 %', () => {
    for (const errors of [1, 2, 3, 4]) {
      const lo = delayOf({ consecutiveErrors: errors, random: () => 0 }).ms;
      const hi = delayOf({ consecutiveErrors: errors, random: () => 0.999999 }).ms;
      const mid = 30 * MIN * 2 ** (errors - 1);
      expect(lo).toBe(0.8 * mid);
      expect(hi).toBeLessThanOrEqual(1.2 * mid);
      expect(hi).toBeGreaterThan(lo);
    }
  });

  it('jitter spreads sources that failed together', () => {
    let seed = 42;
    // A small LCG: reproducible, unlike Math.random.
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const times = new Set(
      Array.from({ length: 20 }, () => delayOf({ consecutiveErrors: 2, random }).ms),
    );
    expect(times.size).toBeGreaterThan(10);
  });

  it('always lands within [5 min, 24 h] of now', () => {
    for (const over of [
      { interval: 60 },
      { interval: 60, consecutiveErrors: 30 },
      { retryAfterMs: 1 },
      { cacheControl: 'max-age=999999999' },
    ]) {
      const { ms } = delayOf(over);
      expect(ms).toBeGreaterThanOrEqual(MIN_DELAY_MS);
      expect(ms).toBeLessThanOrEqual(MAX_DELAY_MS);
    }
  });
});

describe('maxAgeMs', () => {
  it.each([
    ['max-age=60', 60_000],
    ['public, max-age=600, must-revalidate', 600_000],
    ['s-maxage=600', null],
    ['no-store', null],
    ['', null],
  ])('%j → %s', (header, ms) => {
    expect(maxAgeMs(header)).toBe(ms);
  });
});

describe('shouldPause', () => {
  it.each([
    [0, undefined, false],
    [9, undefined, false],
    [10, undefined, true],
    [3, 3, true],
    [2, 3, false],
  ])('%i errors (N = %s) → %s', (errors, n, pause) => {
    expect(shouldPause(errors, n)).toBe(pause);
  });
});
