// `npm run bench export`: exports GROGNE_BENCH_ROWS posts (default 1,000,000; about 1.2 rows
// each, one post in five naming two brands) to CSV, JSON Lines and Parquet, against the floor:
// iterating the same rows out of SQLite with the same paged query and nothing else.
// Each measure runs in its own child process, so that one's peak RSS is not another's. The
// store is bench/gen.ts's, cached under bench/results/ and shared with the API benchmark.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportToFile } from '../src/export/file.ts';
import type { ExportFormat } from '../src/export/stream.ts';
import { exportPages } from '../src/store/export.ts';
import { openReader, openStore } from '../src/store/open.ts';
import { cachedStore } from './gen.ts';
import { type BenchResult, type Measure, measure } from './harness.ts';

const SECRET = 'bench-secret-bench-secret';

/** One measure, run in this process: what the child does. */
async function one(db: string, what: 'iterate' | ExportFormat, out: string): Promise<Measure> {
  const store = openStore(db);
  let rows = 0;
  const m = await measure(what, 0, async () => {
    if (what === 'iterate') {
      // Through the same kind of connection as the exports (no memory map, small cache).
      const reader = openReader(store) ?? store;
      for (const page of exportPages(reader, {})) rows += page.length;
      if (reader !== store) reader.close();
    } else {
      const r = await exportToFile({
        db: store,
        format: what,
        filter: {},
        secret: SECRET,
        out,
      });
      rows = r.stats.rows;
    }
  });
  m.items = rows;
  if (what !== 'iterate') m.extra = { MiB: (statSync(out).size / 2 ** 20).toFixed(1) };
  store.close();
  return m;
}

export async function run(): Promise<BenchResult> {
  const posts = Number(process.env.GROGNE_BENCH_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'grogne-bench-export-'));
  try {
    const t0 = performance.now();
    const db = cachedStore(posts);
    const genSeconds = (performance.now() - t0) / 1000;
    const measures: Measure[] = [];
    const self = fileURLToPath(import.meta.url);
    const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
    for (const what of ['iterate', 'csv', 'jsonl', 'parquet'] as const) {
      const out = join(dir, `out.${what}`);
      const json = execFileSync(process.execPath, [runTs, self, '--one', db, what, out], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      measures.push(JSON.parse(json.trim().split('\n').at(-1)!) as Measure);
      if (existsSync(out)) rmSync(out);
    }
    measures[0]!.extra = { posts, generateSeconds: genSeconds.toFixed(0) };
    return {
      benchmark: 'export',
      description: `${posts} posts to CSV, JSONL, Parquet vs raw paged iteration from SQLite (ratio = rows/s against it)`,
      measures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The child: `run-ts.js bench/export.bench.ts --one DB WHAT OUT` prints one Measure as JSON.
const args = process.argv.slice(2);
if (args[0] === '--one') {
  const [, db, what, out] = args as [string, string, 'iterate' | ExportFormat, string];
  const m = await one(db, what, out);
  process.stdout.write(`${JSON.stringify(m)}\n`);
}
