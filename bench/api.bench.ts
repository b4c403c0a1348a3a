// `npm run bench api`: the API at scale. A store of BENCH_POSTS generated posts (default
// 1,000,000; GROGNE_BENCH_POSTS also read), built once per run into a temporary file by
// bench/gen.ts's bulk load (BENCH_CACHE=1 keeps it under bench/results/ for the next run),
// then the queries a brand team makes most, each measured three ways in the same run:
// - floor: the store call in-process, one after another; for the lists, also the page's SQL
//   alone (listQuery's statement run directly), which is what the p99 ≤ 10 ms aim is about;
// - ceiling: a bare node:http server answering the same JSON with no framework;
// - hono: the grogne app itself (auth, validation, rate limit, metrics, request ids and log,
//   ETag and Cache-Control, compression check, problem+json). The bare server does the
//   same work of substance (the same store call, presentation and JSON) and none of that.
// Load comes from one client in a worker thread (bench/turns.ts) that alternates its requests
// between the bare server and the app over loopback, BENCH_CONNECTIONS (1) keep-alive
// connections each, for BENCH_SECONDS (5) per query: both are measured under the same load
// from the rest of the machine. req/s is the rate one connection gets from a server: its
// requests over the time they took; vsBare is the app's req/s over the bare server's, and
// vsBareP50 the same ratio from the median latencies. The export is timed to its first chunk: the whole export
// of a million posts is `npm run bench export`'s subject.
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/app.ts';
import { presentDetail, presentSummary } from '../src/api/present.ts';
import { serve } from '../src/api/server.ts';
import { buildTrend } from '../src/api/trend.ts';
import { authorSecret } from '../src/export/pseudonym.ts';
import { exportChunks } from '../src/export/stream.ts';
import { listFeedback } from '../src/store/feedback.ts';
import { type Db, openStore } from '../src/store/open.ts';
import { getPost, listPosts, listQuery, type PostQuery } from '../src/store/read.ts';
import { brandBuckets, brandNegatives, brandSummary } from '../src/store/stats.ts';
import { listNotes, workflowOf } from '../src/store/workflow.ts';
import { cachedStore, DEFAULT_NOW, generate } from './gen.ts';
import { type BenchResult, type Measure, measure } from './harness.ts';
import { inTurns, type ServerLoad } from './turns.ts';

const env = (name: string, fallback: number) =>
  Number(process.env[`BENCH_${name}`] ?? process.env[`GROGNE_BENCH_${name}`] ?? fallback);
const POSTS = env('POSTS', 1_000_000);
const SECONDS = env('SECONDS', 5);
// One connection measures the latency of one request, not a queue; raise it to load the server.
const CONNECTIONS = env('CONNECTIONS', 1);
const NOW = DEFAULT_NOW;

interface Query {
  name: string;
  path: string;
  /** What the route answers, as the bare server sends it. */
  answer: () => unknown;
  /** A list: its store query, whose SQL is also timed alone. */
  list?: PostQuery;
  /** Timed to the first chunk of the body (an export), not to its end. */
  firstChunk?: boolean;
}

