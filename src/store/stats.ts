// Aggregates over one brand's mentions (summary, trend) and the store-wide and per-source
// counts /metrics shows. Brand aggregates read brand_mentions_time, a covering index on (brand, date, …).
import type { Db } from './open.ts';

export interface Range {
  /** ISO 8601 UTC, inclusive. */
  since?: string;
  /** ISO 8601 UTC, exclusive. */
  until?: string;
}

export interface BrandSummary {
  brand: string;
  since: string | null;
  until: string | null;
  mentions: number;
  /** Mentions whose complaint or negativity is aimed at the brand. */
  targeted: number;
  /** Posts that are complaints aimed at the brand. */
  complaints: number;
  /** Share of mentions whose sentiment towards the brand is negative, 0..1 (null: none). */
  negativeShare: number | null;
  meanSeverity: number | null;
  topCategories: { category: string; posts: number }[];
  topSources: { source: string; posts: number }[];
}

const TOP = 5;

function rangeWhere(r: Range): string {
  return [
    'm.brand_id = @brand',
    r.since !== undefined ? 'm.at >= @since' : '',
    r.until !== undefined ? 'm.at < @until' : '',
  ]
    .filter(Boolean)
    .join(' AND ');
}

export function brandSummary(db: Db, brand: string, r: Range): BrandSummary {
  const where = rangeWhere(r);
  const params: Record<string, unknown> = { brand };
  if (r.since !== undefined) params.since = r.since;
  if (r.until !== undefined) params.until = r.until;
  const totals = db
    .prepare<
      [Record<string, unknown>],
      { n: number; targeted: number; complaints: number; negative: number; sev: number | null }
    >(`
      SELECT COUNT(*) AS n, COALESCE(SUM(m.target), 0) AS targeted,
        COALESCE(SUM(m.complaint), 0) AS complaints,
        COALESCE(SUM(m.sentiment = 'negative'), 0) AS negative, AVG(m.severity) AS sev
      FROM brand_mentions m WHERE ${where}`)
    .get(params)!;
  const categories = db
    .prepare<[Record<string, unknown>], { category: string; posts: number }>(`
      SELECT c.value AS category, COUNT(*) AS posts
      FROM brand_mentions m JOIN analyses a ON a.post_id = m.post_id,
        json_each(a.categories_json) c
      WHERE ${where} GROUP BY c.value ORDER BY posts DESC, category LIMIT ${TOP}`)
    .all(params);
  const sources = db
    .prepare<[Record<string, unknown>], { source: string; posts: number }>(`
      SELECT p.source_id AS source, COUNT(*) AS posts
      FROM brand_mentions m JOIN posts p ON p.id = m.post_id
      WHERE ${where} GROUP BY p.source_id ORDER BY posts DESC, source LIMIT ${TOP}`)
    .all(params);
  return {
    brand,
    since: r.since ?? null,
    until: r.until ?? null,
    mentions: totals.n,
    targeted: totals.targeted,
    complaints: totals.complaints,
    negativeShare: totals.n > 0 ? totals.negative / totals.n : null,
    meanSeverity: totals.sev === null ? null : Math.round(totals.sev * 10) / 10,
    topCategories: categories,
    topSources: sources,
  };
}

export interface BucketRow {
  /** "YYYY-MM-DD" (day) or "YYYY-MM-DDTHH" (hour), UTC. */
  bucket: string;
  mentions: number;
  complaints: number;
  severitySum: number;
}

/** Mentions, complaints and severity per UTC day or hour; buckets without a mention are absent. */
export function brandBuckets(
  db: Db,
  brand: string,
  interval: 'day' | 'hour',
  since: string,
  until: string,
): BucketRow[] {
  // ISO strings sort as dates, and their first 10 or 13 characters are the UTC day or hour.
  // brand_mentions_day and _hour (migration 5) index that very expression: the range on it
  // and the GROUP BY walk the index in order, no sort of every mention in the window. The
  // exact bounds on m.at are then tested on the index's own copy of it; their unary + keeps
  // the planner from walking a date index instead and sorting the window.
  const width = interval === 'day' ? 10 : 13;
  const bucket = `substr(m.at, 1, ${width})`;
  return db
    .prepare<[Record<string, unknown>], BucketRow>(`
      SELECT ${bucket} AS bucket, COUNT(*) AS mentions,
        SUM(m.complaint) AS complaints, SUM(m.severity) AS severitySum
      FROM brand_mentions m
      WHERE m.brand_id = @brand AND ${bucket} >= substr(@since, 1, ${width})
        AND +m.at >= @since AND +m.at < @until
      GROUP BY ${bucket} ORDER BY ${bucket}`)
    .all({ brand, since, until });
}

