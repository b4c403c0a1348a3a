// The ranked lists stay fast at a million posts only if SQLite walks an index in the order
// asked, tests the filters on the index entries, and stops after a page. These tests build
// every list the API can ask for, from the very lists it validates against (query.ts's
// postsQuerySchema: each filter, each sort), and read the plan SQLite makes of the SQL the
// store runs. The criterion, for the query that finds the page (the outer one then reads
// that page's rows by id):
// - it is driven by the index promised for its filters and sort (read.ts: a brand's slice
//   of brand_mentions_<sort>, else scores_complaint_<sort> with a complaint filter, else
//   scores_<sort>), read as a COVERING index: no table row is read to walk or to filter;
// - every other table is reached by key (SEARCH), never scanned; a json_each or the FTS
//   virtual table are the only other SCANs;
// - no temporary B-tree, i.e. no sort of the matching rows: the index gives the order. A
//   full-text query is the one exception: it sorts its bounded candidates (FTS_CANDIDATES).
// A filter added to the API without a sample here, or whose SQL breaks these rules, fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/gen.ts';
import { postsQuerySchema } from '../../src/api/query.ts';
import type { Db } from '../../src/store/open.ts';
import {
  FTS_CANDIDATES,
  listPosts,
  listQuery,
  type PostQuery,
  type PostSort,
} from '../../src/store/read.ts';
import { compileSearch } from '../../src/store/search.ts';
import { brandBuckets, brandNegatives } from '../../src/store/stats.ts';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'grogne-plans-'));
  // Enough rows for ANALYZE statistics to matter, as they do in a real store.
  db = generate(join(dir, 'plans.db'), 3000, 8);
  // The team's workflow on a third of the posts: some handled, some assigned to "lea".
  db.exec(`INSERT INTO post_workflow (post_id, handled_at, assignee, updated_at)
    SELECT id, CASE WHEN rowid % 2 = 0 THEN '2024-05-01T00:00:00Z' END,
      CASE WHEN rowid % 3 = 0 THEN 'lea' END, '2024-05-01T00:00:00Z'
    FROM posts WHERE rowid % 3 != 1`);
}, 60_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What paging takes; every other parameter of /v1/posts is a filter. */
const PAGING = new Set(['sort', 'limit', 'cursor']);
const FILTERS = Object.keys(postsQuerySchema.shape).filter((k) => !PAGING.has(k));
const SORTS = postsQuerySchema.shape.sort.unwrap().options as readonly PostSort[];

/**
 * A value for each filter, as the route hands it to the store; `brands` is not a parameter
 * but the scope of a reader key, which the route adds. Values that match some posts of the
 * generated store, so that the result check below compares lists that are not empty.
 */
const SAMPLES: Record<string, Partial<PostQuery>> = {
  brand: { brand: 'sfr' },
  target: { target: true },
  since: { since: '2024-04-15T00:00:00.000Z' },
  until: { until: '2024-05-25T00:00:00.000Z' },
  minSeverity: { minSeverity: 40 },
  complaint: { complaint: true },
  sentiment: { sentiment: 'negative' },
  lang: { lang: 'fra' },
  source: { source: 'blog-a' },
  category: { category: 'billing' },
  q: { q: 'facture' },
  // A saved search's query, which the API adds to q; one with no word to drive the list.
  search: { q: ['-free'] },
  brands: { brands: ['sfr', 'free', 'red'] },
  handled: { handled: false },
  assignee: { assignee: 'lea' },
};
const ALL = [...FILTERS, 'brands'];

/** Every set of at most `k` filters the API accepts (target needs a brand). */
function filterSets(k: number): string[][] {
  const out: string[][] = [[]];
  const grow = (from: number, set: string[]) => {
    for (let i = from; i < ALL.length; i++) {
      const next = [...set, ALL[i]!];
      if (!(next.includes('target') && !next.includes('brand'))) out.push(next);
      if (next.length < k) grow(i + 1, next);
    }
  };
  grow(0, []);
  return out;
}

