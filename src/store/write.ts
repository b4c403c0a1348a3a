// The write side of the store: mirrors the configuration and saves crawled, analysed posts.
import { createHash } from 'node:crypto';
import type { BrandConfig, SourceConfig } from '../config.ts';
import type { Analysis, IngestedPost, Scores } from '../types.ts';
import type { Db } from './open.ts';
import { rankOf, statements, writeAnalysis, writeScores } from './write-rows.ts';

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
  return saveBatches(db, [{ sourceId, items }], now)[0]!;
}

/** One source's share of a saveBatches call. */
export interface SourceBatch {
  sourceId: string;
  items: SaveItem[];
}

/**
 * Saves the batches of several sources in ONE transaction, one result per batch: each source
 * is still whole or absent after a crash, and a bulk ingest of many small feeds pays one
 * commit (and one full-text segment flush) for all of them instead of one per feed, which
 * cost as much as the inserts themselves for feeds of ~25 items.
 */
export function saveBatches(
  db: Db,
  batches: SourceBatch[],
  now: () => Date = () => new Date(),
): SaveResult[] {
  const st = statements(db);
  const at = now().toISOString();
  const results = batches.map((): SaveResult => ({ new: 0, updated: 0, unchanged: 0 }));
  // The next full-text rowid is read once per transaction: this connection is the only
  // writer while it holds the transaction, so counting on from there is safe.
  let ftsRowid: number | undefined;
  db.transaction(() => {
    for (const [b, { sourceId, items }] of batches.entries()) {
      const result = results[b]!;
      for (const { post, analysis, scores, clusterKey = null } of items) {
        const id = postId(sourceId, post.dedupKey);
        const hash = contentHash(post);
        const before = st.existing.all(id);
        if (before.length > 0) {
          const sameContent = before[0]!.content_hash === hash;
          const sameModel = before.some((r) => r.model_version === analysis.modelVersion);
          const sameScoring = before[0]!.scoring_version === scores.priority.version;
          if (sameContent && sameModel && sameScoring) {
            // Rows stored before clustering existed get their key on the next crawl.
            if (before[0]!.cluster_id !== clusterKey) st.setCluster.run(clusterKey, id);
            result.unchanged++;
            continue;
          }
        }
        const row = postRow(sourceId, id, post, analysis, hash, clusterKey);
        if (before.length === 0) {
          ftsRowid ??= st.nextRowid.get()!.n;
          st.insertPost.run({ ...row, ftsRowid: ftsRowid++ });
          result.new++;
        } else {
          st.updatePost.run(row);
          st.deleteAnalyses.run(id);
          st.deleteMentions.run(id);
          result.updated++;
        }
        writeAnalysis(st, id, analysis, scores, at);
      }
    }
  })();
  return results;
}

/** A post as the named parameters of the posts table's insert and update. */
function postRow(
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
