// One post with everything known about it: text, analysis and evidence, brands, scores, thread.
import type { Evidence, Explained, Grievance, Sentiment } from '../types.ts';
import type { Db } from './open.ts';

export interface PostDetail {
  id: string;
  source: { id: string; name: string | null; kind: string };
  guid: string | null;
  url: string | null;
  dedupKey: string;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  updatedAt: string;
  lang: string | null;
  langConfidence: number | null;
  /** Categories the feed itself gave the item. */
  feedCategories: string[];
  engagement: {
    comments: number | null;
    replies: number | null;
    views: number | null;
    position: number | null;
  };
  malformed: boolean;
  analysis: {
    modelVersion: string;
    sentiment: Sentiment;
    sentimentScore: number;
    complaint: boolean;
    complaintConfidence: number;
    resolved: boolean;
    categories: string[];
    grievances: Grievance[];
    acts: string[];
    evidence: Evidence[];
    analysedAt: string;
  } | null;
  brands: {
    id: string;
    name: string | null;
    target: boolean;
    confidence: number;
    sentiment: Sentiment;
    count: number;
    reasons: string[];
    spans: Evidence[];
  }[];
  scores: {
    severity: Explained;
    reach: Explained;
    priority: Explained;
    rank: number;
    scoringVersion: string;
    scoredAt: string;
  } | null;
  parentId: string | null;
  childIds: string[];
  /** Syndicated copies: other posts sharing this post's cluster id. */
  clusterId: string | null;
  cluster: { id: string; source: string; url: string | null; title: string | null }[];
}

interface PostRow {
  id: string;
  source_id: string;
  source_name: string | null;
  source_kind: string;
  guid: string | null;
  url: string | null;
  dedup_key: string;
  title: string | null;
  text: string;
  author: string | null;
  published_at: string | null;
  fetched_at: string;
  updated_at: string;
  lang: string | null;
  lang_confidence: number | null;
  categories_json: string;
  comments: number | null;
  replies: number | null;
  views: number | null;
  position: number | null;
  malformed: number;
  stored_parent_id: string | null;
  cluster_id: string | null;
}

interface AnalysisRow {
  model_version: string;
  sentiment: Sentiment;
  sentiment_score: number;
  complaint: number;
  complaint_confidence: number;
  resolved: number;
  categories_json: string;
  grievances_json: string;
  acts_json: string;
  evidence_json: string;
  analysed_at: string;
}

interface MentionRow {
  brand_id: string;
  name: string | null;
  target: number;
  confidence: number;
  sentiment: Sentiment;
  count: number;
  reasons_json: string;
  spans_json: string;
}

interface ScoresRow {
  severity_json: string;
  reach_json: string;
  priority_json: string;
  rank: number;
  scoring_version: string;
  scored_at: string;
}

const json = <T>(text: string): T => JSON.parse(text) as T;

type ClusterMember = PostDetail['cluster'][number];

// A post the scope lets through: one that mentions a brand of @brands. Empty without a scope.
function scopeClause(alias: string, brands: readonly string[] | undefined): string {
  return brands === undefined
    ? ''
    : `AND EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = ${alias}.id
         AND k.brand_id IN (SELECT value FROM json_each(@brands)))`;
}

const scopeParams = (brands: readonly string[] | undefined): Record<string, string> =>
  brands === undefined ? {} : { brands: JSON.stringify(brands) };

// The other posts of a syndication cluster, limited to those mentioning one of `brands`.
function clusterOf(
  db: Db,
  clusterId: string,
  id: string,
  brands: readonly string[] | undefined,
): ClusterMember[] {
  return db
    .prepare<Record<string, string>, ClusterMember>(`
      SELECT id, source_id AS source, url, title FROM posts
      WHERE cluster_id = @clusterId AND id != @id ${scopeClause('posts', brands)}
      ORDER BY COALESCE(published_at, fetched_at), id`)
    .all({ clusterId, id, ...scopeParams(brands) });
}