function query(set: string[], sort: PostSort, extra: Partial<PostQuery> = {}): PostQuery {
  return Object.assign({ limit: 30, sort }, ...set.map((f) => SAMPLES[f]), extra);
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** The plan lines of the query that finds the page: the descendants of CO-ROUTINE pg. */
function pagePlan(q: PostQuery): string[] {
  const c = listQuery(q)!;
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(c.params) as PlanRow[];
  const root = rows.find((r) => r.detail === 'CO-ROUTINE pg');
  if (!root) throw new Error(`no page subquery in the plan of ${JSON.stringify(q)}`);
  const inside = new Set([root.id]);
  const lines: string[] = [];
  for (const r of rows) {
    if (inside.has(r.parent)) {
      inside.add(r.id);
      lines.push(r.detail);
    }
  }
  return lines;
}

const BRAND_INDEX: Record<PostSort, string> = {
  priority: 'brand_mentions_rank',
  severity: 'brand_mentions_severity',
  reach: 'brand_mentions_reach',
  published: 'brand_mentions_published',
};
const SCORES_INDEX: Record<PostSort, string> = {
  priority: 'rank',
  severity: 'severity',
  reach: 'reach',
  published: 'published',
};

/** What is wrong with the page plan of q: empty when it keeps the promise above. */
function planProblems(q: PostQuery): string[] {
  const lines = pagePlan(q);
  const problems: string[] = [];
  const sort = q.sort ?? 'priority';
  // A reader key's one brand is that brand's list; a brand it may see makes it redundant;
  // several brands are as many brand lists, whose pages are merged.
  const brand = q.brand ?? (q.brands?.length === 1 ? q.brands[0] : undefined);
  const drives = q.q !== undefined && compileSearch(q.q).drive !== null;
  const merged = !drives && brand === undefined && q.brands !== undefined;
  let driver: RegExp;
  let drivers = 1;
  if (drives) {
    driver = /^SCAN posts_search VIRTUAL TABLE INDEX/;
  } else if (brand !== undefined || merged) {
    driver = new RegExp(`^(SCAN|SEARCH) bm USING COVERING INDEX ${BRAND_INDEX[sort]}\\b`);
    drivers = merged ? q.brands!.length : 1;
  } else {
    const index = `scores_${q.complaint !== undefined ? 'complaint_' : ''}${SCORES_INDEX[sort]}`;
    driver = new RegExp(`^(SCAN|SEARCH) s USING COVERING INDEX ${index}\\b`);
  }
  const found = lines.filter((l) => driver.test(l)).length;
  if (found !== drivers) problems.push(`${found} lines match ${driver}, not ${drivers}`);
  // A bounded sort: the FTS candidates, or brands × one page each.
  const boundedSort = drives || merged;
  for (const l of lines) {
    if (driver.test(l)) continue;
    if (/^SCAN /.test(l) && !/^SCAN (f|\(subquery-\d+\)|\S+ VIRTUAL TABLE .*)$/.test(l)) {
      problems.push(`scans: ${l}`);
    }
    // Reaching scores from a mention or a candidate: the covering index, not the row.
    if (/^SEARCH s /.test(l) && !/COVERING INDEX/.test(l)) problems.push(`reads rows: ${l}`);
    if (/TEMP B-TREE/.test(l) && !(boundedSort && l === 'USE TEMP B-TREE FOR ORDER BY')) {
      problems.push(l);
    }
  }
  return problems;
}

describe('query plans of every list /v1/posts serves', () => {
  it('has a sample value for every filter the API accepts, and every sort', () => {
    expect(FILTERS.filter((f) => !(f in SAMPLES))).toEqual([]);
    expect(SORTS).toEqual(['priority', 'severity', 'reach', 'published']);
  });

  // Up to three filters together, each sort, first page and next page: ~2,400 plans. The
  // plan of a list depends on which filters it has (the driver) and adds one test per
  // filter, so three at a time covers every pair and the complaint/brand/q choices.
  it('each filter set × sort walks its index, with no scan and no sort of the matches', () => {
    const bad: string[] = [];
    for (const set of filterSets(3)) {
      for (const sort of SORTS) {
        const first = query(set, sort);
        const page = listPosts(db, first);
        const next = page.nextCursor ? { cursor: page.nextCursor } : {};
        for (const q of [first, query(set, sort, next)]) {
          const problems = planProblems(q);
          if (problems.length > 0) bad.push(`${JSON.stringify(q)}: ${problems.join('; ')}`);
        }
      }
    }
    expect(bad).toEqual([]);
    // ~2,400 plans and pages: ~14 s alone, and more beside the rest of the suite on 2 cores.
  }, 120_000);

  it('every filter at once keeps the promise too', () => {
    for (const sort of SORTS) {
      const all = query(ALL, sort);
      expect(planProblems(all)).toEqual([]);
      const { q: _q, ...noText } = all;
      expect(planProblems(noText)).toEqual([]);
    }
  });
});

/**
 * The list as its definition says, straight from posts, analyses and scores (no copy, no
 * index chosen): what listPosts must return, whatever plan it runs.
 */
function reference(q: PostQuery): string[] {
  const key = {
    priority: 's.rank',
    severity: 's.severity',
    reach: 's.reach',
    published: 'COALESCE(p.published_at, p.fetched_at)',
  }[q.sort ?? 'priority'];
  const where: string[] = ['1'];
  const params: Record<string, unknown> = {};
  const at = 'COALESCE(p.published_at, p.fetched_at)';
  if (q.brand !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM brand_mentions m WHERE m.post_id = p.id
      AND m.brand_id = @brand ${q.target === undefined ? '' : 'AND m.target = @target'})`);
    params.brand = q.brand;
    if (q.target !== undefined) params.target = q.target ? 1 : 0;
  }
  const simple: [keyof PostQuery, string][] = [
    ['since', `${at} >= @since`],
    ['until', `${at} < @until`],
    ['minSeverity', 's.severity >= @minSeverity'],
    ['complaint', 'a.complaint = @complaint'],
    ['sentiment', 'a.sentiment = @sentiment'],
    ['lang', 'p.lang = @lang'],
    ['source', 'p.source_id = @source'],
    ['category', 'EXISTS (SELECT 1 FROM json_each(a.categories_json) WHERE value = @category)'],
  ];
  for (const [k, sql] of simple) {
    const v = q[k];
    if (v === undefined) continue;
    where.push(sql);
    params[k] = typeof v === 'boolean' ? Number(v) : v;
  }
  if (q.q !== undefined) {
    const search = compileSearch(q.q);
    if (search.drive) {
      where.push(`p.fts_rowid IN (SELECT rowid FROM posts_search WHERE posts_search MATCH @match
        ORDER BY rowid DESC LIMIT ${FTS_CANDIDATES})`);
      params.match = search.drive;
    }
    where.push(...search.where);
    Object.assign(params, search.params);
  }
  if (q.brands !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM brand_mentions k WHERE k.post_id = p.id
      AND k.brand_id IN (SELECT value FROM json_each(@brands)))`);
    params.brands = JSON.stringify(q.brands);
  }
  if (q.handled !== undefined) {
    where.push(`${q.handled ? '' : 'NOT '}EXISTS (SELECT 1 FROM post_workflow w
      WHERE w.post_id = p.id AND w.handled_at IS NOT NULL)`);
  }
  if (q.assignee !== undefined) {
    where.push('p.id IN (SELECT post_id FROM post_workflow WHERE assignee = @assignee)');
    params.assignee = q.assignee;
  }
  return (
    db
      .prepare(`
        SELECT p.id FROM posts p JOIN scores s ON s.post_id = p.id
          LEFT JOIN analyses a ON a.post_id = p.id
        WHERE ${where.join(' AND ')} ORDER BY ${key} DESC, p.id DESC LIMIT ${q.limit}`)
      .all(params) as { id: string }[]
  ).map((r) => r.id);
}

