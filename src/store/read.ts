// The read side of the store: ranked, filtered, keyset-paginated post lists and post details.
// The only dynamic SQL is the choice among the fixed fragments below; values are always bound.
import type { Explained, Sentiment } from '../types.ts';
import { decodeCursor, encodeCursor, type SortKey } from './cursor.ts';
import type { Db } from './open.ts';

export type PostSort = 'priority' | 'severity' | 'reach' | 'published';

export interface PostQuery {
  brand?: string;
  /** Only posts whose complaint is aimed at `brand` (needs `brand`). */
  target?: boolean;
  /** ISO 8601; compared with the publication date, else the fetch date. */
  since?: string;
  until?: string;
  minSeverity?: number;
  complaint?: boolean;
  lang?: string;
  source?: string;
  /** A grievance category of the analysis ("billing", "network", …). */
  category?: string;
  /** Full-text words, all required; accents and case do not matter. */
  q?: string;
  /** The sentiment of the analysis. */
  sentiment?: Sentiment;
  /** Only posts that mention one of these brands (a reader key's brands). */
  brands?: string[];
  /** Only posts a team member marked handled (true) or not (false); see store/workflow.ts. */
  handled?: boolean;
  /** Only posts assigned to this person. */
  assignee?: string;
  sort?: PostSort;
  /** 1..200 */
  limit: number;
  cursor?: string;
}

export interface PostSummary {
  id: string;
  source: string;
  url: string | null;
  title: string | null;
  excerpt: string;
  author: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  lang: string | null;
  sentiment: Sentiment | null;
  complaint: boolean;
  brands: { id: string; target: boolean }[];
  categories: string[];
  severity: Explained;
  reach: Explained;
  priority: Explained;
  rank: number;
}

const EXCERPT_CHARS = 280;

/**
 * A full-text query considers at most this many matches, the most recently stored first
 * (FTS5 walks its doclist by descending rowid and stops), and only those are filtered and
 * sorted. A word found in most posts thus costs a bounded sort instead of sorting the whole
 * table; the price is that such a query searches the newest matches only (docs/api.md).
 */
export const FTS_CANDIDATES = 5000;

// Building a statement costs more than running a short one: keep them per database.
const statementCache = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();
function cached(db: Db, sql: string): ReturnType<Db['prepare']> {
  let m = statementCache.get(db);
  if (!m) {
    m = new Map();
    statementCache.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    st = db.prepare(sql);
    m.set(sql, st);
  }
  return st;
}

// Each sort names the column it orders by and the id that breaks ties, so that the ORDER BY
// matches an index exactly (scores_rank, scores_severity, scores_reach, posts_published).
const SORTS: Record<PostSort, { key: string; id: string }> = {
  priority: { key: 's.rank', id: 's.post_id' },
  severity: { key: 's.severity', id: 's.post_id' },
  reach: { key: 's.reach', id: 's.post_id' },
  published: { key: 'COALESCE(p.published_at, p.fetched_at)', id: 'p.id' },
};
// One brand's list walks that brand's slice of brand_mentions_rank, _severity or _published
// (migration 5): rank, severity and the post's date are copied there on save, with the same
// values as the columns above, so cursors are interchangeable. Reach is not copied: a brand's
// list by reach walks scores_reach and keeps the posts that mention the brand.
const BRAND_SORTS: Partial<Record<PostSort, { key: string; id: string }>> = {
  priority: { key: 'bm.rank', id: 'bm.post_id' },
  severity: { key: 'bm.severity', id: 'bm.post_id' },
  published: { key: 'bm.at', id: 'bm.post_id' },
};

