// Opens (and creates) the SQLite database and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export type Db = import('better-sqlite3').Database;

/** Opens the store at `path` (":memory:" allowed), creating its directory, then migrates it. */
export function openStore(path: string): Db {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL lets the API read while a crawl writes; NORMAL is durable across a process crash in
  // WAL mode (only an OS crash may lose the last commits), and much faster than FULL.
  if (!inMemory) db.pragma('journal_mode = WAL');
  // A crawl and the API share the file: wait for a writer instead of failing at once.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Reads of a large store: a bigger page cache (64 MiB) and memory-mapped reads (256 MiB)
  // spare the ranked lists most of their page copies; both are per connection.
  if (!inMemory) {
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
  }
  migrate(db);
  return db;
}

/**
 * A second, read-only connection to the same file, for one long read (an export): no memory
 * map and a small page cache (KiB), so that reading a million rows leaves RSS flat. The
 * 256 MiB map above is resident memory too, and an export touches every page of it. Null for
 * an in-memory store, which has no file to share: read through `db` itself then.
 */
export function openReader(db: Db, cacheKiB = 4096): Db | null {
  if (db.memory || db.name === '' || db.name === ':memory:') return null;
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma(`cache_size = -${Math.max(256, Math.trunc(cacheKiB))}`);
  reader.pragma('mmap_size = 0');
  return reader;
}
