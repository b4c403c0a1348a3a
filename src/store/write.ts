// The write side of the store: mirrors the configuration and saves crawled, analysed posts.
import type { BrandConfig, SourceConfig } from '../config.ts';
import type { Analysis, Scores } from '../types.ts';
import type { Db } from './open.ts';
import {
  contentHash,
  type PreparedItem,
  postId,
  prepareItem,
  rankOf,
  type SaveItem,
  statements,
  writeAnalysis,
  writePrepared,
  writeScores,
} from './write-rows.ts';

// The fetch state moved to its own file; re-exported for the callers of write.ts.
export { type FetchRecord, recordFetch, resumeSource, unchangedKey } from './fetch-state.ts';
// Ids, hashes and row shapes live with the row writers (a worker prepares rows with them).
export {
  contentHash,
  type PreparedItem,
  postId,
  prepareItem,
  type SaveItem,
} from './write-rows.ts';

export interface SaveResult {
  new: number;
  updated: number;
  unchanged: number;
}

/**
 * A source's settings that have no column of their own (fullText, comments, brand,
 * selectors…): everything the config schema accepts for a source but the columns, so that a
 * field added to the schema is kept without a new migration.
 */
export type SourceOptions = Omit<
  SourceConfig,
  'id' | 'kind' | 'url' | 'file' | 'name' | 'audience' | 'interval' | 'enabled'
>;

export function sourceOptions(s: SourceConfig): SourceOptions {
  const { id, kind, url, file, name, audience, interval, enabled, ...options } = s;
  return options;
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
    options: JSON.stringify(sourceOptions(s)),
    at,
  };
}

/** Inserts or updates sources from config, keeping their fetch state; absent ones are disabled. */
export function syncSources(db: Db, sources: SourceConfig[], now: () => Date = () => new Date()) {
  const upsert = db.prepare(`
    INSERT INTO sources (id, kind, url, file, name, audience, interval_s, enabled, options_json,
      created_at)
    VALUES (@id, @kind, @url, @file, @name, @audience, @interval, @enabled, @options, @at)
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, url = excluded.url,
      file = excluded.file, name = excluded.name, audience = excluded.audience,
      interval_s = excluded.interval_s, enabled = excluded.enabled,
      options_json = excluded.options_json`);
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
  }).immediate();
}

