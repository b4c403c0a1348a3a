// What a crawl runs with, built from the configuration in one place for the three verbs that
// crawl: `grogne crawl` (once, alone), `grogne start` (the embedded crawl, beside the API) and
// `grogne worker` (jobs from the queue, beside other workers).
import { type AnalysisPool, createAnalysisPool } from '../analysis-pool.ts';
import type { Config, LoadedConfig } from '../config.ts';
import type { HostLease } from '../ingest/politeness.ts';
import type { Logger } from '../log/logger.ts';
import { Analyzer } from '../nlp/analyzer.ts';
import { loadModels } from '../nlp/model/models.ts';
import { type CrawlDeps, politeFetcherFor, type SourceOutcome } from '../pipeline.ts';
import type { Db } from '../store/open.ts';
import { createWriter } from '../store/writer.ts';
import { credentialsFrom } from './digest.ts';
import type { Io } from './io.ts';

/** Worker threads for analysis; batches under its threshold still run in-process. */
export function analysisPoolFor(config: Config): AnalysisPool {
  return createAnalysisPool({
    brands: config.brands,
    halfLifeHours: config.scoring.halfLifeHours,
  });
}

/** This thread's analyser for a config's brands, with the shipped models. */
export function analyzerFor(config: Config): Analyzer {
  return new Analyzer({ brands: config.brands, models: loadModels() });
}

export interface CrawlDepsOptions {
  /** Where grogne's own failures go, with their stack. */
  log: Logger;
  /** Told of every source's outcome as it finishes. */
  onOutcome?: (o: SourceOutcome) => void;
  /** Per-host turns shared with other processes (`grogne worker`'s Redis lease). */
  lease?: HostLease;
  /** Aborted: sources not yet saved stop, with nothing recorded. */
  signal?: AbortSignal;
  /**
   * True when nothing else runs on this thread (`grogne crawl`): crawlAll's own writer then
   * commits fewer, bigger transactions. Otherwise each transaction holds the thread (and the
   * file's write lock) ~25 ms at most, so that the API, or another worker, gets its turn.
   */
  alone?: boolean;
}

/** The crawl's dependencies from the loaded config, the opened store and the environment. */
export function crawlDepsFor(
  db: Db,
  loaded: LoadedConfig,
  io: Pick<Io, 'env'>,
  o: CrawlDepsOptions,
): CrawlDeps {
  const { config, baseDir } = loaded;
  return {
    db,
    config,
    baseDir,
    analyzer: analyzerFor(config),
    // One fetcher for every crawl of the process, so that politeness holds across them.
    fetcher: politeFetcherFor(config, { lease: o.lease }),
    pool: analysisPoolFor(config),
    writer: o.alone ? undefined : createWriter(db),
    log: o.log,
    credentials: credentialsFrom(io.env),
    onOutcome: o.onOutcome,
    signal: o.signal,
  };
}

/** Waits for the writer's last transaction, then stops the analysis threads. */
export async function closeCrawlDeps(deps: CrawlDeps): Promise<void> {
  await deps.writer?.close();
  await deps.pool?.close();
}
