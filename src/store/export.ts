// The export's read side: every (post × mentioned brand) row with the filters of /v1/posts, in a
// stable order, a page of posts at a time. Keyset pages (post id > last id seen) rather than one
// long iterator: between two pages the connection is free, so the API can stream an export
// while other requests (even writes) use the same connection, and memory stays one page deep.
import type { Sentiment } from '../types.ts';
import type { Db } from './open.ts';
import type { PostQuery } from './read.ts';
import { searchConditions } from './search.ts';
import { workflowConditions } from './workflow.ts';

export type ExportFilter = Omit<PostQuery, 'sort' | 'limit' | 'cursor'> & {
  sentiment?: Sentiment;
  /** Only these brands' rows (an API key's scope); intersected with `brand`. */
  brands?: string[];
};

/** One export row as stored: JSON columns stay JSON text, flags stay 0/1. */
export interface ExportRecord {
  post_id: string;
  source_id: string;
  url: string | null;
  published_at: string | null;
  fetched_at: string;
  lang: string | null;
  title: string | null;
  text: string;
  author: string | null;
  parent_id: string | null;
  cluster_id: string | null;
  brand_id: string | null;
  target: number | null;
  brand_sentiment: string | null;
  brand_confidence: number | null;
  brand_spans_json: string | null;
  model_version: string | null;
  sentiment: string | null;
  sentiment_score: number | null;
  complaint: number | null;
  complaint_confidence: number | null;
  resolved: number | null;
  categories_json: string | null;
  acts_json: string | null;
  evidence_json: string | null;
  severity: number | null;
  reach: number | null;
  priority: number | null;
  severity_json: string | null;
  reach_json: string | null;
  priority_json: string | null;
  scoring_version: string | null;
  feedback_json: string | null;
}

// The feedback table belongs to the API's migration; read it when it is there, so an export
// works on any schema version, and only its label columns (not who gave it, not free notes).
// The latest feedback is the last inserted: feedback_post(post_id, id) serves that order.
const FEEDBACK_LABELS = ['sentiment', 'complaint', 'target', 'created_at'];

function feedbackSql(db: Db): string {
  const cols = db
    .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('feedback')")
    .all()
    .map((c) => c.name);
  if (!cols.includes('post_id')) return 'NULL';
  const labels = FEEDBACK_LABELS.filter((c) => cols.includes(c));
  if (labels.length === 0) return 'NULL';
  // complaint is stored 0/1: give it as a JSON boolean, like the export's own complaint.
  // target '' is the answer "no brand is aimed at" (feedback.ts): null, as the API gives it.
  const value = (c: string) =>
    c === 'complaint'
      ? "json(CASE f.complaint WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'null' END)"
      : c === 'target'
        ? "NULLIF(f.target, '')"
        : `f.${c}`;
  const pairs = labels.map((c) => `'${c}', ${value(c)}`).join(', ');
  return `(SELECT json_object(${pairs}) FROM feedback f WHERE f.post_id = p.id
    ORDER BY f.rowid DESC LIMIT 1)`;
}

interface Compiled {
  /** Rows of posts in (@after, @upto], and of every post after @after (the last page). */
  bounded: string;
  unbounded: string;
  /** How many rows there are after @after. */
  count: string;
  params: Record<string, unknown>;
  empty: boolean;
}

