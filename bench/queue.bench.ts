// Crawl workers on the Redis queue against the embedded crawl, on the same documents in the
// same run: the demo feeds in documents of ~300 posts (~6,000 posts, GROGNE_BENCH_QUEUE_POSTS)
// on 10 loopback hosts, 100 ms between two requests to a host, 4 requests in flight per
// process. The baseline crawls them in this process as `grogne start` does (worker threads,
// one writer); the subject queues every source and lets two `grogne worker` processes
// (bin/grogne.js, started and ready before the clock starts) crawl them into one SQLite
// file, timed until every source's crawl is recorded. Needs Redis at 127.0.0.1:6379
// (GROGNE_BENCH_REDIS); it is a measure, never a test.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openConfigured } from '../src/cli/context.ts';
import { closeCrawlDeps, crawlDepsFor } from '../src/cli/crawl-deps.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/log/logger.ts';
import { crawlAll } from '../src/pipeline.ts';
import { crawlScheduler } from '../src/queue/crawl.ts';
import { parseQueueUrl } from '../src/queue/redis.ts';
import { type BenchResult, measure } from './harness.ts';
import { demoDocuments, serveDocuments } from './loopback-demo.ts';

const POSTS = Number(process.env.GROGNE_BENCH_QUEUE_POSTS ?? 6_000);
const REDIS = process.env.GROGNE_BENCH_REDIS ?? 'redis://127.0.0.1:6379/0';
const WORKERS = 2;
const BIN = fileURLToPath(new URL('../bin/grogne.js', import.meta.url));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function workspace(sources: unknown[], hosts: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-queue-bench-'));
  const path = join(dir, 'grogne.config.json');
  writeFileSync(
    path,
    JSON.stringify({
      database: 'grogne.db',
      sources,
      crawl: { allowPrivateHosts: hosts, minHostDelayMs: 100, concurrency: 4 },
    }),
  );
  return { dir, path };
}

function startWorker(config: string, queue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--config', config, '--queue', queue], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, GROGNE_CONFIG: '' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('grogne worker: running crawl jobs')) resolve(child);
    });
    child.on('close', (code) => reject(new Error(`worker exited (${code}): ${out}`)));
  });
}

export async function run(): Promise<BenchResult> {
  const docs = demoDocuments(POSTS);
  const total = docs.reduce((n, d) => n + d.posts, 0);
  const feeds = await serveDocuments(docs, 10);
  const measures = [];
  try {
    // The embedded crawl, in this process.
    const a = workspace(feeds.sources, feeds.hosts);
    const loadedA = loadConfig(a.path);
    const dbA = openConfigured(loadedA);
    // What `grogne start` crawls with.
    const depsA = crawlDepsFor(dbA, loadedA, { env: {} }, { log: silentLogger });
    let storedA = 0;
    const embedded = await measure('embedded crawl, one process (baseline)', total, async () => {
      const outcomes = await crawlAll(depsA);
      storedA = outcomes.reduce((n, o) => n + o.new, 0);
    });
    embedded.extra = { stored: storedA, load1: loadavg()[0]!.toFixed(1) };
    measures.push(embedded);
    await closeCrawlDeps(depsA);
    dbA.close();
    rmSync(a.dir, { recursive: true, force: true });

    // Two workers on the queue, one SQLite file.
    const b = workspace(feeds.sources, feeds.hosts);
    const loadedB = loadConfig(b.path);
    const dbB = openConfigured(loadedB);
    const queue = `${REDIS}?prefix=grogne-bench-${process.pid}`;
    const scheduler = crawlScheduler(parseQueueUrl(queue));
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, () => startWorker(b.path, queue)),
    );
    const crawled = dbB.prepare(
      'SELECT COUNT(*) AS n FROM sources WHERE last_ok_at IS NOT NULL',
    ) as unknown as { get(): { n: number } };
    const queued = await measure(`queue: ${WORKERS} worker processes`, total, async () => {
      await scheduler.schedule({ db: dbB });
      while (crawled.get().n < docs.length) await sleep(50);
    });
    const storedB = (dbB.prepare('SELECT COUNT(*) AS n FROM posts').get() as { n: number }).n;
    queued.extra = { stored: storedB, load1: loadavg()[0]!.toFixed(1) };
    measures.push(queued);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => w.on('close', r))));
    await scheduler.close();
    dbB.close();
    rmSync(b.dir, { recursive: true, force: true });
  } finally {
    await feeds.close();
  }
  return {
    benchmark: 'queue',
    description: `~${POSTS} demo posts on 10 loopback hosts: ${WORKERS} grogne worker processes on the Redis queue vs the embedded crawl`,
    measures,
  };
}
