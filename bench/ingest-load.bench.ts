// Does the API keep answering while grogne crawls? The Hono app serves a store in this thread,
// as under `grogne start`, while the crawler (worker pool + one writer, the same thread for
// fetching and writing) ingests ~20,000 new demo posts (GROGNE_BENCH_INGEST_POSTS) from 10
// loopback hosts. A client in a worker thread (its own event loop, so that it measures the
// server, not itself) asks for a ranked page, `GET /v1/posts?limit=20`, one request at a time:
// first on the idle server (the baseline, same store), then during the ingest. Reports p50,
// p99 and the worst latency, and any failed or reset request.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createAnalysisPool } from '../src/analysis-pool.ts';
import { createApp } from '../src/api/app.ts';
import { serve } from '../src/api/server.ts';
import { parseConfig } from '../src/config.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { type CrawlDeps, crawlAll } from '../src/pipeline.ts';
import { openStore } from '../src/store/open.ts';
import { syncSources } from '../src/store/write.ts';
import { createWriter } from '../src/store/writer.ts';
import { type BenchResult, type Measure, measure } from './harness.ts';
import { demoDocuments, serveDocuments } from './loopback-demo.ts';

const POSTS = Number(process.env.GROGNE_BENCH_INGEST_POSTS ?? 20_000);
const IDLE_SECONDS = Number(process.env.GROGNE_BENCH_SECONDS ?? 5);
const HOSTS = 10;
const PAGE = '/v1/posts?limit=20';

// Plain CommonJS, run with `eval`: the client needs no loader. Keep-alive, one socket, one
// request at a time, until told to stop.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let running = true;
const latencies = [];
const failures = [];
let non200 = 0;
parentPort.on('message', () => { running = false; });
const one = () => new Promise((resolve) => {
  const t0 = performance.now();
  const req = http.get(workerData.url, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode !== 200) non200++;
      latencies.push(performance.now() - t0);
      resolve();
    });
  });
  req.on('error', (err) => { failures.push(String(err.code || err.message)); resolve(); });
});
(async () => {
  while (running) await one();
  parentPort.postMessage({ latencies, failures, non200 });
})();
`;

interface ClientResult {
  latencies: number[];
  failures: string[];
  non200: number;
}

/** Starts the client; the returned function stops it and gives its results. */
function startClient(url: string): () => Promise<ClientResult> {
  const worker = new Worker(CLIENT, { eval: true, workerData: { url } });
  const result = new Promise<ClientResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return async () => {
    worker.postMessage('stop');
    const r = await result;
    await worker.terminate();
    return r;
  };
}

function latencyNotes(r: ClientResult): Record<string, string | number> {
  const lat = [...r.latencies].sort((a, b) => a - b);
  const at = (q: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * q))] ?? 0;
  return {
    p50ms: at(0.5).toFixed(1),
    p99ms: at(0.99).toFixed(1),
    maxms: (lat[lat.length - 1] ?? 0).toFixed(1),
    failed: r.failures.length,
    non200: r.non200,
  };
}

export async function run(): Promise<BenchResult> {
  // Set a is stored before the server starts; set b, new posts, is ingested under load.
  const before = demoDocuments(POSTS, 300, 'a');
  const during = demoDocuments(POSTS, 300, 'b');
  const feedsA = await serveDocuments(before, HOSTS);
  const feedsB = await serveDocuments(during, HOSTS);
  const config = parseConfig({
    sources: [...feedsA.sources, ...feedsB.sources],
    crawl: {
      allowPrivateHosts: [...feedsA.hosts, ...feedsB.hosts],
      minHostDelayMs: 100,
      concurrency: 4,
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'grogne-ingest-load-'));
  const db = openStore(join(dir, 'load.db'));
  syncSources(db, config.sources);
  const pool = createAnalysisPool({ brands: config.brands, halfLifeHours: 48 });
  const writer = createWriter(db);
  const deps: CrawlDeps = {
    db,
    config,
    baseDir: '/',
    analyzer: new Analyzer({ brands: config.brands }),
    pool,
    writer,
  };
  const sources = (ids: Set<string>) => config.sources.filter((s) => ids.has(s.id));
  const totalA = before.reduce((n, d) => n + d.posts, 0);
  const totalB = during.reduce((n, d) => n + d.posts, 0);
  const measures: Measure[] = [];
  const server = await serve(createApp({ db, anonymousRead: true, rateLimitPerMinute: 1e9 }), {
    port: 0,
  });
  try {
    // Not measured: fills the store (and warms the workers) before the server is asked anything.
    const filled = await crawlAll(deps, undefined, sources(new Set(before.map((d) => d.sourceId))));
    const storedA = filled.reduce((n, o) => n + o.new, 0);
    console.error(`store filled with ${storedA} posts; load ${loadavg()[0]!.toFixed(1)}`);

    let idleResult: ClientResult | undefined;
    const idle = await measure(`idle server: GET ${PAGE}`, 0, async () => {
      const stop = startClient(`${server.url}${PAGE}`);
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      idleResult = await stop();
    });
    idle.items = idleResult!.latencies.length;
    idle.extra = { ...latencyNotes(idleResult!), load1: loadavg()[0]!.toFixed(1) };
    measures.push(idle);

    let loadedResult: ClientResult | undefined;
    let storedB = 0;
    const commitsBefore = writer.commits;
    const t0 = performance.now();
    let crawlSeconds = 0;
    const loaded = await measure(`during a crawl of ${totalB} posts: GET ${PAGE}`, 0, async () => {
      const stop = startClient(`${server.url}${PAGE}`);
      const outcomes = await crawlAll(
        deps,
        undefined,
        sources(new Set(during.map((d) => d.sourceId))),
      );
      crawlSeconds = (performance.now() - t0) / 1000;
      storedB = outcomes.reduce((n, o) => n + o.new, 0);
      loadedResult = await stop();
    });
    loaded.items = loadedResult!.latencies.length;
    loaded.extra = {
      ...latencyNotes(loadedResult!),
      crawlPostsPerS: Math.round(totalB / crawlSeconds),
      stored: storedB,
      commits: writer.commits - commitsBefore,
      load1: loadavg()[0]!.toFixed(1),
    };
    if (loadedResult!.failures.length > 0)
      loaded.extra.failures = [...new Set(loadedResult!.failures)].join(',');
    measures.push(loaded);
    console.error(`${loaded.name}: ${JSON.stringify(loaded.extra)}`);
  } finally {
    await server.close();
    await writer.close();
    await pool.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await feedsA.close();
    await feedsB.close();
  }
  return {
    benchmark: 'ingest-load',
    description: `ranked page latency, one client in a worker thread: idle server vs during a crawl of ${totalB} posts (store of ${totalA} posts before it, ${HOSTS} loopback hosts, worker pool + one writer)`,
    measures,
  };
}
