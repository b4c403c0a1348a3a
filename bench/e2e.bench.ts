// End to end on the demo feeds replicated to ~20,000 posts: parse → normalise → analyse →
// score → store (FTS5 included), (a) all in the main thread and (b) the product's bulk path
// (src/bulk.ts ingestDocuments, what `grogne import` runs): parse, normalise, analysis and
// scoring in the worker pool and one SQLite writer (this thread) saving whole feeds, several
// per transaction, against rss-parser's parseString alone in the same run. The machine is shared: compare ratios, and read the
// load average printed with them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { createAnalysisPool } from '../src/analysis-pool.ts';
import { type BulkDocument, ingestDocuments } from '../src/bulk.ts';
import { loadConfig } from '../src/config.ts';
import { parseFeed } from '../src/ingest/feed.ts';
import { normaliseItems } from '../src/ingest/normalise.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { processPosts } from '../src/pipeline.ts';
import { openStore } from '../src/store/open.ts';
import { savePosts, syncSources } from '../src/store/write.ts';
import { type BenchResult, measure } from './harness.ts';

const POSTS = Number(process.env.GROGNE_BENCH_POSTS ?? 20_000);
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

/** CPU time of the whole process (every thread), per post: steadier than wall time under load. */
function cpuPerPost(since: NodeJS.CpuUsage, posts: number): string {
  const c = process.cpuUsage(since);
  return `${((c.user + c.system) / posts).toFixed(0)}µs`;
}

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

  const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
  // Warm-up, outside the timings, for (a) and (b) alike: a crawler runs for hours, and its
  // JIT and per-form memo tables are warm. ~1,500 posts a thread (the demo feeds, 40 times).
  const WARM_DOCS = 40 * xmls.length;
  for (let i = 0; i < WARM_DOCS; i++) {
    const posts = normaliseItems(await parseFeed(xmls[i % xmls.length]!), {
      sourceId: 'warm',
      fetchedAt: now,
    });
    processPosts(posts, source('warm'), { analyzer, now, halfLifeHours: 48 });
  }
  const a = freshStore();
  let storedA = 0;
  const cpuA = process.cpuUsage();
  // (a) saves one transaction per feed document, as a crawl of a single source does.
  const inProcess = await measure('(a) in-process: parse → analyse → store', total, async () => {
    for (const [i, copies] of docs.entries()) {
      const sourceId = FEEDS[i]![1];
      for (const d of copies) {
        const posts = normaliseItems(await parseFeed(d), { sourceId, fetchedAt: now });
        const items = processPosts(posts, source(sourceId), {
          analyzer,
          now,
          halfLifeHours: 48,
        });
        storedA += savePosts(a.db, sourceId, items, () => now).new;
      }
    }
  });
  inProcess.extra = { stored: storedA, cpuPerPost: cpuPerPost(cpuA, total), load1: load() };
  a.done();

  const workers = process.env.GROGNE_BENCH_WORKERS;
  const pool = createAnalysisPool({
    brands: config.brands,
    halfLifeHours: 48,
    size: workers ? Number(workers) : undefined,
  });
  // Start the workers (and their model) and warm them as (a) was, before the clock runs: a
  // crawl keeps its pool.
  await Promise.all(
    Array.from({ length: pool.size * WARM_DOCS }, (_, i) =>
      pool.processDocument({ xml: xmls[i % xmls.length]!, fetchedAt: now }, source('warm')),
    ),
  );
  const b = freshStore();
  let storedB = 0;
  let commits = 0;
  const cpuB = process.cpuUsage();
  function* bulkDocs(): Generator<BulkDocument> {
    for (const [i, copies] of docs.entries()) {
      const sourceId = FEEDS[i]![1];
      for (const xml of copies)
        yield { sourceId, source: source(sourceId), doc: { xml, fetchedAt: now } };
    }
  }
  const pooled = await measure(
    '(b) pool + one writer: parse → analyse → store',
    total,
    async () => {
      // Defaults of ingestDocuments: 2,000 posts a transaction, 64 documents per worker ahead.
      const r = await ingestDocuments({ db: b.db, pool }, bulkDocs(), { now: () => now });
      if (r.failed > 0) throw new Error(`${r.failed} documents failed`);
      storedB = r.new;
      commits = r.commits;
    },
  );
  pooled.extra = {
    stored: storedB,
    workers: pool.size,
    commits,
    cpuPerPost: cpuPerPost(cpuB, total),
    load1: load(),
  };
  await pool.close();
  b.done();

  return {
    benchmark: 'e2e',
    description: `demo feeds replicated to ${total} posts; in-process and pooled pipelines vs rss-parser alone`,
    measures: [baseline, inProcess, pooled],
  };
}
