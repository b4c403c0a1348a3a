import { anonymousReadFor } from '../api/access.ts';
import { type Busy, createApp } from '../api/app.ts';
import { Registry } from '../api/metrics.ts';
import { RuntimeMetrics } from '../api/runtime-metrics.ts';
import { serve } from '../api/server.ts';
import type { Config, LoadedConfig } from '../config.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import type { Db } from '../store/open.ts';
import { packageVersion } from '../version.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';

/** The server's logger: the config's level and format, on stderr (stdout keeps human lines). */
export function loggerFor(config: Config, io: Io): Logger {
  return createLogger({ stream: io.stderr, level: config.log.level, format: config.log.format });
}

export interface ListenOptions {
  /** What the server is busy with before it is ready (/readyz): the first crawl's progress. */
  readiness?: () => Busy | null;
  log?: Logger;
  metrics?: Registry;
}

export async function listen(
  db: Db,
  loaded: LoadedConfig,
  io: Io,
  port?: number,
  opts: ListenOptions = {},
) {
  const { readiness } = opts;
  const log = opts.log ?? loggerFor(loaded.config, io);
  const metrics = opts.metrics ?? new Registry();
  const { host, auth, rateLimitPerMinute, cors } = loaded.config.api;
  // Refuses (ConfigError naming api.auth) a key-less API on a non-loopback address.
  const anonymousRead = anonymousReadFor(host, auth);
  const app = createApp({
    db,
    anonymousRead,
    rateLimitPerMinute,
    cors,
    readiness,
    version: packageVersion(),
    log,
    metrics,
  });
  const server = await serve(app, { host, port: port ?? loaded.config.api.port });
  line(io.stdout, `grogne API listening on ${server.url} (docs: ${server.url}/docs)`);
  line(io.stdout, `  dashboard: ${server.url}/`);
  log.info({ url: server.url, version: packageVersion() }, 'listening');
  line(io.stdout, `  try: curl '${server.url}/v1/posts?limit=10'`);
  if (anonymousRead) {
    line(
      io.stdout,
      '  read-only without a key on loopback; for admin routes: grogne keys create --role admin',
    );
  }
  return server;
}

export async function serveVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { ...commonOptions, port: { type: 'string' } });
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  const runtime = new RuntimeMetrics();
  const port = intFlag(values.port, 'port');
  const server = await listen(db, loaded, io, port, { metrics: new Registry(runtime) });
  await io.stopSignal;
  await server.close();
  runtime.stop();
  db.close();
  return 0;
}
