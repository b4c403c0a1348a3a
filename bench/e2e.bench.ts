// End to end on the demo feeds replicated to ~20,000 posts: parse → normalise → analyse →
// score → store (FTS5 included), (a) all in the main thread and (b) with analysis in the
// worker pool and one SQLite writer saving a batch per feed, against rss-parser's
// parseString alone in the same run. The machine is shared: compare ratios, and read the
// load average printed with them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { createAnalysisPool, type Processed } from '../src/analysis-pool.ts';
import { loadConfig } from '../src/config.ts';
import { parseFeed } from '../src/ingest/feed.ts';
import { normaliseItems } from '../src/ingest/normalise.ts';
import { loadModel } from '../src/nlp/model.ts';
import { processPosts } from '../src/pipeline.ts';
import { openStore } from '../src/store/open.ts';
import { savePosts, syncSources } from '../src/store/write.ts';
import type { IngestedPost } from '../src/types.ts';
import { type BenchResult, measure } from './harness.ts';

const POSTS = Number(process.env.GROGNE_BENCH_POSTS ?? 20_000);
/** Posts per pool batch and per store transaction. */
const BATCH = 500;
const demo = new URL('../data/demo/', import.meta.url);
const { config } = loadConfig(fileURLToPath(new URL('../grogne.config.json', import.meta.url)));
const now = new Date('2026-11-26T08:00:00Z');
const FEEDS = [
  ['blog-rss.xml', 'demo-blog-consommateur'],
  ['blog-atom.xml', 'demo-blog-octets'],
  ['forum-feed.xml', 'demo-forum-feed'],
] as const;

/** Copies a feed `times` times over, each copy's items with their own guid and link. */
function replicate(xml: string, times: number): string[] {
  return Array.from({ length: times }, (_, c) =>
    xml
      .replace(/<guid([^>]*)>([^<]*)<\/guid>/g, `<guid$1>$2-copy${c}</guid>`)
      .replace(/<id>([^<]*)<\/id>/g, `<id>$1-copy${c}</id>`)
      .replace(/<link>([^<]*)<\/link>/g, `<link>$1?copy=${c}</link>`)
      .replace(/<link([^>]*)href="([^"]*)"/g, `<link$1href="$2?copy=${c}"`),
  );
}

function freshStore() {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-e2e-'));
  const db = openStore(join(dir, 'bench.db'));
  syncSources(db, config.sources);
  const done = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, done };
}

const load = () => loadavg()[0]!.toFixed(1);

export async function run(): Promise<BenchResult> {
  const xmls = FEEDS.map(([f]) => readFileSync(new URL(f, demo), 'utf8'));
  const perRound = (await Promise.all(xmls.map((x) => parseFeed(x)))).reduce(
    (n, f) => n + f.items.length,
    0,
  );
  const rounds = Math.ceil(POSTS / perRound);
  const docs = xmls.map((x) => replicate(x, rounds));
  const total = perRound * rounds;
  const source = (id: string) => ({ id, kind: 'feed' as const, audience: 1000 });

  const parser = new Parser();
  const baseline = await measure('rss-parser parseString (baseline)', total, async () => {
    for (const copies of docs) for (const d of copies) await parser.parseString(d);
  });
  baseline.extra = { load1: load() };

  const model = loadModel();
  const a = freshStore();
  let storedA = 0;
  const inProcess = await measure('(a) in-process: parse → analyse → store', total, async () => {
    for (const [i, copies] of docs.entries()) {
      const sourceId = FEEDS[i]![1];
      for (const d of copies) {
        const posts = normaliseItems(await parseFeed(d), { sourceId, fetchedAt: now });
        const items = processPosts(posts, source(sourceId), {
          brands: config.brands,
          model,
          now,
          halfLifeHours: 48,
        });
        storedA += savePosts(a.db, sourceId, items, () => now).new;
      }
    }
  });
  inProcess.extra = { stored: storedA, load1: load() };
  a.done();

  const pool = createAnalysisPool({ brands: config.brands, halfLifeHours: 48 });
  // Start the workers (and their model) before the clock runs: a crawl keeps its pool.
  const warm = normaliseItems(await parseFeed(xmls[0]!), { sourceId: 'warm', fetchedAt: now });
  await pool.process(Array.from({ length: 8 }, () => warm).flat(), source('warm'), now);
  const b = freshStore();
  let storedB = 0;
  const pooled = await measure(
    '(b) pool + one writer: parse → analyse → store',
    total,
    async () => {
      // The main thread parses the next batch while the workers analyse the previous ones;
      // each finished batch is saved in one transaction by the single writer (this thread).
      const inFlight: Promise<void>[] = [];
      const save = (sourceId: string, p: Promise<Processed[]>) =>
        p.then((items) => {
          storedB += savePosts(b.db, sourceId, items, () => now).new;
        });
      for (const [i, copies] of docs.entries()) {
        const sourceId = FEEDS[i]![1];
        let batch: IngestedPost[] = [];
        for (const d of copies) {
          batch.push(...normaliseItems(await parseFeed(d), { sourceId, fetchedAt: now }));
          if (batch.length < BATCH) continue;
          inFlight.push(save(sourceId, pool.process(batch, source(sourceId), now)));
          batch = [];
          // Bounded: at most two batches per worker wait, so memory stays flat.
          if (inFlight.length >= pool.size * 2) await inFlight.shift();
        }
        if (batch.length) inFlight.push(save(sourceId, pool.process(batch, source(sourceId), now)));
      }
      await Promise.all(inFlight);
    },
  );
  pooled.extra = { stored: storedB, workers: pool.size, load1: load() };
  await pool.close();
  b.done();

  return {
    benchmark: 'e2e',
    description: `demo feeds replicated to ${total} posts; in-process and pooled pipelines vs rss-parser alone`,
    measures: [baseline, inProcess, pooled],
  };
}