/**
 * Mentions negative towards the brand per UTC day or hour ("YYYY-MM-DD" / "YYYY-MM-DDTHH"),
 * for the trend's sentiment line. A query of its own, answered from brand_mentions_time (which
 * holds the sentiment), so that brandBuckets keeps its covering walk of brand_mentions_day/_hour.
 * INDEXED BY: left to itself the planner walked every mention of the brand in
 * brand_mentions_day and read each row for its sentiment (535 ms at 1M posts, against 12 ms
 * for the window's range of brand_mentions_time; bench/api.bench.ts "trend").
 */
export function brandNegatives(
  db: Db,
  brand: string,
  interval: 'day' | 'hour',
  since: string,
  until: string,
): Map<string, number> {
  const width = interval === 'day' ? 10 : 13;
  const rows = db
    .prepare<[Record<string, unknown>], { bucket: string; n: number }>(`
      SELECT substr(m.at, 1, ${width}) AS bucket, COUNT(*) AS n
      FROM brand_mentions m INDEXED BY brand_mentions_time
      WHERE m.brand_id = @brand AND m.at >= @since AND m.at < @until
        AND m.sentiment = 'negative'
      GROUP BY bucket`)
    .all({ brand, since, until });
  return new Map(rows.map((r) => [r.bucket, r.n]));
}

export interface StoreGauges {
  posts: number;
  analysesBySentiment: Record<string, number>;
  sourcesByState: Record<string, number>;
  crawlErrors: number;
}

/**
 * The store-wide numbers /metrics reports at each scrape. Posts and analyses come from the
 * counts the triggers of migration 7 keep, never from a scan; sources are a few rows.
 */
export function storeGauges(db: Db): StoreGauges {
  const counts = db
    .prepare<[], { name: string; n: number }>('SELECT name, n FROM store_counts')
    .all();
  const posts = counts.find((c) => c.name === 'posts')?.n ?? 0;
  const sentiments = counts
    .filter((c) => c.name.startsWith('analyses:') && c.n > 0)
    .map((c) => ({ k: c.name.slice('analyses:'.length), n: c.n }));
  const states = db
    .prepare<[], { k: string; n: number }>(`
      SELECT CASE WHEN enabled = 0 THEN 'disabled' ELSE state END AS k, COUNT(*) AS n
      FROM sources GROUP BY k`)
    .all();
  const errors = db
    .prepare<[], { n: number }>('SELECT COALESCE(SUM(consecutive_errors), 0) AS n FROM sources')
    .get()!.n;
  return {
    posts,
    analysesBySentiment: Object.fromEntries(sentiments.map((r) => [r.k, r.n])),
    sourcesByState: Object.fromEntries(states.map((r) => [r.k, r.n])),
    crawlErrors: errors,
  };
}

/** A source's crawl counters (migration 13) and its last successful crawl. */
export interface SourceCounts {
  source: string;
  crawls: { ok: number; notModified: number; error: number; internalError: number };
  items: { new: number; updated: number; unchanged: number };
  /** ISO 8601 UTC; null when never crawled without error. */
  lastOkAt: string | null;
}

/**
 * Every source crawled at least once, in id order: one row each, read from the counters that
 * recordFetch bumps in the transaction recording the crawl, whichever process ran it.
 */
export function sourceCounts(db: Db): SourceCounts[] {
  const rows = db
    .prepare<
      [],
      {
        id: string;
        last_ok_at: string | null;
        ok: number;
        not_modified: number;
        error: number;
        internal_error: number;
        new: number;
        updated: number;
        unchanged: number;
      }
    >(`
      SELECT s.id, s.last_ok_at, COALESCE(c.crawls_ok, 0) AS ok,
        COALESCE(c.crawls_not_modified, 0) AS not_modified, COALESCE(c.crawls_error, 0) AS error,
        COALESCE(c.crawls_internal_error, 0) AS internal_error,
        COALESCE(c.items_new, 0) AS new, COALESCE(c.items_updated, 0) AS updated,
        COALESCE(c.items_unchanged, 0) AS unchanged
      FROM sources s LEFT JOIN source_counts c ON c.source_id = s.id
      WHERE c.source_id IS NOT NULL OR s.last_ok_at IS NOT NULL
      ORDER BY s.id`)
    .all();
  return rows.map((r) => ({
    source: r.id,
    crawls: {
      ok: r.ok,
      notModified: r.not_modified,
      error: r.error,
      internalError: r.internal_error,
    },
    items: { new: r.new, updated: r.updated, unchanged: r.unchanged },
    lastOkAt: r.last_ok_at,
  }));
}
