// A brand's trend: per bucket, mentions, complaints and mean severity, and a spike flag.
// Spike rule (docs/api.md): a bucket spikes when its complaints are at least
// max(SPIKE_MIN, mean + SPIKE_SD · sd) of the SPIKE_WINDOW buckets before it (population sd,
// empty buckets counting as 0). The floor keeps a quiet brand's 0 → 1 from being a spike.
import type { BucketRow } from '../store/stats.ts';

export const SPIKE_WINDOW = 7;
export const SPIKE_SD = 3;
export const SPIKE_MIN = 3;
export const MAX_BUCKETS = 1000;

export type Interval = 'day' | 'hour';

export interface TrendBucket {
  /** Start of the bucket, ISO 8601 UTC. */
  start: string;
  mentions: number;
  complaints: number;
  /** Mentions whose sentiment towards the brand is negative. */
  negative: number;
  meanSeverity: number | null;
  spike: boolean;
  /** The complaints a spike needed in this bucket. */
  spikeThreshold: number;
}

const STEP_MS: Record<Interval, number> = { day: 86_400_000, hour: 3_600_000 };

/** Floors a date to its UTC day or hour. */
export function floorTo(t: number, interval: Interval): number {
  return Math.floor(t / STEP_MS[interval]) * STEP_MS[interval];
}

export function bucketKey(t: number, interval: Interval): string {
  return new Date(t).toISOString().slice(0, interval === 'day' ? 10 : 13);
}

/**
 * Buckets from `since` (floored) to `until` (exclusive), filled from rows that cover at least
 * SPIKE_WINDOW buckets before `since`, so the first buckets are judged on real history.
 */
export function buildTrend(
  rows: BucketRow[],
  interval: Interval,
  since: number,
  until: number,
  negatives: Map<string, number> = new Map(),
): TrendBucket[] {
  const step = STEP_MS[interval];
  const byKey = new Map(rows.map((r) => [r.bucket, r]));
  const first = floorTo(since, interval);
  const history: number[] = [];
  for (let t = first - SPIKE_WINDOW * step; t < first; t += step) {
    history.push(byKey.get(bucketKey(t, interval))?.complaints ?? 0);
  }
  const out: TrendBucket[] = [];
  for (let t = first; t < until; t += step) {
    const key = bucketKey(t, interval);
    const r = byKey.get(key);
    const complaints = r?.complaints ?? 0;
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / history.length);
    const threshold = Math.max(SPIKE_MIN, mean + SPIKE_SD * sd);
    out.push({
      start: new Date(t).toISOString(),
      mentions: r?.mentions ?? 0,
      complaints,
      negative: negatives.get(key) ?? 0,
      meanSeverity: r && r.mentions > 0 ? Math.round((r.severitySum / r.mentions) * 10) / 10 : null,
      spike: complaints >= threshold,
      spikeThreshold: Math.round(threshold * 10) / 10,
    });
    history.shift();
    history.push(complaints);
  }
  return out;
}
