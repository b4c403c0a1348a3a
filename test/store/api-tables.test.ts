import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { putSource } from '../../src/store/admin.ts';
import { addFeedback, listFeedback } from '../../src/store/feedback.ts';
import { findKeyByHash, insertKey, listKeys, revokeKey } from '../../src/store/keys.ts';
import { migrate, migrations } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open.ts';
import { syncSources } from '../../src/store/write.ts';
import { source } from './make.ts';

describe('migration 2 on a database that has posts', () => {
  it('copies date, aimed complaint and severity into brand_mentions', () => {
    const db = new Database(':memory:');
    migrations[0]!.up(db);
    db.pragma('user_version = 1');
    db.exec(`
      INSERT INTO sources (id, kind, interval_s, created_at) VALUES ('s', 'feed', 60, 'x');
      INSERT INTO posts (id, fts_rowid, source_id, dedup_key, text, published_at, fetched_at,
        updated_at, content_hash) VALUES ('p', 1, 's', 'k', 'SFR nul', NULL,
        '2024-05-01T10:00:00.000Z', 'x', 'h');
      INSERT INTO analyses VALUES ('p', 'm', 'negative', -0.5, 1, 0.8, 0, 40, '[]', '[]', '[]', '[]', 'x');
      INSERT INTO brand_mentions (post_id, brand_id, target, confidence, sentiment, count,
        reasons_json, rank) VALUES ('p', 'sfr', 1, 0.9, 'negative', 1, '[]', 1),
        ('p', 'orange', 0, 0.5, 'neutral', 1, '[]', 1);
      INSERT INTO scores VALUES ('p', 42, '{}', 1, '{}', 3, '{}', 1, 'score-1', 'x');`);
    migrate(db);
    const rows = db
      .prepare('SELECT brand_id, at, complaint, severity FROM brand_mentions ORDER BY brand_id')
      .all();
    expect(rows).toEqual([
      { brand_id: 'orange', at: '2024-05-01T10:00:00.000Z', complaint: 0, severity: 42 },
      { brand_id: 'sfr', at: '2024-05-01T10:00:00.000Z', complaint: 1, severity: 42 },
    ]);
  });
});

describe('keys, feedback and API-added sources', () => {
  it('finds a live key by hash only, and not once revoked', () => {
    const db = openStore(':memory:');
    const key = { id: 'k1', name: 'ci', prefix: 'grg_abcdef', hash: 'h1', role: 'reader' as const };
    insertKey(db, { ...key, brands: ['sfr'], createdAt: '2024-05-01T00:00:00.000Z' });
    expect(findKeyByHash(db, 'h1')).toMatchObject({ id: 'k1', brands: ['sfr'] });
    expect(findKeyByHash(db, 'h2')).toBeNull();
    expect(revokeKey(db, 'k1', '2024-05-02T00:00:00.000Z')).toBe(true);
    expect(revokeKey(db, 'k1', '2024-05-02T00:00:00.000Z')).toBe(false);
    expect(findKeyByHash(db, 'h1')).toBeNull();
    expect(listKeys(db)[0]!.revokedAt).toBe('2024-05-02T00:00:00.000Z');
    expect(JSON.stringify(listKeys(db))).not.toContain('h1');
  });

  it('keeps a source added over the API enabled when the config is synced', () => {
    const db = openStore(':memory:');
    syncSources(db, [source('blog')]);
    putSource(db, { ...source('api-feed'), file: undefined, url: 'https://example.fr/f' }, 'x');
    syncSources(db, [source('blog')]);
    const enabled = db.prepare('SELECT id FROM sources WHERE enabled = 1 ORDER BY id').all();
    expect(enabled).toEqual([{ id: 'api-feed' }, { id: 'blog' }]);
  });

  it('lists feedback in order, with only the fields given', () => {
    const db = openStore(':memory:');
    syncSources(db, [source('s')]);
    db.exec(`INSERT INTO posts (id, fts_rowid, source_id, dedup_key, text, fetched_at, updated_at,
      content_hash) VALUES ('p', 1, 's', 'k', 't', 'x', 'x', 'h')`);
    addFeedback(db, 'p', { complaint: false }, 'k1', '2024-05-01T00:00:00.000Z');
    addFeedback(db, 'p', { target: null, note: 'pas SFR' }, null, '2024-05-02T00:00:00.000Z');
    const list = listFeedback(db, 'p');
    expect(list.map((f) => [f.complaint, f.note, f.keyId])).toEqual([
      [false, undefined, 'k1'],
      [undefined, 'pas SFR', null],
    ]);
    // "No brand is aimed at" is an answer, kept apart from no answer about the target.
    expect('target' in list[0]!).toBe(false);
    expect(list[1]!.target).toBeNull();
    addFeedback(db, 'p', { target: 'sfr' }, null, '2024-05-03T00:00:00.000Z');
    expect(listFeedback(db, 'p')[2]!.target).toBe('sfr');
  });
});
