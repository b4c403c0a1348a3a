// saveBatches: several sources' batches in one transaction (what a bulk ingest's single
// writer does), and the per-connection statement cache that savePosts shares with it.
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, openStore } from '../../src/store/open.ts';
import { countPosts, getPost } from '../../src/store/read.ts';
import { postId, prepareItem, saveBatches, savePosts, syncSources } from '../../src/store/write.ts';
import { item, NOW, source } from './make.ts';

const now = () => NOW;
let db: Db;
beforeEach(() => {
  db = openStore(':memory:');
  syncSources(db, [source('blog'), source('forum')], now);
});

const ftsHits = (d: Db, word: string) =>
  (
    d
      .prepare(
        'SELECT COUNT(*) AS n FROM posts p WHERE p.fts_rowid IN (SELECT rowid FROM posts_search WHERE posts_search MATCH ?)',
      )
      .get(word) as { n: number }
  ).n;

describe('saveBatches', () => {
  it('saves each source whole and reports new, updated and unchanged per source', () => {
    savePosts(db, 'forum', [item('x')], now);
    const results = saveBatches(
      db,
      [
        { sourceId: 'blog', items: [item('a'), item('b')] },
        { sourceId: 'forum', items: [item('x'), item('y', { text: 'Free coupe encore' })] },
        { sourceId: 'blog', items: [] },
      ],
      now,
    );
    expect(results).toEqual([
      { new: 2, updated: 0, unchanged: 0 },
      { new: 1, updated: 0, unchanged: 1 },
      { new: 0, updated: 0, unchanged: 0 },
    ]);
    expect(countPosts(db)).toBe(4);
    // The same key in two sources is two posts.
    expect(getPost(db, postId('forum', 'y'))?.text).toBe('Free coupe encore');
  });

  it('gives every new post its own full-text row, across batches and calls', () => {
    saveBatches(db, [
      { sourceId: 'blog', items: [item('a', { text: 'panne fibre' }), item('b')] },
      { sourceId: 'forum', items: [item('c', { text: 'panne mobile' })] },
    ]);
    savePosts(db, 'blog', [item('d', { text: 'panne box' })], now);
    expect(ftsHits(db, 'panne')).toBe(3);
    const rowids = db.prepare('SELECT fts_rowid FROM posts ORDER BY fts_rowid').pluck().all();
    expect(new Set(rowids).size).toBe(4);
  });

  it('one failing batch leaves none of the call behind (one transaction)', () => {
    const bad = item('b');
    (bad.post as { text: unknown }).text = null;
    expect(() =>
      saveBatches(db, [
        { sourceId: 'forum', items: [item('x')] },
        { sourceId: 'blog', items: [item('a'), bad] },
      ]),
    ).toThrow();
    expect(countPosts(db)).toBe(0);
    expect(ftsHits(db, 'facture')).toBe(0);
  });

  it('stores prepared rows exactly as it stores the items they were prepared from', () => {
    const other = openStore(':memory:');
    syncSources(other, [source('blog'), source('forum')], now);
    const items = [item('a', { text: 'panne fibre' }), item('b'), item('c', { parentKey: 'a' })];
    saveBatches(db, [{ sourceId: 'blog', items }], now);
    const prepared = items.map((i) => prepareItem('blog', i));
    expect(saveBatches(other, [{ sourceId: 'blog', prepared }], now)).toEqual([
      { new: 3, updated: 0, unchanged: 0 },
    ]);
    for (const table of ['posts', 'analyses', 'brand_mentions', 'scores']) {
      const rows = (d: Db) => d.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
      expect(rows(other), table).toEqual(rows(db));
    }
    expect(ftsHits(other, 'panne')).toBe(1);
    // Again: unchanged; edited: updated in place, as for items.
    const edited = prepareItem('blog', item('b', { text: 'Free coupe encore' }));
    expect(
      saveBatches(other, [{ sourceId: 'blog', prepared: [prepared[0]!, edited] }], now),
    ).toEqual([{ new: 0, updated: 1, unchanged: 1 }]);
    expect(getPost(other, postId('blog', 'b'))?.text).toBe('Free coupe encore');
    other.close();
  });

  it('keeps prepared statements per connection: two stores never write into each other', () => {
    const other = openStore(':memory:');
    syncSources(other, [source('blog')], now);
    savePosts(db, 'blog', [item('a')], now);
    savePosts(other, 'blog', [item('b'), item('c')], now);
    savePosts(db, 'blog', [item('d')], now);
    expect([countPosts(db), countPosts(other)]).toEqual([2, 2]);
    other.close();
  });
});
