// The one writer of `grogne start`: sources' posts saved in transactions of whole posts sized
// to a time budget, the event loop given back between two, several sources sharing a
// transaction, and one failing source not taking the others with it. The clock is injected:
// a constant one makes every transaction look free (so they are as big as allowed).
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, openStore } from '../../src/store/open.ts';
import { countPosts } from '../../src/store/read.ts';
import { prepareItem, syncSources } from '../../src/store/write.ts';
import { createWriter } from '../../src/store/writer.ts';
import { item, NOW, source } from './make.ts';

const now = () => NOW;
const still = () => 0;
let db: Db;
beforeEach(() => {
  db = openStore(':memory:');
  syncSources(db, [source('blog'), source('forum')], now);
});

const many = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => item(`${prefix}${i}`));

describe('createWriter', () => {
  it('saves a big source in chunks, giving the event loop back between two', async () => {
    // Counts the turns of the event loop that ran while the source was being saved.
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const writer = createWriter(db, { maxPosts: 100, now, clock: still });
    const result = await writer.save({ sourceId: 'blog', items: many(1000, 'b') });
    counting = false;
    expect(result).toEqual({ new: 1000, updated: 0, unchanged: 0 });
    expect(writer.commits).toBe(10);
    expect(turns).toBeGreaterThanOrEqual(10);
    expect(countPosts(db)).toBe(1000);
  });

  it('makes transactions smaller when each post takes longer to write', async () => {
    // Every transaction seems to take 50 ms, twice the budget: the next one is halved.
    let t = 0;
    const slow = () => {
      t += 50;
      return t;
    };
    const quick = createWriter(db, { budgetMs: 25, maxPosts: 100, now, clock: still });
    await quick.save({ sourceId: 'blog', items: many(300, 'q') });
    const busy = createWriter(db, { budgetMs: 25, maxPosts: 100, minPosts: 10, now, clock: slow });
    const result = await busy.save({ sourceId: 'forum', items: many(300, 's') });
    expect(result.new).toBe(300);
    expect(quick.commits).toBe(3);
    // 100, 50, 25, 12, then 10 at a time (the floor) for the 113 left.
    expect(busy.commits).toBe(4 + 12);
  });

  it('without a budget (a crawl that serves nothing), takes as many posts as allowed', async () => {
    let t = 0;
    const slow = () => {
      t += 1000;
      return t;
    };
    const writer = createWriter(db, { budgetMs: Infinity, maxPosts: 300, now, clock: slow });
    await writer.save({ sourceId: 'blog', items: many(1000, 'b') });
    expect(writer.commits).toBe(4);
  });

  it('shares a transaction between the sources that are due together', async () => {
    const writer = createWriter(db, { maxPosts: 100, now, clock: still });
    const [blog, forum] = await Promise.all([
      writer.save({ sourceId: 'blog', items: many(30, 'b') }),
      writer.save({
        sourceId: 'forum',
        prepared: many(30, 'f').map((x) => prepareItem('forum', x)),
      }),
    ]);
    expect(blog.new + forum.new).toBe(60);
    expect(writer.commits).toBe(1);
  });

  it('finds the posts of a second save unchanged (re-crawl is idempotent)', async () => {
    const writer = createWriter(db, { maxPosts: 7, now, clock: still });
    await writer.save({ sourceId: 'blog', items: many(50, 'b') });
    const again = await writer.save({ sourceId: 'blog', items: many(50, 'b') });
    expect(again).toEqual({ new: 0, updated: 0, unchanged: 50 });
    expect(countPosts(db)).toBe(50);
  });

  it('fails a source that cannot be saved and saves the others', async () => {
    const writer = createWriter(db, { maxPosts: 100, now, clock: still });
    const [gone, blog] = await Promise.allSettled([
      // No such source: the foreign key refuses its posts.
      writer.save({ sourceId: 'deleted', items: many(5, 'd') }),
      writer.save({ sourceId: 'blog', items: many(5, 'b') }),
    ]);
    expect(gone.status).toBe('rejected');
    expect(blog).toEqual({ status: 'fulfilled', value: { new: 5, updated: 0, unchanged: 0 } });
    expect(countPosts(db)).toBe(5);
  });

  it('refuses saves once closed', async () => {
    const writer = createWriter(db, { now });
    await writer.close();
    await expect(writer.save({ sourceId: 'blog', items: many(1, 'b') })).rejects.toThrow(/closed/);
  });
});
