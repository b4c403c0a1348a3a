// How bad a post is for the brand, 0..100, from its analysis alone. Formulas and the reasons for
// each constant: docs/scoring.md.
import type { Analysis, Explained } from '../types.ts';
import { SCORING_VERSION } from './version.ts';

/**
 * The constants of the severity formula (docs/scoring.md). Their values were fitted on the
 * severity bands of the annotated dev posts (scripts/calibrate-severity.ts: leave-one-writer-out
 * analyses, band accuracy), within the bounds that keep the formula's stated properties
 * (every part ≥ 0 but the "mild" act, non-complaints ≤ NON_COMPLAINT_CAP).
 */
export interface SeverityWeights {
  /** A complaint's floor, and how much its confidence adds on top. */
  complaintBase: number;
  complaintConfidence: number;
  negativity: number;
  /** What distinct grievance categories add together, at most (halving one by one). */
  grievances: number;
  /** Points each act adds; the sum is capped at actsCap. */
  acts: Readonly<Record<string, number>>;
  actsCap: number;
  /** Kept share of severity once the text says the problem was solved. */
  resolvedFactor: number;
}

export const SEVERITY_WEIGHTS: SeverityWeights = {
  complaintBase: 10,
  complaintConfidence: 15,
  negativity: 25,
  grievances: 10,
  acts: {
    churn: 8,
    legal: 24,
    avoid: 6,
    repeat_contact: 5,
    money: 5,
    duration: 11,
    insult: 3,
    harm: 30,
    verdict: 6,
    mild: -30,
  },
  actsCap: 40,
  resolvedFactor: 0.85,
};

/** Points each act adds (see docs/scoring.md); the sum is capped at ACTS_CAP. */
export const ACT_POINTS = SEVERITY_WEIGHTS.acts;
export const ACTS_CAP = SEVERITY_WEIGHTS.actsCap;
/** Negativity without a complaint ("quelle journée pourrie") never goes above this. */
export const NON_COMPLAINT_CAP = 30;
export const RESOLVED_FACTOR = SEVERITY_WEIGHTS.resolvedFactor;

const clamp01 = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function severity(a: Analysis, w: SeverityWeights = SEVERITY_WEIGHTS): Explained {
  const reasons: string[] = [];
  // Undetermined text (a few words, names, numbers) is scored: grogne reads French sources.
  if (a.lang !== 'fra' && a.lang !== 'und') {
    return {
      value: 0,
      components: { french: 0 },
      reasons: [`not French (lang ${a.lang}): grogne only rates French posts`],
      version: SCORING_VERSION,
    };
  }
  const negativity = clamp01(-a.sentimentScore);
  const confidence = clamp01(a.complaintConfidence);
  // Distinct grievance categories; act grievances (category = the act id) count as acts.
  const categories = new Set(a.grievances.map((g) => g.category).filter((c) => !(c in w.acts)));
  const acts = [...new Set(a.acts)].filter((x) => x in w.acts);
  const bestTarget = a.brands.reduce(
    (m, b) => (b.target ? Math.max(m, clamp01(b.confidence)) : m),
    0,
  );
  // A complaint aimed at no watched brand still counts, at 60%: it may be about one we miss.
  const targetFactor = 0.6 + 0.4 * bestTarget;
  const resolvedFactor = a.resolved ? w.resolvedFactor : 1;

  let raw: number;
  const components: Record<string, number> = {};
  if (a.complaint) {
    components.complaint = w.complaintBase + w.complaintConfidence * confidence;
    components.negativity = w.negativity * negativity;
    // Each further distinct grievance adds half as much as the one before: 7.5, 11.3, 13.1…
    components.grievances = w.grievances * (1 - 0.5 ** categories.size);
    components.acts = Math.min(
      w.actsCap,
      acts.reduce((s, x) => s + (w.acts[x] ?? 0), 0),
    );
    raw = Math.max(
      0,
      components.complaint + components.negativity + components.grievances + components.acts,
    );
    reasons.push(`complaint (confidence ${confidence.toFixed(2)})`);
    if (negativity > 0) reasons.push(`negative tone (${negativity.toFixed(2)})`);
    if (categories.size > 0)
      reasons.push(`${categories.size} grievance(s): ${[...categories].join(', ')}`);
    if (acts.length > 0) reasons.push(`acts: ${acts.join(', ')}`);
  } else {
    components.negativity = NON_COMPLAINT_CAP * negativity;
    raw = components.negativity;
    reasons.push(
      negativity > 0
        ? `negative (${negativity.toFixed(2)}) but not a complaint: at most ${NON_COMPLAINT_CAP}`
        : 'not a complaint and not negative',
    );
  }
  components.targetFactor = targetFactor;
  components.resolvedFactor = resolvedFactor;
  if (bestTarget > 0) reasons.push(`aimed at a watched brand (${bestTarget.toFixed(2)})`);
  else reasons.push('aimed at no watched brand: ×0.6');
  if (a.resolved) reasons.push(`says the problem was solved: ×${w.resolvedFactor}`);

  const value = round1(Math.min(100, raw) * targetFactor * resolvedFactor);
  return { value, components: roundAll(components), reasons, version: SCORING_VERSION };
}

function roundAll(c: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
}

/**
 * The band a brand team reads a severity in: `high` answer today, `mid` a real complaint,
 * `low` the rest (data/annotations/posts/GUIDE.md defines the bands for annotators).
 * Non-complaints are capped at NON_COMPLAINT_CAP, so they are always `low`.
 */
export const SEVERITY_BAND_LIMITS = { mid: 35, high: 65 } as const;

export function severityBand(value: number): 'low' | 'mid' | 'high' {
  if (value >= SEVERITY_BAND_LIMITS.high) return 'high';
  return value >= SEVERITY_BAND_LIMITS.mid ? 'mid' : 'low';
}
