// The wiring module: the only place that knows every stage. One source goes
// fetch → parse → normalise (src/ingest) → [full text, comments] → analyse (src/nlp) →
// score (src/score) → store. With a worker pool, parse to score run in worker threads (the
// thread that fetches also serves the API in `grogne start`); posts are saved by one writer in
// transactions of whole posts sized to a time budget (store/writer.ts), and a source's fetch (ETag,
// next check) is recorded only once all its posts are committed, so an interrupted crawl
// leaves whole posts and the next crawl completes the rest. All HTTP of a crawl goes through
// one PoliteFetcher: one request at a time per host, a rest between two, a global cap,
// robots.txt for pages.
import { alertsAfterCrawl } from './alerts/check.ts';
import type { AnalysisPool } from './analysis-pool.ts';
import type { Config, SourceConfig } from './config.ts';
import type { Credentials } from './digest/send.ts';
import {
  type CrawlStage,
  classifyCrawlError,
  type FailureClass,
  RetryLaterError,
} from './errors.ts';
import { decodeBody } from './ingest/decode.ts';
import { enrichPosts } from './ingest/enrich.ts';
import { type IngestOptions, ingestSource } from './ingest/inspect.ts';
import { PoliteFetcher } from './ingest/polite.ts';
import { type HostLease, HostScheduler } from './ingest/politeness.ts';
import { nextCheck } from './ingest/schedule.ts';
import { type Logger, silentLogger } from './log/logger.ts';
import type { Analyzer } from './nlp/analyzer.ts';
import { processPosts } from './process.ts';
import {
  sourceConfigOf,
  storedSource,
  storedSources,
  storedText,
  unchangedStreak,
} from './store/crawl-state.ts';
import { recordFetch } from './store/fetch-state.ts';
import { getFetchState } from './store/meta.ts';
import { type Db, describeStoreError } from './store/open.ts';
import type { PreparedItem } from './store/write.ts';
import { createWriter, type Writer } from './store/writer.ts';
import type { SourceInfo } from './types.ts';

export interface CrawlDeps {
  db: Db;
  config: Config;
  baseDir: string;
  /** Analyses in-process (small batches, or every batch without a pool). */
  analyzer: Analyzer;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
  /** Shared by every crawl of a process, so that politeness holds across poller ticks. */
  fetcher?: PoliteFetcher;
  /** 0..1, for the schedule's error jitter; Math.random by default. */
  random?: () => number;
  /**
   * Reads fetched documents, and analyses posts, in worker threads; without it, all of it
   * runs in-process.
   */
  pool?: AnalysisPool;
  /**
   * Saves posts in chunks, one transaction at a time, shared by every source of a process
   * (store/writer.ts); crawlAll makes one when absent.
   */
  writer?: Writer;
  /** Aborted: sources not yet saved stop, with nothing recorded (the next crawl redoes them). */
  signal?: AbortSignal;
  /** Where grogne's own failures go, with their stack (a source's failures are outcomes). */
  log?: Logger;
  /** Told of every source's outcome as it finishes (progress lines, analysis metrics). */
  onOutcome?: (o: SourceOutcome) => void;
  /** Secrets from the environment (SMTP login, webhook secret) for the spike alerts' sends. */
  credentials?: Credentials;
}

/** A crawl stopped on request (the signal of CrawlDeps). */
class StoppedError extends Error {
  override name = 'StoppedError';
  constructor() {
    super('stopped before its posts were saved');
  }
}

export interface SourceOutcome {
  sourceId: string;
  ok: boolean;
  /** Items the source offered (comments included). */
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  notModified: boolean;
  error: string | null;
  /**
   * Whose failure it was: `source` counts toward pausing the source, `internal` (an analysis
   * or store error) is logged with its stack and does not. Null on success.
   */
  errorClass: FailureClass | null;
  ms: number;
  /** Time spent analysing and scoring the posts; null when none were analysed. */
  analysisMs: number | null;
  /** Article pages whose text replaced a teaser, and comments read from comment feeds. */
  fullTexts: number;
  comments: number;
  /**
   * What was lost while the source itself succeeded: items of a broken feed, later pages of a
   * thread, failed article or comment fetches.
   */
  warnings: string[];
  /** True when this failure paused the source (crawl.pauseAfterErrors in a row). */
  paused: boolean;
  nextCheckAt: string | null;
  nextCheckReason: string | null;
}

