// The wiring module: the only place that knows every stage. One source goes
// fetch → parse → normalise (src/ingest) → [full text, comments] → analyse (src/nlp) →
// score (src/score) → store. Each source is stored in one transaction, so an interrupted
// crawl leaves whole posts or none. All HTTP of a crawl goes through one PoliteFetcher: one
// request at a time per host, a rest between two, a global cap, robots.txt for pages.
import type { AnalysisPool } from './analysis-pool.ts';
import type { Config, SourceConfig } from './config.ts';
import { RetryLaterError } from './errors.ts';
import { decodeBody } from './ingest/decode.ts';
import { enrichPosts } from './ingest/enrich.ts';
import { ingestSource } from './ingest/inspect.ts';
import { PoliteFetcher } from './ingest/polite.ts';
import { HostScheduler } from './ingest/politeness.ts';
import { nextCheck } from './ingest/schedule.ts';
import type { Analyzer } from './nlp/analyzer.ts';
import { processPosts } from './process.ts';
import { sourceConfigOf, storedSources, storedText, unchangedStreak } from './store/crawl-state.ts';
import { recordFetch } from './store/fetch-state.ts';
import { getFetchState } from './store/meta.ts';
import type { Db } from './store/open.ts';
import { savePosts } from './store/write.ts';
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
  /** Analyses large batches in worker threads; without it, analysis runs in-process. */
  pool?: AnalysisPool;
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
  ms: number;
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
  opts: { fetch?: typeof globalThis.fetch; now?: () => Date } = {},
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
    }),
  });
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Crawls one source once. Never throws for a source's own failure: it is reported. */
export async function crawlSource(source: SourceConfig, deps: CrawlDeps): Promise<SourceOutcome> {
  const now = deps.now ?? (() => new Date());
  const fetcher = deps.fetcher ?? politeFetcherFor(deps.config, deps);
  const crawl = deps.config.crawl;
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
    ms: 0,
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
  try {
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
    });
    outcome.notModified = result.posts.length === 0 && result.fetch.notModified;
    // What the source itself lost on the way (items of a broken feed, pages of a thread).
    outcome.warnings.push(...(result.warnings ?? []));
    let posts = result.posts;
    // A local file is an offline source (the demo corpus): its links are not followed.
    if (source.kind === 'feed' && source.url && posts.length > 0) {
      const enriched = await enrichPosts(posts, {
        sourceId: source.id,
        fetchedAt: started,
        fullText: source.fullText ?? 'auto',
        comments: source.comments ?? false,
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
    outcome.fetched = posts.length;
    const items = deps.pool
      ? await deps.pool.process(posts, sourceInfo(source), started)
      : processPosts(posts, sourceInfo(source), {
          analyzer: deps.analyzer,
          now: started,
          halfLifeHours: deps.config.scoring.halfLifeHours,
        });
    Object.assign(outcome, savePosts(deps.db, source.id, items, now), { ok: true });
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
    });
  } catch (err) {
    // A SourceError or RetryLaterError is the source's fault; anything else is ours, but one
    // source must still not stop the crawl of the others, so it is recorded the same way.
    outcome.error = message(err);
    const next = nextCheck({
      now: started,
      interval: source.interval,
      retryAfterMs: err instanceof RetryLaterError ? err.retryAfterMs : null,
      unchangedStreak: 0,
      consecutiveErrors: (state?.consecutiveErrors ?? 0) + 1,
      random: deps.random,
    });
    outcome.nextCheckAt = next.at.toISOString();
    outcome.nextCheckReason = next.reason;
    outcome.paused = recordFetch(deps.db, source.id, {
      at: started.toISOString(),
      ok: false,
      error: outcome.error,
      nextCheckAt: outcome.nextCheckAt,
      pauseAfterErrors: crawl.pauseAfterErrors,
    });
    if (outcome.paused) outcome.nextCheckAt = null;
  }
  outcome.ms = Math.round(performance.now() - t0);
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
