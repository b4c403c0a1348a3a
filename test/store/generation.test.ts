// The store's generation (migration 14) tells the API whether an answer it tagged may have
// changed: it must move with every committed write to a table an answer reads, whichever
// connection (process) wrote it, and stay put while only reads happen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeGeneration } from '../../src/store/generation.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { listPosts } from '../../src/store/read.ts';
import { postId, savePosts, syncSources } from '../../src/store/write.ts';
import { item, NOW, source } from './make.ts';

/** Tables kept by triggers of their own from tables that bump the generation. */
const FOLLOWERS = new Set(['store_counts', 'store_generation']);

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('store generation', () => {
  it('every table an answer may read bumps it on insert, update and delete', () => {
    const db = openStore(':memory:');
    const tables = db
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'posts_search_%'`,
      )
      .all()
      .map((t) => t.name)
      .filter((t) => !FOLLOWERS.has(t));
    const triggers = db
      .prepare<[], { tbl_name: string; sql: string }>(
        `SELECT tbl_name, sql FROM sqlite_master
           WHERE type = 'trigger' AND sql LIKE '%UPDATE store_generation SET n = n + 1%'`,
      )
      .all();
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) {
      const ops = triggers
        .filter((t) => t.tbl_name === table)
        .map((t) => /AFTER (INSERT|UPDATE|DELETE) ON/.exec(t.sql)?.[1])
        .sort();
      expect(ops, table).toEqual(['DELETE', 'INSERT', 'UPDATE']);
    }
  });

  it('moves with writes of another connection to the same file, not with reads', () => {
    dir = mkdtempSync(join(tmpdir(), 'grogne-generation-'));
    const path = join(dir, 'store.db');
    const api: Db = openStore(path);
    // Another process's connection (a crawl worker): the count lives in the file.
    const worker: Db = openStore(path);
    syncSources(worker, [source('blog')], () => NOW);
    const start = storeGeneration(api);
    savePosts(worker, 'blog', [item('a')], () => NOW);
    const afterPost = storeGeneration(api);
    expect(afterPost).toBeGreaterThan(start);
    listPosts(api, { limit: 10 });
    expect(storeGeneration(api)).toBe(afterPost);
    worker.prepare('UPDATE scores SET rank = rank + 1 WHERE post_id = ?').run(postId('blog', 'a'));
    expect(storeGeneration(api)).toBeGreaterThan(afterPost);
    // A write rolled back changes nothing, so the generation stays.
    const before = storeGeneration(api);
    expect(() =>
      worker.transaction(() => {
        worker.prepare('DELETE FROM posts').run();
        throw new Error('abandoned');
      })(),
    ).toThrow('abandoned');
    expect(storeGeneration(api)).toBe(before);
    api.close();
    worker.close();
  });
});
