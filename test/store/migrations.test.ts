import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { crawlableSources } from '../../src/pipeline.ts';
import { getSourceConfig } from '../../src/store/admin.ts';
import { migrate, migrations, pendingMigrations } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open.ts';
import { listPosts, type PostQuery } from '../../src/store/read.ts';
import { syncSources } from '../../src/store/write.ts';

describe('migrations', () => {
  it('records the latest version and leaves nothing pending', () => {
    const db = openStore(':memory:');
    const latest = migrations.at(-1)!.version;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(pendingMigrations(db)).toEqual([]);
  });

  it('is idempotent: migrating again changes nothing', () => {
    const db = openStore(':memory:');
    const v = db.pragma('user_version', { simple: true });
    expect(migrate(db)).toEqual({ from: v, to: v });
    expect(migrate(db)).toEqual({ from: v, to: v });
  });

  it('numbers steps 1, 2, 3… without gaps, each named', () => {
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name.length).toBeGreaterThan(0);
    });
  });

  it('refuses a database newer than this code', () => {
    const db = openStore(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/newer than this grogne/);
  });

  it('sets the pragmas the crawler and the API rely on', () => {
    const db = openStore(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });
});

/**
 * A scored post as the writers of versions 2 to 6 stored it (today's writers need today's
 * columns): its analysis, scores and one brand mention.
 */
function legacyPost(
  db: Database.Database,
  id: string,
  sourceId: string,
  o: { published?: string | null; complaint?: 0 | 1; sentiment?: string; lang?: string } = {},
) {
  const { published = '2024-05-02T08:00:00.000Z', complaint = 1, sentiment = 'negative' } = o;
  db.prepare(`
    INSERT INTO posts (id, fts_rowid, source_id, dedup_key, text, published_at, fetched_at,
      updated_at, lang, content_hash)
    VALUES (?, (SELECT COALESCE(MAX(fts_rowid), 0) + 1 FROM posts), ?, ?, 'Box en panne.', ?,
      '2024-05-03T00:00:00.000Z', 'x', ?, ?)`).run(
    id,
    sourceId,
    id,
    published,
    o.lang ?? 'fra',
    id,
  );
  db.prepare(`
    INSERT INTO analyses (post_id, model_version, sentiment, sentiment_score, complaint,
      complaint_confidence, resolved, severity, categories_json, grievances_json, acts_json,
      evidence_json, analysed_at)
    VALUES (?, 'm1', ?, -0.5, ?, 0.9, 0, 70, '["network"]', '[]', '[]', '[]', 'x')`).run(
    id,
    sentiment,
    complaint,
  );
  db.prepare(`
    INSERT INTO scores (post_id, severity, severity_json, reach, reach_json, priority,
      priority_json, rank, scoring_version, scored_at)
    VALUES (?, 70, '{}', 1234, '{}', 12, '{}', 3.5, 's1', 'x')`).run(id);
  db.prepare(`
    INSERT INTO brand_mentions (post_id, brand_id, target, confidence, sentiment, count,
      reasons_json, rank, at, complaint, severity)
    VALUES (?, 'sfr', 1, 0.9, ?, 1, '[]', 3.5, COALESCE(?, '2024-05-03T00:00:00.000Z'), ?, 70)`).run(
    id,
    sentiment,
    published,
    complaint,
  );
}

