// `grogne worker` processes on the Redis queue, as a user runs them: real child processes of
// bin/grogne.js sharing one SQLite file, fed by `grogne start --queue` or by the scheduler
// itself. Two workers never fetch one host at once, and workers killed with SIGKILL ten times
// during a run lose no post and store none twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openConfigured } from '../../src/cli/context.ts';
import { loadConfig } from '../../src/config.ts';
import { crawlScheduler } from '../../src/queue/crawl.ts';
import { parseQueueUrl } from '../../src/queue/redis.ts';
import { BIN, ROOT } from '../helpers/cli.ts';
import { manyItems, rss, testBrands } from '../helpers/feeds.ts';
import { dropKeys, hasRedis, REDIS_URL, testPrefix } from './redis-available.ts';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A key prefix of this test's own, its keys deleted after it (registered first: run last). */
function ownPrefix(): string {
  const prefix = testPrefix();
  cleanup.unshift(() => dropKeys(prefix));
  return prefix;
}

/** Feeds on 127.0.0.1, each answered after `delayMs`; every request's start and end kept. */
async function feedServer(feeds: Map<string, string>, delayMs: number) {
  const spans: { path: string; start: number; end: number }[] = [];
  const server = createServer((req, res) => {
    const start = Date.now();
    const body = feeds.get(req.url ?? '');
    setTimeout(() => {
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
      spans.push({ path: req.url ?? '', start, end: Date.now() });
    }, delayMs);
  });
  return { origin: await listening(server), spans };
}

/** Starts `server` on 127.0.0.1 (closed after the test); its origin. */
async function listening(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function workspace(origin: string, ids: string[], crawl: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-queue-'));
  const config = {
    brands: testBrands,
    database: 'grogne.db',
    sources: ids.map((id) => ({ id, kind: 'feed', url: `${origin}/${id}`, fullText: 'never' })),
    crawl: { allowPrivateHosts: ['127.0.0.1'], ...crawl },
    api: { rateLimitPerMinute: 1_000_000 },
  };
  const path = join(dir, 'grogne.config.json');
  writeFileSync(path, JSON.stringify(config));
  return { dir, path, db: join(dir, 'grogne.db') };
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns `grogne ARGS` and resolves once its output matches `ready`. */
function spawnGrogne(args: string[], ready: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, GROGNE_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(late);
        resolve({ child, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`grogne ${args[0]} exited (${code}):\n${out}`)));
    const late = setTimeout(
      () => reject(new Error(`grogne ${args[0]} not ready after 30 s:\n${out}`)),
      30_000,
    );
    void exited.finally(() => clearTimeout(late));
  });
}

const worker = (config: string, queue: string, extra: string[] = []) =>
  spawnGrogne(
    ['worker', '--config', config, '--queue', queue, ...extra],
    /grogne worker: running crawl jobs/,
  );

