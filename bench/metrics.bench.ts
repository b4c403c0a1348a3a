// A Prometheus scrape of /metrics on a large store (200,000 posts; GROGNE_BENCH_POSTS to
// change), in-process through the Hono app, against /healthz in the same run as the baseline
// (an answer that touches no table). A scraper calls every 15–60 s; a scrape that scans the
// posts holds the event loop, and every API request with it, for as long as it runs.
import { createApp } from '../src/api/app.ts';
import { openStore } from '../src/store/open.ts';
import { cachedStore, DEFAULT_NOW } from './gen.ts';
import { type BenchResult, type Measure, measure } from './harness.ts';

const POSTS = Number(process.env.GROGNE_BENCH_POSTS ?? 200_000);
const SCRAPES = Number(process.env.GROGNE_BENCH_SCRAPES ?? 20);

export async function run(): Promise<BenchResult> {
  const db = openStore(cachedStore(POSTS, 30, DEFAULT_NOW));
  const app = createApp({ db, now: () => DEFAULT_NOW, anonymousRead: true });
  const measures: Measure[] = [];
  try {
    const scrape = async (path: string) => {
      const res = await app.request(path);
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      await res.text();
    };
    // Warm: the first scrape reads pages from disk; a running server's are cached.
    await scrape('/metrics');
    for (const [name, path] of [
      ['/healthz (baseline)', '/healthz'],
      ['/metrics', '/metrics'],
    ] as const) {
      const times: number[] = [];
      const m = await measure(name, SCRAPES, async () => {
        for (let i = 0; i < SCRAPES; i++) {
          const t0 = performance.now();
          await scrape(path);
          times.push(performance.now() - t0);
        }
      });
      times.sort((a, b) => a - b);
      m.extra = {
        posts: POSTS,
        medianMs: times[Math.floor(times.length / 2)]!.toFixed(2),
        maxMs: times.at(-1)!.toFixed(2),
      };
      measures.push(m);
    }
  } finally {
    db.close();
  }
  return {
    benchmark: 'metrics',
    description: `a /metrics scrape at ${POSTS} posts against /healthz`,
    measures,
  };
}
