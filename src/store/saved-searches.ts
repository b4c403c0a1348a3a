// Saved searches: a name for a query of the search language, kept with the brands of the key
// that saved it (null: every brand), so that a search saved within a scope stays within it
// whoever runs it, as a list filter, an export filter or a digest's filter.
import type { Db } from './open.ts';

export interface SavedSearch {
  name: string;
  query: string;
  /** The brands its results are limited to; null = every brand. */
  brands: string[] | null;
  /** The key that saved it (null: the CLI or an anonymous loopback client). */
  keyId: string | null;
  createdAt: string;
}

interface Row {
  name: string;
  query: string;
  brands_json: string | null;
  key_id: string | null;
  created_at: string;
}

const toSearch = (r: Row): SavedSearch => ({
  name: r.name,
  query: r.query,
  brands: r.brands_json === null ? null : (JSON.parse(r.brands_json) as string[]),
  keyId: r.key_id,
  createdAt: r.created_at,
});

/** Saves a search; false when the name is taken (nothing is changed then). */
export function insertSavedSearch(db: Db, s: SavedSearch): boolean {
  return (
    db
      .prepare(`
        INSERT INTO saved_searches (name, query, brands_json, key_id, created_at)
        VALUES (@name, @query, @brands, @keyId, @createdAt)
        ON CONFLICT (name) DO NOTHING`)
      .run({
        name: s.name,
        query: s.query,
        brands: s.brands === null ? null : JSON.stringify(s.brands),
        keyId: s.keyId,
        createdAt: s.createdAt,
      }).changes === 1
  );
}

export function getSavedSearch(db: Db, name: string): SavedSearch | null {
  const r = db.prepare<[string], Row>('SELECT * FROM saved_searches WHERE name = ?').get(name);
  return r ? toSearch(r) : null;
}

export function listSavedSearches(db: Db): SavedSearch[] {
  return db.prepare<[], Row>('SELECT * FROM saved_searches ORDER BY name').all().map(toSearch);
}

export function deleteSavedSearch(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM saved_searches WHERE name = ?').run(name).changes === 1;
}
