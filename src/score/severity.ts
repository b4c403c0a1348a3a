// How bad a post is for the brand, 0..100, from its analysis alone. Formulas and the reasons for
// each constant: docs/scoring.md.
import type { Analysis, Explained } from '../types.ts';
import { SCORING_VERSION } from './version.ts';

/** Points each act adds (see docs/scoring.md); the sum is capped at ACTS_CAP. */
export const ACT_POINTS: Readonly<Record<string, number>> = {
  churn: 8,
  legal: 8,
  avoid: 6,
  repeat_contact: 5,
  money: 5,
  duration: 4,
  insult: 3,
};
export const ACTS_CAP = 30;
/** A complaint's floor, and how much its confidence adds on top. */
export const COMPLAINT_BASE = 25;
export const COMPLAINT_CONFIDENCE_POINTS = 15;
export const NEGATIVITY_POINTS = 25;
export const GRIEVANCE_POINTS = 15;
/** Negativity without a complaint ("quelle journée pourrie") never goes above this. */
export const NON_COMPLAINT_CAP = 30;
/** Kept share of severity once the text says the problem was solved. */
export const RESOLVED_FACTOR = 0.4;

const clamp01 = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function severity(a: Analysis): Explained {
  const reasons: string[] = [];
  if (a.lang !== 'fra') {
    return {
      value: 0,
      components: { french: 0 },
      reasons: [`not French (lang ${a.lang}): grogne only rates French posts`],
      version: SCORING_VERSION,
    };
  }
  const negativity = clamp01(-a.sentimentScore);
  const confidence = clamp01(a.complaintConfidence);
  const categories = new Set(a.grievances.map((g) => g.category));
  const acts = [...new Set(a.acts)].filter((x) => x in ACT_POINTS);
  const bestTarget = a.brands.reduce(
    (m, b) => (b.target ? Math.max(m, clamp01(b.confidence)) : m),
    0,
  );
  // A complaint aimed at no watched brand still counts, at 60%: it may be about one we miss.
  const targetFactor = 0.6 + 0.4 * bestTarget;
  const resolvedFactor = a.resolved ? RESOLVED_FACTOR : 1;

  let raw: number;
  const components: Record<string, number> = {};
  if (a.complaint) {
    components.complaint = COMPLAINT_BASE + COMPLAINT_CONFIDENCE_POINTS * confidence;
    components.negativity = NEGATIVITY_POINTS * negativity;
    // Each further distinct grievance adds half as much as the one before: 7.5, 11.3, 13.1…
    components.grievances = GRIEVANCE_POINTS * (1 - 0.5 ** categories.size);
    components.acts = Math.min(
      ACTS_CAP,
      acts.reduce((s, x) => s + (ACT_POINTS[x] ?? 0), 0),
    );
    raw = components.complaint + components.negativity + components.grievances + components.acts;
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
  if (a.resolved) reasons.push(`says the problem was solved: ×${RESOLVED_FACTOR}`);

  const value = round1(Math.min(100, raw) * targetFactor * resolvedFactor);
  return { value, components: roundAll(components), reasons, version: SCORING_VERSION };
}

function roundAll(c: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
}
