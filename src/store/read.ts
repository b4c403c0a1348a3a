// The read side of the store: ranked, filtered, keyset-paginated post lists and post details.
// The only dynamic SQL is the choice among the fixed fragments below; values are always bound.
import type { Explained, Sentiment } from '../types.ts';
import { decodeCursor, encodeCursor, type SortKey } from './cursor.ts';
import type { Db } from './open.ts';
import { compileSearch } from './search.ts';
import { cached } from './statements.ts';
import { toWorkflow, type Workflow, workflowConditions } from './workflow.ts';

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
  /**
   * A query of the search language (docs/api.md), or several that all apply; a
   * SearchSyntaxError when one is not in the language.
   */
  q?: string | readonly string[];
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
  /** The team's state on the post (store/workflow.ts), read in the page's own query. */
  workflow: Workflow;
}

const EXCERPT_CHARS = 280;

/**
 * A full-text query considers at most this many matches, the most recently stored first
 * (FTS5 walks its doclist by descending rowid and stops), and only those are filtered and
 * sorted. A word found in most posts thus costs a bounded sort instead of sorting the whole
 * table; the price is that such a query searches the newest matches only (docs/api.md).
 */
export const FTS_CANDIDATES = 5000;

// Each sort names the column it orders by, the id that breaks ties, and the index whose order
// that is. A list over every brand walks scores (migration 7): the sort keys and copies of
// every filter but brand, category and full text sit in each sort index, so a page is read
// from index entries alone. With a complaint filter, the complaint-led twin of the index
// walks only that kind of post. Cursors hold (key, id) and are the same for every index of
// a sort: the date is COALESCE(published_at, fetched_at), copied as scores.at and bm.at.
const SORTS: Record<PostSort, { key: string; index: string; complaintIndex: string }> = {
  priority: { key: 'rank', index: 'scores_rank', complaintIndex: 'scores_complaint_rank' },
  severity: {
    key: 'severity',
    index: 'scores_severity',
    complaintIndex: 'scores_complaint_severity',
  },
  reach: { key: 'reach', index: 'scores_reach', complaintIndex: 'scores_complaint_reach' },
  published: {
    key: 'at',
    index: 'scores_published',
    complaintIndex: 'scores_complaint_published',
  },
};
// One brand's list walks that brand's slice of brand_mentions_rank, _severity, _reach or
// _published (migrations 5 and 7): rank, severity, reach and the post's date are copied there
// on save, with the values of scores, so cursors are interchangeable.
const BRAND_INDEX: Record<PostSort, string> = {
  priority: 'brand_mentions_rank',
  severity: 'brand_mentions_severity',
  reach: 'brand_mentions_reach',
  published: 'brand_mentions_published',
};

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
  handled_at: string | null;
  handled_by_key: string | null;
  handled_by_name: string | null;
  assignee: string | null;
  note_count: number;
}

/** The SQL and parameters of one page of a list. */
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
 * list walks an index in the order asked, tests its filters on that index's entries, and
 * stops after a page (docs/operations.md "Query plans").
 */
