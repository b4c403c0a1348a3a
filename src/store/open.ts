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