describe('migration 7 (filter copies in the sort indexes) on a database with posts', () => {
  function version6() {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 6)) m.up(db);
    db.pragma('user_version = 6');
    db.exec(`INSERT INTO sources (id, kind, url, interval_s, created_at)
      VALUES ('blog', 'feed', 'https://blog.example/feed', 900, 'x')`);
    legacyPost(db, 'dated', 'blog');
    // No publication date: the fetch date stands in, as in the "published" sort.
    legacyPost(db, 'undated', 'blog', {
      published: null,
      complaint: 0,
      sentiment: 'neutral',
      lang: 'eng',
    });
    return db;
  }

  it('copies each post’s date, source, language, complaint and sentiment into its scores', () => {
    const db = version6();
    migrate(db);
    const rows = db
      .prepare('SELECT post_id, at, source_id, lang, complaint, sentiment FROM scores ORDER BY 1')
      .all();
    expect(rows).toEqual([
      {
        post_id: 'dated',
        at: '2024-05-02T08:00:00.000Z',
        source_id: 'blog',
        lang: 'fra',
        complaint: 1,
        sentiment: 'negative',
      },
      {
        post_id: 'undated',
        at: '2024-05-03T00:00:00.000Z',
        source_id: 'blog',
        lang: 'eng',
        complaint: 0,
        sentiment: 'neutral',
      },
    ]);
    expect(db.prepare('SELECT DISTINCT reach FROM brand_mentions').all()).toEqual([
      { reach: 1234 },
    ]);
  });

  it('the lists filter on the copies as they did on the posts and analyses', () => {
    const db = version6();
    migrate(db);
    const ids = (q: Omit<PostQuery, 'limit'>) =>
      listPosts(db, { ...q, limit: 10 }).items.map((p) => p.id);
    expect(ids({ complaint: true })).toEqual(['dated']);
    expect(ids({ complaint: false, sort: 'published' })).toEqual(['undated']);
    expect(ids({ lang: 'eng' })).toEqual(['undated']);
    expect(ids({ sentiment: 'negative', source: 'blog' })).toEqual(['dated']);
    expect(ids({ since: '2024-05-02T12:00:00.000Z', sort: 'published' })).toEqual(['undated']);
    expect(ids({ brand: 'sfr', sort: 'reach', complaint: true })).toEqual(['dated']);
  });
});

describe('migration 6 (source options) on a database that has sources', () => {
  /** A store as grogne left it at version 5: a config source with a post, an API source. */
  function version5() {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 5)) m.up(db);
    db.pragma('user_version = 5');
    db.exec(`
      INSERT INTO sources (id, kind, url, interval_s, created_at, etag, last_ok_at)
        VALUES ('forum', 'forum', 'https://forum.example/t/1', 900, 'x', '"v7"', 'y');
      INSERT INTO sources (id, kind, url, name, interval_s, created_at, origin)
        VALUES ('ajout', 'feed', 'https://blog.example/feed', 'Ajouté', 3600, 'x', 'api');`);
    legacyPost(db, 'p1', 'forum');
    return db;
  }
  const selectors = { post: 'div.msg', body: '.txt' };
  const config = parseConfig({
    sources: [{ id: 'forum', kind: 'forum', url: 'https://forum.example/t/1', selectors }],
  });

  it('adds the column and keeps every source, its fetch state and its posts', () => {
    const db = version5();
    expect(migrate(db)).toEqual({ from: 5, to: migrations.at(-1)!.version });
    const rows = db
      .prepare('SELECT id, origin, interval_s, etag, options_json FROM sources ORDER BY id')
      .all();
    expect(rows).toEqual([
      { id: 'ajout', origin: 'api', interval_s: 3600, etag: null, options_json: null },
      { id: 'forum', origin: 'config', interval_s: 900, etag: '"v7"', options_json: null },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM posts WHERE source_id = 'forum'").get()).toEqual({
      n: 1,
    });
    expect(getSourceConfig(db, 'ajout')).toEqual({
      id: 'ajout',
      kind: 'feed',
      url: 'https://blog.example/feed',
      name: 'Ajouté',
      interval: 3600,
      enabled: true,
    });
  });

  // Rows from before the step have no options stored: the config entry still supplies them,
  // as it did before, and the next sync of the config stores them.
  it('a source stored before options were kept takes them from the config until it is synced', () => {
    const db = version5();
    migrate(db);
    expect(crawlableSources({ db, config }).find((s) => s.id === 'forum')?.selectors).toEqual(
      selectors,
    );
    syncSources(db, config.sources);
    const stored = db.prepare("SELECT options_json FROM sources WHERE id = 'forum'").get();
    expect(stored).toEqual({ options_json: JSON.stringify({ selectors }) });
  });
});

