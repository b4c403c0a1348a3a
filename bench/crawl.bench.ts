// The crawler under its politeness rules: 500 feeds on 50 loopback hosts (127.0.0.2 …
// 127.0.0.51, one HTTP server each; Linux routes all of 127/8 to lo), 100 ms between two
// requests to one host, 4 requests in flight in all. Reports the wall time against the
// minimum the rules allow, and the ingest path's items/s against rss-parser alone.
// Then the crawler at the bulk path's speed: the demo feeds in documents of ~300 posts
// (~20,000 posts, GROGNE_BENCH_CRAWL_POSTS), crawled end to end on 10 loopback hosts as
// `grogne start` crawls them (worker pool, one writer), against the bulk import path
// (src/bulk.ts, what `grogne import` runs) on the same documents in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { createAnalysisPool } from '../src/analysis-pool.ts';
import { ingestDocuments } from '../src/bulk.ts';
import { parseConfig, type SourceConfig } from '../src/config.ts';
import { fetchSource } from '../src/ingest/fetch.ts';
import { ingestSource } from '../src/ingest/inspect.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { crawlAll, politeFetcherFor, sourceInfo } from '../src/pipeline.ts';
import { openStore } from '../src/store/open.ts';
import { syncSources } from '../src/store/write.ts';
import { createWriter } from '../src/store/writer.ts';
import { rss } from '../test/helpers/feeds.ts';
import { type BenchResult, type Measure, measure } from './harness.ts';
import { demoDocuments, serveDocuments } from './loopback-demo.ts';

const HOSTS = 50;
const FEEDS = 500;
const ITEMS = Number(process.env.GROGNE_BENCH_CRAWL_ITEMS ?? 4);
const DELAY_MS = 100;
const CONCURRENCY = 4;

const bodies = [
  "Ma box SFR ne marche plus depuis trois semaines, le service client ne répond pas. C'est l'enfer, je résilie.",
  'Nouvelle offre fibre chez Orange annoncée ce matin, avec un débit de 8 Gbit/s.',
  "Free m'a facturé deux fois le même mois, j'ai envoyé un recommandé, aucune réponse. Arnaque !",
];

function feedXml(f: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => ({
    guid: `f${f}-i${i}`,
    title: `Billet ${i} du flux ${f}`,
    body: `${bodies[(f + i) % bodies.length]} (flux ${f}, billet ${i})`,
  }));
  return rss(`Flux ${f}`, items);
}

