// Shapes store rows into API answers. Priority is shown as of the request, not as stored: the
// stored rank is time-invariant, so the current value follows from it without re-scoring.
import { priorityAt } from '../score/priority.ts';
import type { PostDetail, PostSummary } from '../store/read.ts';
import type { Explained } from '../types.ts';

export interface ExplainedOut {
  value: number;
  components: Record<string, number>;
  reasons: string[];
  version: string;
}

function explained(e: Explained): ExplainedOut {
  return { value: e.value, components: e.components, reasons: e.reasons, version: e.version };
}

/** The stored priority brought to `now`, with its recency and age components to match. */
export function currentPriority(stored: Explained, rank: number, now: Date): ExplainedOut {
  const h = stored.components.halfLifeHours;
  const base = stored.components.base;
  if (!(typeof h === 'number' && h > 0 && typeof base === 'number' && base > 0)) {
    return explained(stored);
  }
  const value = Math.min(stored.value, priorityAt(rank, now, h));
  const recency = Math.min(1, value / (100 * base));
  const ageHours = recency > 0 ? Math.round(-h * Math.log2(recency) * 10) / 10 : null;
  const components: Record<string, number> = {
    ...stored.components,
    recency: Math.round(recency * 1000) / 1000,
  };
  if (ageHours !== null) components.ageHours = ageHours;
  const reasons = stored.reasons.map((r) =>
    / h old, half-life /.test(r)
      ? `${Math.round(ageHours ?? 0)} h old, half-life ${h} h: ×${recency.toFixed(2)}`
      : r,
  );
  return { value, components, reasons, version: stored.version };
}

export function presentSummary(p: PostSummary, now: Date) {
  return {
    id: p.id,
    source: p.source,
    url: p.url,
    title: p.title,
    excerpt: p.excerpt,
    author: p.author,
    publishedAt: p.publishedAt,
    lang: p.lang,
    sentiment: p.sentiment,
    complaint: p.complaint,
    brands: p.brands,
    categories: p.categories,
    severity: explained(p.severity),
    reach: explained(p.reach),
    priority: currentPriority(p.priority, p.rank, now),
    workflow: p.workflow,
  };
}

export function presentDetail(p: PostDetail, now: Date) {
  const { scores, ...rest } = p;
  return {
    ...rest,
    severity: scores ? explained(scores.severity) : null,
    reach: scores ? explained(scores.reach) : null,
    priority: scores ? currentPriority(scores.priority, scores.rank, now) : null,
    scoring: scores ? { version: scores.scoringVersion, scoredAt: scores.scoredAt } : null,
  };
}