function queriesFor(db: Db): Query[] {
  const page = (q: PostQuery) => {
    const p = listPosts(db, q);
    return { items: p.items.map((x) => presentSummary(x, NOW)), nextCursor: p.nextCursor };
  };
  const list = (name: string, params: string, q: PostQuery): Query => ({
    name,
    path: `/v1/posts?${params}`,
    answer: () => page(q),
    list: q,
  });
  const detailId = listPosts(db, { limit: 1 }).items[0]!.id;
  const trendSince = Date.parse('2024-05-01T00:00:00Z');
  const secret = authorSecret(db, undefined).secret;
  const exportFilter = { brand: 'sfr', complaint: true } as const;
  return [
    list('list', 'limit=50', { limit: 50 }),
    list('list by date', 'sort=published&limit=50', { sort: 'published', limit: 50 }),
    list('brand', 'brand=sfr&limit=50', { brand: 'sfr', limit: 50 }),
    list('complaint+minSeverity', 'complaint=true&minSeverity=60&limit=50', {
      complaint: true,
      minSeverity: 60,
      limit: 50,
    }),
    list('complaint+minSeverity by reach', 'complaint=true&minSeverity=60&sort=reach&limit=50', {
      complaint: true,
      minSeverity: 60,
      sort: 'reach',
      limit: 50,
    }),
    list(
      'brand complaints this week by date',
      'brand=sfr&complaint=true&since=2024-05-25T00:00:00Z&sort=published&limit=50',
      {
        brand: 'sfr',
        complaint: true,
        since: '2024-05-25T00:00:00.000Z',
        sort: 'published',
        limit: 50,
      },
    ),
    list('search', 'q=facture&limit=50', { q: 'facture', limit: 50 }),
    {
      name: 'trend',
      path: '/v1/brands/sfr/trend?interval=day&since=2024-05-01T00:00:00Z&until=2024-06-01T00:00:00Z',
      // As the route reads it: the buckets and the negative mentions of the same window.
      answer: () => {
        const from = new Date(trendSince - 7 * 86_400_000).toISOString();
        return {
          brand: 'sfr',
          buckets: buildTrend(
            brandBuckets(db, 'sfr', 'day', from, NOW.toISOString()),
            'day',
            trendSince,
            NOW.getTime(),
            brandNegatives(db, 'sfr', 'day', from, NOW.toISOString()),
          ),
        };
      },
    },
    {
      name: 'summary',
      path: '/v1/brands/sfr/summary?since=2024-05-25T00:00:00Z',
      answer: () => brandSummary(db, 'sfr', { since: '2024-05-25T00:00:00.000Z' }),
    },
    {
      name: 'detail',
      path: `/v1/posts/${detailId}`,
      // As the route reads it: the post, its feedback, and the team's workflow with its notes.
      answer: () => {
        const { noteCount: _, ...workflow } = workflowOf(db, [detailId]).get(detailId)!;
        return {
          ...presentDetail(getPost(db, detailId)!, NOW),
          feedback: listFeedback(db, detailId),
          workflow: { ...workflow, notes: listNotes(db, detailId) },
        };
      },
    },
    {
      name: 'export first page',
      path: '/v1/exports?format=jsonl&brand=sfr&complaint=true',
      firstChunk: true,
      answer: () => {
        const { chunks } = exportChunks({
          db,
          format: 'jsonl',
          filter: exportFilter,
          clearAuthors: false,
          secret,
          bom: false,
        });
        try {
          for (;;) {
            const n = chunks.next();
            if (n.done || n.value.length > 0) return n.done ? [] : n.value;
          }
        } finally {
          chunks.return(undefined);
        }
      },
    },
  ];
}

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  const cached = process.env.BENCH_CACHE === '1';
  const path = cached
    ? cachedStore(POSTS, 30, NOW)
    : join(tmpdir(), `grogne-bench-api-${process.pid}.db`);
  if (!cached) generate(path, POSTS, 30, NOW).close();
  const db = openStore(path);
  console.error(
    `store of ${POSTS} posts ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const measures: Measure[] = [];
  try {
    const queries = queriesFor(db);
    const byPath = new Map(queries.map((q) => [q.path, q]));
    // The ceiling: the same store call and JSON (or the export's first chunk), no framework.
    const bare = createServer((req, res) => {
      const q = byPath.get(req.url ?? '');
      if (!q) {
        res.writeHead(404).end();
        return;
      }
      const answer = q.answer();
      if (q.firstChunk) {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        for (const b of answer as Buffer[]) res.write(b);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const hono = await serve(
      createApp({ db, now: () => NOW, anonymousRead: true, rateLimitPerMinute: 1e9 }),
      { port: 0 },
    );

    for (const q of queries) {
      measures.push(await floor(q, db));
      let loads: ServerLoad[] = [];
      const m = await measure(q.name, 0, async () => {
        loads = await inTurns({
          urls: [`${bareUrl}${q.path}`, `${hono.url}${q.path}`],
          seconds: SECONDS,
          connections: CONNECTIONS,
          firstChunk: q.firstChunk === true,
        });
      });
      const [bareM, honoM] = ['bare node:http', 'hono'].map((server, i) =>
        served(`${q.name}: ${server}`, loads[i]!, m.peakRssMiB),
      );
      honoM!.extra!.vsBare = (
        honoM!.items /
        honoM!.seconds /
        (bareM!.items / bareM!.seconds)
      ).toFixed(3);
      // The same from the median latencies: on a loaded machine the other jobs' pauses make
      // the tail, and the mean with it, differ from one slice of seconds to the next.
      honoM!.extra!.vsBareP50 = (Number(bareM!.extra!.p50ms) / Number(honoM!.extra!.p50ms)).toFixed(
        3,
      );
      for (const m of [bareM!, honoM!]) {
        measures.push(m);
        console.error(`${m.name}: ${JSON.stringify(m.extra)}`);
      }
    }
    bare.close();
    await hono.close();
  } finally {
    db.close();
    if (!cached) for (const ext of ['', '-wal', '-shm']) rmSync(`${path}${ext}`, { force: true });
  }
  return {
    benchmark: 'api',
    description: `HTTP API over ${POSTS.toLocaleString('en')} posts: in-process floor vs bare node:http vs Hono (requests in turns, ${CONNECTIONS} connection(s) each, ${SECONDS} s)`,
    measures,
  };
}

/** p50 and p99 of latencies in ms. */
function percentiles(lat: number[]): { p50ms: number; p99ms: number } {
  lat.sort((a, b) => a - b);
  return {
    p50ms: ms(lat[Math.floor(lat.length / 2)]!),
    p99ms: ms(lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))]!),
  };
}

/** Runs fn back to back for a few seconds; its latencies. */
function repeat(fn: () => unknown): number[] {
  const lat: number[] = [];
  const until = performance.now() + Math.min(SECONDS, 3) * 1000;
  while (performance.now() < until) {
    const t = performance.now();
    fn();
    lat.push(performance.now() - t);
  }
  return lat;
}

async function floor(q: Query, db: Db): Promise<Measure> {
  let lat: number[] = [];
  const m = await measure(`${q.name}: in-process`, 0, () => {
    lat = repeat(() => JSON.stringify(q.answer()));
  });
  m.items = lat.length;
  m.extra = { ...percentiles(lat), reqPerS: Math.round(lat.length / m.seconds) };
  if (q.list) {
    // The page's SQL alone: what the query plan decides.
    const c = listQuery(q.list)!;
    const st = db.prepare(c.sql);
    const sql = percentiles(repeat(() => st.all(c.params)));
    m.extra.sqlP50ms = sql.p50ms;
    m.extra.sqlP99ms = sql.p99ms;
  }
  return m;
}

/** One server's share of the load, as a measure: its time is what its requests took. */
function served(name: string, load: ServerLoad, peakRssMiB: number): Measure {
  const seconds = load.latencies.reduce((a, b) => a + b, 0) / 1000 / CONNECTIONS;
  return {
    name,
    items: load.requests,
    seconds,
    peakRssMiB,
    extra: {
      ...percentiles(load.latencies),
      reqPerS: Math.round(load.requests / seconds),
      non2xx: load.failed,
    },
  };
}

const ms = (x: number) => Math.round(x * 1000) / 1000;
