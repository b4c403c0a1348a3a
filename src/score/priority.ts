// What to read first, 0..100: severity, weighted by log-scaled reach, decayed by age. Also a
// time-invariant rank so the store can keep posts ordered by priority without re-scoring them.
// Formulas and constants: docs/scoring.md.
import type { Explained } from '../types.ts';
import { SCORING_VERSION } from './version.ts';

/** Reach at which the reach factor saturates: a very large French site's post. */
export const REACH_SATURATION = 100_000;
/** Share of the weight a post keeps with no reach at all: a severe post seen by few still counts. */
export const REACH_FLOOR = 0.3;
/** ln(0) is −∞: rank uses base + EPSILON so an all-zero post still sorts by date. */
const EPSILON = 1e-9;
const HOUR_MS = 3_600_000;

export interface PriorityInput {
  severity: number;
  reach: number;
  /** ISO 8601; when null, fetchedAt stands in. */
  publishedAt: string | null;
  fetchedAt?: string | null;
}

/** 0..1: how much of the weight reach gives, on a log scale (10 → .21, 1,000 → .6, 100k → 1). */
export function reachFactor(reach: number): number {
  const r = Math.max(0, Number.isFinite(reach) ? reach : 0);
  return Math.min(1, Math.log1p(r) / Math.log1p(REACH_SATURATION));
}

function hours(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t / HOUR_MS;
}

/**
 * The post's effective time in epoch hours: published, else fetched, and never after it was
 * fetched (a date in the future is a clock or timezone error of the site).
 */
function effectiveHours(p: PriorityInput, now: Date): number {
  const published = hours(p.publishedAt);
  const fetched = hours(p.fetchedAt);
  const t = published ?? fetched ?? now.getTime() / HOUR_MS;
  return fetched !== null ? Math.min(t, fetched) : t;
}

export function priority(p: PriorityInput, now: Date, halfLifeHours = 48): Explained {
  const sev = Math.min(100, Math.max(0, Number.isFinite(p.severity) ? p.severity : 0)) / 100;
  const rf = reachFactor(p.reach);
  const base = sev * (REACH_FLOOR + (1 - REACH_FLOOR) * rf);
  const t = effectiveHours(p, now);
  const ageHours = Math.max(0, now.getTime() / HOUR_MS - t);
  const recency = 0.5 ** (ageHours / halfLifeHours);
  const value = Math.round(1000 * base * recency) / 10;
  // priority(now) = 100·base·2^(−(now−t)/h), so ln(priority) = rank − now·ln2/h: ordering by
  // rank is ordering by priority at every instant, and rank never changes once stored.
  const rank = Math.log(base + EPSILON) + (t * Math.LN2) / halfLifeHours;

  const reasons = [
    `severity ${Math.round(sev * 100)}`,
    `reach factor ${rf.toFixed(2)} (log scale, saturates at ${REACH_SATURATION.toLocaleString('en')})`,
    `${Math.round(ageHours)} h old, half-life ${halfLifeHours} h: ×${recency.toFixed(2)}`,
  ];
  if (p.publishedAt === null || hours(p.publishedAt) === null) {
    reasons.push('no publication date: dated by the fetch');
  }
  return {
    value,
    components: {
      severity: sev * 100,
      reachFactor: rf,
      base,
      ageHours,
      recency,
      halfLifeHours,
      rank,
    },
    reasons,
    version: SCORING_VERSION,
  };
}

/** Priority at `now` of a post stored with this rank: no need to re-score to refresh it. */
export function priorityAt(rank: number, now: Date, halfLifeHours = 48): number {
  const nowHours = now.getTime() / HOUR_MS;
  const p = 100 * Math.exp(rank - (nowHours * Math.LN2) / halfLifeHours);
  return Math.round(10 * Math.min(100, p)) / 10;
}
