// The store-wide counts /metrics shows are kept by triggers (migration 7): they must equal a
// count of the tables after every kind of write, and be seeded from an older database. The
// per-source crawl counters (migration 13) follow every recorded crawl.
import { describe, expect, it } from 'vitest';
import { deleteSource } from '../../src/store/admin.ts';
import { migrations } from '../../src/store/migrations.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { sourceCounts, storeGauges } from '../../src/store/stats.ts';
import { recordFetch, savePosts, syncSources } from '../../src/store/write.ts';
import { item, NOW, source } from './make.ts';

function counted(db: Db) {
  const posts = (db.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n;
  const rows = db
    .prepare('SELECT sentiment AS k, count(*) AS n FROM analyses GROUP BY sentiment')
    .all() as { k: string; n: number }[];
  return { posts, analysesBySentiment: Object.fromEntries(rows.map((r) => [r.k, r.n])) };
}
const kept = (db: Db) => {
  const g = storeGauges(db);
  return { posts: g.posts, analysesBySentiment: g.analysesBySentiment };
};

function store() {
  const db = openStore(':memory:');
  syncSources(db, [source('blog')], () => NOW);
  savePosts(
    db,
    'blog',
    [
      item('a', {}, { sentiment: 'negative' }),
      item('b', {}, { sentiment: 'negative' }),
      item('c', {}, { sentiment: 'neutral' }),
    ],
    () => NOW,
  );
  return db;
}

describe('store counts', () => {
  it('follow inserts, re-analyses that change a sentiment, and deletes', () => {
    const db = store();
    expect(kept(db)).toEqual({ posts: 3, analysesBySentiment: { negative: 2, neutral: 1 } });
    // The same post edited and read again as positive: an update, not a new post.
    savePosts(
      db,
      'blog',
      [item('c', { text: 'Texte modifié, SFR est formidable.' }, { sentiment: 'positive' })],
      () => NOW,
    );
    expect(kept(db)).toEqual(counted(db));
    expect(kept(db).analysesBySentiment).toEqual({ negative: 2, positive: 1 });
    db.exec("UPDATE analyses SET sentiment = 'neutral' WHERE sentiment = 'positive'");
    expect(kept(db)).toEqual(counted(db));
    db.exec("DELETE FROM posts WHERE dedup_key = 'a'");
    expect(kept(db)).toEqual(counted(db));
    expect(kept(db)).toEqual({ posts: 2, analysesBySentiment: { negative: 1, neutral: 1 } });
  });

  it('are seeded from the tables when an older database is migrated', () => {
    const db = store();
    db.exec('DROP TABLE store_counts');
    for (const t of ['posts_insert', 'posts_delete', 'analyses_insert', 'analyses_delete']) {
      db.exec(`DROP TRIGGER store_counts_${t}`);
    }
    db.exec('DROP TRIGGER store_counts_analyses_update');
    // The counts' step (migration 9) run again on a store that has posts.
    migrations.find((m) => m.name === 'store counts')!.up(db);
    expect(kept(db)).toEqual({ posts: 3, analysesBySentiment: { negative: 2, neutral: 1 } });
  });
});

describe('per-source crawl counters', () => {
  const at = NOW.toISOString();
  const next = '2024-05-10T13:00:00.000Z';

  it('count each recorded crawl by outcome, with what it stored, for /metrics', () => {
    const db = openStore(':memory:');
    syncSources(db, [source('blog'), source('forum')], () => NOW);
    const items = { new: 3, updated: 1, unchanged: 2 };
    recordFetch(db, 'blog', { at, ok: true, nextCheckAt: next, items });
    recordFetch(db, 'blog', { at, ok: true, nextCheckAt: next, items });
    recordFetch(db, 'blog', { at, ok: true, nextCheckAt: next, notModified: true });
    recordFetch(db, 'forum', { at, ok: false, error: 'HTTP 500', nextCheckAt: next });
    recordFetch(db, 'forum', { at, ok: false, error: 'bug', internal: true, nextCheckAt: next });
    expect(sourceCounts(db)).toEqual([
      {
        source: 'blog',
        crawls: { ok: 2, notModified: 1, error: 0, internalError: 0 },
        items: { new: 6, updated: 2, unchanged: 4 },
        lastOkAt: at,
      },
      {
        source: 'forum',
        crawls: { ok: 0, notModified: 0, error: 1, internalError: 1 },
        items: { new: 0, updated: 0, unchanged: 0 },
        lastOkAt: null,
      },
    ]);
  });

  it('leave out sources never crawled, and go with a deleted source', () => {
    const db = openStore(':memory:');
    syncSources(db, [source('blog'), source('idle')], () => NOW);
    recordFetch(db, 'blog', { at, ok: true, nextCheckAt: next });
    expect(sourceCounts(db).map((r) => r.source)).toEqual(['blog']);
    deleteSource(db, 'blog');
    // A crawl that ends after its source was deleted records nothing, and fails nothing.
    expect(recordFetch(db, 'blog', { at, ok: false, error: 'x', nextCheckAt: next })).toBe(false);
    expect(sourceCounts(db)).toEqual([]);
  });
});