export interface GetPostOptions {
  /**
   * A reader key's brands: every other post the detail names (syndicated copies in
   * `cluster`, the thread's `parentId` and `childIds`) is left out when it mentions none of
   * them, as the API would answer 404 for it. Undefined: all of them.
   */
  brands?: readonly string[];
}

/** The post with this id, or null. */
export function getPost(db: Db, id: string, opts: GetPostOptions = {}): PostDetail | null {
  const p = db
    .prepare<Record<string, string>, PostRow>(`
      SELECT p.*, s.name AS source_name, s.kind AS source_kind,
        (SELECT parent.id FROM posts parent WHERE parent.id = p.parent_id
          ${scopeClause('parent', opts.brands)}) AS stored_parent_id
      FROM posts p JOIN sources s ON s.id = p.source_id
      WHERE p.id = @id`)
    .get({ id, ...scopeParams(opts.brands) });
  if (!p) return null;
  const a = db
    .prepare<[string], AnalysisRow>(
      'SELECT * FROM analyses WHERE post_id = ? ORDER BY analysed_at DESC LIMIT 1',
    )
    .get(id);
  const mentions = db
    .prepare<[string], MentionRow>(`
      SELECT m.*, b.name FROM brand_mentions m LEFT JOIN brands b ON b.id = m.brand_id
      WHERE m.post_id = ? ORDER BY m.target DESC, m.confidence DESC, m.brand_id`)
    .all(id);
  const s = db.prepare<[string], ScoresRow>('SELECT * FROM scores WHERE post_id = ?').get(id);
  const children = db
    .prepare<Record<string, string>, { id: string }>(`
      SELECT id FROM posts WHERE parent_id = @id ${scopeClause('posts', opts.brands)}
      ORDER BY position, published_at, id`)
    .all({ id, ...scopeParams(opts.brands) });
  const cluster = p.cluster_id === null ? [] : clusterOf(db, p.cluster_id, id, opts.brands);
  return {
    id: p.id,
    source: { id: p.source_id, name: p.source_name, kind: p.source_kind },
    guid: p.guid,
    url: p.url,
    dedupKey: p.dedup_key,
    title: p.title,
    text: p.text,
    author: p.author,
    publishedAt: p.published_at,
    fetchedAt: p.fetched_at,
    updatedAt: p.updated_at,
    lang: p.lang,
    langConfidence: p.lang_confidence,
    feedCategories: json<string[]>(p.categories_json),
    engagement: {
      comments: p.comments,
      replies: p.replies,
      views: p.views,
      position: p.position,
    },
    malformed: p.malformed === 1,
    analysis: a
      ? {
          modelVersion: a.model_version,
          sentiment: a.sentiment,
          sentimentScore: a.sentiment_score,
          complaint: a.complaint === 1,
          complaintConfidence: a.complaint_confidence,
          resolved: a.resolved === 1,
          categories: json<string[]>(a.categories_json),
          grievances: json<Grievance[]>(a.grievances_json),
          acts: json<string[]>(a.acts_json),
          evidence: json<Evidence[]>(a.evidence_json),
          analysedAt: a.analysed_at,
        }
      : null,
    brands: mentions.map((m) => ({
      id: m.brand_id,
      name: m.name,
      target: m.target === 1,
      confidence: m.confidence,
      sentiment: m.sentiment,
      count: m.count,
      reasons: json<string[]>(m.reasons_json),
      spans: json<Evidence[]>(m.spans_json),
    })),
    scores: s
      ? {
          severity: json<Explained>(s.severity_json),
          reach: json<Explained>(s.reach_json),
          priority: json<Explained>(s.priority_json),
          rank: s.rank,
          scoringVersion: s.scoring_version,
          scoredAt: s.scored_at,
        }
      : null,
    // Only a parent that was stored (a reply's parent may not have been crawled) and that the
    // scope lets through.
    parentId: p.stored_parent_id,
    childIds: children.map((c) => c.id),
    clusterId: p.cluster_id,
    cluster,
  };
}
