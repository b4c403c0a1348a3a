import { Registry } from '../api/metrics.ts';
import { RuntimeMetrics } from '../api/runtime-metrics.ts';
import { type CrawlDeps, crawlAll, crawlableSources, crawlSource } from '../pipeline.ts';
import { crawlScheduler } from '../queue/crawl.ts';
import { parseQueueUrl } from '../queue/redis.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { describeOutcome, summarise } from './crawl.ts';
import { closeCrawlDeps, crawlDepsFor } from './crawl-deps.ts';
import { startDigests } from './digest.ts';
import { type Io, line } from './io.ts';
import { listen, loggerFor } from './serve.ts';
import { shownQueue } from './worker.ts';

/** How often the poller looks for sources whose next check has come. */
const TICK_MS = 15_000;

/**
 * Starts, on each tick, every enabled and active source of the store whose next check is due
 * (sources added over the API included) and that is not already being crawled. A slow host
 * does not hold the others back: each source runs on its own, and the shared polite fetcher
 * keeps the per-host rules across ticks.
 */
export function startPoller(
  deps: CrawlDeps,
  io: Io,
  opts: { tickMs?: number; now?: () => Date } = {},
): () => void {
  const now = opts.now ?? (() => new Date());
  const inFlight = new Set<string>();
  // Nothing that fails here may end the process: a tick or a crawl that throws (the store
  // locked before the crawl's own error handling) is logged and the next tick tries again.
  const failed = (err: unknown, source?: string) => {
    if (deps.log) deps.log.error({ source, err }, 'poll failed');
    else line(io.stderr, `poll${source ? ` ${source}` : ''} failed: ${err}`);
  };
  const tick = () => {
    if (deps.signal?.aborted) return;
    try {
      for (const s of crawlableSources(deps, { dueAt: now() })) {
        if (inFlight.has(s.id)) continue;
        inFlight.add(s.id);
        void crawlSource(s, deps)
          .then((o) => {
            if (o.new > 0 || o.updated > 0 || !o.ok) line(io.stdout, `poll ${describeOutcome(o)}`);
          })
          .catch((err: unknown) => failed(err, s.id))
          .finally(() => inFlight.delete(s.id));
      }
    } catch (err) {
      failed(err);
    }
  };
  const timer = setInterval(tick, opts.tickMs ?? TICK_MS);
  return () => clearInterval(timer);
}

/**
 * Serves the API at once, then crawls: /healthz answers from the start, /readyz says
 * "crawling" (503) until the first crawl has ended. The crawl reads, analyses and scores in
 * worker threads and saves through one writer that lets the API answer between two
 * transactions, so the API keeps answering while thousands of posts come in. Polling and
 * digests start once the first crawl has ended.
 */
export async function start(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    ...commonOptions,
    port: { type: 'string' },
    'no-poll': { type: 'boolean' },
    queue: { type: 'string' },
  });
  if (values.queue) return startScheduling(values.queue, values, io);
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  const stopping = new AbortController();
  const log = loggerFor(loaded.config, io);
  const metrics = new Registry(new RuntimeMetrics());
  const deps = crawlDepsFor(db, loaded, io, {
    log,
    onOutcome: (o) => metrics.recordAnalysis(o),
    signal: stopping.signal,
  });
  const sources = crawlableSources(deps);
  const first = { crawling: true, crawled: 0 };
  const server = await listen(db, loaded, io, intFlag(values.port, 'port'), {
    readiness: () =>
      first.crawling
        ? { status: 'crawling', sources: sources.length, crawled: first.crawled }
        : null,
    log,
    metrics,
  });
  line(io.stdout, `grogne: crawling ${sources.length} sources from ${loaded.path}`);
  // Started once the first crawl has ended.
  const later = { stopPolling: () => {}, stopDigests: () => {} };
  void crawlAll(
    deps,
    (o, i, n) => {
      first.crawled++;
      line(o.ok ? io.stdout : io.stderr, `[${i + 1}/${n}] ${describeOutcome(o)}`);
    },
    sources,
  ).then(
    (outcomes) => {
      first.crawling = false;
      if (stopping.signal.aborted) return;
      line(io.stdout, summarise(outcomes));
      if (!values['no-poll']) later.stopPolling = startPoller(deps, io);
      const digests = startDigests(db, loaded, io, (r) => metrics.recordDigest(r));
      later.stopDigests = () => digests.stop();
    },
    (err: unknown) => {
      first.crawling = false;
      if (!stopping.signal.aborted) line(io.stderr, `grogne start: crawl failed: ${String(err)}`);
    },
  );
  await io.stopSignal;
  // Sources still crawling stop before saving anything more and record nothing: the next
  // start crawls them again. Their fetches in flight are left to end on their own.
  stopping.abort();
  later.stopPolling();
  later.stopDigests();
  await server.close();
  await closeCrawlDeps(deps);
  metrics.runtime?.stop();
  db.close();
  return 0;
}

/**
 * `grogne start --queue URL`: serves the API and sends digests as without it, but crawls
 * nothing itself: every tick (the first at once) queues each due source as a job for
 * `grogne worker` processes. A source stays queued once per round however many ticks pass
 * (queue/crawl.ts). The API is ready at once: the crawl is the workers' business.
 */
async function startScheduling(
  queueUrl: string,
  values: { config?: string; port?: string; 'no-poll'?: boolean },
  io: Io,
): Promise<number> {
  const target = parseQueueUrl(queueUrl);
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  const log = loggerFor(loaded.config, io);
  const metrics = new Registry(new RuntimeMetrics());
  const scheduler = crawlScheduler(target, {
    onError: (err) => log.error({ err }, 'queue connection failed (retrying)'),
  });
  const server = await listen(db, loaded, io, intFlag(values.port, 'port'), {
    readiness: () => null,
    log,
    metrics,
  });
  line(io.stdout, `grogne: scheduling crawls on ${shownQueue(queueUrl, target)}`);
  let busy = false;
  const tick = async () => {
    // A tick waits for Redis while it is away: the next one does not pile up behind it.
    if (busy) return;
    busy = true;
    try {
      const n = await scheduler.schedule({ db });
      if (n > 0) log.info({ sources: n }, 'due sources offered to the queue');
      const counts = await scheduler.counts();
      for (const [state, value] of Object.entries(counts)) metrics.queueJobs.set({ state }, value);
    } catch (err) {
      log.error({ err }, 'scheduling failed');
    } finally {
      busy = false;
    }
  };
  // Not awaited: with Redis away, the API and the digests go on while the tick waits.
  void tick();
  const timer = values['no-poll'] ? null : setInterval(() => void tick(), TICK_MS);
  const digests = startDigests(db, loaded, io, (r) => metrics.recordDigest(r));
  await io.stopSignal;
  if (timer) clearInterval(timer);
  digests.stop();
  await server.close();
  await scheduler.close();
  metrics.runtime?.stop();
  db.close();
  return 0;
}
