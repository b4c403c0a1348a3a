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
}

/** Meta key of a source's unchanged streak (kept there: the sources table has no column). */
export const unchangedKey = (sourceId: string) => `crawl.unchanged.${sourceId}`;

/**
 * Records the outcome of one fetch: success resets the error count, failure increments it and,
 * at `pauseAfterErrors` failures in a row, pauses the source with the reason in last_error.
 * Returns true when this failure paused the source.
 */
export function recordFetch(db: Db, sourceId: string, r: FetchRecord): boolean {
  if (r.unchangedStreak !== undefined) {
    db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(unchangedKey(sourceId), String(r.unchangedStreak));
  }
  if (r.ok) {
    // A 304 answers without validators: keep the ones we had rather than forget them.
    db.prepare(`
      UPDATE sources SET last_fetch_at = @at, last_ok_at = @at, consecutive_errors = 0,
        last_error = NULL, next_check_at = @next,
        etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified)
      WHERE id = @id`).run({
      id: sourceId,
      at: r.at,
      next: r.nextCheckAt,
      etag: r.etag ?? null,
      lastModified: r.lastModified ?? null,
    });
    return false;
  }
  if (r.internal) {
    db.prepare(`
      UPDATE sources SET last_fetch_at = @at, last_error = @error, next_check_at = @next
      WHERE id = @id`).run({
      id: sourceId,
      at: r.at,
      next: r.nextCheckAt,
      error: r.error ?? 'unknown error',
    });
    return false;
  }
  const pauseAt = r.pauseAfterErrors ?? Number.POSITIVE_INFINITY;
  const row = db
    .prepare<{ id: string; at: string; next: string; error: string }, { n: number }>(`
      UPDATE sources SET last_fetch_at = @at, consecutive_errors = consecutive_errors + 1,
        last_error = @error, next_check_at = @next
      WHERE id = @id RETURNING consecutive_errors AS n`)
    .get({ id: sourceId, at: r.at, next: r.nextCheckAt, error: r.error ?? 'unknown error' });
  if (!row || row.n < pauseAt) return false;
  // Paused until a person looks: `grogne sources resume ID` (or the API) sets it active again.
  db.prepare(`
    UPDATE sources SET state = 'paused', next_check_at = NULL,
      last_error = 'paused after ' || consecutive_errors || ' failed polls in a row: ' || last_error
    WHERE id = ? AND state = 'active'`).run(sourceId);
  return true;
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
