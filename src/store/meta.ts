// Sources, brands and counts: what the API lists besides posts, and what the crawler reads back.
import type { Db } from './open.ts';
import type { SourceOptions } from './write.ts';

export interface SourceRow {
  id: string;
  kind: 'feed' | 'forum' | 'page';
  url: string | null;
  file: string | null;
  name: string | null;
  audience: number | null;
  intervalSeconds: number;
  enabled: boolean;
  state: 'active' | 'paused';
  etag: string | null;
  lastModified: string | null;
  nextCheckAt: string | null;
  consecutiveErrors: number;
  lastError: string | null;
  lastFetchAt: string | null;
  lastOkAt: string | null;
  createdAt: string;
  /**
   * The settings without a column (fullText, comments, brand, selectors); null for a row
   * stored before they were kept, whose config entry then supplies them.
   */
  options: SourceOptions | null;
  posts: number;
}

/** options_json as stored: a JSON object written from a validated source, or NULL. */
export function parseSourceOptions(json: string | null): SourceOptions | null {
  return json === null ? null : (JSON.parse(json) as SourceOptions);
}

export interface BrandRow {
  id: string;
  name: string;
  config: Record<string, unknown>;
  /** Posts that mention the brand. */
  posts: number;
  /** Posts whose complaint or negativity is aimed at it. */
  targeted: number;
}

export interface FetchState {
  etag: string | null;
  lastModified: string | null;
  nextCheckAt: string | null;
  consecutiveErrors: number;
  lastError: string | null;
  enabled: boolean;
  state: 'active' | 'paused';
}

// The columns under SourceRow's names, in its order; `enabled` and `options` need converting.
const SOURCE_COLUMNS = `s.id, s.kind, s.url, s.file, s.name, s.audience,
  s.interval_s AS intervalSeconds, s.enabled, s.state, s.etag,
  s.last_modified AS lastModified, s.next_check_at AS nextCheckAt,
  s.consecutive_errors AS consecutiveErrors, s.last_error AS lastError,
  s.last_fetch_at AS lastFetchAt, s.last_ok_at AS lastOkAt, s.created_at AS createdAt,
  s.options_json AS options`;

export interface ListSourcesOptions {
  /**
   * A brand-scoped key's brands: only sources about one of them (their `brand` option) or
   * about no brand in particular, and `posts` counts only the posts that mention one of them.
   * Undefined: every source, every post.
   */
  brands?: readonly string[];
}

export function listSources(db: Db, opts: ListSourcesOptions = {}): SourceRow[] {
  const scoped = opts.brands !== undefined;
  const inScope = '(SELECT value FROM json_each(@brands))';
  const sql = scoped
    ? `SELECT ${SOURCE_COLUMNS},
        (SELECT COUNT(*) FROM posts p WHERE p.source_id = s.id AND EXISTS (
          SELECT 1 FROM brand_mentions m WHERE m.post_id = p.id AND m.brand_id IN ${inScope}))
          AS posts
      FROM sources s
      WHERE json_extract(s.options_json, '$.brand') IS NULL
        OR json_extract(s.options_json, '$.brand') IN ${inScope}
      ORDER BY s.id`
    : `SELECT ${SOURCE_COLUMNS}, (SELECT COUNT(*) FROM posts p WHERE p.source_id = s.id) AS posts
      FROM sources s ORDER BY s.id`;
  return db
    .prepare<
      Record<string, string>,
      Omit<SourceRow, 'enabled' | 'options'> & { enabled: number; options: string | null }
    >(sql)
    .all(scoped ? { brands: JSON.stringify(opts.brands) } : {})
    .map((r) => ({ ...r, enabled: r.enabled === 1, options: parseSourceOptions(r.options) }));
}

export function listBrands(db: Db): BrandRow[] {
  return db
    .prepare<
      [],
      { id: string; name: string; config_json: string; posts: number; targeted: number }
    >(`
      SELECT b.id, b.name, b.config_json,
        (SELECT COUNT(*) FROM brand_mentions m WHERE m.brand_id = b.id) AS posts,
        (SELECT COUNT(*) FROM brand_mentions m WHERE m.brand_id = b.id AND m.target = 1)
          AS targeted
      FROM brands b ORDER BY b.id`)
    .all()
    .map((r) => ({
      id: r.id,
      name: r.name,
      config: JSON.parse(r.config_json) as Record<string, unknown>,
      posts: r.posts,
      targeted: r.targeted,
    }));
}

export function countPosts(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM posts').get()!.n;
}

/** What a crawl needs to send a conditional request and to know when to poll; null if unknown. */
export function getFetchState(db: Db, sourceId: string): FetchState | null {
  const r = db
    .prepare<[string], Omit<FetchState, 'enabled'> & { enabled: number }>(`
      SELECT etag, last_modified AS lastModified, next_check_at AS nextCheckAt,
        consecutive_errors AS consecutiveErrors, last_error AS lastError, enabled, state
      FROM sources WHERE id = ?`)
    .get(sourceId);
  return r ? { ...r, enabled: r.enabled === 1 } : null;
}

/** Ids of enabled, active sources never fetched or whose next check is at or before `at`. */
export function dueSources(db: Db, at: string): string[] {
  return db
    .prepare<[string], { id: string }>(`
      SELECT id FROM sources
      WHERE enabled = 1 AND state = 'active' AND (next_check_at IS NULL OR next_check_at <= ?)
      ORDER BY COALESCE(next_check_at, ''), id`)
    .all(at)
    .map((r) => r.id);
}