describe('migration 7: the search index with stems', () => {
  it('indexes the posts stored before it, so their other word forms are found at once', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 6)) m.up(db);
    db.pragma('user_version = 6');
    db.exec(`
      INSERT INTO sources (id, kind, interval_s, created_at) VALUES ('s', 'feed', 60, 'x');
      INSERT INTO posts (id, fts_rowid, source_id, dedup_key, title, text, author, fetched_at,
        updated_at, content_hash) VALUES
        ('a', 1, 's', 'a', 'Factures', 'J''ai résilié, le service client est nul.', 'Jean Pierre',
          '2024-05-01T10:00:00.000Z', 'x', 'h'),
        ('b', 2, 's', 'b', NULL, 'Client du service, rien à dire.', NULL,
          '2024-05-01T10:00:00.000Z', 'x', 'h');`);
    migrate(db);
    const hits = (match: string) =>
      db
        .prepare('SELECT rowid FROM posts_search WHERE posts_search MATCH ? ORDER BY rowid')
        .pluck()
        .all(match);
    expect(hits('{title_stem text_stem} : "factur"')).toEqual([1]);
    expect(hits('{title_stem text_stem} : "resili"')).toEqual([1]);
    expect(hits('{title text} : "service client"')).toEqual([1]);
    expect(hits('{author} : "jean pierre"')).toEqual([1]);
    expect(hits('{title_stem text_stem} : "client"')).toEqual([1, 2]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'posts_fts'").get()).toBe(
      undefined,
    );
    // The triggers keep it: an edit re-indexes, a delete removes.
    db.prepare("UPDATE posts SET text = 'Rien.' WHERE id = 'a'").run();
    expect(hits('{title_stem text_stem} : "resili"')).toEqual([]);
    expect(hits('{title_stem text_stem} : "factur"')).toEqual([1]);
    db.prepare("DELETE FROM posts WHERE id = 'a'").run();
    expect(hits('{title_stem text_stem} : "factur"')).toEqual([]);
  });
});

describe('migration 12: alerts per watch', () => {
  it('keeps the alerts and their sends, and lets a search alert share a brand and hour', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.filter((m) => m.version <= 11)) m.up(db);
    db.pragma('user_version = 11');
    db.exec(`
      INSERT INTO alerts (id, brand_id, window_start, window_end, count, baseline, p_value,
        post_ids_json, state, created_at, updated_at)
      VALUES (7, 'sfr', '2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z', 8, 0.6, 1e-9,
        '["a"]', 'pending', 'x', 'x');
      INSERT INTO alert_sends (alert_id, recipient, channel, status, attempts)
      VALUES (7, 'cm@example.fr', 'smtp', 'retry', 2);`);
    migrate(db);
    expect(db.prepare('SELECT id, brand_id, search, count FROM alerts').all()).toEqual([
      { id: 7, brand_id: 'sfr', search: '', count: 8 },
    ]);
    expect(
      db.prepare('SELECT alert_id, recipient, status, attempts FROM alert_sends').all(),
    ).toEqual([{ alert_id: 7, recipient: 'cm@example.fr', status: 'retry', attempts: 2 }]);
    // The same brand and hour, another watch: a row of its own.
    db.exec(`
      INSERT INTO alerts (brand_id, search, window_start, window_end, count, baseline, p_value,
        post_ids_json, state, created_at, updated_at)
      VALUES ('sfr', 'pannes', '2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z', 6, 0.1,
        1e-8, '[]', 'stored', 'x', 'x');`);
    expect(db.prepare('SELECT COUNT(*) FROM alerts').pluck().get()).toBe(2);
    // The sends still belong to their alert.
    db.exec('DELETE FROM alerts WHERE id = 7');
    expect(db.prepare('SELECT COUNT(*) FROM alert_sends').pluck().get()).toBe(0);
  });
});
