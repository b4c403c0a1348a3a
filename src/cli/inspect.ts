// `grogne inspect`: what ingest makes of one URL or file, printed as JSON, nothing stored.
// Without --kind, the document is read as what it turns out to be (feed, forum thread or
// article), and stderr says which.
import { resolve } from 'node:path';
import { type Config, configSchema, resolveFrom, type SourceConfig } from '../config.ts';
import { InputError, SourceError, WrongKindError } from '../errors.ts';
import { ingestSource } from '../ingest/inspect.ts';
import type { ReadAs } from '../ingest/read-as.ts';
import { commonOptions, parse } from './args.ts';
import { hasConfig, loadFor } from './context.ts';
import { type Io, line } from './io.ts';

// thread and article force one reading; forum and page read as a source of that kind would.
const KINDS = ['feed', 'thread', 'article', 'forum', 'page'] as const;

/** How the command line fixes a document that is not what it was read as. */
const CLI_FIX: Record<WrongKindError['tried'], string> = {
  feed: 'leave --kind out to detect what it is, or pass --kind thread or --kind article',
  thread:
    'if it is an article, pass --kind article; if it is a forum thread grogne cannot read, give its source "selectors" in the config and inspect it with --config FILE',
  article: 'pass --kind thread or --kind feed, or leave --kind out to detect what it is',
  any: 'force a reading with --kind thread|article|feed, or, for a forum thread grogne cannot read, give its source "selectors" in the config and inspect it with --config FILE',
};

/** The configured source this target is, if any: its selectors then apply. */
function configuredSource(
  config: Config,
  baseDir: string,
  target: { url?: string; file?: string },
): SourceConfig | undefined {
  return config.sources.find((s) =>
    target.url
      ? s.url === target.url
      : s.file !== undefined && resolveFrom(baseDir, s.file) === target.file,
  );
}

export async function inspectVerb(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { ...commonOptions, kind: { type: 'string' } }, true);
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new InputError('expected one URL or file');
  const kind = values.kind as (typeof KINDS)[number] | undefined;
  if (kind !== undefined && !KINDS.includes(kind)) {
    throw new InputError(
      `--kind: expected ${KINDS.join(', ')} (or none, to detect), got "${kind}"`,
    );
  }
  // Crawl settings (user agent, allowed private hosts) come from the config when there is one.
  const loaded = hasConfig(values.config, io) ? loadFor(values.config, io) : null;
  const config: Config = loaded?.config ?? configSchema.parse({});
  const isUrl = /^https?:\/\//i.test(target);
  if (!isUrl && /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new InputError(`${target}: only http(s) URLs and local files can be inspected`);
  }
  const where = isUrl ? { url: target } : { file: resolve(io.cwd, target) };
  const known = loaded ? configuredSource(config, loaded.baseDir, where) : undefined;
  if (known?.selectors) line(io.stderr, `selectors: those of source "${known.id}"`);
  const source: SourceConfig = {
    id: known?.id ?? 'inspect',
    kind: 'page',
    ...where,
    interval: 1800,
    enabled: true,
    ...(known?.selectors ? { selectors: known.selectors } : {}),
  };
  const readAs: ReadAs = kind ?? 'auto';
  let result: Awaited<ReturnType<typeof ingestSource>>;
  try {
    result = await ingestSource(source, io.cwd, {
      userAgent: config.crawl.userAgent,
      timeoutMs: config.crawl.timeoutMs,
      maxBytes: config.crawl.maxBodyBytes,
      allowPrivateHosts: config.crawl.allowPrivateHosts,
      maxThreadPages: config.crawl.maxThreadPages,
      maxItems: config.crawl.maxItemsPerFetch,
      readAs,
    });
  } catch (err) {
    // The message says how to fix a source's configuration; here the fix is a flag.
    if (err instanceof WrongKindError)
      throw new SourceError(`${err.problem}; ${CLI_FIX[err.tried]}`);
    throw err;
  }
  if (!kind && result.reading) line(io.stderr, `detected: ${result.reading.summary}`);
  for (const w of result.warnings ?? []) line(io.stderr, `warning: ${w}`);
  line(
    io.stdout,
    JSON.stringify(
      {
        source: target,
        kind: result.reading?.kind ?? null,
        read: result.reading?.summary ?? null,
        fetch: result.fetch,
        items: result.posts,
      },
      null,
      2,
    ),
  );
  return 0;
}
