// The row writers of the store's write side, and their prepared statements: prepared once per
// connection, not once per batch (a crawl saves one batch per source, and preparing a dozen
// statements cost as much as writing a small feed).
import { createHash } from 'node:crypto';
import type { Analysis, BrandMention, IngestedPost, Scores } from '../types.ts';
import type { Db } from './open.ts';

function prepare(db: Db) {
  return {
    // One lookup tells new from unchanged from edited: the stored hash, every model version
    // that analysed the post, and the scoring version of its scores.
    existing: db.prepare<
      [string],
      {
        content_hash: string;
        model_version: string | null;
        cluster_id: string | null;
        scoring_version: string | null;
      }
    >(`
      SELECT p.content_hash, a.model_version, p.cluster_id, s.scoring_version
      FROM posts p LEFT JOIN analyses a ON a.post_id = p.id
        LEFT JOIN scores s ON s.post_id = p.id
      WHERE p.id = ?`),
    nextRowid: db.prepare<[], { n: number }>(
      'SELECT COALESCE(MAX(fts_rowid), 0) + 1 AS n FROM posts',
    ),
    insertPost: db.prepare(`
      INSERT INTO posts (id, fts_rowid, source_id, guid, url, dedup_key, title, text, author,
        published_at, fetched_at, updated_at, lang, lang_confidence, categories_json, comments,
        replies, views, position, parent_id, content_hash, malformed, cluster_id)
      VALUES (@id, @ftsRowid, @sourceId, @guid, @url, @dedupKey, @title, @text, @author,
        @publishedAt, @fetchedAt, @fetchedAt, @lang, @langConfidence, @categories, @comments,
        @replies, @views, @position, @parentId, @contentHash, @malformed, @clusterId)`),
    setCluster: db.prepare('UPDATE posts SET cluster_id = ? WHERE id = ?'),
    updatePost: db.prepare(`
      UPDATE posts SET guid = @guid, url = @url, title = @title, text = @text, author = @author,
        published_at = @publishedAt, updated_at = @fetchedAt, lang = @lang,
        lang_confidence = @langConfidence, categories_json = @categories, comments = @comments,
        replies = @replies, views = @views, position = @position, parent_id = @parentId,
        content_hash = @contentHash, malformed = @malformed, cluster_id = @clusterId
      WHERE id = @id`),
    deleteAnalyses: db.prepare('DELETE FROM analyses WHERE post_id = ?'),
    deleteMentions: db.prepare('DELETE FROM brand_mentions WHERE post_id = ?'),
    insertAnalysis: db.prepare(`
      INSERT INTO analyses (post_id, model_version, sentiment, sentiment_score, complaint,
        complaint_confidence, resolved, severity, categories_json, grievances_json, acts_json,
        evidence_json, analysed_at)
      VALUES (@postId, @modelVersion, @sentiment, @sentimentScore, @complaint,
        @complaintConfidence, @resolved, @severity, @categories, @grievances, @acts, @evidence,
        @at)`),
    insertMention: db.prepare(`
      INSERT INTO brand_mentions (post_id, brand_id, target, confidence, sentiment, count,
        reasons_json, spans_json, rank, at, complaint, severity, reach)
      VALUES (@postId, @brandId, @target, @confidence, @sentiment, @count, @reasons, @spans,
        @rank, (SELECT COALESCE(published_at, fetched_at) FROM posts WHERE id = @postId),
        @complaint, @severity, @reach)
      ON CONFLICT (post_id, brand_id) DO NOTHING`),
    // Scores are written last, after the post and its analysis: the copies of the filters
    // that the sort indexes cover (migration 7) are read from those rows here, so that every
    // writer (crawl, import, rescore, reanalysis) keeps them equal to their source.
    upsertScores: db.prepare(`
      INSERT INTO scores (post_id, severity, severity_json, reach, reach_json, priority,
        priority_json, rank, scoring_version, scored_at, at, source_id, lang, complaint,
        sentiment)
      SELECT @postId, @severity, @severityJson, @reach, @reachJson, @priority, @priorityJson,
        @rank, @version, @at, COALESCE(p.published_at, p.fetched_at), p.source_id, p.lang,
        (SELECT a.complaint FROM analyses a WHERE a.post_id = p.id
          ORDER BY a.analysed_at DESC LIMIT 1),
        (SELECT a.sentiment FROM analyses a WHERE a.post_id = p.id
          ORDER BY a.analysed_at DESC LIMIT 1)
      FROM posts p WHERE p.id = @postId
      ON CONFLICT (post_id) DO UPDATE SET severity = excluded.severity,
        severity_json = excluded.severity_json, reach = excluded.reach,
        reach_json = excluded.reach_json, priority = excluded.priority,
        priority_json = excluded.priority_json, rank = excluded.rank,
        scoring_version = excluded.scoring_version, scored_at = excluded.scored_at,
        at = excluded.at, source_id = excluded.source_id, lang = excluded.lang,
        complaint = excluded.complaint, sentiment = excluded.sentiment`),
  };
}

export type Statements = ReturnType<typeof prepare>;

const cache = new WeakMap<Db, Statements>();

/** The write statements of this connection, prepared on first use. */
export function statements(db: Db): Statements {
  let st = cache.get(db);
  if (!st) {
    st = prepare(db);
    cache.set(db, st);
  }
  return st;
}

/** The time-invariant ordering key that priority.ts puts among its components. */
export function rankOf(scores: Scores): number {
  const r = scores.priority.components.rank;
  return typeof r === 'number' && Number.isFinite(r) ? r : scores.priority.value;
}