describe('what the plans return', () => {
  // The copies the indexes hold (scores.at, .complaint…, brand_mentions.reach…) must give
  // the lists their definition gives, for one filter and for any two together.
  it('each filter set of up to two × sort lists what the definition lists', () => {
    const wrong: string[] = [];
    let nonEmpty = 0;
    for (const set of filterSets(2)) {
      for (const sort of SORTS) {
        const q = query(set, sort);
        const got = listPosts(db, q).items.map((x) => x.id);
        const want = reference(q);
        if (want.length > 0) nonEmpty++;
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(JSON.stringify(q));
      }
    }
    expect(wrong).toEqual([]);
    // Not a vacuous match of empty lists.
    expect(nonEmpty).toBeGreaterThan(filterSets(2).length * SORTS.length * 0.9);
  });

  it.each([
    [
      'not complaints, one source',
      query(['complaint', 'source'], 'priority', { complaint: false }),
    ],
    ['a reader key’s three brands (merged pages)', query(['brands', 'minSeverity'], 'priority')],
  ])('%s: the page after a cursor follows the first, for each sort', (_name, base) => {
    for (const sort of SORTS) {
      const q = { ...base, sort };
      const first = listPosts(db, q);
      const second = listPosts(db, { ...q, cursor: first.nextCursor! });
      const want = reference({ ...q, limit: 60 });
      expect(want).toHaveLength(60);
      expect([...first.items, ...second.items].map((x) => x.id)).toEqual(want);
    }
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
  const SINCE = '2024-05-01T00:00:00.000Z';
  const UNTIL = '2024-05-10T00:00:00.000Z';
  /** What `read` answers on the store, and the plan of the first query it prepared. */
  const withPlan = <T>(read: (store: Db) => T): { result: T; plan: string } => {
    const seen: string[] = [];
    const spy = {
      prepare: (sql: string) => {
        seen.push(sql);
        return db.prepare(sql);
      },
    } as unknown as Db;
    const result = read(spy);
    const rows = db
      .prepare(`EXPLAIN QUERY PLAN ${seen[0]}`)
      .all({ brand: 'sfr', since: SINCE, until: UNTIL }) as { detail: string }[];
    return { result, plan: rows.map((r) => r.detail).join('\n') };
  };

  // The trend groups a brand's mentions by day or hour over a window: it must read them in
  // group order from brand_mentions_day / _hour, not sort every mention of the window.
  it.each([
    ['day', 'brand_mentions_day'],
    ['hour', 'brand_mentions_hour'],
  ] as const)('%s buckets walk %s, no temporary B-tree', (interval, index) => {
    const { result: rows, plan: p } = withPlan((spy) =>
      brandBuckets(spy, 'sfr', interval, SINCE, UNTIL),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(p).toContain(`COVERING INDEX ${index}`);
    expect(p).not.toContain('TEMP B-TREE');
    // Same buckets as counting the window's mentions one by one.
    const total = db
      .prepare(
        "SELECT COUNT(*) AS n FROM brand_mentions WHERE brand_id = 'sfr' AND at >= ? AND at < ?",
      )
      .get(SINCE, UNTIL) as { n: number };
    expect(rows.reduce((a, r) => a + r.mentions, 0)).toBe(total.n);
  });

  // The sentiment line: the window's range of brand_mentions_time (which holds the sentiment),
  // never every mention of the brand read row by row (535 ms at 1M posts, bench api "trend").
  it.each(['day', 'hour'] as const)(
    '%s negatives read the window from brand_mentions_time',
    (interval) => {
      const { result: negatives, plan: p } = withPlan((spy) =>
        brandNegatives(spy, 'sfr', interval, SINCE, UNTIL),
      );
      expect(p).toMatch(
        /SEARCH m USING COVERING INDEX brand_mentions_time \(brand_id=\? AND at>\? AND at<\?\)/,
      );
      const total = db
        .prepare(
          `SELECT COUNT(*) AS n FROM brand_mentions
         WHERE brand_id = 'sfr' AND at >= ? AND at < ? AND sentiment = 'negative'`,
        )
        .get(SINCE, UNTIL) as { n: number };
      expect(total.n).toBeGreaterThan(0);
      expect([...negatives.values()].reduce((a, n) => a + n, 0)).toBe(total.n);
    },
  );
});
