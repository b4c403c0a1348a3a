import { resolveFrom } from '../config.ts';
import { createLogger } from '../log/logger.ts';
import { crawlAll, crawlableSources, type SourceOutcome } from '../pipeline.ts';
import { storedSources } from '../store/crawl-state.ts';
import { commonOptions, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { closeCrawlDeps, crawlDepsFor } from './crawl-deps.ts';
import { type Io, line } from './io.ts';
import { createProgress } from './progress.ts';

/** One line per source, printed as it finishes. */
export function describeOutcome(o: SourceOutcome): string {
  if (!o.ok) {
    const then = o.paused ? 'paused' : o.nextCheckAt ? `retry ${o.nextCheckAt}` : '';
    // grogne's own failure is told apart: the source is not to blame and is not paused for it.
    const what = o.errorClass === 'internal' ? 'internal error' : 'error';
    return `${o.sourceId}: ${what}: ${o.error}${then ? ` (${then})` : ''}`;
  }
  if (o.notModified) return `${o.sourceId}: not modified (${o.ms} ms)`;
  const extra = [
    o.fullTexts > 0 ? `${o.fullTexts} full texts` : '',
    o.comments > 0 ? `${o.comments} comments` : '',
    o.warnings.length > 0 ? `${o.warnings.length} warnings` : '',
  ].filter(Boolean);
  return `${o.sourceId}: ${o.fetched} items, ${o.new} new, ${o.updated} updated${extra.map((e) => `, ${e}`).join('')} (${o.ms} ms)`;
}

export function summarise(outcomes: SourceOutcome[]): string {
  const sum = (k: 'fetched' | 'new' | 'updated') => outcomes.reduce((n, o) => n + o[k], 0);
  const errors = outcomes.filter((o) => !o.ok).length;
  return `crawled ${outcomes.length} sources: ${sum('fetched')} fetched, ${sum('new')} new, ${sum('updated')} updated, ${errors} errors`;
}

/** The end-of-crawl table: one row per source, in id order. */
export function summaryTable(outcomes: SourceOutcome[]): string {
  const head = ['source', 'fetched', 'new', 'updated', 'not modified', 'errors', 'time'];
  const rows = [...outcomes]
    .sort((a, b) => a.sourceId.localeCompare(b.sourceId))
    .map((o) => [
      o.sourceId,
      String(o.fetched),
      String(o.new),
      String(o.updated),
      o.notModified ? 'yes' : 'no',
      String((o.ok ? 0 : 1) + o.warnings.length),
      o.ms < 1000 ? `${o.ms} ms` : `${(o.ms / 1000).toFixed(1)} s`,
    ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

export async function crawl(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, commonOptions, true);
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  try {
    if (positionals.length > 0) {
      const known = new Set(storedSources(db).map((s) => s.id));
      const unknown = positionals.filter((p) => !known.has(p));
      if (unknown.length > 0) {
        line(io.stderr, `grogne crawl: unknown source ${unknown.map((u) => `"${u}"`).join(', ')}`);
        return 2;
      }
    }
    const deps = crawlDepsFor(db, loaded, io, {
      // Only grogne's own failures, with their stack, beside the human lines.
      log: createLogger({ stream: io.stderr, level: 'error', format: 'pretty' }),
      alone: true,
    });
    const sources = crawlableSources(
      deps,
      positionals.length > 0 ? { ids: positionals } : undefined,
    );
    const progress = createProgress({
      stream: io.stderr,
      label: 'crawl',
      total: sources.length,
      unit: 'sources',
    });
    let items = 0;
    const outcomes = await crawlAll(
      deps,
      (o, i, n) => {
        progress.log(o.ok ? io.stdout : io.stderr, `[${i + 1}/${n}] ${describeOutcome(o)}`);
        items += o.fetched;
        // One source is its own line; many get the count, the rate and the time left.
        if (n > 1) progress.update(i + 1, { items });
      },
      sources,
    );
    progress.finish();
    if (outcomes.length > 1) line(io.stdout, summaryTable(outcomes));
    line(io.stdout, summarise(outcomes));
    line(io.stdout, `database: ${resolveFrom(loaded.baseDir, loaded.config.database)}`);
    await closeCrawlDeps(deps);
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } finally {
    db.close();
  }
}
