// `grogne rescore [--reanalyse]`: recomputes every stored post's scores with the current
// formulas (and, with --reanalyse, its analysis with the current model), in batches of one
// transaction each, so the API keeps answering while it runs.
import type { Config } from '../config.ts';
import type { Analyzer } from '../nlp/analyzer.ts';
import { SCORING_VERSION, scorePost } from '../score/index.ts';
import { sourceConfigOf, storedSources } from '../store/crawl-state.ts';
import { countPosts } from '../store/meta.ts';
import type { Db } from '../store/open.ts';
import { readForScoring } from '../store/rescore.ts';
import { type Rescored, replaceScores } from '../store/write.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { analyzerFor } from './crawl-deps.ts';
import { type Io, line } from './io.ts';
import { createProgress } from './progress.ts';

export interface RescoreOptions {
  halfLifeHours: number;
  /** Re-run the analysis too, with this analyser. */
  reanalyse?: Analyzer;
  /** The brand each source is about (`sources[].brand`), by source id. */
  sourceBrands?: ReadonlyMap<string, string>;
  batchSize?: number;
  now?: () => Date;
  onBatch?: (done: number) => void;
}

export interface RescoreCounts {
  posts: number;
  rescored: number;
  reanalysed: number;
  /** Posts with no stored analysis and no --reanalyse: left as they are. */
  skipped: number;
  /** Posts a crawl rewrote (or deleted) while the rescore ran: left as the crawl wrote them. */
  superseded: number;
  scoringVersion: string;
}

export function rescoreAll(db: Db, o: RescoreOptions): RescoreCounts {
  const now = o.now ?? (() => new Date());
  const batch = o.batchSize ?? 1000;
  const counts: RescoreCounts = {
    posts: 0,
    rescored: 0,
    reanalysed: 0,
    skipped: 0,
    superseded: 0,
    scoringVersion: SCORING_VERSION,
  };
  let after = 0;
  for (;;) {
    const rows = readForScoring(db, after, batch);
    if (rows.length === 0) break;
    after = rows.at(-1)!.rowid;
    const at = now();
    const out: Rescored[] = [];
    for (const row of rows) {
      counts.posts++;
      let analysis = row.analysis;
      if (o.reanalyse) {
        analysis = o.reanalyse.analyse({
          text: row.text,
          title: row.title,
          brand: o.sourceBrands?.get(row.source.id) ?? null,
        });
      }
      if (!analysis) {
        counts.skipped++;
        continue;
      }
      const scores = scorePost(row, analysis, row.source, at, o.halfLifeHours);
      const reanalysed = o.reanalyse !== undefined;
      out.push({ postId: row.postId, updatedAt: row.updatedAt, analysis, scores, reanalysed });
    }
    const written = replaceScores(db, out, () => at);
    counts.rescored += written;
    if (o.reanalyse) counts.reanalysed += written;
    counts.superseded += out.length - written;
    o.onBatch?.(counts.posts);
  }
  return counts;
}

/**
 * The brand each stored source is about, by source id, as the crawler reads it: sources
 * added over the API included, not only the config file's.
 */
export function sourceBrandsOf(db: Db, config: Pick<Config, 'sources'>): Map<string, string> {
  const byId = new Map(config.sources.map((s) => [s.id, s]));
  const brands = new Map<string, string>();
  for (const row of storedSources(db)) {
    const brand = sourceConfigOf(row, byId.get(row.id)).brand;
    if (brand) brands.set(row.id, brand);
  }
  return brands;
}

export async function rescoreVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    ...commonOptions,
    reanalyse: { type: 'boolean' },
    'batch-size': { type: 'string' },
  });
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  try {
    const sourceBrands = sourceBrandsOf(db, loaded.config);
    const progress = createProgress({
      stream: io.stderr,
      label: 'rescore',
      total: countPosts(db),
      unit: 'posts',
    });
    const counts = rescoreAll(db, {
      halfLifeHours: loaded.config.scoring.halfLifeHours,
      reanalyse: values.reanalyse ? analyzerFor(loaded.config) : undefined,
      sourceBrands,
      batchSize: intFlag(values['batch-size'], 'batch-size', 1),
      onBatch: (n) => progress.update(n),
    });
    progress.finish();
    line(
      io.stdout,
      `rescored ${counts.rescored} of ${counts.posts} posts (${counts.reanalysed} reanalysed, ${counts.skipped} skipped: no analysis${counts.superseded > 0 ? `, ${counts.superseded} left as a crawl rewrote them meanwhile` : ''}) with ${counts.scoringVersion}`,
    );
    return 0;
  } finally {
    db.close();
  }
}