export function listQuery(query: PostQuery): ListQuery | null {
  const q = narrowBrands(query);
  if (q === null) return null;
  const sort = q.sort ?? 'priority';
  const limit = Math.max(1, Math.min(200, Math.trunc(q.limit)));
  const params: Record<string, unknown> = { limit: limit + 1 };
  // The search language (store/search.ts): an FTS5 match that drives the list when it has
  // one, and conditions on the post that every arm below tests last.
  const search = q.q === undefined ? null : compileSearch(q.q);
  if (search) Object.assign(params, search.params);
  const also = search?.where ?? [];
  let page: string;
  if (search?.drive) {
    params.match = search.drive;
    page = pageSelect(q, sort, params, 'text', also);
  } else if (q.brand !== undefined) {
    params.brand = q.brand;
    page = pageSelect(q, sort, params, 'brand', also);
  } else if (q.brands !== undefined) {
    // A reader key's brands: each brand's page from its own slice, then the best of those
    // pages (UNION drops a post met through two brands: same id, same key). The sort is of
    // at most (brands × page) rows, whatever the store holds.
    const { brands, ...rest } = q;
    const arms = brands.map((b, i) => {
      params[`brand${i}`] = b;
      return `SELECT * FROM (${pageSelect(rest, sort, params, 'brand', also, `brand${i}`)})`;
    });
    page = `SELECT pid, sort_key, tie FROM (${arms.join(' UNION ')})
      ORDER BY sort_key DESC, tie DESC LIMIT @limit`;
  } else {
    page = pageSelect(q, sort, params, 'scores', also);
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
      pg.sort_key, w.handled_at, w.handled_by_key, w.handled_by_name, w.assignee,
      (SELECT COUNT(*) FROM post_notes n WHERE n.post_id = p.id) AS note_count
    FROM (${page}) pg
    CROSS JOIN posts p ON p.id = pg.pid
    JOIN scores s ON s.post_id = p.id
    LEFT JOIN analyses a ON a.post_id = p.id
    LEFT JOIN post_workflow w ON w.post_id = p.id
    ORDER BY pg.sort_key DESC, pg.tie DESC`;
  return { sql, params, sort, limit };
}

/**
 * The query of one page's ids and sort keys, driven by the FTS candidates (`text`), a
 * brand's slice of its sort index (`brand`, the brand bound as @brandParam), or a sort index
 * of scores. INDEXED BY names the index whose order is the sort's, so that the plan is the
 * code's choice and not the statistics': a planner that prefers a filter's own range (a date
 * window, a severity floor) then sorts every row of that range.
 */
function pageSelect(
  q: PostQuery,
  sort: PostSort,
  params: Record<string, unknown>,
  driver: 'text' | 'brand' | 'scores',
  /** The search's conditions on the post `p` (store/search.ts), tested after the others. */
  onPost: readonly string[] = [],
  brandParam = 'brand',
): string {
  const { key, index, complaintIndex } = SORTS[sort];
  const where: string[] = [];
  let from: string;
  // The table whose copies the date, severity and sort key are read from: the walked one.
  let t = 's';
  if (driver === 'text') {
    // CROSS JOIN fixes the join order: from the bounded candidates to their posts, never a
    // walk of a sort index testing each post against the match. scores_post_sort holds every
    // sort key and filter copy: left to itself the planner reads each candidate's scores row
    // (three JSON blobs) through the primary key instead.
    from = `(SELECT rowid AS r FROM posts_search WHERE posts_search MATCH @match
        ORDER BY rowid DESC LIMIT ${FTS_CANDIDATES}) f
      CROSS JOIN posts p ON p.fts_rowid = f.r
      CROSS JOIN scores s INDEXED BY scores_post_sort ON s.post_id = p.id`;
    // Any mention; target narrows to posts whose complaint is aimed at the brand.
    if (q.brand !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM brand_mentions m WHERE m.post_id = s.post_id
        AND m.brand_id = @brand${q.target === undefined ? '' : ' AND m.target = @target'})`);
    }
  } else if (driver === 'brand') {
    // CROSS JOIN: the brand's index drives; scores_post_sort then gives the other copies.
    from = `brand_mentions bm INDEXED BY ${BRAND_INDEX[sort]}
      CROSS JOIN scores s ON s.post_id = bm.post_id`;
    where.push(`bm.brand_id = @${brandParam}`);
    if (q.target !== undefined) where.push('bm.target = @target');
    t = 'bm';
  } else {
    from = `scores s INDEXED BY ${q.complaint === undefined ? index : complaintIndex}`;
  }
  if (q.brand !== undefined) params.brand = q.brand;
  if (q.target !== undefined) params.target = q.target ? 1 : 0;
  const order = { key: `${t}.${key}`, id: `${t}.post_id` };
  // Each filter, with the column it reads: the walked index holds them all but the last two.
  const tests: [unknown, string, string, unknown][] = [
    [q.complaint, 'complaint', 's.complaint = @complaint', q.complaint ? 1 : 0],
    [q.since, 'since', `${t}.at >= @since`, q.since],
    [q.until, 'until', `${t}.at < @until`, q.until],
    [q.minSeverity, 'minSeverity', `${t}.severity >= @minSeverity`, q.minSeverity],
    [q.lang, 'lang', 's.lang = @lang', q.lang],
    [q.source, 'source', 's.source_id = @source', q.source],
    [q.sentiment, 'sentiment', 's.sentiment = @sentiment', q.sentiment],
    // These read other rows, by key: last, so that the index's own columns reject first.
    [
      q.category,
      'category',
      `EXISTS (SELECT 1 FROM analyses a, json_each(a.categories_json) c
        WHERE a.post_id = s.post_id AND c.value = @category)`,
      q.category,
    ],
    [
      q.brands,
      'allowed',
      `EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = s.post_id
        AND k.brand_id IN (SELECT value FROM json_each(@allowed)))`,
      JSON.stringify(q.brands),
    ],
  ];
  for (const [given, name, sql, value] of tests) {
    if (given === undefined) continue;
    where.push(sql);
    params[name] = value;
  }
  // The team's workflow (store/workflow.ts), by key: last, as the other rows above.
  where.push(...workflowConditions(q, 's.post_id', params));
  if (onPost.length > 0) {
    // By key, after every test on the walked index's own columns.
    if (driver !== 'text') from += ' CROSS JOIN posts p ON p.id = s.post_id';
    where.push(...onPost);
  }
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, sort);
    // Row values keep the index range scan: everything strictly after the last row seen.
    where.push(`(${order.key}, ${order.id}) < (@cursorKey, @cursorId)`);
    params.cursorKey = c.key;
    params.cursorId = c.id;
  }
  return `SELECT ${order.id} AS pid, ${order.key} AS sort_key, ${order.id} AS tie
      FROM ${from}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order.key} DESC, ${order.id} DESC
      LIMIT @limit`;
}

/**
 * A reader key's brands as the narrowest list: its one brand becomes `brand` (that brand's
 * index slice, instead of testing every post for a mention of it), and a `brand` it may see
 * makes the scope redundant. Null: nothing can match.
 */
function narrowBrands(q: PostQuery): PostQuery | null {
  if (q.brands === undefined) return q;
  const { brands, ...rest } = q;
  if (q.brand !== undefined) return brands.includes(q.brand) ? rest : null;
  if (brands.length === 0) return null;
  return brands.length === 1 ? { ...rest, brand: brands[0]! } : q;
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
    workflow: toWorkflow(r),
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