export function sourceInfo(s: SourceConfig): SourceInfo {
  return { id: s.id, kind: s.kind, audience: s.audience ?? null, brand: s.brand ?? null };
}

// The pure middle of the pipeline lives in its own module, shared with the analysis workers.
export { processPosts };

/** The polite fetcher a crawl's requests go through, built from the config's crawl block. */
export function politeFetcherFor(
  config: Config,
  opts: { fetch?: typeof globalThis.fetch; now?: () => Date; lease?: HostLease } = {},
): PoliteFetcher {
  const c = config.crawl;
  const nowMs = opts.now ? () => opts.now!().getTime() : Date.now;
  return new PoliteFetcher({
    fetch: {
      fetch: opts.fetch,
      now: opts.now,
      userAgent: c.userAgent,
      timeoutMs: c.timeoutMs,
      maxBytes: c.maxBodyBytes,
      allowPrivateHosts: c.allowPrivateHosts,
    },
    now: nowMs,
    scheduler: new HostScheduler({
      now: nowMs,
      minDelayMs: c.minHostDelayMs,
      maxConcurrent: c.concurrency,
      lease: opts.lease,
    }),
  });
}

/** Crawls one source once. Never throws for a source's own failure: it is reported. */
export async function crawlSource(source: SourceConfig, deps: CrawlDeps): Promise<SourceOutcome> {
  const now = deps.now ?? (() => new Date());
  const fetcher = deps.fetcher ?? politeFetcherFor(deps.config, deps);
  const crawl = deps.config.crawl;
  const log = deps.log ?? silentLogger;
  let stage: CrawlStage = 'ingest';
  const started = now();
  const t0 = performance.now();
  const outcome: SourceOutcome = {
    sourceId: source.id,
    ok: false,
    fetched: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    notModified: false,
    error: null,
    errorClass: null,
    ms: 0,
    analysisMs: null,
    fullTexts: 0,
    comments: 0,
    warnings: [],
    paused: false,
    nextCheckAt: null,
    nextCheckReason: null,
  };
  const state = getFetchState(deps.db, source.id);
  const streak = unchangedStreak(deps.db, source.id);
  const decoded = async (url: string, robots: boolean) => {
    const r = await fetcher.fetch({ url }, { robots });
    return r.status === 'ok' ? decodeBody(r.body, r.contentType).text : '';
  };
  const writer = deps.writer ?? createWriter(deps.db);
  // Feeds of a remote source may have articles and comment feeds to fetch (enrichPosts).
  const enriches = source.kind === 'feed' && Boolean(source.url);
  const hold = enriches
    ? { fullText: source.fullText ?? 'auto', comments: source.comments ?? false }
    : null;
  // Posts the worker pool analysed while it read the document, ready to save.
  let prepared: PreparedItem[] = [];
  const pool = deps.pool;
  const reader: IngestOptions['reader'] = pool
    ? async (doc, o) => {
        const r = await pool.readCrawled({
          doc,
          read: { ...o, fetchedAt: o.fetchedAt.toISOString() },
          follow: o.follow,
          source: sourceInfo(source),
          scoredAt: started.toISOString(),
          hold,
        });
        if ('parsed' in r) return r.parsed;
        prepared = r.prepared;
        return r.read;
      }
    : undefined;
  try {
    if (deps.signal?.aborted) throw new StoppedError();
    const result = await ingestSource(source, deps.baseDir, {
      now,
      maxThreadPages: deps.config.crawl.maxThreadPages,
      maxItems: deps.config.crawl.maxItemsPerFetch,
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
      // Feeds are written for robots; pages and forum threads ask robots.txt first.
      fetcher: (target, o) =>
        fetcher.fetch(target, {
          robots: source.kind !== 'feed',
          etag: o.etag,
          lastModified: o.lastModified,
        }),
      reader,
    });
    if (deps.signal?.aborted) throw new StoppedError();
    outcome.notModified = result.posts.length + prepared.length === 0 && result.fetch.notModified;
    // What the source itself lost on the way (items of a broken feed, pages of a thread).
    outcome.warnings.push(...(result.warnings ?? []));
    let posts = result.posts;
    // A local file is an offline source (the demo corpus): its links are not followed.
    if (enriches && posts.length > 0) {
      const enriched = await enrichPosts(posts, {
        sourceId: source.id,
        fetchedAt: started,
        fullText: hold!.fullText,
        comments: hold!.comments,
        maxFetches: crawl.maxArticlesPerSource,
        maxItems: crawl.maxItemsPerFetch,
        commentFeeds: result.commentFeeds,
        fetchPage: (url) => decoded(url, true),
        fetchFeed: (url) => decoded(url, false),
        storedText: (key) => storedText(deps.db, source.id, key),
      });
      posts = enriched.posts;
      outcome.fullTexts = enriched.fullTexts;
      outcome.comments = enriched.comments;
      outcome.warnings.push(...enriched.errors);
    }
    outcome.fetched = prepared.length + posts.length;
    stage = 'analyse';
    const analysisStarted = performance.now();
    const items = pool
      ? await pool.process(posts, sourceInfo(source), started)
      : processPosts(posts, sourceInfo(source), {
          analyzer: deps.analyzer,
          now: started,
          halfLifeHours: deps.config.scoring.halfLifeHours,
        });
    if (posts.length > 0) outcome.analysisMs = performance.now() - analysisStarted;
    stage = 'store';
    // In the order read: the posts done in the worker, then the enriched ones and their
    // comments (a comment's parent is among the latter). The writer saves them in chunks of
    // whole posts; the fetch is recorded below only once all of them are committed.
    const saved = await Promise.all([
      writer.save({ sourceId: source.id, prepared }),
      writer.save({ sourceId: source.id, items }),
    ]);
    for (const r of saved) {
      outcome.new += r.new;
      outcome.updated += r.updated;
      outcome.unchanged += r.unchanged;
    }
    outcome.ok = true;
    const unchanged = outcome.new + outcome.updated === 0 ? streak + 1 : 0;
    const next = nextCheck({
      now: started,
      interval: source.interval,
      ttlMinutes: result.ttlMinutes,
      cacheControl: result.fetch.cacheControl,
      expires: result.fetch.expires,
      unchangedStreak: unchanged,
      consecutiveErrors: 0,
      random: deps.random,
    });
    outcome.nextCheckAt = next.at.toISOString();
    outcome.nextCheckReason = next.reason;
    recordFetch(deps.db, source.id, {
      at: started.toISOString(),
      ok: true,
      etag: result.fetch.etag ?? null,
      lastModified: result.fetch.lastModified ?? null,
      nextCheckAt: outcome.nextCheckAt,
      unchangedStreak: unchanged,
      notModified: outcome.notModified,
      items: { new: outcome.new, updated: outcome.updated, unchanged: outcome.unchanged },
    });
  } catch (err) {
    // Stopped (grogne start asked to stop): nothing recorded, the next start crawls it again.
    if (deps.signal?.aborted) {
      outcome.error = err instanceof Error ? err.message : String(err);
      outcome.ms = Math.round(performance.now() - t0);
      return outcome;
    }
    // Only the source's own failures (fetching, reading) count toward pausing it. One of
    // grogne's (an analysis bug, a store error) is logged with its stack, shown as the
    // source's last error, and the source is polled again at its first back-off step.
    const errorClass = classifyCrawlError(err, stage);
    Object.assign(outcome, {
      ok: false,
      error: describeStoreError(err, deps.db).message,
      errorClass,
    });
    if (errorClass === 'internal') {
      log.error(
        { source: source.id, stage, err },
        'crawl failed inside grogne (source not blamed)',
      );
    } else {
      log.warn({ source: source.id, error: outcome.error }, 'source failed');
    }
    const next = nextCheck({
      now: started,
      interval: source.interval,
      retryAfterMs: err instanceof RetryLaterError ? err.retryAfterMs : null,
      unchangedStreak: 0,
      consecutiveErrors: errorClass === 'internal' ? 1 : (state?.consecutiveErrors ?? 0) + 1,
      random: deps.random,
    });
    outcome.nextCheckAt = next.at.toISOString();
    outcome.nextCheckReason = next.reason;
    try {
      outcome.paused = recordFetch(deps.db, source.id, {
        at: started.toISOString(),
        ok: false,
        error:
          errorClass === 'internal' ? `internal error (${stage}): ${outcome.error}` : outcome.error,
        nextCheckAt: outcome.nextCheckAt,
        pauseAfterErrors: crawl.pauseAfterErrors,
        internal: errorClass === 'internal',
      });
    } catch (recordErr) {
      // The store itself failing (locked, full disk): the outcome still says what happened.
      log.error({ source: source.id, err: recordErr }, 'could not record the failed crawl');
    }
    if (outcome.paused) outcome.nextCheckAt = null;
  }
  outcome.ms = Math.round(performance.now() - t0);
  // A spike of complaints is noticed by the crawl that brings it (src/alerts, docs/alerts.md).
  if (outcome.new + outcome.updated > 0) outcome.warnings.push(...(await alertsAfterCrawl(deps)));
  deps.onOutcome?.(outcome);
  return outcome;
}

