import { type CrawlDeps, crawlAll, crawlSource } from '../pipeline.ts';
import { dueSources } from '../store/read.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { defaultModel, describeOutcome, summarise } from './crawl.ts';
import { startDigests } from './digest.ts';
import { type Io, line } from './io.ts';
import { listen } from './serve.ts';

/** How often the poller looks for sources whose next check has come. */
const TICK_MS = 15_000;

/** Crawls, in turn, every source whose next check is due; one tick never overlaps the next. */
function startPoller(deps: CrawlDeps, io: Io): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const due = new Set(dueSources(deps.db, new Date().toISOString()));
      for (const s of deps.config.sources) {
        if (!s.enabled || !due.has(s.id)) continue;
        const o = await crawlSource(s, deps);
        if (o.new > 0 || o.updated > 0 || !o.ok) line(io.stdout, `poll ${describeOutcome(o)}`);
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  return () => clearInterval(timer);
}

export async function start(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    ...commonOptions,
    port: { type: 'string' },
    'no-poll': { type: 'boolean' },
  });
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  const deps: CrawlDeps = {
    db,
    config: loaded.config,
    baseDir: loaded.baseDir,
    model: defaultModel(),
  };
  line(io.stdout, `grogne: crawling ${loaded.config.sources.length} sources from ${loaded.path}`);
  const outcomes = await crawlAll(deps, (o, i, n) =>
    line(o.ok ? io.stdout : io.stderr, `[${i + 1}/${n}] ${describeOutcome(o)}`),
  );
  line(io.stdout, summarise(outcomes));
  const server = await listen(db, loaded, io, intFlag(values.port, 'port'));
  const stopPolling = values['no-poll'] ? () => {} : startPoller(deps, io);
  const digests = startDigests(db, loaded, io);
  await io.stopSignal;
  stopPolling();
  digests.stop();
  await server.close();
  db.close();
  return 0;
}
