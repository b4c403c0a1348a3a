// API keys: only the sha256 of a key is stored, with a short prefix so a person can tell keys
// apart in a listing. The key itself is shown once, when it is created, and never again.
import type { Db } from './open.ts';

export type Role = 'reader' | 'editor' | 'admin';

export interface ApiKey {
  id: string;
  name: string | null;
  prefix: string;
  role: Role;
  /** Brands the key may see; null = every brand. */
  brands: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  name: string | null;
  prefix: string;
  role: Role;
  brands_json: string | null;
  created_at: string;
  revoked_at: string | null;
}

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role,
  brands: r.brands_json === null ? null : (JSON.parse(r.brands_json) as string[]),
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export function insertKey(db: Db, key: Omit<ApiKey, 'revokedAt'> & { hash: string }): void {
  db.prepare(`
    INSERT INTO api_keys (id, name, prefix, hash, role, brands_json, created_at)
    VALUES (@id, @name, @prefix, @hash, @role, @brands, @createdAt)`).run({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    hash: key.hash,
    role: key.role,
    brands: key.brands === null ? null : JSON.stringify(key.brands),
    createdAt: key.createdAt,
  });
}

export function listKeys(db: Db): ApiKey[] {
  return db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id').all().map(toKey);
}

/** The live (not revoked) key with this hash, or null. */
export function findKeyByHash(db: Db, hash: string): ApiKey | null {
  const r = db
    .prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL')
    .get(hash);
  return r ? toKey(r) : null;
}

/** Revokes a key; false when there is no live key with this id. */
export function revokeKey(db: Db, id: string, at: string): boolean {
  return (
    db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
      .changes === 1
  );
}
