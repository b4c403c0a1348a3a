// The write side of the store: mirrors the configuration and saves crawled, analysed posts.
import { createHash } from 'node:crypto';
import type { BrandConfig, SourceConfig } from '../config.ts';
import type { Analysis, IngestedPost, Scores } from '../types.ts';
import type { Db } from './open.ts';

// The fetch state moved to its own file; re-exported for the callers of write.ts.
export { type FetchRecord, recordFetch, resumeSource, unchangedKey } from './fetch-state.ts';

export interface SaveItem {
  post: IngestedPost;
  analysis: Analysis;
  scores: Scores;
  /** Syndication key (src/ingest/cluster-key.ts): posts sharing it share a cluster id. */
  clusterKey?: string | null;
}

export interface SaveResult {
  new: number;
  updated: number;
  unchanged: number;
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

/** A source's settings as the named parameters of the sources table's upserts. */
export function sourceParams(s: SourceConfig, at: string) {
  return {
    id: s.id,
    kind: s.kind,
    url: s.url ?? null,
    file: s.file ?? null,
    name: s.name ?? null,
    audience: s.audience ?? null,
    interval: s.interval,
    enabled: s.enabled ? 1 : 0,
    at,
  };
}

/** Inserts or updates sources from config, keeping their fetch state; absent ones are disabled. */
export function syncSources(db: Db, sources: SourceConfig[], now: () => Date = () => new Date()) {
  const upsert = db.prepare(`
    INSERT INTO sources (id, kind, url, file, name, audience, interval_s, enabled, created_at)
    VALUES (@id, @kind, @url, @file, @name, @audience, @interval, @enabled, @at)
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, url = excluded.url,
      file = excluded.file, name = excluded.name, audience = excluded.audience,
      interval_s = excluded.interval_s, enabled = excluded.enabled`);
  const disableOthers = db.prepare(`
    UPDATE sources SET enabled = 0
    WHERE enabled = 1 AND origin = 'config' AND id NOT IN (SELECT value FROM json_each(?))`);
  db.transaction(() => {
    const createdAt = now().toISOString();
    for (const s of sources) {
      upsert.run(sourceParams(s, createdAt));
    }
    // Disabled, not deleted: their posts stay searchable and come back if re-enabled.
    disableOthers.run(JSON.stringify(sources.map((s) => s.id)));
  })();
}

/** Inserts or updates brands from config. Removed brands stay, as their mentions do. */
export function syncBrands(db: Db, brands: BrandConfig[]) {
  const upsert = db.prepare(`
    INSERT INTO brands (id, name, config_json) VALUES (?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, config_json = excluded.config_json`);
  db.transaction(() => {
    for (const b of brands) upsert.run(b.id, b.name, JSON.stringify(b));
  })();
}

function statements(db: Db) {
  return {
    existing: db.prepare<
      [string],
      { content_hash: string; model_version: string | null; cluster_id: string | null }
    >(`
      SELECT p.content_hash, a.model_version, p.cluster_id
      FROM posts p LEFT JOIN analyses a ON a.post_id = p.id
      WHERE p.id = ?`),
    scoringVersion: db.prepare<[string], { scoring_version: string }>(
      'SELECT scoring_version FROM scores WHERE post_id = ?',
    ),
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
        reasons_json, spans_json, rank, at, complaint, severity)
      VALUES (@postId, @brandId, @target, @confidence, @sentiment, @count, @reasons, @spans,
        @rank, (SELECT COALESCE(published_at, fetched_at) FROM posts WHERE id = @postId),
        @complaint, @severity)
      ON CONFLICT (post_id, brand_id) DO NOTHING`),
    upsertScores: db.prepare(`
      INSERT INTO scores (post_id, severity, severity_json, reach, reach_json, priority,
        priority_json, rank, scoring_version, scored_at)
      VALUES (@postId, @severity, @severityJson, @reach, @reachJson, @priority, @priorityJson,
        @rank, @version, @at)
      ON CONFLICT (post_id) DO UPDATE SET severity = excluded.severity,
        severity_json = excluded.severity_json, reach = excluded.reach,
        reach_json = excluded.reach_json, priority = excluded.priority,
        priority_json = excluded.priority_json, rank = excluded.rank,
        scoring_version = excluded.scoring_version, scored_at = excluded.scored_at`),
  };
}

/** The time-invariant ordering key that priority.ts puts among its components. */
function rankOf(scores: Scores): number {
  const r = scores.priority.components.rank;
  return typeof r === 'number' && Number.isFinite(r) ? r : scores.priority.value;
}

/**
 * Saves one source's batch in ONE transaction, so a crash mid-crawl leaves whole posts or none.
 * Upserts by (source, dedup key): the same content is left untouched (unless a newer model or
 * scoring version analysed it); edited content is updated in place and its analysis, mentions
 * and scores replaced.
 */
export function savePosts(
  db: Db,
  sourceId: string,
  items: SaveItem[],
  now: () => Date = () => new Date(),
): SaveResult {
  const st = statements(db);
  const at = now().toISOString();
  const result: SaveResult = { new: 0, updated: 0, unchanged: 0 };
  db.transaction(() => {
    for (const { post, analysis, scores, clusterKey = null } of items) {
      const id = postId(sourceId, post.dedupKey);
      const hash = contentHash(post);
      const before = st.existing.all(id);
      if (before.length > 0) {
        const sameContent = before[0]!.content_hash === hash;
        const sameModel = before.some((b) => b.model_version === analysis.modelVersion);
        const sameScoring = st.scoringVersion.get(id)?.scoring_version === scores.priority.version;
        if (sameContent && sameModel && sameScoring) {
          // Rows stored before clustering existed get their key on the next crawl.
          if (before[0]!.cluster_id !== clusterKey) st.setCluster.run(clusterKey, id);
          result.unchanged++;
          continue;
        }
      }
      const row = {
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
      if (before.length === 0) {
        st.insertPost.run({ ...row, ftsRowid: st.nextRowid.get()!.n });
        result.new++;
      } else {
        st.updatePost.run(row);
        st.deleteAnalyses.run(id);
        st.deleteMentions.run(id);
        result.updated++;
      }
      writeAnalysis(st, id, analysis, scores, at);
    }
  })();
  return result;
}

/**
 * Replaces the analysis (when given) and the scores of stored posts, in one transaction:
 * what `grogne rescore` writes. Posts are left as they are.
 */
export function replaceScores(
  db: Db,
  items: { postId: string; analysis: Analysis; scores: Scores; reanalysed: boolean }[],
  now: () => Date = () => new Date(),
): void {
  const st = statements(db);
  const at = now().toISOString();
  const mentionScores = db.prepare(
    'UPDATE brand_mentions SET rank = @rank, severity = @severity WHERE post_id = @postId',
  );
  const postLang = db.prepare('UPDATE posts SET lang = ?, lang_confidence = ? WHERE id = ?');
  db.transaction(() => {
    for (const { postId: id, analysis, scores, reanalysed } of items) {
      if (reanalysed) {
        postLang.run(analysis.lang, analysis.langConfidence, id);
        st.deleteAnalyses.run(id);
        st.deleteMentions.run(id);
        writeAnalysis(st, id, analysis, scores, at);
        continue;
      }
      writeScores(st, id, scores, at);
      mentionScores.run({ postId: id, rank: rankOf(scores), severity: scores.severity.value });
    }
  })();
}

function writeAnalysis(
  st: ReturnType<typeof statements>,
  postId: string,
  a: Analysis,
  scores: Scores,
  at: string,
) {
  const rank = rankOf(scores);
  st.insertAnalysis.run({
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
    at,
  });
  for (const m of a.brands) {
    st.insertMention.run({
      postId,
      brandId: m.id,
      target: m.target ? 1 : 0,
      confidence: m.confidence,
      sentiment: m.sentiment,
      count: m.count,
      reasons: JSON.stringify(m.reasons),
      spans: JSON.stringify(m.spans),
      rank,
      complaint: a.complaint && m.target ? 1 : 0,
      severity: scores.severity.value,
    });
  }
  writeScores(st, postId, scores, at);
}

function writeScores(
  st: ReturnType<typeof statements>,
  postId: string,
  scores: Scores,
  at: string,
) {
  const rank = rankOf(scores);
  st.upsertScores.run({
    postId,
    severity: scores.severity.value,
    severityJson: JSON.stringify(scores.severity),
    reach: scores.reach.value,
    reachJson: JSON.stringify(scores.reach),
    priority: scores.priority.value,
    priorityJson: JSON.stringify(scores.priority),
    rank,
    version: scores.priority.version,
    at,
  });
}
