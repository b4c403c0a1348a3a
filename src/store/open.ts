// Opens (and creates) the SQLite database and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export type Db = import('better-sqlite3').Database;

/** How long a connection waits for another's write lock before SQLite says "locked". */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite's "database is locked" names neither the file nor why: this says which file, how
 * long grogne waited, and how to find the process holding it. Other errors are returned as
 * they are.
 */
export function describeStoreError(err: unknown, file: string | Db): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^SQLITE_(BUSY|LOCKED)/.test(code)) return e;
  const path = typeof file === 'string' ? file : file.name;
  return new Error(
    `database ${path} is locked: another connection held its write lock for over ${BUSY_TIMEOUT_MS / 1000} s (a running grogne start, crawl, import or rescore?); \`fuser ${path}\` names the processes that have it open`,
    { cause: err },
  );
}

/** Opens the store at `path` (":memory:" allowed), creating its directory, then migrates it. */
export function openStore(path: string): Db {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    configure(db, inMemory);
    migrate(db);
  } catch (err) {
    db.close();
    throw describeStoreError(err, path);
  }
  return db;
}

function configure(db: Db, inMemory: boolean): void {
  // WAL lets the API read while a crawl writes; NORMAL is durable across a process crash in
  // WAL mode (only an OS crash may lose the last commits), and much faster than FULL.
  // A crawl and the API share the file: wait for a writer instead of failing at once. Set
  // first: turning WAL on takes a lock too, which processes opening a new file together
  // (crawl workers) wait for.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Reads of a large store: a bigger page cache (64 MiB) and memory-mapped reads (256 MiB)
  // spare the ranked lists most of their page copies; both are per connection.
  if (!inMemory) {
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
  }
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
  reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  reader.pragma(`cache_size = -${Math.max(256, Math.trunc(cacheKiB))}`);
  reader.pragma('mmap_size = 0');
  return reader;
}