/**
 * The sources a crawl covers: the store's enabled, active ones (config sources are synced in;
 * sources added over the API or with `grogne sources add` too). `ids` narrows the list (and
 * may name a paused source on purpose); `dueAt` keeps those whose next check has come.
 */
export function crawlableSources(
  deps: Pick<CrawlDeps, 'db' | 'config'>,
  opts: { ids?: string[]; dueAt?: Date } = {},
): SourceConfig[] {
  const byId = new Map(deps.config.sources.map((s) => [s.id, s]));
  const due = opts.dueAt?.toISOString();
  return storedSources(deps.db)
    .filter((r) =>
      opts.ids
        ? opts.ids.includes(r.id)
        : r.enabled && r.state === 'active' && (!due || !r.nextCheckAt || r.nextCheckAt <= due),
    )
    .map((r) => sourceConfigOf(r, byId.get(r.id)));
}

/**
 * The sources due at `dueAt`, each with the next check it is due for (null: never crawled):
 * a crawl of a source for one round, which the job queue (queue/crawl.ts) names its job by,
 * so that a source still waiting for a worker is not queued twice. A crawl records a new next
 * check, which makes the next round.
 */
export function dueRounds(
  deps: Pick<CrawlDeps, 'db'>,
  dueAt: Date,
): { id: string; dueAt: string | null }[] {
  const due = dueAt.toISOString();
  return storedSources(deps.db)
    .filter((r) => r.enabled && r.state === 'active' && (!r.nextCheckAt || r.nextCheckAt <= due))
    .map((r) => ({ id: r.id, dueAt: r.nextCheckAt }));
}