/** Turns free text into an FTS5 query of quoted words, so no user input is FTS syntax. */
export function ftsQuery(q: string): string | null {
  const words = q.normalize('NFC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((w) => `"${w}"`).join(' ');
}

interface SummaryRow {
  id: string;
  source_id: string;
  url: string | null;
  title: string | null;
  excerpt: string;
  author: string | null;
  published_at: string | null;
  fetched_at: string;
  lang: string | null;
  sentiment: Sentiment | null;
  complaint: number | null;
  categories_json: string | null;
  brands_json: string;
  severity_json: string;
  reach_json: string;
  priority_json: string;
  rank: number;
  sort_key: SortKey;
}

/** The SQL and parameters of one page of a list (null: a full-text query without words). */
export interface ListQuery {
  sql: string;
  params: Record<string, unknown>;
  sort: PostSort;
  limit: number;
}

export function listPosts(
  db: Db,
  q: PostQuery,
): { items: PostSummary[]; nextCursor: string | null } {
  const compiled = listQuery(q);
  if (compiled === null) return { items: [], nextCursor: null };
  const { sql, params, sort, limit } = compiled;
  const rows = cached(db, sql).all(params) as SummaryRow[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: more && last ? encodeCursor({ sort, key: last.sort_key, id: last.id }) : null,
  };
}

/**
 * Builds the page query of listPosts, exported so that a test can check its plan: every
 * list walks an index in the order asked, with no temporary B-tree (but a full-text query,
 * which sorts its bounded candidates).
 */
export function listQuery(q: PostQuery): ListQuery | null {
  const sort = q.sort ?? 'priority';
  const limit = Math.max(1, Math.min(200, Math.trunc(q.limit)));
  // With q, the FTS candidates drive the query instead.
  const brandOrder = q.brand !== undefined && q.q === undefined ? BRAND_SORTS[sort] : undefined;
  const order = brandOrder ?? SORTS[sort];
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: limit + 1 };
  // The date, severity and target tests read the walked index's own columns when they can.
  let at = 'COALESCE(p.published_at, p.fetched_at)';
  let severity = 's.severity';

  let from = 'posts p JOIN scores s ON s.post_id = p.id';
  if (q.q !== undefined) {
    const match = ftsQuery(q.q);
    if (match === null) return null;
    // CROSS JOIN fixes the join order: from the bounded candidates to their posts, never a
    // walk of a sort index testing each post against the match.
    from = `(SELECT rowid AS r FROM posts_fts WHERE posts_fts MATCH @match
        ORDER BY rowid DESC LIMIT ${FTS_CANDIDATES}) f
      CROSS JOIN posts p ON p.fts_rowid = f.r CROSS JOIN scores s ON s.post_id = p.id`;
    params.match = match;
  }
  if (brandOrder) {
    // CROSS JOIN: the brand's index drives, whatever other index a filter could use; a
    // planner that picks scores_severity for minSeverity then sorts a third of the table.
    from = `brand_mentions bm CROSS JOIN posts p ON p.id = bm.post_id
      CROSS JOIN scores s ON s.post_id = p.id`;
    where.push('bm.brand_id = @brand');
    if (q.target !== undefined) where.push('bm.target = @target');
    at = 'bm.at';
    severity = 'bm.severity';
  } else if (q.brand !== undefined) {
    // Any mention; target narrows to posts whose complaint is aimed at the brand.
    where.push(
      q.target === undefined
        ? 'EXISTS (SELECT 1 FROM brand_mentions m WHERE m.post_id = p.id AND m.brand_id = @brand)'
        : 'EXISTS (SELECT 1 FROM brand_mentions m WHERE m.post_id = p.id AND m.brand_id = @brand AND m.target = @target)',
    );
  }
  if (q.brand !== undefined) {
    params.brand = q.brand;
    if (q.target !== undefined) params.target = q.target ? 1 : 0;
  }
  // The analysis is joined to filter only when a filter reads it; the page's columns are
  // fetched afterwards, for its rows alone (see the SQL below).
  const analysisFilters =
    q.complaint !== undefined || q.category !== undefined || q.sentiment !== undefined;
  if (analysisFilters) from += ' LEFT JOIN analyses a ON a.post_id = p.id';

  // A unary + keeps a filter from choosing its own index (posts_published, scores_severity)
  // over the sort's: walking the sort index in order and stopping after a page beats reading
  // a whole date or severity range and sorting it. The sort's own column keeps its index.
  const bare = (expr: string) => (expr === order.key ? expr : `+${expr}`);
  if (q.since !== undefined) {
    where.push(`${bare(at)} >= @since`);
    params.since = q.since;
  }
  if (q.until !== undefined) {
    where.push(`${bare(at)} < @until`);
    params.until = q.until;
  }
  if (q.minSeverity !== undefined) {
    where.push(`${bare(severity)} >= @minSeverity`);
    params.minSeverity = q.minSeverity;
  }
  if (q.complaint !== undefined) {
    where.push('a.complaint = @complaint');
    params.complaint = q.complaint ? 1 : 0;
  }
  if (q.lang !== undefined) {
    where.push('p.lang = @lang');
    params.lang = q.lang;
  }
  if (q.source !== undefined) {
    // Not the (source_id, dedup_key) index: see `bare` above.
    where.push('+p.source_id = @source');
    params.source = q.source;
  }
  if (q.category !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(a.categories_json) c WHERE c.value = @category)');
    params.category = q.category;
  }
  if (q.sentiment !== undefined) {
    where.push('a.sentiment = @sentiment');
    params.sentiment = q.sentiment;
  }
  if (q.brands !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = p.id
      AND k.brand_id IN (SELECT value FROM json_each(@allowed)))`);
    params.allowed = JSON.stringify(q.brands);
  }
  if (q.handled !== undefined) {
    where.push(`${q.handled ? '' : 'NOT '}EXISTS (SELECT 1 FROM post_workflow w
      WHERE w.post_id = p.id AND w.handled_at IS NOT NULL)`);
  }
  if (q.assignee !== undefined) {
    where.push(
      'EXISTS (SELECT 1 FROM post_workflow w WHERE w.post_id = p.id AND w.assignee = @assignee)',
    );
    params.assignee = q.assignee;
  }
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, sort);
    // Row values keep the index range scan: everything strictly after the last row seen.
    where.push(`(${order.key}, ${order.id}) < (@cursorKey, @cursorId)`);
    params.cursorKey = c.key;
    params.cursorId = c.id;
  }

  // Two steps: the inner query finds the page (ids and sort keys only), the outer one reads
  // the columns of those rows. A sort over many candidates (a full-text query) then never
  // builds excerpts and brand lists for rows it throws away.
  const sql = `
    SELECT p.id, p.source_id, p.url, p.title, substr(p.text, 1, ${EXCERPT_CHARS}) AS excerpt,
      p.author, p.published_at, p.fetched_at, p.lang, a.sentiment, a.complaint,
      a.categories_json, s.severity_json, s.reach_json, s.priority_json, s.rank,
      (SELECT json_group_array(json_object('id', x.brand_id, 'target', x.target))
         FROM brand_mentions x WHERE x.post_id = p.id) AS brands_json,
      pg.sort_key
    FROM (
      SELECT p.id AS pid, ${order.key} AS sort_key, ${order.id} AS tie
      FROM ${from}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order.key} DESC, ${order.id} DESC
      LIMIT @limit
    ) pg
    CROSS JOIN posts p ON p.id = pg.pid
    JOIN scores s ON s.post_id = p.id
    LEFT JOIN analyses a ON a.post_id = p.id
    ORDER BY pg.sort_key DESC, pg.tie DESC`;
  return { sql, params, sort, limit };
}

function toSummary(r: SummaryRow): PostSummary {
  const brands = JSON.parse(r.brands_json) as { id: string; target: number }[];
  return {
    id: r.id,
    source: r.source_id,
    url: r.url,
    title: r.title,
    excerpt: r.excerpt,
    author: r.author,
    publishedAt: r.published_at,
    fetchedAt: r.fetched_at,
    lang: r.lang,
    sentiment: r.sentiment,
    complaint: r.complaint === 1,
    brands: brands.map((b) => ({ id: b.id, target: b.target === 1 })),
    categories: r.categories_json ? (JSON.parse(r.categories_json) as string[]) : [],
    severity: JSON.parse(r.severity_json) as Explained,
    reach: JSON.parse(r.reach_json) as Explained,
    priority: JSON.parse(r.priority_json) as Explained,
    rank: r.rank,
  };
}

export { getPost, type PostDetail } from './detail.ts';
export {
  type BrandRow,
  countPosts,
  dueSources,
  type FetchState,
  getFetchState,
  listBrands,
  listSources,
  type SourceRow,
} from './meta.ts';
