// The meta table: values grogne generates once and keeps with the data they belong to.
import type { Db } from './open.ts';

export function getMeta(db: Db, key: string): string | null {
  const r = db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(key);
  return r ? r.value : null;
}

/**
 * Returns the value under `key`, storing `make()` first when there is none. Two processes
 * racing on a first export both end with the value that was inserted first.
 */
export function getOrCreateMeta(db: Db, key: string, make: () => string): string {
  const existing = getMeta(db, key);
  if (existing !== null) return existing;
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(
    key,
    make(),
  );
  return getMeta(db, key)!;
}
