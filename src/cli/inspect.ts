// `grogne inspect`: what ingest makes of one URL or file, printed as JSON, nothing stored.
import { resolve } from 'node:path';
import { type Config, configSchema, type SourceConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { ingestSource } from '../ingest/inspect.ts';
import { commonOptions, parse } from './args.ts';
import { hasConfig, loadFor } from './context.ts';
import { type Io, line } from './io.ts';

const KINDS = ['feed', 'forum', 'page'] as const;

export async function inspectVerb(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { ...commonOptions, kind: { type: 'string' } }, true);
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new InputError('expected one URL or file');
  const kind = (values.kind ?? 'feed') as SourceConfig['kind'];
  if (!KINDS.includes(kind))
    throw new InputError(`--kind: expected feed, forum or page, got "${kind}"`);
  // Crawl settings (user agent, allowed private hosts) come from the config when there is one.
  const config: Config = hasConfig(values.config, io)
    ? loadFor(values.config, io).config
    : configSchema.parse({});
  const isUrl = /^https?:\/\//i.test(target);
  if (!isUrl && /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new InputError(`${target}: only http(s) URLs and local files can be inspected`);
  }
  const source: SourceConfig = {
    id: 'inspect',
    kind,
    ...(isUrl ? { url: target } : { file: resolve(io.cwd, target) }),
    interval: 1800,
    enabled: true,
  };
  const result = await ingestSource(source, io.cwd, {
    userAgent: config.crawl.userAgent,
    timeoutMs: config.crawl.timeoutMs,
    maxBytes: config.crawl.maxBodyBytes,
    allowPrivateHosts: config.crawl.allowPrivateHosts,
    maxThreadPages: config.crawl.maxThreadPages,
  });
  line(
    io.stdout,
    JSON.stringify({ source: target, kind, fetch: result.fetch, items: result.posts }, null, 2),
  );
  return 0;
}
