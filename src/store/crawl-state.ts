// What the crawler reads back from the store between two polls of a source: the sources to
// crawl, how many polls in a row brought nothing new, and article texts already fetched.
import { unchangedKey } from './fetch-state.ts';
import type { Db } from './open.ts';
import { postId } from './write.ts';

export interface CrawlableSource {
  id: string;
  kind: 'feed' | 'forum' | 'page';
  url: string | null;
  file: string | null;
  name: string | null;
  audience: number | null;
  intervalSeconds: number;
  enabled: boolean;
  state: 'active' | 'paused';
  origin: string;
  nextCheckAt: string | null;
}

/** Every source of the store (config-synced and API-added), in id order. */
export function storedSources(db: Db): CrawlableSource[] {
  return db
    .prepare<
      [],
      Omit<CrawlableSource, 'intervalSeconds' | 'enabled' | 'nextCheckAt'> & {
        interval_s: number;
        enabled: number;
        next_check_at: string | null;
      }
    >(
      `SELECT id, kind, url, file, name, audience, interval_s, enabled, state, origin,
        next_check_at FROM sources ORDER BY id`,
    )
    .all()
    .map(({ interval_s, enabled, next_check_at, ...r }) => ({
      ...r,
      intervalSeconds: interval_s,
      enabled: enabled === 1,
      nextCheckAt: next_check_at,
    }));
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