/** Inserts or updates brands from config. Removed brands stay, as their mentions do. */
export function syncBrands(db: Db, brands: BrandConfig[]) {
  const upsert = db.prepare(`
    INSERT INTO brands (id, name, config_json) VALUES (?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, config_json = excluded.config_json`);
  db.transaction(() => {
    for (const b of brands) upsert.run(b.id, b.name, JSON.stringify(b));
  }).immediate();
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

/**
 * One source's share of a saveBatches call: processed posts, or posts a worker already
 * prepared for this source (prepareItem with the same sourceId); both store the same rows.
 */
export type SourceBatch =
  | { sourceId: string; items: SaveItem[] }
  | { sourceId: string; prepared: PreparedItem[] };

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
  /** Whether the post is new, edited, or the same (then counted here and left as it is). */
  const compare = (
    id: string,
    hash: string,
    clusterId: string | null,
    modelVersion: string,
    scoringVersion: string,
    result: SaveResult,
  ): 'new' | 'edited' | 'same' => {
    const before = st.existing.all(id);
    if (before.length === 0) return 'new';
    const sameContent = before[0]!.content_hash === hash;
    const sameModel = before.some((r) => r.model_version === modelVersion);
    const sameScoring = before[0]!.scoring_version === scoringVersion;
    if (!(sameContent && sameModel && sameScoring)) return 'edited';
    // Rows stored before clustering existed get their key on the next crawl.
    if (before[0]!.cluster_id !== clusterId) st.setCluster.run(clusterId, id);
    result.unchanged++;
    return 'same';
  };
  const write = (p: PreparedItem, state: 'new' | 'edited', result: SaveResult) => {
    if (state === 'new') {
      ftsRowid ??= st.nextRowid.get()!.n;
      st.insertPost.run({ ...p.post, ftsRowid: ftsRowid++ });
      result.new++;
    } else {
      st.updatePost.run(p.post);
      st.deleteAnalyses.run(p.post.id);
      st.deleteMentions.run(p.post.id);
      result.updated++;
    }
    writePrepared(st, p, at);
  };
  // IMMEDIATE: the write lock is taken before the first read. Several processes may write to
  // one file (crawl workers, docs/operations.md): a deferred transaction that read, then
  // found another's commit when it came to write, would fail at once with SQLITE_BUSY instead
  // of waiting its turn; and the full-text rowid read below must be this writer's alone.
  const run = db.transaction(() => {
    for (const [b, batch] of batches.entries()) {
      const result = results[b]!;
      if ('prepared' in batch) {
        for (const p of batch.prepared) {
          const { id, contentHash: hash, clusterId } = p.post;
          const state = compare(id, hash, clusterId, p.modelVersion, p.scoringVersion, result);
          if (state !== 'same') write(p, state, result);
        }
        continue;
      }
      // Posts from this thread are prepared only when they are to be written: a re-crawl
      // mostly finds unchanged posts and should not serialise their analyses for nothing.
      for (const item of batch.items) {
        const id = postId(batch.sourceId, item.post.dedupKey);
        const hash = contentHash(item.post);
        const { analysis, scores, clusterKey = null } = item;
        const v = [analysis.modelVersion, scores.priority.version] as const;
        const state = compare(id, hash, clusterKey, ...v, result);
        if (state !== 'same') write(prepareItem(batch.sourceId, item, { id, hash }), state, result);
      }
    }
  });
  run.immediate();
  return results;
}

/** A stored post's new analysis (when reanalysed) and scores, as `grogne rescore` makes them. */
export interface Rescored {
  postId: string;
  /** The post's updated_at when it was read (StoredForScoring.updatedAt). */
  updatedAt: string;
  analysis: Analysis;
  scores: Scores;
  reanalysed: boolean;
}

/**
 * Replaces the analysis (when given) and the scores of stored posts, in one transaction:
 * what `grogne rescore` writes. Posts are left as they are. A post that a crawl rewrote (or
 * that was deleted) since it was read is skipped: the crawl's analysis and scores are newer
 * than these, and writing them over would lose its work. Returns the posts written.
 */
export function replaceScores(
  db: Db,
  items: readonly Rescored[],
  now: () => Date = () => new Date(),
): number {
  const st = statements(db);
  const at = now().toISOString();
  const mentionScores = db.prepare(
    `UPDATE brand_mentions SET rank = @rank, severity = @severity, reach = @reach
      WHERE post_id = @postId`,
  );
  const postLang = db.prepare('UPDATE posts SET lang = ?, lang_confidence = ? WHERE id = ?');
  const updatedAt = db
    .prepare<[string], string>('SELECT updated_at FROM posts WHERE id = ?')
    .pluck();
  // IMMEDIATE: the check of updated_at and the writes see the same post, whatever another
  // process (a crawl worker) commits; no other writer can slip in between.
  return db
    .transaction(() => {
      let written = 0;
      for (const { postId: id, updatedAt: readAt, analysis, scores, reanalysed } of items) {
        if (updatedAt.get(id) !== readAt) continue;
        written++;
        if (reanalysed) {
          postLang.run(analysis.lang, analysis.langConfidence, id);
          st.deleteAnalyses.run(id);
          st.deleteMentions.run(id);
          writeAnalysis(st, id, analysis, scores, at);
          continue;
        }
        writeScores(st, id, scores, at);
        mentionScores.run({
          postId: id,
          rank: rankOf(scores),
          severity: scores.severity.value,
          reach: scores.reach.value,
        });
      }
      return written;
    })
    .immediate();
}
