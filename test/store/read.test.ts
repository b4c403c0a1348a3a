import { beforeEach, describe, expect, it } from 'vitest';
import { SearchSyntaxError } from '../../src/search/parse.ts';
import { CursorError } from '../../src/store/cursor.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { listPosts, type PostQuery, type PostSort } from '../../src/store/read.ts';
import { savePosts, syncSources } from '../../src/store/write.ts';
import { item, mention, NOW, source } from './make.ts';

const now = () => NOW;
let db: Db;

// A small corpus where each post differs from the others in the field its filter looks at.
function seed() {
  syncSources(db, [source('blog'), source('forum', { kind: 'forum' })], now);
  savePosts(
    db,
    'blog',
    [
      item('sfr-bill', { text: 'Ma facture SFR est un scandale, problème de télécom.' }, {}),
      item(
        'orange-net',
        {
          text: 'Orange coupe internet, aucun probleme réglé.',
          publishedAt: '2024-05-01T08:00:00.000Z',
        },
        { brands: [mention('orange')], categories: ['network'], acts: ['churn'] },
      ),
      item(
        'free-happy',
        { text: 'Free marche très bien, merci.' },
        {
          brands: [mention('free', { target: false, sentiment: 'positive' })],
          complaint: false,
          sentiment: 'positive',
          sentimentScore: 0.7,
          categories: [],
          grievances: [],
        },
      ),
      item('en-post', { text: 'SFR is terrible' }, { lang: 'eng' }),
    ],
    now,
  );
  savePosts(
    db,
    'forum',
    [
      item(
        'sfr-mention',
        { sourceId: 'forum', text: 'Orange est mieux que SFR selon moi, je réclame.' },
        { brands: [mention('orange'), mention('sfr', { target: false })] },
      ),
    ],
    now,
  );
}

beforeEach(() => {
  db = openStore(':memory:');
  seed();
});

const keys = (q: Partial<PostQuery>) =>
  listPosts(db, { limit: 200, ...q })
    .items.map((p) => p.url!.split('/').pop())
    .sort();

describe('listPosts filters', () => {
  const cases: [string, Partial<PostQuery>, string[]][] = [
    ['brand: any mention', { brand: 'sfr' }, ['en-post', 'sfr-bill', 'sfr-mention']],
    ['brand + target: aimed at it only', { brand: 'sfr', target: true }, ['en-post', 'sfr-bill']],
    ['brand by severity', { brand: 'orange', sort: 'severity' }, ['orange-net', 'sfr-mention']],
    ['complaint=false', { complaint: false }, ['free-happy']],
    ['lang', { lang: 'eng' }, ['en-post']],
    ['source', { source: 'forum' }, ['sfr-mention']],
    ['category', { category: 'network' }, ['orange-net']],
    [
      'since (publication date)',
      { since: '2024-05-05T00:00:00.000Z' },
      ['en-post', 'free-happy', 'sfr-bill', 'sfr-mention'],
    ],
    ['until', { until: '2024-05-05T00:00:00.000Z' }, ['orange-net']],
    [
      'minSeverity drops the non-complaint and the English post',
      { minSeverity: 40 },
      ['orange-net', 'sfr-bill', 'sfr-mention'],
    ],
    // remove_diacritics 2 folds accents both ways.
    ['FTS: "telecom" finds "télécom"', { q: 'telecom' }, ['sfr-bill']],
    ['FTS: "problème" finds "probleme"', { q: 'problème' }, ['orange-net', 'sfr-bill']],
    ['FTS: all words required, case-insensitive', { q: 'FACTURE scandale' }, ['sfr-bill']],
    ['FTS syntax in input is just words', { q: 'facture" OR "merci' }, []],
  ];
  it.each(cases)('%s', (_name, q, expected) => {
    expect(keys(q)).toEqual(expected);
  });

  it('a query without a single word is a syntax error, not an empty list', () => {
    expect(() => keys({ q: '!!!' })).toThrow(SearchSyntaxError);
  });

  it('ranks by priority by default: complaints above the happy post', () => {
    const ids = listPosts(db, { limit: 10 }).items.map((p) => p.url!.split('/').pop());
    expect(ids.indexOf('sfr-bill')).toBeLessThan(ids.indexOf('free-happy'));
    // Severity 0 for both: one is not a complaint, the other not French.
    expect(ids.slice(-2).sort()).toEqual(['en-post', 'free-happy']);
  });

  it('returns brands with their target flags and the three explained scores', () => {
    const p = listPosts(db, { limit: 1, brand: 'sfr', q: 'mieux' }).items[0]!;
    expect(p.brands).toEqual([
      { id: 'orange', target: true },
      { id: 'sfr', target: false },
    ]);
    expect(p.severity.reasons.length).toBeGreaterThan(0);
    expect(p.priority.components.rank).toBe(p.rank);
  });
});

describe('keyset pagination', () => {
  const sorts: PostSort[] = ['priority', 'severity', 'reach', 'published'];
  it.each(sorts)('pages by %s cover every row exactly once while rows are inserted', (sort) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let added = 0;
    for (let page = 0; page < 20; page++) {
      const r = listPosts(db, { sort, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...r.items.map((p) => p.id));
      // New posts arrive between pages, above and below the cursor.
      savePosts(db, 'blog', [item(`new-${added++}`, {}, { sentimentScore: -Math.random() })], now);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Every row that existed before the first page is seen.
    const original = ['sfr-bill', 'orange-net', 'free-happy', 'en-post', 'sfr-mention'];
    const urls = new Set(
      listPosts(db, { limit: 200 })
        .items.filter((p) => seen.includes(p.id))
        .map((p) => p.url!.split('/').pop()),
    );
    for (const k of original) expect(urls.has(k)).toBe(true);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['another sort', 'priority'],
  ])('rejects a cursor that is %s', (_n, kind) => {
    let cursor = kind;
    if (kind === 'priority') cursor = listPosts(db, { limit: 1 }).nextCursor!;
    expect(() => listPosts(db, { limit: 1, sort: 'reach', cursor })).toThrow(CursorError);
  });
});

describe('query plans', () => {
  // "Posts of brand X by rank" and "all posts by rank" must walk an index, not sort the table.
  it.each([
    ['all posts by priority', { limit: 20 }],
    ['one brand by priority', { limit: 20, brand: 'sfr' }],
    ['all posts by published', { limit: 20, sort: 'published' as const }],
  ])('%s uses an index for ORDER BY', (_n, q) => {
    const plans: string[] = [];
    const original = db.prepare.bind(db);
    const spy = ((sql: string) => {
      if (sql.includes('ORDER BY')) {
        plans.push(
          original(`EXPLAIN QUERY PLAN ${sql}`)
            .all({ limit: 21, brand: 'sfr' })
            .map((r) => (r as { detail: string }).detail)
            .join('\n'),
        );
      }
      return original(sql);
    }) as typeof db.prepare;
    db.prepare = spy;
    listPosts(db, q);
    db.prepare = original;
    expect(plans).toHaveLength(1);
    expect(plans[0]).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});