async function startHosts(docs: string[]): Promise<{ origins: string[]; servers: Server[] }> {
  const servers: Server[] = [];
  const origins: string[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const server = createServer((req, res) => {
      const f = Number(/^\/feed\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      if (!docs[f]) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(docs[f]);
    });
    const address = `127.0.0.${h + 2}`;
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    servers.push(server);
    origins.push(`http://${address}:${(server.address() as AddressInfo).port}`);
  }
  return { origins, servers };
}

export async function run(): Promise<BenchResult> {
  const docs = Array.from({ length: FEEDS }, (_, f) => feedXml(f));
  const { origins, servers } = await startHosts(docs);
  const hosts = origins.map((o) => new URL(o).hostname);
  const sources: SourceConfig[] = docs.map((_, f) => ({
    id: `feed-${f}`,
    kind: 'feed',
    url: `${origins[f % HOSTS]}/feed/${f}`,
    interval: 1800,
    enabled: true,
    fullText: 'never',
  }));
  const config = parseConfig({
    sources,
    crawl: { allowPrivateHosts: hosts, minHostDelayMs: DELAY_MS, concurrency: CONCURRENCY },
  });
  const total = FEEDS * ITEMS;
  const fetchOpts = { allowPrivateHosts: hosts };

  const parser = new Parser();
  const baseline = await measure('rss-parser parseString (baseline)', total, async () => {
    for (const d of docs) await parser.parseString(d);
  });

  // fetch (loopback HTTP) → decode → parse → normalise, four at a time, no politeness.
  const ingest = await measure('ingest path: fetch → parse → normalise', total, async () => {
    for (let i = 0; i < FEEDS; i += CONCURRENCY) {
      await Promise.all(
        sources.slice(i, i + CONCURRENCY).map((s) => ingestSource(s, '/', fetchOpts)),
      );
    }
  });
  // What one fetch costs here, alone: the floor of four slots is a quarter of their sum.
  const bare = await measure('bare fetch, one at a time', total, async () => {
    for (const s of sources) await fetchSource({ url: s.url! }, fetchOpts);
  });
  const perFetchMs = (bare.seconds * 1000) / FEEDS;

  // The rules' floor: one host's feeds one after another with the delay between them, and
  // every fetch through four slots.
  const perHost = FEEDS / HOSTS;
  const hostFloorS = ((perHost - 1) * DELAY_MS) / 1000;
  const slotFloorS = (FEEDS / CONCURRENCY) * (perFetchMs / 1000);
  const floorS = Math.max(hostFloorS, slotFloorS);

  const fetcher = politeFetcherFor(config);
  const polite = await measure('polite fetch only, 50 hosts', total, async () => {
    await Promise.all(sources.map((s) => fetcher.fetch({ url: s.url! })));
  });
  polite.extra = {
    floorS: floorS.toFixed(2),
    hostFloorS: hostFloorS.toFixed(2),
    slotFloorS: slotFloorS.toFixed(2),
    overFloor: (polite.seconds / floorS).toFixed(2),
  };

  const dir = mkdtempSync(join(tmpdir(), 'grogne-crawl-bench-'));
  const db = openStore(join(dir, 'crawl.db'));
  syncSources(db, config.sources);
  const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
  let stored = 0;
  const crawl = await measure('crawl: polite fetch → … → store', total, async () => {
    const outcomes = await crawlAll({ db, config, baseDir: dir, analyzer });
    stored = outcomes.reduce((n, o) => n + o.new, 0);
  });
  crawl.extra = {
    stored,
    floorS: floorS.toFixed(2),
    overFloor: (crawl.seconds / floorS).toFixed(2),
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  const demo = await demoCrawl();
  return {
    benchmark: 'crawl',
    description: `${FEEDS} feeds × ${ITEMS} items on ${HOSTS} loopback hosts (127.0.0.2-51), ${DELAY_MS} ms per host, ${CONCURRENCY} in flight; then ${demo.description}`,
    measures: [baseline, ingest, bare, polite, crawl, ...demo.measures],
  };
}

const DEMO_POSTS = Number(process.env.GROGNE_BENCH_CRAWL_POSTS ?? 20_000);
const DEMO_HOSTS = 10;

/** The crawl of ~20,000 demo posts through the pool and the writer, against the bulk path. */
async function demoCrawl(): Promise<{ description: string; measures: Measure[] }> {
  const docs = demoDocuments(DEMO_POSTS);
  const total = docs.reduce((n, d) => n + d.posts, 0);
  const feeds = await serveDocuments(docs, DEMO_HOSTS);
  const config = parseConfig({
    sources: feeds.sources,
    crawl: {
      allowPrivateHosts: feeds.hosts,
      minHostDelayMs: DELAY_MS,
      concurrency: CONCURRENCY,
    },
  });
  const now = new Date();
  const pool = createAnalysisPool({ brands: config.brands, halfLifeHours: 48 });
  // Warm the workers (JIT, memo tables) as a crawler that has run a while has them.
  const info = sourceInfo(config.sources[0]!);
  await Promise.all(
    docs
      .slice(0, 2 * pool.size)
      .map((d) => pool.processDocument({ xml: d.xml, fetchedAt: now }, info)),
  );
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-crawl-bench-'));
    const db = openStore(join(dir, 'crawl.db'));
    syncSources(db, config.sources);
    const done = () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { db, done };
  };

  const a = fresh();
  let bulkStored = 0;
  const bulk = await measure('demo: bulk path (import), same documents', total, async () => {
    const r = await ingestDocuments(
      { db: a.db, pool },
      docs.map((d, i) => ({
        sourceId: d.sourceId,
        source: sourceInfo(config.sources[i]!),
        doc: { xml: d.xml, fetchedAt: now },
      })),
    );
    bulkStored = r.new;
  });
  bulk.extra = { stored: bulkStored, workers: pool.size, load1: loadavg()[0]!.toFixed(1) };
  a.done();

  const b = fresh();
  const writer = createWriter(b.db);
  let stored = 0;
  const crawled = await measure(
    `demo: crawl end to end (pool + writer), ${DEMO_HOSTS} hosts`,
    total,
    async () => {
      const outcomes = await crawlAll({
        db: b.db,
        config,
        baseDir: '/',
        analyzer: new Analyzer({ brands: config.brands }),
        pool,
        writer,
      });
      stored = outcomes.reduce((n, o) => n + o.new, 0);
    },
  );
  crawled.extra = {
    stored,
    commits: writer.commits,
    vsBulk: (bulk.seconds / crawled.seconds).toFixed(3),
    load1: loadavg()[0]!.toFixed(1),
  };
  b.done();
  await pool.close();
  await feeds.close();
  return {
    description: `${total} demo posts in ${docs.length} documents on ${DEMO_HOSTS} hosts, bulk path vs crawl`,
    measures: [bulk, crawled],
  };
}
