// Spike alerts (docs/alerts.md): the counts the rule reads, the alerts it found, and the
// per-recipient ledger that makes each alert go out once. "Complaint" is as for the digest:
// the analysis says complaint and the brand is its target, dated published, else fetched.
import type { Db } from './open.ts';
import { searchConditions } from './search.ts';

export type AlertState = 'pending' | 'sent' | 'failed' | 'stored';

export interface AlertRow {
  id: number;
  brand: string;
  /** The watch's search (its saved search's name, or its query); null: all the brand's complaints. */
  search: string | null;
  /** ISO 8601 UTC: the spike's first hour, and the end of its last (exclusive). */
  windowStart: string;
  windowEnd: string;
  count: number;
  /** Complaints the baseline expected over the window. */
  baseline: number;
  pValue: number;
  /** The complaints that make it, highest priority first. */
  postIds: string[];
  state: AlertState;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

interface Raw {
  id: number;
  brand_id: string;
  search: string;
  window_start: string;
  window_end: string;
  count: number;
  baseline: number;
  p_value: number;
  post_ids_json: string;
  state: AlertState;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

const toRow = (r: Raw): AlertRow => ({
  id: r.id,
  brand: r.brand_id,
  search: r.search === '' ? null : r.search,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  count: r.count,
  baseline: r.baseline,
  pValue: r.p_value,
  postIds: JSON.parse(r.post_ids_json) as string[],
  state: r.state,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
});

export function brandIds(db: Db): string[] {
  return db.prepare<[], string>('SELECT id FROM brands ORDER BY id').pluck().all();
}

/**
 * What a watch counts beyond a brand's complaints: those that every query finds (the search
 * language, store/search.ts), among posts that mention one of `brands` when given (a saved
 * search's scope).
 */
export interface ComplaintFilter {
  search: readonly string[];
  brands?: readonly string[];
}

/** The filter's conditions on the post `p`, with their parameters. */
function filterSql(filter: ComplaintFilter | undefined): {
  where: string;
  params: Record<string, unknown>;
} {
  if (filter === undefined) return { where: '', params: {} };
  const s = searchConditions(filter.search, 'watch');
  const where = [...s.where];
  const params: Record<string, unknown> = { ...s.params };
  if (filter.brands !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = p.id
      AND k.brand_id IN (SELECT value FROM json_each(@watchBrands)))`);
    params.watchBrands = JSON.stringify(filter.brands);
  }
  return { where: where.map((w) => ` AND ${w}`).join(''), params };
}

/**
 * Complaints per UTC hour ("YYYY-MM-DDTHH") of a brand dated in [from, to): one range scan of
 * brand_mentions_hour, which is ordered by that very expression; a filter tests each post.
 */
export function hourlyComplaints(
  db: Db,
  brand: string,
  from: string,
  to: string,
  filter?: ComplaintFilter,
): Map<string, number> {
  const f = filterSql(filter);
  const rows = db
    .prepare<[Record<string, unknown>], { h: string; n: number }>(`
      SELECT substr(bm.at, 1, 13) AS h, COUNT(*) AS n FROM brand_mentions bm
        ${filter === undefined ? '' : 'JOIN posts p ON p.id = bm.post_id'}
      WHERE bm.brand_id = @brand AND substr(bm.at, 1, 13) >= substr(@from, 1, 13)
        AND bm.at >= @from AND bm.at < @to AND bm.complaint = 1${f.where}
      GROUP BY substr(bm.at, 1, 13)`)
    .all({ brand, from, to, ...f.params });
  return new Map(rows.map((r) => [r.h, r.n]));
}

export interface DatedComplaint {
  postId: string;
  at: string;
}

/**
 * A brand's complaints dated in [from, to), highest priority first, leaving out the posts of
 * sources added after `sourcesBefore`: a new source's backfill lands in the last hours at once
 * and is not a spike of anger.
 */
export function recentComplaints(
  db: Db,
  brand: string,
  from: string,
  to: string,
  sourcesBefore: string,
  filter?: ComplaintFilter,
): DatedComplaint[] {
  const f = filterSql(filter);
  return db
    .prepare<[Record<string, unknown>], DatedComplaint>(`
      SELECT bm.post_id AS postId, bm.at AS at FROM brand_mentions bm
        JOIN posts p ON p.id = bm.post_id
        JOIN sources s ON s.id = p.source_id
      WHERE bm.brand_id = @brand AND bm.at >= @from AND bm.at < @to AND bm.complaint = 1
        AND s.created_at <= @sourcesBefore${f.where}
      ORDER BY bm.rank DESC, bm.post_id DESC`)
    .all({ brand, from, to, sourcesBefore, ...f.params });
}

/** The alert of a watch (the brand's own: search null) whose window ends last, or null. */
export function latestAlert(db: Db, brand: string, search: string | null = null): AlertRow | null {
  const r = db
    .prepare<[string, string], Raw>(
      `SELECT * FROM alerts WHERE brand_id = ? AND search = ?
       ORDER BY window_end DESC, id DESC LIMIT 1`,
    )
    .get(brand, search ?? '');
  return r ? toRow(r) : null;
}

/** An alert as the check finds it, before the store gives it an id and its times. */
export type NewAlert = Omit<AlertRow, 'id' | 'createdAt' | 'updatedAt' | 'sentAt'>;

/** Inserts an alert; null when its watch has one with the same start (a concurrent check). */
export function insertAlert(db: Db, a: NewAlert, at: string): AlertRow | null {
  const info = db
    .prepare(`
      INSERT INTO alerts (brand_id, search, window_start, window_end, count, baseline, p_value,
        post_ids_json, state, created_at, updated_at)
      VALUES (@brand, @search, @windowStart, @windowEnd, @count, @baseline, @pValue, @postIds,
        @state, @at, @at)
      ON CONFLICT (brand_id, search, window_start) DO NOTHING`)
    .run({ ...a, search: a.search ?? '', postIds: JSON.stringify(a.postIds), at });
  return info.changes === 1 ? getAlert(db, Number(info.lastInsertRowid)) : null;
}

/** Grows an alert to a later end with its new figures; its state and sends are untouched. */
export function extendAlert(
  db: Db,
  id: number,
  a: Pick<NewAlert, 'windowEnd' | 'count' | 'baseline' | 'pValue' | 'postIds'>,
  at: string,
): void {
  db.prepare(`
    UPDATE alerts SET window_end = MAX(window_end, @windowEnd), count = @count,
      baseline = @baseline, p_value = MIN(p_value, @pValue), post_ids_json = @postIds,
      updated_at = @at
    WHERE id = @id`).run({ ...a, id, postIds: JSON.stringify(a.postIds), at });
}

export function getAlert(db: Db, id: number): AlertRow | null {
  const r = db.prepare<[number], Raw>('SELECT * FROM alerts WHERE id = ?').get(id);
  return r ? toRow(r) : null;
}

export interface AlertQuery {
  brand?: string;
  /** Only these brands (a key's). */
  brands?: string[];
  /** Alerts whose window ends at or after (ISO). */
  since?: string;
  limit: number;
}

/** Newest first. */
export function listAlerts(db: Db, q: AlertQuery): AlertRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit };
  if (q.brand !== undefined) {
    where.push('brand_id = @brand');
    params.brand = q.brand;
  }
  if (q.brands !== undefined) {
    where.push('brand_id IN (SELECT value FROM json_each(@brands))');
    params.brands = JSON.stringify(q.brands);
  }
  if (q.since !== undefined) {
    where.push('window_end >= @since');
    params.since = q.since;
  }
  return db
    .prepare<[Record<string, unknown>], Raw>(`
      SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY window_end DESC, id DESC LIMIT @limit`)
    .all(params)
    .map(toRow);
}

/** Alerts with a recipient still to serve. */
export function pendingAlerts(db: Db): AlertRow[] {
  return db
    .prepare<[], Raw>("SELECT * FROM alerts WHERE state = 'pending' ORDER BY id")
    .all()
    .map(toRow);
}

export interface AlertPost {
  id: string;
  title: string | null;
  url: string | null;
  source: string;
  severity: number;
}

/** The posts of an alert, in the order given. */
export function alertPosts(db: Db, ids: readonly string[]): AlertPost[] {
  const rows = db
    .prepare<[string], AlertPost & { i: number }>(`
      SELECT p.id, p.title, p.url, COALESCE(src.name, src.id) AS source,
        COALESCE(s.severity, 0) AS severity, CAST(j.key AS INTEGER) AS i
      FROM json_each(?) j JOIN posts p ON p.id = j.value
        JOIN sources src ON src.id = p.source_id LEFT JOIN scores s ON s.post_id = p.id
      ORDER BY i`)
    .all(JSON.stringify(ids));
  return rows.map(({ i: _, ...p }) => p);
}

// The per-recipient ledger, as digest_sends: claim in an IMMEDIATE transaction, then send.
export interface AlertSendRow {
  recipient: string;
  channel: string;
  status: 'sending' | 'sent' | 'retry' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  claimedAt: string | null;
}

export function alertSends(db: Db, alertId: number): AlertSendRow[] {
  return db
    .prepare<[number], AlertSendRow>(`
      SELECT recipient, channel, status, attempts, last_error AS lastError,
        next_attempt_at AS nextAttemptAt, claimed_at AS claimedAt
      FROM alert_sends WHERE alert_id = ? ORDER BY recipient`)
    .all(alertId);
}

/** True when this caller now owns (alert, recipient): a new row, a due retry or a stale claim. */
export function claimAlertSend(
  db: Db,
  key: { alertId: number; recipient: string; channel: string },
  o: { by: string; now: string; staleBefore: string },
): boolean {
  const params = { ...key, ...o };
  const insert = db.prepare(`
    INSERT INTO alert_sends (alert_id, recipient, channel, status, attempts, claimed_by, claimed_at)
    VALUES (@alertId, @recipient, @channel, 'sending', 1, @by, @now)
    ON CONFLICT (alert_id, recipient) DO NOTHING`);
  const takeOver = db.prepare(`
    UPDATE alert_sends SET status = 'sending', attempts = attempts + 1, claimed_by = @by,
      claimed_at = @now, next_attempt_at = NULL
    WHERE alert_id = @alertId AND recipient = @recipient
      AND ((status = 'retry' AND next_attempt_at <= @now)
        OR (status = 'sending' AND claimed_at < @staleBefore))`);
  return db
    .transaction(() => insert.run(params).changes === 1 || takeOver.run(params).changes === 1)
    .immediate();
}

export function finishAlertSend(
  db: Db,
  key: { alertId: number; recipient: string },
  by: string,
  outcome: { ok: true; at: string } | { ok: false; error: string; retryAt: string | null },
): void {
  db.prepare(`
    UPDATE alert_sends SET
      status = CASE WHEN @ok = 1 THEN 'sent' WHEN @retryAt IS NULL THEN 'failed' ELSE 'retry' END,
      sent_at = CASE WHEN @ok = 1 THEN @at END, last_error = @error, next_attempt_at = @retryAt
    WHERE alert_id = @alertId AND recipient = @recipient AND claimed_by = @by
      AND status = 'sending'`).run({
    ...key,
    by,
    ok: outcome.ok ? 1 : 0,
    at: outcome.ok ? outcome.at : null,
    error: outcome.ok ? null : outcome.error,
    retryAt: outcome.ok ? null : outcome.retryAt,
  });
}

/**
 * Sets an alert's state from its sends: sent when every recipient is, failed when one gave up.
 * IMMEDIATE: the sends are counted under the write lock, so that of two processes settling
 * the same alert at once, the later one sees the other's last send.
 */
export function settleAlert(db: Db, id: number, recipients: number, at: string): AlertState {
  return db
    .transaction(() => {
      const c = db
        .prepare<[number], { sent: number; failed: number }>(`
          SELECT COALESCE(SUM(status = 'sent'), 0) AS sent,
            COALESCE(SUM(status = 'failed'), 0) AS failed
          FROM alert_sends WHERE alert_id = ?`)
        .get(id)!;
      const state: AlertState = c.failed > 0 ? 'failed' : c.sent >= recipients ? 'sent' : 'pending';
      db.prepare(`
        UPDATE alerts SET state = @state,
          sent_at = CASE WHEN @state = 'sent' THEN @at ELSE sent_at END
        WHERE id = @id AND state = 'pending'`).run({ id, state, at });
      return state;
    })
    .immediate();
}
