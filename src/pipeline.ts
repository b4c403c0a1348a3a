// The wiring module: the only place that knows every stage. One source goes
// fetch → parse → normalise (src/ingest) → analyse (src/nlp) → score (src/score) → store.
// Each source is stored in one transaction, so an interrupted crawl leaves whole posts or none.
import type { BrandConfig, Config, SourceConfig } from './config.ts';
import { RetryLaterError } from './errors.ts';
import { ingestSource } from './ingest/inspect.ts';
import { analyse } from './nlp/analyse.ts';
import type { SentimentModel } from './nlp/model.ts';
import { scorePost } from './score/index.ts';
import type { Db } from './store/open.ts';
import { getFetchState } from './store/read.ts';
import { recordFetch, savePosts } from './store/write.ts';
import type { IngestedPost, SourceInfo } from './types.ts';

export interface CrawlDeps {
  db: Db;
  config: Config;
  baseDir: string;
  model?: SentimentModel;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
}

export interface SourceOutcome {
  sourceId: string;
  ok: boolean;
  /** Items the source offered. */
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  notModified: boolean;
  error: string | null;
  ms: number;
}

export function sourceInfo(s: SourceConfig): SourceInfo {
  return { id: s.id, kind: s.kind, audience: s.audience ?? null };
}

/** Analyses and scores ingested posts; pure apart from the clock. */
export function processPosts(
  posts: IngestedPost[],
  source: SourceInfo,
  ctx: { brands: BrandConfig[]; model?: SentimentModel; now: Date; halfLifeHours: number },
) {
  return posts.map((post) => {
    const analysis = analyse(
      { text: post.text, title: post.title },
      { brands: ctx.brands, model: ctx.model },
    );
    const scores = scorePost(post, analysis, source, ctx.now, ctx.halfLifeHours);
    return { post, analysis, scores };
  });
}

function nextCheck(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** Crawls one source once. Never throws for a source's own failure: it is reported. */
export async function crawlSource(source: SourceConfig, deps: CrawlDeps): Promise<SourceOutcome> {
  const now = deps.now ?? (() => new Date());
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
  };
  const state = getFetchState(deps.db, source.id);
  try {
    const result = await ingestSource(source, deps.baseDir, {
      fetch: deps.fetch,
      now,
      userAgent: deps.config.crawl.userAgent,
      timeoutMs: deps.config.crawl.timeoutMs,
      maxBytes: deps.config.crawl.maxBodyBytes,
      allowPrivateHosts: deps.config.crawl.allowPrivateHosts,
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
    });
    outcome.notModified = result.posts.length === 0 && result.fetch.notModified === true;
    outcome.fetched = result.posts.length;
    const items = processPosts(result.posts, sourceInfo(source), {
      brands: deps.config.brands,
      model: deps.model,
      now: started,
      halfLifeHours: deps.config.scoring.halfLifeHours,
    });
    const saved = savePosts(deps.db, source.id, items);
    Object.assign(outcome, saved, { ok: true });
    recordFetch(deps.db, source.id, {
      at: started.toISOString(),
      ok: true,
      etag: result.fetch.etag ?? null,
      lastModified: result.fetch.lastModified ?? null,
      nextCheckAt: nextCheck(started, source.interval),
    });
  } catch (err) {
    // A SourceError or RetryLaterError is the source's fault; anything else is ours, but one
    // source must still not stop the crawl of the others, so it is recorded the same way.
    outcome.error = err instanceof Error ? err.message : String(err);
    const retryMs = err instanceof RetryLaterError ? err.retryAfterMs : null;
    recordFetch(deps.db, source.id, {
      at: started.toISOString(),
      ok: false,
      error: outcome.error,
      nextCheckAt: nextCheck(started, retryMs ? Math.max(60, retryMs / 1000) : source.interval),
    });
  }
  outcome.ms = Math.round(performance.now() - t0);
  return outcome;
}

export async function crawlAll(
  deps: CrawlDeps,
  onSource?: (o: SourceOutcome, index: number, total: number) => void,
): Promise<SourceOutcome[]> {
  const sources = deps.config.sources.filter((s) => s.enabled);
  const outcomes: SourceOutcome[] = [];
  for (const [i, s] of sources.entries()) {
    const o = await crawlSource(s, deps);
    outcomes.push(o);
    onSource?.(o, i, sources.length);
  }
  return outcomes;
}
