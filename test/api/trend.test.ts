import { describe, expect, it } from 'vitest';
import { buildTrend, SPIKE_MIN } from '../../src/api/trend.ts';
import type { BucketRow } from '../../src/store/stats.ts';

const DAY = 86_400_000;
const since = Date.parse('2024-05-08T00:00:00Z');
/** Complaints per day, from 7 days before `since`. */
function rows(complaints: number[]): BucketRow[] {
  return complaints.map((n, i) => ({
    bucket: new Date(since + (i - 7) * DAY).toISOString().slice(0, 10),
    mentions: n + 1,
    complaints: n,
    severitySum: 50 * (n + 1),
  }));
}

describe('spike rule: complaints >= max(3, mean + 3·sd of the 7 buckets before)', () => {
  const cases: [string, number[], boolean][] = [
    // A quiet brand going from 0 to 2 is not a spike: the floor of 3 holds.
    ['quiet, then 2', [0, 0, 0, 0, 0, 0, 0, 2], false],
    ['quiet, then 3', [0, 0, 0, 0, 0, 0, 0, 3], true],
    // A noisy baseline raises the bar above the floor.
    ['noisy baseline, 10', [2, 8, 1, 9, 2, 8, 3, 10], false],
    ['steady 5s, then 6', [5, 5, 5, 5, 5, 5, 5, 6], true],
    ['steady 5s, then 4', [5, 5, 5, 5, 5, 5, 5, 4], false],
  ];
  it.each(cases)('%s', (_n, complaints, spike) => {
    const trend = buildTrend(rows(complaints), 'day', since, since + DAY);
    expect(trend).toHaveLength(1);
    expect(trend[0]!.spike).toBe(spike);
    expect(trend[0]!.spikeThreshold).toBeGreaterThanOrEqual(SPIKE_MIN);
  });

  it('fills empty buckets with zeros and judges each on the buckets before it', () => {
    const trend = buildTrend(rows([0, 0, 0, 0, 0, 0, 0, 4, 0]), 'day', since, since + 3 * DAY);
    expect(trend.map((b) => b.complaints)).toEqual([4, 0, 0]);
    expect(trend.map((b) => b.spike)).toEqual([true, false, false]);
    expect(trend[2]!.meanSeverity).toBeNull();
    expect(trend[0]!.start).toBe('2024-05-08T00:00:00.000Z');
  });

  it('buckets by hour', () => {
    const t = buildTrend([], 'hour', since + 30 * 60_000, since + 3 * 3_600_000);
    expect(t.map((b) => b.start.slice(11, 13))).toEqual(['00', '01', '02']);
  });
});
