// The digest ledger: one row per (digest, local date, recipient). A sender claims the row in a
// write transaction before it sends, so two instances, or a restart, never send the same digest
// to the same recipient twice. See docs/digest.md for the guarantee and its one gap.
import type { Db } from './open.ts';

export type SendStatus = 'sending' | 'sent' | 'retry' | 'failed' | 'empty';

export interface SendRow {
  digest: string;
  date: string;
  recipient: string;
  status: SendStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  claimedBy: string | null;
  claimedAt: string | null;
}

export interface SendKey {
  digest: string;
  /** Local date of the send, YYYY-MM-DD. */
  date: string;
  recipient: string;
}

export interface ClaimOptions {
  /** Who claims: host and pid, or a test's name. */
  by: string;
  /** ISO 8601 UTC. */
  now: string;
  /** A 'sending' claim older than this (ISO) is taken to have crashed and may be re-claimed. */
  staleBefore: string;
}

interface Raw {
  digest: string;
  date: string;
  recipient: string;
  status: SendStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
}

const toRow = (r: Raw): SendRow => ({
  digest: r.digest,
  date: r.date,
  recipient: r.recipient,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  sentAt: r.sent_at,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
});

/**
 * Claims the right to send: true when this caller now owns the row. A new row is inserted as
 * 'sending'; an existing one is taken over only when it waits for a retry that is due, or when
 * its claim is stale. Both steps run in one IMMEDIATE transaction (the write lock is taken
 * first), so of two concurrent claimers exactly one wins.
 */
export function claimSend(db: Db, key: SendKey, o: ClaimOptions): boolean {
  const insert = db.prepare(`
    INSERT INTO digest_sends (digest, date, recipient, status, attempts, claimed_by, claimed_at)
    VALUES (@digest, @date, @recipient, 'sending', 1, @by, @now)
    ON CONFLICT (digest, date, recipient) DO NOTHING`);
  const takeOver = db.prepare(`
    UPDATE digest_sends
    SET status = 'sending', attempts = attempts + 1, claimed_by = @by, claimed_at = @now,
      next_attempt_at = NULL
    WHERE digest = @digest AND date = @date AND recipient = @recipient
      AND ((status = 'retry' AND next_attempt_at <= @now)
        OR (status = 'sending' AND claimed_at < @staleBefore))`);
  const params = { ...key, by: o.by, now: o.now, staleBefore: o.staleBefore };
  return db
    .transaction(() => {
      if (insert.run(params).changes === 1) return true;
      return takeOver.run(params).changes === 1;
    })
    .immediate();
}

/** Records a row that was decided without sending (nothing to say): once only, like a send. */
export function recordEmpty(db: Db, key: SendKey, now: string): boolean {
  return (
    db
      .prepare(`
        INSERT INTO digest_sends (digest, date, recipient, status, attempts, sent_at)
        VALUES (@digest, @date, @recipient, 'empty', 0, @now)
        ON CONFLICT (digest, date, recipient) DO NOTHING`)
      .run({ ...key, now }).changes === 1
  );
}

/** Marks a claimed row sent; only the claimer may (a stale claimer that lost its row may not). */
export function markSent(db: Db, key: SendKey, by: string, now: string): void {
  db.prepare(`
    UPDATE digest_sends SET status = 'sent', sent_at = @now, last_error = NULL
    WHERE digest = @digest AND date = @date AND recipient = @recipient AND claimed_by = @by
      AND status = 'sending'`).run({ ...key, by, now });
}

/** Marks a claimed row failed: to retry at `retryAt`, or for good when `retryAt` is null. */
export function markFailed(
  db: Db,
  key: SendKey,
  by: string,
  error: string,
  retryAt: string | null,
): void {
  db.prepare(`
    UPDATE digest_sends
    SET status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'retry' END,
      last_error = @error, next_attempt_at = @retryAt
    WHERE digest = @digest AND date = @date AND recipient = @recipient AND claimed_by = @by
      AND status = 'sending'`).run({ ...key, by, error: error.slice(0, 500), retryAt });
}

export function getSend(db: Db, key: SendKey): SendRow | null {
  const r = db
    .prepare<[SendKey], Raw>(
      'SELECT * FROM digest_sends WHERE digest = @digest AND date = @date AND recipient = @recipient',
    )
    .get(key);
  return r ? toRow(r) : null;
}

/** Every row of one digest's date. */
export function sendsFor(db: Db, digest: string, date: string): SendRow[] {
  return db
    .prepare<[string, string], Raw>(
      'SELECT * FROM digest_sends WHERE digest = ? AND date = ? ORDER BY recipient',
    )
    .all(digest, date)
    .map(toRow);
}

/** The latest rows, newest date first (for `grogne digest status`). */
export function recentSends(db: Db, limit = 20, digest?: string): SendRow[] {
  return db
    .prepare<[Record<string, unknown>], Raw>(`
      SELECT * FROM digest_sends
      WHERE @digest IS NULL OR digest = @digest
      ORDER BY date DESC, digest, recipient
      LIMIT @limit`)
    .all({ digest: digest ?? null, limit })
    .map(toRow);
}

/** The earliest retry time still pending, if any (the scheduler wakes up for it). */
export function nextRetryAt(db: Db): string | null {
  const r = db
    .prepare<[], { t: string | null }>(
      "SELECT MIN(next_attempt_at) AS t FROM digest_sends WHERE status = 'retry'",
    )
    .get();
  return r?.t ?? null;
}

/** (digest, date) pairs that have a retry due or a stale claim: the scheduler finishes them. */
export function pendingDates(
  db: Db,
  now: string,
  staleBefore: string,
): { digest: string; date: string }[] {
  return db
    .prepare<[Record<string, unknown>], { digest: string; date: string }>(`
      SELECT DISTINCT digest, date FROM digest_sends
      WHERE (status = 'retry' AND next_attempt_at <= @now)
        OR (status = 'sending' AND claimed_at < @staleBefore)
      ORDER BY date, digest`)
    .all({ now, staleBefore });
}