function compile(db: Db, f: ExportFilter): Compiled {
  const where: string[] = ['p.id > @after'];
  const params: Record<string, unknown> = {};
  const none: Compiled = { bounded: '', unbounded: '', count: '', params, empty: true };
  let brands: string[] | null = f.brands ? [...f.brands] : null;
  if (f.brand !== undefined) brands = brands ? brands.filter((b) => b === f.brand) : [f.brand];
  if (brands && brands.length === 0) return none;
  let mentionOn = 'm.post_id = p.id';
  if (brands) {
    // An inner join: a post is exported with the rows of the brands asked for, or not at all.
    mentionOn += ' AND m.brand_id IN (SELECT value FROM json_each(@brands))';
    params.brands = JSON.stringify(brands);
    if (f.target !== undefined) {
      mentionOn += ' AND m.target = @target';
      params.target = f.target ? 1 : 0;
    }
  }
  if (f.since !== undefined) {
    where.push('COALESCE(p.published_at, p.fetched_at) >= @since');
    params.since = f.since;
  }
  if (f.until !== undefined) {
    where.push('COALESCE(p.published_at, p.fetched_at) < @until');
    params.until = f.until;
  }
  if (f.minSeverity !== undefined) {
    where.push('s.severity >= @minSeverity');
    params.minSeverity = f.minSeverity;
  }
  if (f.complaint !== undefined) {
    where.push('a.complaint = @complaint');
    params.complaint = f.complaint ? 1 : 0;
  }
  if (f.sentiment !== undefined) {
    where.push('a.sentiment = @sentiment');
    params.sentiment = f.sentiment;
  }
  if (f.lang !== undefined) {
    where.push('p.lang = @lang');
    params.lang = f.lang;
  }
  if (f.source !== undefined) {
    where.push('p.source_id = @source');
    params.source = f.source;
  }
  if (f.category !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(a.categories_json) c WHERE c.value = @category)');
    params.category = f.category;
  }
  // The team's workflow, as /v1/posts filters it (read.ts).
  where.push(...workflowConditions(f, 'p.id', params));
  if (f.q !== undefined) {
    const search = searchConditions(f.q);
    where.push(...search.where);
    Object.assign(params, search.params);
  }
  // A key's scope also hides a parent post that mentions none of its brands: the parent's id
  // would name a post that the key gets a 404 for (the same rule as GET /v1/posts/:id).
  let parent = 'p.parent_id';
  if (f.brands) {
    parent = `CASE WHEN EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = p.parent_id
      AND k.brand_id IN (SELECT value FROM json_each(@scope))) THEN p.parent_id END`;
    params.scope = JSON.stringify(f.brands);
  }
  // Only scored posts are exported, as only they are listed by /v1/posts. A post has one
  // analysis (write.ts replaces it on re-analysis), as listPosts also assumes.
  const joins = `posts p JOIN scores s ON s.post_id = p.id
      LEFT JOIN analyses a ON a.post_id = p.id
      ${brands ? 'JOIN' : 'LEFT JOIN'} brand_mentions m ON ${mentionOn}`;
  const sql = (bounded: boolean) => `
    SELECT p.id AS post_id, p.source_id, p.url, p.published_at, p.fetched_at, p.lang, p.title,
      p.text, p.author, ${parent} AS parent_id, p.cluster_id,
      m.brand_id, m.target, m.sentiment AS brand_sentiment, m.confidence AS brand_confidence,
      m.spans_json AS brand_spans_json,
      a.model_version, a.sentiment, a.sentiment_score, a.complaint, a.complaint_confidence,
      a.resolved, a.categories_json, a.acts_json, a.evidence_json,
      s.severity, s.reach, s.priority, s.severity_json, s.reach_json, s.priority_json,
      s.scoring_version, ${feedbackSql(db)} AS feedback_json
    FROM ${joins}
    WHERE ${[...where, ...(bounded ? ['p.id <= @upto'] : [])].join(' AND ')}
    ORDER BY p.id, m.brand_id`;
  const count = `SELECT COUNT(*) AS n FROM ${joins} WHERE ${where.join(' AND ')}`;
  return { bounded: sql(true), unbounded: sql(false), count, params, empty: false };
}

/** How many rows exportPages gives for this filter: the total of `grogne export`'s progress. */
export function countExportRows(db: Db, filter: ExportFilter): number {
  const c = compile(db, filter);
  if (c.empty) return 0;
  return db
    .prepare<[Record<string, unknown>], { n: number }>(c.count)
    .get({ ...c.params, after: '' })!.n;
}

/**
 * Pages of export rows ordered by (post id, brand id): a unique key, so the same database and
 * filter always give the same rows in the same order. A post that mentions no brand gives one
 * row with a null brand (unless brands are filtered). A page covers the next `pageSize` posts
 * by id (250 by default: small pages keep garbage young and cheap to collect; fewer rows when filters drop some; maybe none) and is read with `.iterate()` to its
 * end before it is handed out: a range scan of the posts index, no sort of the whole page.
 */
export function* exportPages(
  db: Db,
  filter: ExportFilter,
  pageSize = 250,
): Generator<ExportRecord[]> {
  const c = compile(db, filter);
  if (c.empty) return;
  const bound = db.prepare<[{ after: string; skip: number }], { id: string }>(
    'SELECT id FROM posts WHERE id > @after ORDER BY id LIMIT 1 OFFSET @skip',
  );
  const bounded = db.prepare<[Record<string, unknown>], ExportRecord>(c.bounded);
  const unbounded = db.prepare<[Record<string, unknown>], ExportRecord>(c.unbounded);
  let after = '';
  for (;;) {
    const upto = bound.get({ after, skip: Math.max(1, pageSize) - 1 })?.id;
    const rows: ExportRecord[] = [];
    const it = upto
      ? bounded.iterate({ ...c.params, after, upto })
      : unbounded.iterate({ ...c.params, after });
    for (const r of it) rows.push(r);
    if (rows.length > 0) yield rows;
    if (!upto) return;
    after = upto;
  }
}
