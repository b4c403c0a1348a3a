// The whole pipeline (parse → normalise → analyse → score → store, FTS5 included) on the demo
// feeds replicated to 20,000 posts, against rss-parser's parseString alone on the same feeds.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
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

/** Copies a feed `times` times over, each copy's items with their own guid and link. */
function replicate(xml: string, times: number): string[] {
  const copies: string[] = [];
  for (let c = 0; c < times; c++) {
    copies.push(
      xml
        .replace(/<guid([^>]*)>([^<]*)<\/guid>/g, `<guid$1>$2-copy${c}</guid>`)
        .replace(/<id>([^<]*)<\/id>/g, `<id>$1-copy${c}</id>`)
        .replace(/<link>([^<]*)<\/link>/g, `<link>$1?copy=${c}</link>`)
        .replace(/<link([^>]*)href="([^"]*)"/g, `<link$1href="$2?copy=${c}"`),
    );
  }
  return copies;
}

export async function run(): Promise<BenchResult> {
  const files = ['blog-rss.xml', 'blog-atom.xml', 'forum-feed.xml'];
  const xmls = files.map((f) => readFileSync(new URL(f, demo), 'utf8'));
  const itemsPerRound = (await Promise.all(xmls.map((x) => parseFeed(x)))).reduce(
    (n, f) => n + f.items.length,
    0,
  );
  const rounds = Math.ceil(POSTS / itemsPerRound);
  const docs = xmls.map((x) => replicate(x, rounds));
  const total = itemsPerRound * rounds;

  const parser = new Parser();
  const baseline = await measure('rss-parser parseString (baseline)', total, async () => {
    for (const copies of docs) for (const d of copies) await parser.parseString(d);
  });

  const dir = mkdtempSync(join(tmpdir(), 'grogne-bench-'));
  const db = openStore(join(dir, 'bench.db'));
  syncSources(db, config.sources);
  const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
  const now = new Date('2026-11-26T08:00:00Z');
  const sourceIds = ['demo-blog-consommateur', 'demo-blog-octets', 'demo-forum-feed'];
  let stored = 0;
  const whole = await measure('parse → analyse → score → store', total, async () => {
    for (const [i, copies] of docs.entries()) {
      const sourceId = sourceIds[i]!;
      const source = { id: sourceId, kind: 'feed' as const, audience: 1000 };
      for (const d of copies) {
        const parsed = await parseFeed(d);
        const posts = normaliseItems(parsed, { sourceId, fetchedAt: now });
        const items = processPosts(posts, source, {
          analyzer,
          now,
          halfLifeHours: 48,
        });
        stored += savePosts(db, sourceId, items).new;
      }
    }
  });
  whole.extra = { stored };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    benchmark: 'pipeline',
    description: `demo feeds replicated to ${total} posts; the whole pipeline vs rss-parser alone`,
    measures: [baseline, whole],
  };
}
