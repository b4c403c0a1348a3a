import { resolveFrom } from '../config.ts';
import { loadModel, type SentimentModel } from '../nlp/model.ts';
import { crawlAll, type SourceOutcome } from '../pipeline.ts';
import { commonOptions, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';

export function describeOutcome(o: SourceOutcome): string {
  if (!o.ok) return `${o.sourceId}: error: ${o.error}`;
  if (o.notModified) return `${o.sourceId}: not modified (${o.ms} ms)`;
  return `${o.sourceId}: ${o.fetched} items, ${o.new} new, ${o.updated} updated (${o.ms} ms)`;
}

export function summarise(outcomes: SourceOutcome[]): string {
  const sum = (k: 'fetched' | 'new' | 'updated') => outcomes.reduce((n, o) => n + o[k], 0);
  const errors = outcomes.filter((o) => !o.ok).length;
  return `crawled ${outcomes.length} sources: ${sum('fetched')} fetched, ${sum('new')} new, ${sum('updated')} updated, ${errors} errors`;
}

let cachedModel: SentimentModel | undefined;
export function defaultModel(): SentimentModel {
  cachedModel ??= loadModel();
  return cachedModel;
}

export async function crawl(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, commonOptions, true);
  const loaded = loadFor(values.config, io);
  const config = { ...loaded.config };
  if (positionals.length > 0) {
    const known = new Set(config.sources.map((s) => s.id));
    const unknown = positionals.filter((p) => !known.has(p));
    if (unknown.length > 0) {
      line(io.stderr, `grogne crawl: unknown source ${unknown.map((u) => `"${u}"`).join(', ')}`);
      return 2;
    }
    config.sources = config.sources.filter((s) => positionals.includes(s.id));
  }
  const db = openConfigured(loaded);
  try {
    const outcomes = await crawlAll(
      { db, config, baseDir: loaded.baseDir, model: defaultModel() },
      (o, i, n) => line(o.ok ? io.stdout : io.stderr, `[${i + 1}/${n}] ${describeOutcome(o)}`),
    );
    line(io.stdout, summarise(outcomes));
    line(io.stdout, `database: ${resolveFrom(loaded.baseDir, loaded.config.database)}`);
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } finally {
    db.close();
  }
}
