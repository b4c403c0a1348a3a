// The scoring stage: severity, reach and priority of one analysed post, each with its reasons.
import type { Analysis, IngestedPost, Scores, SourceInfo } from '../types.ts';
import { priority } from './priority.ts';
import { reach } from './reach.ts';
import { severity } from './severity.ts';

export { priority, priorityAt, reachFactor } from './priority.ts';
export { reach } from './reach.ts';
export { SEVERITY_BAND_LIMITS, severity, severityBand } from './severity.ts';
export { SCORING_VERSION } from './version.ts';

export function scorePost(
  post: Pick<IngestedPost, 'engagement' | 'publishedAt' | 'fetchedAt'>,
  analysis: Analysis,
  source: SourceInfo,
  now: Date,
  halfLifeHours = 48,
): Scores {
  const sev = severity(analysis);
  const r = reach(post, source);
  const pri = priority(
    {
      severity: sev.value,
      reach: r.value,
      publishedAt: post.publishedAt,
      fetchedAt: post.fetchedAt,
    },
    now,
    halfLifeHours,
  );
  return { severity: sev, reach: r, priority: pri };
}
