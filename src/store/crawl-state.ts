// What the crawler reads back from the store between two polls of a source: the sources to
// crawl, how many polls in a row brought nothing new, and article texts already fetched.
import type { SourceConfig } from '../config.ts';
import { unchangedKey } from './fetch-state.ts';
import { parseSourceOptions, type SourceRow } from './meta.ts';
import type { Db } from './open.ts';
import { postId } from './write.ts';

/** A stored source as the crawler reads it: the listed row's fields, and where it came from. */
export type CrawlableSource = Pick<
  SourceRow,
  | 'id'
  | 'kind'
  | 'url'
  | 'file'
  | 'name'
  | 'audience'
  | 'intervalSeconds'
  | 'enabled'
  | 'state'
  | 'nextCheckAt'
  | 'options'
> & { origin: string };

type StoredRow = Omit<
  CrawlableSource,
  'intervalSeconds' | 'enabled' | 'nextCheckAt' | 'options'
> & {
  interval_s: number;
  enabled: number;
  next_check_at: string | null;
  options_json: string | null;
};

const COLUMNS = `id, kind, url, file, name, audience, interval_s, enabled, state, origin,
  next_check_at, options_json`;

function fromRow({
  interval_s,
  enabled,
  next_check_at,
  options_json,
  ...r
}: StoredRow): CrawlableSource {
  return {
    ...r,
    intervalSeconds: interval_s,
    enabled: enabled === 1,
    nextCheckAt: next_check_at,
    options: parseSourceOptions(options_json),
  };
}

/** Every source of the store (config-synced and API-added), in id order. */
export function storedSources(db: Db): CrawlableSource[] {
  return db.prepare<[], StoredRow>(`SELECT ${COLUMNS} FROM sources ORDER BY id`).all().map(fromRow);
}

/** One source of the store, or null. */
export function storedSource(db: Db, id: string): CrawlableSource | null {
  const r = db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM sources WHERE id = ?`).get(id);
  return r ? fromRow(r) : null;
}

/**
 * A stored source as the config schema knows it, whether the config file or the API added
 * it. Its options (fullText, comments, brand, selectors) are the stored ones; a row stored
 * before options were kept has none, and takes them from the config's entry of the same id.
 */
export function sourceConfigOf(row: CrawlableSource, fromConfig?: SourceConfig): SourceConfig {
  const s: SourceConfig = {
    ...(row.options ?? fromConfig),
    id: row.id,
    kind: row.kind,
    interval: row.intervalSeconds,
    enabled: row.enabled,
  };
  delete s.url;
  delete s.file;
  if (row.url !== null) s.url = row.url;
  if (row.file !== null) s.file = row.file;
  if (row.name !== null) s.name = row.name;
  if (row.audience !== null) s.audience = row.audience;
  return s;
}

export function unchangedStreak(db: Db, sourceId: string): number {
  const r = db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(unchangedKey(sourceId));
  const n = r ? Number(r.value) : 0;
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The text stored for a (source, dedup key), or null when the post is new. */
export function storedText(db: Db, sourceId: string, dedupKey: string): string | null {
  const r = db
    .prepare<[string], { text: string }>('SELECT text FROM posts WHERE id = ?')
    .get(postId(sourceId, dedupKey));
  return r ? r.text : null;
}
