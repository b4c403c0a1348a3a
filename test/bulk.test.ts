// ingestDocuments: the bulk path (worker pool + one batching writer) must store exactly what
// the in-process path stores, report a broken document without losing the others, and add
// nothing when the same documents come again.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnalysisPool } from '../src/analysis-pool.ts';
import { type BulkDocument, type DocumentOutcome, ingestDocuments } from '../src/bulk.ts';
import { loadConfig } from '../src/config.ts';
import { parseFeed } from '../src/ingest/feed.ts';
import { normaliseItems } from '../src/ingest/normalise.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { processPosts } from '../src/pipeline.ts';
import { type Db, openStore } from '../src/store/open.ts';
import { savePosts, syncSources } from '../src/store/write.ts';

const demo = new URL('../data/demo/', import.meta.url);
const { config } = loadConfig(fileURLToPath(new URL('../grogne.config.json', import.meta.url)));
const NOW = new Date('2026-11-26T08:00:00Z');
const now = () => NOW;
const halfLifeHours = config.scoring.halfLifeHours;
const FEEDS = [
  ['blog-rss.xml', 'demo-blog-consommateur'],
  ['blog-atom.xml', 'demo-blog-octets'],
  ['forum-feed.xml', 'demo-forum-feed'],
] as const;
const xmlOf = (file: string) => readFileSync(new URL(file, demo), 'utf8');
const info = (id: string) => ({ id, kind: 'feed' as const, audience: 1000 });

function demoDocs(): BulkDocument[] {
  return FEEDS.map(([file, sourceId]) => ({
    sourceId,
    source: info(sourceId),
    label: file,
    doc: { xml: xmlOf(file), fetchedAt: NOW },
  }));
}

function freshDb(): Db {
  const db = openStore(':memory:');
  syncSources(db, config.sources, now);
  return db;
}

/** Every stored row a reader sees, in a fixed order; fts_rowid is an allocation detail. */
function dump(db: Db) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    posts: all('SELECT * FROM posts ORDER BY id').map((r) => {
      const { fts_rowid: _, ...rest } = r as Record<string, unknown>;
      return rest;
    }),
    analyses: all('SELECT * FROM analyses ORDER BY post_id, model_version'),
    mentions: all('SELECT * FROM brand_mentions ORDER BY post_id, brand_id'),
    scores: all('SELECT * FROM scores ORDER BY post_id'),
    search: all(
      `SELECT p.id FROM posts p WHERE p.fts_rowid IN
         (SELECT rowid FROM posts_search WHERE posts_search MATCH 'box OR fibre OR panne') ORDER BY p.id`,
    ),
  };
}

const count = (db: Db) => (db.prepare('SELECT COUNT(*) AS n FROM posts').get() as { n: number }).n;

describe('ingestDocuments', () => {
  const pool = createAnalysisPool({ brands: config.brands, halfLifeHours, size: 2 });
  afterAll(() => pool.close());
  let db: Db;
  beforeEach(() => {
    db = freshDb();
  });

  it('stores the same posts, analyses and scores as the in-process path', async () => {
    const ref = freshDb();
    const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
    let expectedPosts = 0;
    for (const [file, sourceId] of FEEDS) {
      const posts = normaliseItems(await parseFeed(xmlOf(file)), { sourceId, fetchedAt: NOW });
      const items = processPosts(posts, info(sourceId), {
        analyzer,
        now: NOW,
        halfLifeHours,
      });
      savePosts(ref, sourceId, items, now);
      expectedPosts += posts.length;
    }
    // Small transactions and a short queue, so that several commits happen.
    const r = await ingestDocuments({ db, pool }, demoDocs(), { batchPosts: 10, ahead: 1, now });
    expect(r).toMatchObject({ documents: 3, failed: 0, posts: expectedPosts, new: expectedPosts });
    expect(r.commits).toBeGreaterThan(1);
    const got = dump(db);
    const want = dump(ref);
    expect(got.posts).toHaveLength(expectedPosts);
    // The corpus has complaints and brand mentions: the comparison covers real analyses.
    expect(got.mentions.length).toBeGreaterThan(0);
    expect(got.search.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
    ref.close();
  }, 60_000);

  it('reports a broken document with its error and stores the others', async () => {
    const docs = demoDocs();
    docs.splice(1, 0, {
      sourceId: 'demo-blog-octets',
      source: info('demo-blog-octets'),
      label: 'page.html',
      doc: { xml: '<!doctype html><html><body><p>Bonjour</p></body></html>', fetchedAt: NOW },
    });
    const seen: DocumentOutcome[] = [];
    const r = await ingestDocuments({ db, pool }, docs, { now, onDocument: (o) => seen.push(o) });
    expect(r.documents).toBe(4);
    expect(r.failed).toBe(1);
    // Reported in input order, the failure in its place, with the worker's reason.
    expect(seen.map((o) => o.label)).toEqual([
      'blog-rss.xml',
      'page.html',
      'blog-atom.xml',
      'forum-feed.xml',
    ]);
    expect(seen[1]).toMatchObject({ posts: 0, new: 0, error: expect.stringMatching(/feed/i) });
    expect(seen.filter((o) => o.error === null).every((o) => o.new > 0)).toBe(true);
    expect(count(db)).toBe(r.posts);
  }, 60_000);

  it('isolates a feed the store refuses (unknown source) and saves the rest of its batch', async () => {
    const docs = demoDocs();
    docs[0] = { ...docs[0]!, sourceId: 'nobody', source: info('nobody') };
    const r = await ingestDocuments({ db, pool }, docs, { now });
    expect(r.outcomes.map((o) => o.error === null)).toEqual([false, true, true]);
    expect(r.outcomes[0]!.error).toMatch(/^store: /);
    expect(count(db)).toBe(r.new);
    expect(r.new).toBeGreaterThan(0);
  }, 60_000);

  it('adds nothing when the same documents are imported again', async () => {
    const first = await ingestDocuments({ db, pool }, demoDocs(), { now });
    const again = await ingestDocuments({ db, pool }, demoDocs(), { now });
    expect(again).toMatchObject({
      posts: first.posts,
      new: 0,
      updated: 0,
      unchanged: first.posts,
      failed: 0,
    });
    expect(count(db)).toBe(first.new);
  }, 60_000);

  it('takes an async iterable and still stores what was handed out when it throws', async () => {
    async function* docs() {
      yield demoDocs()[0]!;
      throw new Error('disk gone');
    }
    await expect(ingestDocuments({ db, pool }, docs(), { now })).rejects.toThrow('disk gone');
    expect(count(db)).toBeGreaterThan(0);
  }, 60_000);
});
