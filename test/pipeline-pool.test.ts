// The crawler with a worker pool reads each fetched document in a worker thread (as `grogne
// import` does), so that the thread serving the API in `grogne start` parses nothing. It must
// store exactly what the in-process crawl stores: posts analysed in the worker at once, teasers
// enriched here and analysed after, a forum thread whose later pages are followed here, and a
// document that is not what its source says, reported with the same message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisPool, createAnalysisPool } from '../src/analysis-pool.ts';
import { parseConfig } from '../src/config.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { type CrawlDeps, crawlAll } from '../src/pipeline.ts';
import { openStore } from '../src/store/open.ts';
import { syncSources } from '../src/store/write.ts';
import { manyItems, rss, testBrands } from './helpers/feeds.ts';
import { phpbbPage } from './helpers/forum-pages.ts';
import { reply, serve, type TestServer } from './helpers/http.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const models = loadModels();

const full =
  "Ma box SFR ne marche plus depuis trois semaines. J'ai appelé le service client six fois, " +
  'personne ne rappelle. Le technicien devait passer mardi, il n’est jamais venu. Je paie ' +
  'un abonnement pour un service que je n’ai pas. Je vais résilier et porter plainte.';

let srv: TestServer;
let pool: AnalysisPool;

beforeAll(async () => {
  srv = await serve({
    // 12 whole posts (analysed in the worker) and one teaser whose article is fetched here,
    // with a comment feed.
    '/feed': (req, res) => {
      const origin = `http://${req.headers.host}`;
      const items = [
        ...manyItems(12, 'w').map((i) => ({ ...i, body: `${i.body} ${full}` })),
        { guid: 'p1', title: 'Panne', body: 'Ma box SFR ne marche plus [&#8230;]' },
      ];
      const xml = rss('Blog', items)
        .replace('https://blog.example.fr/p1', `${origin}/article/p1`)
        .replace('xmlns:dc=', 'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc=')
        .replace('>p1</guid>', `>p1</guid><wfw:commentRss>${origin}/comments/p1</wfw:commentRss>`);
      reply(xml)(req, res);
    },
    '/article/p1': reply(
      `<html><body><article><h1>Panne</h1><p>${full}</p></article></body></html>`,
      {
        'content-type': 'text/html; charset=utf-8',
      },
    ),
    '/comments/p1': (req, res) =>
      reply(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>Commentaires</title><link>http://${req.headers.host}/p1</link>
<item><title>Re</title><link>http://${req.headers.host}/p1#c1</link><guid>c1</guid><description>Pareil chez moi, SFR ne répond jamais.</description></item>
</channel></rss>`)(req, res),
    '/viewtopic.php?t=9': reply(phpbbPage(1, 3), { 'content-type': 'text/html; charset=utf-8' }),
    '/viewtopic.php?t=9&start=2': reply(phpbbPage(2, 3), {
      'content-type': 'text/html; charset=utf-8',
    }),
    '/viewtopic.php?t=9&start=4': reply(phpbbPage(3, 3), {
      'content-type': 'text/html; charset=utf-8',
    }),
    '/not-a-feed': reply('<html><body><p>Bienvenue</p></body></html>', {
      'content-type': 'text/html',
    }),
  });
  pool = createAnalysisPool({
    brands: parseConfig({ brands: testBrands }).brands,
    halfLifeHours: 48,
    size: 1,
    inProcessBelow: 1,
  });
});

afterAll(async () => {
  await pool.close();
  await srv.close();
});

async function crawlWith(p: AnalysisPool | undefined) {
  const config = parseConfig({
    brands: testBrands,
    sources: [
      { id: 'blog', kind: 'feed', url: `${srv.origin}/feed`, comments: true },
      { id: 'fil', kind: 'forum', url: `${srv.origin}/viewtopic.php?t=9` },
      { id: 'broken', kind: 'feed', url: `${srv.origin}/not-a-feed` },
    ],
    crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0, maxThreadPages: 3 },
  });
  const db = openStore(':memory:');
  syncSources(db, config.sources);
  const analyzer = new Analyzer({ brands: config.brands, models });
  const deps: CrawlDeps = {
    db,
    config,
    baseDir: '/',
    analyzer,
    now: () => NOW,
    random: () => 0.5,
    pool: p,
  };
  const outcomes = (await crawlAll(deps)).sort((a, b) => a.sourceId.localeCompare(b.sourceId));
  const rows = db
    .prepare(
      `SELECT p.source_id, p.dedup_key, p.text, p.parent_id, p.position, p.author,
         a.complaint, a.sentiment, s.priority
       FROM posts p JOIN analyses a ON a.post_id = p.id JOIN scores s ON s.post_id = p.id
       ORDER BY p.source_id, p.dedup_key`,
    )
    .all();
  db.close();
  return {
    rows,
    outcomes: outcomes.map(({ ms: _, nextCheckAt: __, analysisMs: ___, ...o }) => o),
  };
}

describe('crawl through the worker pool', () => {
  it('stores what the in-process crawl stores, and reports the same outcomes', async () => {
    const here = await crawlWith(undefined);
    const pooled = await crawlWith(pool);
    expect(here.rows).toHaveLength(13 + 1 + 6);
    expect(pooled.rows).toEqual(here.rows);
    expect(pooled.outcomes).toEqual(here.outcomes);
    const [blog, broken, fil] = pooled.outcomes;
    expect(blog).toMatchObject({ ok: true, new: 14, fullTexts: 1, comments: 1 });
    expect(fil).toMatchObject({ ok: true, new: 6 });
    // The document's own message, not a worker's.
    expect(broken?.error).toMatch(/^not a feed/);
  });
});
