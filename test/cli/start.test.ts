// `grogne start` serves first and crawls after: the API answers (/healthz at once, /readyz
// "crawling" until the first crawl has ended) while a slow source holds its feed, and it keeps
// answering every request while thousands of posts are read, analysed and stored.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.ts';
import { start } from '../../src/cli/start.ts';
import { manyItems, rss, testBrands } from '../helpers/feeds.ts';

/** An in-process Io whose stdout can be waited on, and whose stop signal the test fires. */
function startIo(cwd: string) {
  let out = '';
  const waiting: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiting]) {
      const m = out.match(w.re);
      if (m) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      check();
      done();
    },
  });
  let stop = () => {};
  const io: Io = {
    stdin: new PassThrough(),
    stdout: sink,
    stderr: sink,
    env: {},
    cwd,
    stopSignal: new Promise<void>((r) => {
      stop = r;
    }),
  };
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      waiting.push({ re, resolve });
      check();
    });
  return { io, stop: () => stop(), waitFor, output: () => out };
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Serves feeds on 127.0.0.1; `hold` paths answer only once released. */
async function feedServer(feeds: Map<string, string>, hold = new Set<string>()) {
  const held: ServerResponse[] = [];
  let arrived: () => void = () => {};
  const firstHeld = new Promise<void>((r) => {
    arrived = r;
  });
  const server = createServer((req, res) => {
    const body = feeds.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const send = () =>
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    if (hold.has(req.url ?? '')) {
      held.push(Object.assign(res, { send }));
      arrived();
    } else send();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  const release = () => {
    for (const res of held.splice(0)) (res as ServerResponse & { send(): void }).send();
  };
  return { origin, firstHeld, release };
}

function workspace(origin: string, ids: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-start-'));
  const config = {
    brands: testBrands,
    database: 'grogne.db',
    sources: ids.map((id) => ({ id, kind: 'feed', url: `${origin}/${id}`, fullText: 'never' })),
    crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0 },
    // The clients below ask far more than 600 pages a minute: no 429 in the way.
    api: { rateLimitPerMinute: 1_000_000 },
  };
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify(config));
  return dir;
}

async function run(dir: string) {
  const io = startIo(dir);
  const done = start(['--port', '0', '--no-poll'], io.io);
  cleanup.push(async () => {
    io.stop();
    await done;
  });
  const [, base] = await io.waitFor(/listening on (http:\/\/\S+)/);
  return { ...io, base: base!, done };
}

describe('grogne start', () => {
  it('answers /healthz and /readyz "crawling" while a slow source holds its feed', async () => {
    const feeds = new Map([['/slow', rss('Lent', manyItems(5, 'slow'))]]);
    const srv = await feedServer(feeds, new Set(['/slow']));
    const g = await run(workspace(srv.origin, ['slow']));
    // The crawl is under way: the source's server holds the request.
    await srv.firstHeld;
    const health = await fetch(`${g.base}/healthz`);
    expect(health.status).toBe(200);
    const busy = await fetch(`${g.base}/readyz`);
    expect(busy.status).toBe(503);
    expect(await busy.json()).toEqual({ status: 'crawling', sources: 1, crawled: 0, posts: 0 });
    const empty = await fetch(`${g.base}/v1/posts?limit=5`);
    expect(empty.status).toBe(200);
    srv.release();
    await g.waitFor(/crawled 1 sources/);
    const ready = await fetch(`${g.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', posts: 5 });
  });

  it('answers every ranked page while it ingests thousands of posts', async () => {
    // 20 sources × 300 posts due at once, as in the issue that found the API stalling.
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const feeds = new Map(ids.map((id) => [`/${id}`, rss(id, manyItems(300, id))]));
    const srv = await feedServer(feeds);
    const g = await run(workspace(srv.origin, ids));
    let crawling = true;
    const summary = g.waitFor(/crawled 20 sources: .*/).then((m) => {
      crawling = false;
      return m[0];
    });
    const statuses: number[] = [];
    const failures: string[] = [];
    let duringCrawl = 0;
    // Four clients, one request at a time each, until the crawl has ended.
    const client = async () => {
      while (crawling) {
        try {
          const res = await fetch(`${g.base}/v1/posts?limit=5`);
          await res.json();
          statuses.push(res.status);
          if (crawling) duringCrawl++;
        } catch (err) {
          failures.push(String((err as Error & { cause?: unknown }).cause ?? err));
        }
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    expect(await summary).toMatch(/6000 new, 0 updated, 0 errors/);
    expect(failures).toEqual([]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(duringCrawl).toBeGreaterThan(0);
    const ready = await fetch(`${g.base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', posts: 6000 });
  }, 120_000);
});
