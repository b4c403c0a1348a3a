// Prepared statements kept per database: building a statement costs more than running a
// short one (better-sqlite3's prepare() parses and plans the SQL each time).
import type { Db } from './open.ts';

// Building a statement costs more than running a short one: keep them per database. A search's
// filters (brand:, -free alone…) shape the SQL, so user queries can make any number of
// statements: past STATEMENTS_KEPT the cache starts over rather than grow without end.
const STATEMENTS_KEPT = 256;
const statementCache = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();
export function cached(db: Db, sql: string): ReturnType<Db['prepare']> {
  let m = statementCache.get(db);
  if (!m) {
    m = new Map();
    statementCache.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    if (m.size >= STATEMENTS_KEPT) m.clear();
    st = db.prepare(sql);
    m.set(sql, st);
  }
  return st;
}