/** Waits until `done()` holds, checking every 200 ms, or fails after `ms`. */
async function until(done: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Sources whose crawl has been recorded: as successful (last_ok_at), or at all (last_fetch_at). */
function crawledSources(dbPath: string, recorded: 'last_ok_at' | 'last_fetch_at' = 'last_ok_at') {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return (
      db.prepare(`SELECT COUNT(*) AS n FROM sources WHERE ${recorded} IS NOT NULL`).get() as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
}

describe.skipIf(!hasRedis)('grogne worker on the Redis queue', () => {
  it('fetches a host from one worker at a time, with the rest between two requests', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `blog${i}`);
    const srv = await feedServer(
      new Map(ids.map((id) => [`/${id}`, rss(id, manyItems(5, id))])),
      150,
    );
    const delay = 100;
    const ws = workspace(srv.origin, ids, { minHostDelayMs: delay });
    const queue = `${REDIS_URL}/0?prefix=${ownPrefix()}`;
    // Both workers wait before anything is queued: each takes up to 3 of the 6 jobs.
    const workers = await Promise.all([
      worker(ws.path, queue, ['--concurrency', '3']),
      worker(ws.path, queue, ['--concurrency', '3']),
    ]);
    const starter = await spawnGrogne(
      ['start', '--config', ws.path, '--queue', queue, '--port', '0', '--no-poll'],
      /listening on/,
    );
    await until(() => crawledSources(ws.db) === ids.length, 60_000, 'six crawled sources');
    // Each worker crawled some of the sources…
    for (const w of workers) expect(w.output()).toMatch(/crawled blog\d/);
    // …and the server never saw two requests at once, nor one within the rest after another.
    const spans = [...srv.spans].sort((a, b) => a.start - b.start);
    expect(spans.map((s) => s.path).sort()).toEqual(ids.map((id) => `/${id}`).sort());
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.start - spans[i - 1]!.end).toBeGreaterThanOrEqual(delay - 1);
    }
    for (const p of [starter, ...workers]) p.child.kill('SIGTERM');
    expect(await Promise.all([starter, ...workers].map((p) => p.exited))).toEqual([0, 0, 0]);
  }, 90_000);

  it("shows in start --queue's /metrics the crawl counters of every worker", async () => {
    // Four feeds of 2 to 5 items, and one the server does not have (a 404: the source's error).
    const feeds = new Map(
      [2, 3, 4, 5].map((n, i) => [`/blog${i}`, rss(`blog${i}`, manyItems(n, `blog${i}`))]),
    );
    const srv = await feedServer(feeds, 150);
    const ids = ['blog0', 'blog1', 'blog2', 'blog3', 'gone'];
    const ws = workspace(srv.origin, ids, { minHostDelayMs: 50 });
    const queue = `${REDIS_URL}/0?prefix=${ownPrefix()}`;
    const startedAt = Math.floor(Date.now() / 1000);
    const workers = await Promise.all([
      worker(ws.path, queue, ['--concurrency', '2']),
      worker(ws.path, queue, ['--concurrency', '2']),
    ]);
    const starter = await spawnGrogne(
      ['start', '--config', ws.path, '--queue', queue, '--port', '0', '--no-poll'],
      /listening on (http:\/\/\S+) /,
    );
    const base = /listening on (http:\/\/\S+) /.exec(starter.output())![1]!;
    await until(
      () => crawledSources(ws.db, 'last_fetch_at') === ids.length,
      60_000,
      'five crawled sources',
    );
    // Both workers crawled (neither can take more than two of the five jobs at once)…
    for (const w of workers) expect(w.output()).toMatch(/crawled (blog\d|gone)/);
    // …and the process that crawled nothing shows what they did, source by source.
    const text = await (await fetch(`${base}/metrics`)).text();
    const series = (name: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`))
        .sort();
    expect(series('grogne_source_crawls_total')).toEqual([
      'grogne_source_crawls_total{source="blog0",outcome="ok"} 1',
      'grogne_source_crawls_total{source="blog1",outcome="ok"} 1',
      'grogne_source_crawls_total{source="blog2",outcome="ok"} 1',
      'grogne_source_crawls_total{source="blog3",outcome="ok"} 1',
      'grogne_source_crawls_total{source="gone",outcome="error"} 1',
    ]);
    expect(series('grogne_source_items_total')).toEqual([
      'grogne_source_items_total{source="blog0",kind="new"} 2',
      'grogne_source_items_total{source="blog1",kind="new"} 3',
      'grogne_source_items_total{source="blog2",kind="new"} 4',
      'grogne_source_items_total{source="blog3",kind="new"} 5',
    ]);
    expect(series('grogne_source_errors_total')).toEqual([
      'grogne_source_errors_total{source="gone",class="source"} 1',
    ]);
    const lastSuccess = series('grogne_source_last_success_timestamp_seconds');
    expect(lastSuccess.map((l) => /source="(\w+)"/.exec(l)![1])).toEqual(ids.slice(0, 4));
    // Each the time of its crawl in this run.
    for (const l of lastSuccess) {
      const t = Number(l.split(' ')[1]);
      expect(t).toBeGreaterThanOrEqual(startedAt);
      expect(t).toBeLessThanOrEqual(Date.now() / 1000);
    }
    for (const p of [starter, ...workers]) p.child.kill('SIGTERM');
    expect(await Promise.all([starter, ...workers].map((p) => p.exited))).toEqual([0, 0, 0]);
  }, 90_000);

  it('finishes the crawl in hand on SIGTERM, then exits 0', async () => {
    let release: () => void = () => {};
    let arrived: () => void = () => {};
    const held = new Promise<void>((r) => {
      arrived = r;
    });
    const server = createServer((_req, res) => {
      release = () =>
        res
          .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
          .end(rss('Lent', manyItems(5, 'lent')));
      arrived();
    });
    const origin = await listening(server);
    const ws = workspace(origin, ['lent'], { minHostDelayMs: 0 });
    const queue = `${REDIS_URL}/0?prefix=${ownPrefix()}`;
    const w = await worker(ws.path, queue);
    const db = openConfigured(loadConfig(ws.path));
    const scheduler = crawlScheduler(parseQueueUrl(queue));
    cleanup.push(() => scheduler.close());
    await scheduler.schedule({ db });
    db.close();
    // The worker is fetching the feed, which the server holds: asked to stop now, it waits
    // for the crawl, which ends once the feed comes.
    await held;
    w.child.kill('SIGTERM');
    await until(() => /stopping once the jobs in hand are done/.test(w.output()), 10_000, 'stop');
    release();
    expect(await w.exited).toBe(0);
    expect(w.output()).toMatch(/crawled lent: 5 items, 5 new/);
    expect(crawledSources(ws.db)).toBe(1);
    expect(await scheduler.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  }, 60_000);

  it('loses no post and stores none twice when workers are killed 10 times during a run', async () => {
    // 60 sources on one host, each answered in 0.5 s: the run outlasts ten kills.
    const ids = Array.from({ length: 60 }, (_, i) => `feed${i}`);
    const perSource = 30;
    const srv = await feedServer(
      new Map(ids.map((id) => [`/${id}`, rss(id, manyItems(perSource, id))])),
      500,
    );
    const ws = workspace(srv.origin, ids, { minHostDelayMs: 0 });
    const prefix = ownPrefix();
    const queue = `${REDIS_URL}/0?prefix=${prefix}`;
    const fast = ['--concurrency', '2', '--lock-ms', '2000', '--lease-ms', '1000'];
    const workers = await Promise.all([worker(ws.path, queue, fast), worker(ws.path, queue, fast)]);
    // The store as `grogne start` leaves it, and every source queued once.
    const loaded = loadConfig(ws.path);
    const db = openConfigured(loaded);
    const scheduler = crawlScheduler(parseQueueUrl(queue));
    cleanup.push(() => scheduler.close());
    expect(await scheduler.schedule({ db })).toBe(ids.length);
    db.close();
    // Ten times: once a worker is fetching (a request has just come in), SIGKILL one of the
    // two a moment later (mid-parse, mid-analysis or mid-transaction) and start another.
    let kills = 0;
    while (kills < 10) {
      const seen = srv.spans.length;
      await until(() => srv.spans.length > seen, 60_000, 'a request from a worker');
      await sleep(Math.floor(Math.random() * 250));
      const at = kills % 2;
      workers[at]!.child.kill('SIGKILL');
      await workers[at]!.exited;
      kills++;
      workers[at] = await worker(ws.path, queue, fast);
    }
    const drained = async () => {
      const c = await scheduler.counts();
      return c.waiting + c.active + c.delayed === 0 && crawledSources(ws.db) === ids.length;
    };
    await until(drained, 120_000, 'the queue to drain');
    expect((await scheduler.counts()).failed).toBe(0);
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

    const store = new Database(ws.db, { readonly: true });
    cleanup.push(() => store.close());
    const count = (sql: string) => (store.prepare(sql).get() as { n: number }).n;
    // Every source holds exactly its feed's items, each once.
    const rows = store.prepare('SELECT source_id, title FROM posts').all() as {
      source_id: string;
      title: string;
    }[];
    const got = new Map<string, string[]>();
    for (const r of rows) got.set(r.source_id, [...(got.get(r.source_id) ?? []), r.title]);
    const expected = Array.from({ length: perSource }, (_, i) => `Billet ${i}`).sort();
    expect([...got.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect([...got.get(id)!].sort()).toEqual(expected);
    expect(rows).toHaveLength(ids.length * perSource);
    // Each post with one analysis, one score row, one entry of the search index, and the
    // store's trigger-kept count right: no half-written post, none written twice.
    expect(count('SELECT COUNT(*) AS n FROM analyses')).toBe(rows.length);
    expect(count('SELECT COUNT(*) AS n FROM scores')).toBe(rows.length);
    expect(count('SELECT COUNT(*) AS n FROM posts_search')).toBe(rows.length);
    expect(count("SELECT n FROM store_counts WHERE name = 'posts'")).toBe(rows.length);
    // The kills did land during the run: crawls were started again after them.
    expect(srv.spans.length).toBeGreaterThan(ids.length);
  }, 240_000);
});

describe('with no Redis answering', () => {
  it('start --queue serves the API, and start and worker both stop on SIGTERM', async () => {
    // A port nothing listens on: connections are refused at once.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const queue = `redis://127.0.0.1:${port}/0`;
    const ws = workspace('http://127.0.0.1:9', ['nulle'], { minHostDelayMs: 0 });
    const starter = await spawnGrogne(
      ['start', '--config', ws.path, '--queue', queue, '--port', '0'],
      /listening on (http:\/\/\S+) /,
    );
    const base = /listening on (http:\/\/\S+) /.exec(starter.output())![1]!;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const w = spawnGrogne(
      ['worker', '--config', ws.path, '--queue', queue],
      /queue connection failed/,
    );
    const waiting = await w;
    await until(() => /queue connection failed/.test(starter.output()), 10_000, 'the error line');
    // ioredis tries again after 50, 100, 150… ms: a dozen attempts per connection here.
    await sleep(3_000);
    starter.child.kill('SIGTERM');
    waiting.child.kill('SIGTERM');
    expect(await Promise.all([starter.exited, waiting.exited])).toEqual([0, 0]);
    // Told once per reason, as a log line, not as a stack per reconnection attempt.
    const lines = (p: Proc) =>
      p
        .output()
        .split('\n')
        .filter((l) => l.includes('ECONNREFUSED'));
    // One line per connection of the worker (jobs, blocking reads, host leases) and its
    // first failed job fetch; one or two for start.
    expect(lines(waiting).length).toBeLessThanOrEqual(4);
    expect(lines(starter).length).toBeLessThanOrEqual(3);
    expect(waiting.output()).not.toMatch(/Unhandled error event/);
  }, 60_000);
});
