// The fetch state of sources: what each poll leaves behind (validators, error count, next
// check, pause) for the next one to read (meta.ts getFetchState, crawl-state.ts).
import type { Db } from './open.ts';

export interface FetchRecord {
  at: string;
  ok: boolean;
  etag?: string | null;
  lastModified?: string | null;
  error?: string | null;
  nextCheckAt: string;
  /** Failed polls in a row at which the source is paused (config crawl.pauseAfterErrors). */
  pauseAfterErrors?: number;
  /** Successful polls in a row that brought nothing new (slows the schedule down). */
  unchangedStreak?: number;
  /**
   * The failure was grogne's, not the source's (errors.ts classifyCrawlError): it is shown as
   * the last error but does not count toward pausing the source.
   */
  internal?: boolean;
  /** A successful fetch that the server answered "not modified" (304). */
  notModified?: boolean;
  /** What a successful crawl stored: new, updated and unchanged posts. */
  items?: CrawledItems;
}

/** Meta key of a source's unchanged streak (kept there: the sources table has no column). */
export const unchangedKey = (sourceId: string) => `crawl.unchanged.${sourceId}`;

/** What a crawl stored, for the source's counters (all zero when it failed). */
export interface CrawledItems {
  new: number;
  updated: number;
  unchanged: number;
}

/** A crawl's outcome as the counters of source_counts (migration 13) name it. */
type CrawlCounter = 'crawls_ok' | 'crawls_not_modified' | 'crawls_error' | 'crawls_internal_error';

function counterOf(r: FetchRecord): CrawlCounter {
  if (r.ok) return r.notModified ? 'crawls_not_modified' : 'crawls_ok';
  return r.internal ? 'crawls_internal_error' : 'crawls_error';
}

/**
 * Records the outcome of one fetch: success resets the error count, failure increments it and,
 * at `pauseAfterErrors` failures in a row, pauses the source with the reason in last_error.
 * The source's crawl counters (/metrics) are bumped in the same transaction, so every process
 * writing the file counts its crawls there, once each. Returns true when this failure paused
 * the source.
 */
export function recordFetch(db: Db, sourceId: string, r: FetchRecord): boolean {
  // IMMEDIATE: the write lock first, so that a fetch recorded by one crawl worker while
  // another writes waits its turn (busy_timeout) instead of failing midway.
  return db
    .transaction(() => {
      const errors = updateSource(db, sourceId, r);
      if (errors === null) return false;
      countCrawl(db, sourceId, r);
      if (r.unchangedStreak !== undefined) {
        db.prepare(
          'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        ).run(unchangedKey(sourceId), String(r.unchangedStreak));
      }
      if (r.ok || r.internal || errors < (r.pauseAfterErrors ?? Number.POSITIVE_INFINITY)) {
        return false;
      }
      pause(db, sourceId);
      return true;
    })
    .immediate();
}

/**
 * Writes the source's fetch columns; returns its failed fetches in a row, or null when the
 * source is gone (deleted during its crawl).
 */
function updateSource(db: Db, sourceId: string, r: FetchRecord): number | null {
  const params = { id: sourceId, at: r.at, next: r.nextCheckAt };
  // A 304 answers without validators: keep the ones we had rather than forget them.
  // grogne's own failure is shown as the last error but not counted toward pausing.
  const row = r.ok
    ? db
        .prepare<Record<string, unknown>, { n: number }>(`
          UPDATE sources SET last_fetch_at = @at, last_ok_at = @at, consecutive_errors = 0,
            last_error = NULL, next_check_at = @next,
            etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified)
          WHERE id = @id RETURNING consecutive_errors AS n`)
        .get({ ...params, etag: r.etag ?? null, lastModified: r.lastModified ?? null })
    : db
        .prepare<Record<string, unknown>, { n: number }>(`
          UPDATE sources SET last_fetch_at = @at,
            consecutive_errors = consecutive_errors + ${r.internal ? 0 : 1},
            last_error = @error, next_check_at = @next
          WHERE id = @id RETURNING consecutive_errors AS n`)
        .get({ ...params, error: r.error ?? 'unknown error' });
  return row?.n ?? null;
}

function countCrawl(db: Db, sourceId: string, r: FetchRecord): void {
  const column = counterOf(r);
  const items = r.ok ? (r.items ?? { new: 0, updated: 0, unchanged: 0 }) : null;
  db.prepare(`
    INSERT INTO source_counts (source_id, ${column}, items_new, items_updated, items_unchanged)
    VALUES (@id, 1, @new, @updated, @unchanged)
    ON CONFLICT (source_id) DO UPDATE SET ${column} = ${column} + 1,
      items_new = items_new + excluded.items_new,
      items_updated = items_updated + excluded.items_updated,
      items_unchanged = items_unchanged + excluded.items_unchanged`).run({
    id: sourceId,
    new: items?.new ?? 0,
    updated: items?.updated ?? 0,
    unchanged: items?.unchanged ?? 0,
  });
}

/** Paused until a person looks: `grogne sources resume ID` (or the API) sets it active again. */
function pause(db: Db, sourceId: string): void {
  db.prepare(`
    UPDATE sources SET state = 'paused', next_check_at = NULL,
      last_error = 'paused after ' || consecutive_errors || ' failed polls in a row: ' || last_error
    WHERE id = ? AND state = 'active'`).run(sourceId);
}

/** Sets a paused source active again, with a clean error count, to be polled at once. */
export function resumeSource(db: Db, sourceId: string): boolean {
  return (
    db
      .prepare(`
        UPDATE sources SET state = 'active', consecutive_errors = 0, next_check_at = NULL
        WHERE id = ?`)
      .run(sourceId).changes === 1
  );
}
