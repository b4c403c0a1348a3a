// `grogne worker --queue URL`: runs the crawl jobs `grogne start --queue URL` schedules, with
// the embedded crawl's own crawlSource(), against the configured store. Requests go through
// a polite fetcher whose per-host turns are also leased on the queue's Redis, so that two
// workers never fetch one host at once.
import { resolveFrom } from '../config.ts';
import { InputError } from '../errors.ts';
import { crawlWorker } from '../queue/crawl.ts';
import { redisHostLease } from '../queue/host-lease.ts';
import { connect, parseQueueUrl, type QueueTarget } from '../queue/redis.ts';
import { openStore } from '../store/open.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor } from './context.ts';
import { describeOutcome } from './crawl.ts';
import { closeCrawlDeps, crawlDepsFor } from './crawl-deps.ts';
import { type Io, line } from './io.ts';
import { loggerFor } from './serve.ts';

/** The queue's URL as it may be printed: without its password. */
export function shownQueue(text: string, target: QueueTarget): string {
  const url = new URL(text);
  if (url.password) url.password = '***';
  return `${url.protocol}//${url.host}${url.pathname} (prefix ${target.prefix})`;
}

export async function workerVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    ...commonOptions,
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    'lock-ms': { type: 'string' },
    'lease-ms': { type: 'string' },
  });
  if (!values.queue) throw new InputError('--queue redis://host:port[/db] is required');
  const target = parseQueueUrl(values.queue);
  const concurrency = intFlag(values.concurrency, 'concurrency', 1) ?? 4;
  const lockMs = intFlag(values['lock-ms'], 'lock-ms', 1000);
  const leaseMs = intFlag(values['lease-ms'], 'lease-ms', 100);
  const loaded = loadFor(values.config, io);
  // The store as `grogne start` keeps it: the worker migrates it if needed, but leaves the
  // mirroring of the config's sources and brands to start.
  const db = openStore(resolveFrom(loaded.baseDir, loaded.config.database));
  const log = loggerFor(loaded.config, io);
  const redis = connect(target, (err) => log.error({ err }, 'queue connection failed (retrying)'));
  const deps = crawlDepsFor(db, loaded, io, {
    log,
    lease: redisHostLease(redis, { prefix: target.prefix, ttlMs: leaseMs }),
    onOutcome: (o) => line(o.ok ? io.stdout : io.stderr, `crawled ${describeOutcome(o)}`),
  });
  const worker = crawlWorker(target, deps, {
    concurrency,
    lockMs,
    onJob: (r) => {
      if (!r.crawled) line(io.stdout, `skipped ${r.sourceId}: no longer enabled and active`);
    },
    onError: (err) => log.error({ err }, 'crawl queue error'),
  });
  let ready = false;
  try {
    // Redis may be away at first: the worker waits for it, and a stop signal still stops it.
    ready = await Promise.race([worker.ready().then(() => true), io.stopSignal.then(() => false)]);
    if (ready) {
      line(
        io.stdout,
        `grogne worker: running crawl jobs from ${shownQueue(values.queue, target)}, ${concurrency} at once`,
      );
      await io.stopSignal;
      line(io.stdout, 'grogne worker: stopping once the jobs in hand are done');
    }
  } finally {
    await worker.close(!ready);
    await closeCrawlDeps(deps);
    redis.disconnect();
    db.close();
  }
  return 0;
}
