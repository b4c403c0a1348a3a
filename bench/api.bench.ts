// The API at scale: 1,000,000 posts (GROGNE_BENCH_POSTS to shrink), three queries (a brand's
// ranked list, a full-text search, a brand trend), each measured three ways: the store call
// in-process (the floor), a bare node:http server answering the same JSON, and the Hono app.
// Load comes from autocannon in a worker thread, over loopback, ~10 s per run. The store is
// bench/gen.ts's, generated once and cached under bench/results/ (shared with `bench export`).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/api/app.ts';
import { presentSummary } from '../src/api/present.ts';
import { serve } from '../src/api/server.ts';
import { buildTrend } from '../src/api/trend.ts';
import { openStore } from '../src/store/open.ts';
import { listPosts, type PostQuery } from '../src/store/read.ts';
import { brandBuckets } from '../src/store/stats.ts';
import { cachedStore, DEFAULT_NOW } from './gen.ts';
import { type BenchResult, type Measure, measure } from './harness.ts';

interface CannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  duration: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Record<string, unknown>,
) => Promise<CannonResult>;

const POSTS = Number(process.env.GROGNE_BENCH_POSTS ?? 1_000_000);
const SECONDS = Number(process.env.GROGNE_BENCH_SECONDS ?? 10);
// One connection measures the latency of one request, not a queue; raise it to load the server.
const CONNECTIONS = Number(process.env.GROGNE_BENCH_CONNECTIONS ?? 1);
const NOW = DEFAULT_NOW;

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  const db = openStore(cachedStore(POSTS, 30, NOW));
  console.error(
    `store of ${POSTS} posts ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const measures: Measure[] = [];
  try {
    const list: PostQuery = { brand: 'sfr', sort: 'priority', limit: 50 };
    const search: PostQuery = { q: 'facture', sort: 'priority', limit: 50 };
    const trendSince = Date.parse('2024-05-01T00:00:00Z');
    const trendUntil = NOW.getTime();
    const queries: { name: string; path: string; answer: () => unknown }[] = [
      {
        name: 'list',
        path: '/v1/posts?brand=sfr&sort=priority&limit=50',
        answer: () => page(listPosts(db, list)),
      },
      {
        name: 'search',
        path: '/v1/posts?q=facture&sort=priority&limit=50',
        answer: () => page(listPosts(db, search)),
      },
      {
        name: 'trend',
        path: '/v1/brands/sfr/trend?interval=day&since=2024-05-01T00:00:00Z&until=2024-06-01T00:00:00Z',
        answer: () => ({
          brand: 'sfr',
          buckets: buildTrend(
            brandBuckets(
              db,
              'sfr',
              'day',
              new Date(trendSince - 7 * 86_400_000).toISOString(),
              NOW.toISOString(),
            ),
            'day',
            trendSince,
            trendUntil,
          ),
        }),
      },
    ];
    const page = (p: ReturnType<typeof listPosts>) => ({
      items: p.items.map((x) => presentSummary(x, NOW)),
      nextCursor: p.nextCursor,
    });

    // (b) the bare server: same store call, same JSON, no framework.
    const byPath = new Map(queries.map((q) => [q.path, q.answer]));
    const bare = createServer((req, res) => {
      const answer = byPath.get(req.url ?? '');
      const body = answer ? JSON.stringify(answer()) : '{}';
      res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const hono = await serve(
      createApp({ db, now: () => NOW, anonymousRead: true, rateLimitPerMinute: 1e9 }),
      { port: 0 },
    );

    for (const q of queries) {
      // (a) the floor: the store call and JSON in-process, one after another.
      const lat: number[] = [];
      const floor = await measure(`${q.name}: in-process`, 0, () => {
        const until = performance.now() + Math.min(SECONDS, 3) * 1000;
        while (performance.now() < until) {
          const t0 = performance.now();
          JSON.stringify(q.answer());
          lat.push(performance.now() - t0);
        }
      });
      lat.sort((a, b) => a - b);
      floor.items = lat.length;
      floor.extra = {
        p50ms: ms(lat[Math.floor(lat.length / 2)]!),
        p99ms: ms(lat[Math.floor(lat.length * 0.99)]!),
      };
      measures.push(floor);
      const rates: Record<string, number> = {};
      for (const [server, base] of [
        ['bare node:http', bareUrl],
        ['hono', hono.url],
      ] as const) {
        let result: CannonResult | undefined;
        const m = await measure(`${q.name}: ${server}`, 0, async () => {
          result = await autocannon({
            url: `${base}${q.path}`,
            connections: CONNECTIONS,
            duration: SECONDS,
            workers: 1,
          });
        });
        const r = result!;
        m.items = r.requests.total;
        rates[server] = r.requests.average;
        m.extra = {
          p50ms: r.latency.p50,
          p99ms: r.latency.p99,
          reqPerS: Math.round(r.requests.average),
          non2xx: r.non2xx,
          errors: r.errors,
        };
        if (server === 'hono')
          m.extra.vsBare = (r.requests.average / rates['bare node:http']!).toFixed(3);
        measures.push(m);
        console.error(`${m.name}: ${JSON.stringify(m.extra)}`);
      }
    }
    bare.close();
    await hono.close();
  } finally {
    db.close();
  }
  return {
    benchmark: 'api',
    description: `HTTP API over ${POSTS.toLocaleString('en')} posts: in-process floor vs bare node:http vs Hono (autocannon, ${CONNECTIONS} connection(s), ${SECONDS} s)`,
    measures,
  };
}

const ms = (x: number) => Math.round(x * 1000) / 1000;
