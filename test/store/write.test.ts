import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openStore } from '../../src/store/open.ts';
import {
  countPosts,
  dueSources,
  getFetchState,
  getPost,
  listSources,
} from '../../src/store/read.ts';
import { postId, recordFetch, savePosts, syncBrands, syncSources } from '../../src/store/write.ts';
import { item, NOW, source } from './make.ts';

const now = () => NOW;
let db: Db;
beforeEach(() => {
  db = openStore(':memory:');
  syncSources(db, [source('blog')], now);
  syncBrands(db, [
    {
      id: 'sfr',
      name: 'SFR',
      aliases: ['SFR'],
      handles: [],
      caseSensitive: true,
      exclude: [],
      context: [],
      notWith: [],
    },
  ]);
});

describe('openStore on a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('creates the parent directory and uses WAL', () => {
    const file = join(dir, 'nested', 'deeper', 'g.db');
    const fileDb = openStore(file);
    expect(fileDb.pragma('journal_mode', { simple: true })).toBe('wal');
    fileDb.close();
  });
});

describe('savePosts', () => {
  it('a second save of the same items adds no row and reports them unchanged', () => {
    const items = [item('a'), item('b'), item('c')];
    expect(savePosts(db, 'blog', items, now)).toEqual({ new: 3, updated: 0, unchanged: 0 });
    expect(savePosts(db, 'blog', items, now)).toEqual({ new: 0, updated: 0, unchanged: 3 });
    expect(countPosts(db)).toBe(3);
  });

  it('updates an edited post in place and replaces its analysis, mentions and scores', () => {
    savePosts(db, 'blog', [item('a')], now);
    const id = postId('blog', 'a');
    const before = getPost(db, id)!;
    const edited = item(
      'a',
      { text: 'SFR a enfin réglé mon problème.' },
      {
        complaint: false,
        resolved: true,
        brands: [],
        sentimentScore: 0.4,
        sentiment: 'positive',
      },
    );
    expect(savePosts(db, 'blog', [edited], now)).toEqual({ new: 0, updated: 1, unchanged: 0 });
    const after = getPost(db, id)!;
    expect(countPosts(db)).toBe(1);
    expect(after.text).toBe('SFR a enfin réglé mon problème.');
    expect(after.analysis?.complaint).toBe(false);
    expect(after.brands).toEqual([]);
    expect(after.scores!.severity.value).toBeLessThan(before.scores!.severity.value);
  });

  it('re-analyses unchanged text when the model version changed', () => {
    savePosts(db, 'blog', [item('a')], now);
    const r = savePosts(db, 'blog', [item('a', {}, { modelVersion: 'test-2' })], now);
    expect(r).toEqual({ new: 0, updated: 1, unchanged: 0 });
    expect(getPost(db, postId('blog', 'a'))!.analysis!.modelVersion).toBe('test-2');
  });

  it('links a reply to its parent within the source, in either order', () => {
    savePosts(db, 'blog', [item('reply', { parentKey: 'op' }), item('op')], now);
    const op = getPost(db, postId('blog', 'op'))!;
    const reply = getPost(db, postId('blog', 'reply'))!;
    expect(reply.parentId).toBe(op.id);
    expect(op.childIds).toEqual([reply.id]);
  });

  it('a batch that throws midway leaves nothing behind', () => {
    const bad = item('b');
    // A NOT NULL column: the insert of the second post fails inside the transaction.
    (bad.post as { text: unknown }).text = null;
    expect(() => savePosts(db, 'blog', [item('a'), bad, item('c')], now)).toThrow();
    expect(countPosts(db)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM scores').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM posts_search').get()).toEqual({ n: 0 });
  });

  it('refuses posts of an unknown source (foreign key)', () => {
    expect(() => savePosts(db, 'nope', [item('a')], now)).toThrow(/FOREIGN KEY/);
  });
});

