// The ranked lists stay fast at a million posts only if SQLite walks an index in the order
// asked and stops after a page. These tests read the query plan of each list: the index it
// walks, and no "USE TEMP B-TREE" (a sort of every matching row). Full-text queries sort
// their bounded candidates by design (read.ts FTS_CANDIDATES), through covering indexes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/gen.ts';
import type { Db } from '../../src/store/open.ts';
import { listPosts, listQuery, type PostQuery } from '../../src/store/read.ts';
import { brandBuckets } from '../../src/store/stats.ts';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'grogne-plans-'));
  // Enough rows for ANALYZE statistics to matter, as they do in a real store.
  db = generate(join(dir, 'plans.db'), 3000, 8);
}, 60_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function plan(q: PostQuery): string[] {
  const c = listQuery(q)!;
  return (db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(c.params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

const page = { limit: 50 } as const;

describe('list query plans', () => {
  // One brand's list, each sort and the filters a brand manager combines with it.
  const brandLists: [string, PostQuery, string][] = [
    ['brand by priority', { ...page, brand: 'sfr', sort: 'priority' }, 'brand_mentions_rank'],
    ['brand by severity', { ...page, brand: 'sfr', sort: 'severity' }, 'brand_mentions_severity'],
    ['brand by date', { ...page, brand: 'sfr', sort: 'published' }, 'brand_mentions_published'],
    [
      'brand, target, since, minSeverity',
      {
        ...page,
        brand: 'sfr',
        target: true,
        since: '2024-05-20T00:00:00.000Z',
        minSeverity: 50,
      },
      'brand_mentions_rank',
    ],
    [
      'brand by severity, minSeverity (its own range)',
      { ...page, brand: 'sfr', sort: 'severity', minSeverity: 80 },
      'brand_mentions_severity',
    ],
    [
      'brand by date, since and until',
      {
        ...page,
        brand: 'sfr',
        sort: 'published',
        since: '2024-05-01T00:00:00.000Z',
        until: '2024-05-20T00:00:00.000Z',
      },
      'brand_mentions_published',
    ],
    [
      'brand, complaint, sentiment, category, source, lang',
      {
        ...page,
        brand: 'sfr',
        complaint: true,
        sentiment: 'negative',
        category: 'billing',
        source: 'blog-a',
        lang: 'fra',
      },
      'brand_mentions_rank',
    ],
  ];
  it.each(brandLists)('%s walks %s, no temporary B-tree', (_name, q, index) => {
    const p = plan(q);
    expect(p.join('\n')).toContain(`USING COVERING INDEX ${index} (brand_id=?`);
    expect(p[1]).toContain(index); // the brand's index drives the page query
    expect(p.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('a cursor keeps the walk', () => {
    const cursor = listPosts(db, { brand: 'sfr', limit: 5 }).nextCursor!;
    const p = plan({ ...page, brand: 'sfr', cursor });
    expect(p[1]).toContain('brand_mentions_rank (brand_id=? AND (rank,post_id)<(?,?))');
    expect(p.join('\n')).not.toContain('TEMP B-TREE');
  });

  // Lists over every brand (or a reader key's brands) walk the scores' sort indexes.
  const globalLists: [string, PostQuery, string][] = [
    ['all by priority', { ...page, sort: 'priority' }, 'scores_rank'],
    ['all by reach', { ...page, sort: 'reach' }, 'scores_reach'],
    ['all by severity', { ...page, sort: 'severity', minSeverity: 50 }, 'scores_severity'],
    ['all by date', { ...page, sort: 'published' }, 'posts_published'],
    [
      'by priority, since and minSeverity (not their own indexes)',
      { ...page, since: '2024-05-25T00:00:00.000Z', minSeverity: 80, source: 'blog-a' },
      'scores_rank',
    ],
    ['a reader key’s brands', { ...page, brands: ['sfr', 'free'] }, 'scores_rank'],
    ['brand by reach', { ...page, brand: 'sfr', sort: 'reach' }, 'scores_reach'],
  ];
  it.each(globalLists)('%s walks %s, no temporary B-tree', (_name, q, index) => {
    const p = plan(q).join('\n');
    expect(p).toContain(`INDEX ${index}`);
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('a full-text query reaches posts and scores through covering indexes', () => {
    const p = plan({ ...page, q: 'facture', brand: 'sfr' }).join('\n');
    expect(p).toContain('COVERING INDEX posts_fts_id');
    expect(p).toContain('COVERING INDEX scores_post_sort');
  });
});

describe('lists driven by a brand index', () => {
  // The brand indexes hold copies of rank, severity and date: the order must be the one the
  // scores and posts give, and a page boundary must hold across pages.
  it.each(['priority', 'severity', 'published'] as const)(
    'brand by %s: pages in order, no repeat, same as the unfiltered list',
    (sort) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 4; i++) {
        const p = listPosts(db, { brand: 'sfr', sort, limit: 25, cursor });
        seen.push(...p.items.map((x) => x.id));
        cursor = p.nextCursor ?? undefined;
      }
      expect(new Set(seen).size).toBe(seen.length);
      const all = listPosts(db, { sort, limit: 200 }).items.filter((x) =>
        x.brands.some((b) => b.id === 'sfr'),
      );
      // The first 100 of the brand's list are the brand's posts in the global order.
      const globalOrder = all.map((x) => x.id).slice(0, 40);
      expect(seen.slice(0, globalOrder.length)).toEqual(globalOrder);
    },
  );

  it('filters read the copies right: since, minSeverity, target', () => {
    const since = '2024-05-15T00:00:00.000Z';
    const items = listPosts(db, {
      brand: 'sfr',
      since,
      minSeverity: 40,
      target: true,
      limit: 200,
    }).items;
    expect(items.length).toBeGreaterThan(0);
    for (const x of items) {
      expect((x.publishedAt ?? x.fetchedAt) >= since).toBe(true);
      expect(x.severity.value).toBeGreaterThanOrEqual(40);
      expect(x.brands.find((b) => b.id === 'sfr')?.target).toBe(true);
    }
  });
});

describe('trend query plan', () => {
  // The trend groups a brand's mentions by day or hour over a window: it must read them in
  // group order from brand_mentions_day / _hour, not sort every mention of the window.
  it.each([
    ['day', 'brand_mentions_day'],
    ['hour', 'brand_mentions_hour'],
  ] as const)('%s buckets walk %s, no temporary B-tree', (interval, index) => {
    const seen: string[] = [];
    const spy = {
      prepare: (sql: string) => {
        seen.push(sql);
        return db.prepare(sql);
      },
    } as unknown as Db;
    const since = '2024-05-01T00:00:00.000Z';
    const until = '2024-05-10T00:00:00.000Z';
    const rows = brandBuckets(spy, 'sfr', interval, since, until);
    expect(rows.length).toBeGreaterThan(0);
    const p = (
      db.prepare(`EXPLAIN QUERY PLAN ${seen[0]}`).all({ brand: 'sfr', since, until }) as {
        detail: string;
      }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(p).toContain(`COVERING INDEX ${index}`);
    expect(p).not.toContain('TEMP B-TREE');
    // Same buckets as counting the window's mentions one by one.
    const total = db
      .prepare(
        "SELECT COUNT(*) AS n FROM brand_mentions WHERE brand_id = 'sfr' AND at >= ? AND at < ?",
      )
      .get(since, until) as { n: number };
    expect(rows.reduce((a, r) => a + r.mentions, 0)).toBe(total.n);
  });
});