/**
 * The source a queued crawl names, as crawlSource reads it, or null when it is no longer to
 * be crawled (deleted, disabled or paused since it was queued).
 */
export function queuedSource(deps: Pick<CrawlDeps, 'db' | 'config'>, id: string) {
  const row = storedSource(deps.db, id);
  if (!row?.enabled || row.state !== 'active') return null;
  return sourceConfigOf(
    row,
    deps.config.sources.find((s) => s.id === id),
  );
}

/**
 * Crawls sources concurrently: the polite fetcher, not this loop, decides who goes when, so
 * sources on different hosts overlap while one host's sources wait their turn. `onSource`
 * is called as each source finishes, in finishing order.
 */
export async function crawlAll(
  deps: CrawlDeps,
  onSource?: (o: SourceOutcome, index: number, total: number) => void,
  sources: SourceConfig[] = crawlableSources(deps),
): Promise<SourceOutcome[]> {
  const shared: CrawlDeps = {
    ...deps,
    fetcher: deps.fetcher ?? politeFetcherFor(deps.config, deps),
    // Nothing but the crawl on this thread (`grogne crawl`): big transactions, fewer commits.
    writer:
      deps.writer ?? createWriter(deps.db, { now: deps.now, budgetMs: Infinity, maxPosts: 2000 }),
  };
  let done = 0;
  return Promise.all(
    sources.map(async (s) => {
      const o = await crawlSource(s, shared);
      onSource?.(o, done++, sources.length);
      return o;
    }),
  );
}