describe('syncSources and recordFetch', () => {
  it('keeps fetch state across a re-sync and disables sources dropped from config', () => {
    syncSources(db, [source('blog'), source('forum', { kind: 'forum' })], now);
    recordFetch(db, 'blog', {
      at: '2024-05-10T12:00:00Z',
      ok: true,
      etag: '"v1"',
      lastModified: 'Fri, 10 May 2024 11:00:00 GMT',
      nextCheckAt: '2024-05-10T12:30:00Z',
    });
    syncSources(db, [source('blog', { name: 'Le blog' })], now);
    const rows = listSources(db);
    expect(rows.map((s) => [s.id, s.enabled])).toEqual([
      ['blog', true],
      ['forum', false],
    ]);
    expect(rows[0]).toMatchObject({ name: 'Le blog', etag: '"v1"' });
  });

  it('counts consecutive failures and resets them on success', () => {
    const fail = { at: '2024-05-10T12:00:00Z', ok: false, error: 'HTTP 503', nextCheckAt: 'x' };
    recordFetch(db, 'blog', fail);
    recordFetch(db, 'blog', fail);
    expect(getFetchState(db, 'blog')).toMatchObject({
      consecutiveErrors: 2,
      lastError: 'HTTP 503',
    });
    recordFetch(db, 'blog', { at: '2024-05-10T13:00:00Z', ok: true, nextCheckAt: 'y' });
    expect(getFetchState(db, 'blog')).toMatchObject({ consecutiveErrors: 0, lastError: null });
    expect(getFetchState(db, 'unknown')).toBeNull();
  });

  it('lists sources due for a check: never fetched or past their next check, enabled only', () => {
    syncSources(
      db,
      [source('blog'), source('forum'), source('page'), source('off', { enabled: false })],
      now,
    );
    const ok = { ok: true, at: '2024-05-10T12:00:00Z' };
    recordFetch(db, 'blog', { ...ok, nextCheckAt: '2024-05-10T12:30:00.000Z' });
    recordFetch(db, 'forum', { ...ok, nextCheckAt: '2024-05-10T13:30:00.000Z' });
    expect(dueSources(db, '2024-05-10T12:45:00.000Z')).toEqual(['page', 'blog']);
  });
});

describe('the filter copies the sort indexes cover (migration 7)', () => {
  // scores and brand_mentions hold copies of the post's date, source and language and of the
  // analysis' complaint and sentiment, so that a list filters on index entries alone. A copy
  // that lags behind an edit would list a post under filters it no longer matches.
  const copies = () =>
    db
      .prepare(`
        SELECT s.at = COALESCE(p.published_at, p.fetched_at) AS at,
          s.source_id = p.source_id AS source, s.lang IS p.lang AS lang,
          s.complaint = a.complaint AS complaint, s.sentiment = a.sentiment AS sentiment,
          (SELECT MIN(m.reach = s.reach) FROM brand_mentions m WHERE m.post_id = p.id) AS reach
        FROM posts p JOIN scores s ON s.post_id = p.id JOIN analyses a ON a.post_id = p.id`)
      .all();
  const same = { at: 1, source: 1, lang: 1, complaint: 1, sentiment: 1, reach: 1 };

  it('are written with a new post and follow its edits', () => {
    savePosts(db, 'blog', [item('a')], now);
    expect(copies()).toEqual([same]);
    // Edited: new text, another date, and the analysis no longer sees a complaint.
    savePosts(
      db,
      'blog',
      [
        item(
          'a',
          { text: 'Tout va bien.', publishedAt: '2024-05-01T00:00:00.000Z' },
          { complaint: false, sentiment: 'positive', lang: 'eng' },
        ),
      ],
      now,
    );
    expect(copies()).toEqual([same]);
    const s = db.prepare('SELECT at, complaint, sentiment, lang FROM scores').get();
    expect(s).toEqual({
      at: '2024-05-01T00:00:00.000Z',
      complaint: 0,
      sentiment: 'positive',
      lang: 'eng',
    });
  });
});
