// Migration 7 rebuilds api_keys to admit the editor role: keys made before it must survive
// whole (hash, role, brands, revocation), and the new role must be accepted after it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findKeyByHash, insertKey, listKeys } from '../../src/store/keys.ts';
import { migrate, migrations } from '../../src/store/migrations.ts';

describe('migration 7 (workflow, editor keys) on a database that has keys', () => {
  function version6() {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.filter((m) => m.version <= 6)) m.up(db);
    db.pragma('user_version = 6');
    db.exec(`
      INSERT INTO api_keys (id, name, prefix, hash, role, brands_json, created_at)
        VALUES ('k1', 'dash', 'grg_aaaaaa', 'h1', 'reader', '["sfr"]', '2026-01-01T00:00:00Z');
      INSERT INTO api_keys (id, name, prefix, hash, role, brands_json, created_at, revoked_at)
        VALUES ('k2', NULL, 'grg_bbbbbb', 'h2', 'admin', NULL, '2026-01-02T00:00:00Z',
          '2026-02-01T00:00:00Z');`);
    return db;
  }

  it('keeps every key as it was, and admits editor keys', () => {
    const db = version6();
    expect(() =>
      db
        .prepare(
          "INSERT INTO api_keys (id, prefix, hash, role, created_at) VALUES ('x', 'p', 'hx', 'editor', 't')",
        )
        .run(),
    ).toThrow(/CHECK/);
    migrate(db);
    expect(listKeys(db).map((k) => [k.id, k.role, k.brands, k.revokedAt])).toEqual([
      ['k1', 'reader', ['sfr'], null],
      ['k2', 'admin', null, '2026-02-01T00:00:00Z'],
    ]);
    expect(findKeyByHash(db, 'h1')?.name).toBe('dash');
    expect(findKeyByHash(db, 'h2')).toBeNull();
    insertKey(db, {
      id: 'k3',
      name: 'alice',
      prefix: 'grg_cccccc',
      hash: 'h3',
      role: 'editor',
      brands: ['sfr'],
      createdAt: '2026-03-01T00:00:00Z',
    });
    expect(findKeyByHash(db, 'h3')?.role).toBe('editor');
    expect(() =>
      db
        .prepare(
          "INSERT INTO api_keys (id, prefix, hash, role, created_at) VALUES ('y', 'p', 'hy', 'owner', 't')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
