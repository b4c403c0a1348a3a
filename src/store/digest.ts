// The reads behind the daily digest: a brand's top complaints of a window, and complaint counts
// per time bucket. "Complaint" means: the latest analysis says complaint, and the brand is its
// target (a post that only names the brand in passing does not count against it).
import type { Evidence, Explained, Grievance } from '../types.ts';
import type { Db } from './open.ts';
import { searchConditions } from './search.ts';

export interface DigestCandidateRow {
  id: string;
  sourceId: string;
  sourceName: string | null;
  url: string | null;
  title: string | null;
  /** The whole text: the digest quotes the sentence around the key evidence. */
  text: string;
  author: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  severity: Explained;
  reach: Explained;
  priority: Explained;
  rank: number;
  categories: string[];
  grievances: Grievance[];
  evidence: Evidence[];
}

export interface CandidateQuery {
  brand: string;
  /** ISO 8601 UTC, inclusive. */
  since: string;
  /** ISO 8601 UTC, exclusive. */
  until: string;
  minSeverity: number;
  limit: number;
  /** Only posts these queries of the search language all find. */
  search?: readonly string[];
  /** Only posts that mention one of these brands (a saved search's scope). */
  searchBrands?: string[];
}

export interface CountBucket {
  key: string;
  /** ISO 8601 UTC, inclusive. */
  start: string;
  /** ISO 8601 UTC, exclusive. */
  end: string;
}

// savePosts replaces a post's analysis whenever content or model changes, so a post has one
// analysis row: a plain join, no "latest analysis" subquery (it tripled the cost of a digest).
interface CandidateSql {
  id: string;
  source_id: string;
  source_name: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  published_at: string | null;
  fetched_at: string;
  severity_json: string;
  reach_json: string;
  priority_json: string;
  rank: number;
  categories_json: string;
  grievances_json: string;
  evidence_json: string;
}

/**
 * A brand's complaints that are new in [since, until), not marked handled, — first seen (fetched) or published in
 * it — with at least `minSeverity`, best priority first. The stored rank orders exactly as
 * priority does at any instant (see score/priority.ts), so no re-scoring is needed.
 */
export function digestCandidates(db: Db, q: CandidateQuery): DigestCandidateRow[] {
  // The brand's index drives; a search only tests the window's candidates.
  const search = q.search === undefined ? null : searchConditions(q.search);
  const extra = [...(search?.where ?? [])];
  if (q.searchBrands !== undefined) {
    extra.push(`EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = p.id
      AND k.brand_id IN (SELECT value FROM json_each(@searchBrands)))`);
  }
  const rows = db
    .prepare<[Record<string, unknown>], CandidateSql>(`
      SELECT p.id, p.source_id, src.name AS source_name, p.url, p.title,
        p.text, p.author, p.published_at, p.fetched_at,
        s.severity_json, s.reach_json, s.priority_json, bm.rank,
        a.categories_json, a.grievances_json, a.evidence_json
      FROM brand_mentions bm
        JOIN posts p ON p.id = bm.post_id
        JOIN scores s ON s.post_id = p.id
        JOIN sources src ON src.id = p.source_id
        JOIN analyses a ON a.post_id = p.id
      WHERE bm.brand_id = @brand AND bm.target = 1 AND a.complaint = 1
        AND s.severity >= @minSeverity
        -- A post the team marked handled needs no one's attention (store/workflow.ts).
        AND NOT EXISTS (SELECT 1 FROM post_workflow w
          WHERE w.post_id = p.id AND w.handled_at IS NOT NULL)
        AND ((p.fetched_at >= @since AND p.fetched_at < @until)
          OR (p.published_at >= @since AND p.published_at < @until))
        ${extra.map((w) => `AND ${w}`).join(' ')}
      ORDER BY bm.rank DESC, p.id DESC
      LIMIT @limit`)
    .all({
      brand: q.brand,
      since: q.since,
      until: q.until,
      minSeverity: q.minSeverity,
      limit: Math.max(1, Math.trunc(q.limit)),
      ...search?.params,
      ...(q.searchBrands === undefined ? {} : { searchBrands: JSON.stringify(q.searchBrands) }),
    });
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    url: r.url,
    title: r.title,
    text: r.text,
    author: r.author,
    publishedAt: r.published_at,
    fetchedAt: r.fetched_at,
    severity: JSON.parse(r.severity_json) as Explained,
    reach: JSON.parse(r.reach_json) as Explained,
    priority: JSON.parse(r.priority_json) as Explained,
    rank: r.rank,
    categories: JSON.parse(r.categories_json) as string[],
    grievances: JSON.parse(r.grievances_json) as Grievance[],
    evidence: JSON.parse(r.evidence_json) as Evidence[],
  }));
}

// Complaints aimed at @brand dated (published, else fetched) in [@from, @to): the post's date,
// not its fetch date, so a new source's backfill does not look like a spike of today. Read
// through brand_mentions' copies of that date and of "targeted complaint" (migration 2, kept
// by savePosts): a range scan of the covering index brand_mentions_time.
const DATED_COMPLAINTS = `
  SELECT bm.at AS t, bm.post_id FROM brand_mentions bm
  WHERE bm.brand_id = @brand AND bm.at >= @from AND bm.at < @to AND bm.complaint = 1`;

/** The brand's complaint count in each bucket, in the buckets' order (buckets may overlap). */
export function complaintCounts(
  db: Db,
  brand: string,
  buckets: readonly CountBucket[],
): { key: string; count: number }[] {
  if (buckets.length === 0) return [];
  // ISO 8601 UTC strings sort as the instants they name.
  const bounds = buckets.flatMap((b) => [b.start, b.end]).sort();
  // One index range scan, then a binary search per bucket: joining buckets to rows in SQL
  // compared every row with every bucket and cost ten times more.
  const times = db
    .prepare<[Record<string, unknown>], string>(`${DATED_COMPLAINTS} ORDER BY bm.at`)
    .pluck()
    .all({ brand, from: bounds[0]!, to: bounds.at(-1)! });
  return buckets.map((b) => ({
    key: b.key,
    count: lowerBound(times, b.end) - lowerBound(times, b.start),
  }));
}

/** Index of the first element of sorted `xs` that is >= `x`. */
function lowerBound(xs: readonly string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The grievance categories of the brand's complaints dated in [from, to), most frequent first. */
export function complaintCategories(
  db: Db,
  brand: string,
  from: string,
  to: string,
  limit = 5,
): { category: string; count: number }[] {
  return db
    .prepare<[Record<string, unknown>], { category: string; count: number }>(`
      WITH c AS MATERIALIZED (${DATED_COMPLAINTS})
      SELECT j.value AS category, COUNT(*) AS count
      FROM c JOIN analyses a ON a.post_id = c.post_id JOIN json_each(a.categories_json) j
      GROUP BY j.value
      ORDER BY count DESC, category
      LIMIT @limit`)
    .all({ brand, from, to, limit });
}