/** A post's id: stable for a (source, dedup key), so a re-crawl finds the same row. */
export function postId(sourceId: string, dedupKey: string): string {
  return createHash('sha256').update(`${sourceId}\n${dedupKey}`).digest('hex').slice(0, 16);
}

/** What counts as an edit: the words a reader sees. Engagement counts are not content. */
export function contentHash(post: Pick<IngestedPost, 'title' | 'text'>): string {
  return createHash('sha256')
    .update(`${post.title ?? ''}\n${post.text}`)
    .digest('hex');
}

/** What savePosts takes: a processed post (src/process.ts Processed fits). */
export interface SaveItem {
  post: IngestedPost;
  analysis: Analysis;
  scores: Scores;
  /** Syndication key (src/ingest/cluster-key.ts): posts sharing it share a cluster id. */
  clusterKey?: string | null;
}

/**
 * A SaveItem as the writer's statements take it: ids, content hash and every JSON column
 * already computed. A bulk ingest's workers build these (prepareItem), so the one writer
 * thread neither hashes nor stringifies, and a message carries flat rows of strings and
 * numbers, cheaper to clone than the nested analysis (bench e2e). Only `at` and the
 * full-text rowid are left to the writer.
 */
export interface PreparedItem {
  post: ReturnType<typeof postParams>;
  analysis: ReturnType<typeof analysisParams>;
  mentions: ReturnType<typeof mentionParams>[];
  scores: ReturnType<typeof scoreParams>;
  modelVersion: string;
  scoringVersion: string;
}

/**
 * Everything the writer stores of a processed post, for the source it is saved under.
 * `known`: its id and content hash when the caller has them already.
 */
export function prepareItem(
  sourceId: string,
  item: SaveItem,
  known?: { id: string; hash: string },
): PreparedItem {
  const { post, analysis, scores, clusterKey = null } = item;
  const id = known?.id ?? postId(sourceId, post.dedupKey);
  const hash = known?.hash ?? contentHash(post);
  return {
    post: postParams(sourceId, id, post, analysis, hash, clusterKey),
    analysis: analysisParams(id, analysis, scores),
    mentions: analysis.brands.map((m) => mentionParams(id, analysis, m, scores)),
    scores: scoreParams(id, scores),
    modelVersion: analysis.modelVersion,
    scoringVersion: scores.priority.version,
  };
}

/** A post as the named parameters of the posts table's insert and update. */
function postParams(
  sourceId: string,
  id: string,
  post: IngestedPost,
  analysis: Analysis,
  hash: string,
  clusterKey: string | null,
) {
  return {
    id,
    sourceId,
    guid: post.guid,
    url: post.url,
    dedupKey: post.dedupKey,
    title: post.title,
    text: post.text,
    author: post.author,
    publishedAt: post.publishedAt,
    fetchedAt: post.fetchedAt,
    lang: analysis.lang,
    langConfidence: analysis.langConfidence,
    categories: JSON.stringify(post.categories),
    comments: post.engagement.comments,
    replies: post.engagement.replies,
    views: post.engagement.views,
    position: post.engagement.position,
    // Ids derive from (source, key), so the parent's id is known even before it is saved.
    parentId: post.parentKey === null ? null : postId(sourceId, post.parentKey),
    contentHash: hash,
    malformed: post.malformed ? 1 : 0,
    clusterId: clusterKey,
  };
}

function analysisParams(postId: string, a: Analysis, scores: Scores) {
  return {
    postId,
    modelVersion: a.modelVersion,
    sentiment: a.sentiment,
    sentimentScore: a.sentimentScore,
    complaint: a.complaint ? 1 : 0,
    complaintConfidence: a.complaintConfidence,
    resolved: a.resolved ? 1 : 0,
    severity: scores.severity.value,
    categories: JSON.stringify(a.categories),
    grievances: JSON.stringify(a.grievances),
    acts: JSON.stringify(a.acts),
    evidence: JSON.stringify(a.evidence),
  };
}

function mentionParams(postId: string, a: Analysis, m: BrandMention, scores: Scores) {
  return {
    postId,
    brandId: m.id,
    target: m.target ? 1 : 0,
    confidence: m.confidence,
    sentiment: m.sentiment,
    count: m.count,
    reasons: JSON.stringify(m.reasons),
    spans: JSON.stringify(m.spans),
    rank: rankOf(scores),
    complaint: a.complaint && m.target ? 1 : 0,
    severity: scores.severity.value,
    reach: scores.reach.value,
  };
}

function scoreParams(postId: string, scores: Scores) {
  return {
    postId,
    severity: scores.severity.value,
    severityJson: JSON.stringify(scores.severity),
    reach: scores.reach.value,
    reachJson: JSON.stringify(scores.reach),
    priority: scores.priority.value,
    priorityJson: JSON.stringify(scores.priority),
    rank: rankOf(scores),
    version: scores.priority.version,
  };
}

/** Writes a prepared post's analysis, brand mentions and scores (its post row is written). */
export function writePrepared(st: Statements, p: PreparedItem, at: string) {
  st.insertAnalysis.run({ ...p.analysis, at });
  for (const m of p.mentions) st.insertMention.run(m);
  st.upsertScores.run({ ...p.scores, at });
}

export function writeAnalysis(
  st: Statements,
  postId: string,
  a: Analysis,
  scores: Scores,
  at: string,
) {
  st.insertAnalysis.run({ ...analysisParams(postId, a, scores), at });
  for (const m of a.brands) st.insertMention.run(mentionParams(postId, a, m, scores));
  writeScores(st, postId, scores, at);
}

export function writeScores(st: Statements, postId: string, scores: Scores, at: string) {
  st.upsertScores.run({ ...scoreParams(postId, scores), at });
}
