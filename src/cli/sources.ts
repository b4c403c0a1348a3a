// `grogne sources`: list sources with their fetch state; `resume ID…` un-pauses; `add URL`
// finds a site's feed and adds it to the store (origin 'api', so a config sync keeps it).
import { createInterface } from 'node:readline/promises';
import type { Config, SourceConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { decodeBody } from '../ingest/decode.ts';
import { type FindFeedResult, findFeed } from '../ingest/find-feed.ts';
import { politeFetcherFor } from '../pipeline.ts';
import { putSource, sourceExists } from '../store/admin.ts';
import { resumeSource } from '../store/fetch-state.ts';
import { listSources, type SourceRow } from '../store/meta.ts';
import type { Db } from '../store/open.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';

const KINDS = ['feed', 'forum', 'page'] as const;
/** Discovery probes up to 13 paths of one host on a person's command: a short rest suffices. */
const DISCOVERY_DELAY_MS = 1_000;

function describeRow(s: SourceRow): string {
  const next = s.state === 'paused' ? 'paused' : !s.enabled ? 'disabled' : (s.nextCheckAt ?? 'now');
  return [
    s.id.padEnd(20),
    s.kind.padEnd(6),
    (s.enabled ? s.state : 'disabled').padEnd(8),
    `posts ${s.posts}`.padEnd(10),
    `last ${s.lastFetchAt ?? 'never'}`,
    `next ${next}`,
    s.consecutiveErrors > 0 ? `errors ${s.consecutiveErrors}` : '',
    s.lastError ? `error: ${s.lastError}` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/** "https://blog.exemple.fr/" → "blog-exemple-fr": a valid config id. */
export function idFromUrl(url: string): string {
  const host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  const id = host.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (id || 'source').slice(0, 64);
}

async function confirm(io: Io, question: string): Promise<boolean> {
  io.stdout.write(question);
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const answer of rl) return /^\s*(y|yes|o|oui)\s*$/i.test(answer);
    return false;
  } finally {
    rl.close();
  }
}

async function discover(url: string, config: Config): Promise<FindFeedResult> {
  const crawl = {
    ...config.crawl,
    minHostDelayMs: Math.min(config.crawl.minHostDelayMs, DISCOVERY_DELAY_MS),
  };
  const fetcher = politeFetcherFor({ ...config, crawl });
  return findFeed(url, async (u) => {
    const r = await fetcher.fetch({ url: u }, { robots: u === url });
    if (r.status !== 'ok') throw new Error(`${u}: not modified`);
    return { text: decodeBody(r.body, r.contentType).text, finalUrl: r.finalUrl };
  });
}

async function add(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...commonOptions,
      id: { type: 'string' },
      kind: { type: 'string' },
      interval: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
    },
    true,
  );
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new InputError('add: expected one site URL');
  if (!/^https?:\/\//i.test(target)) throw new InputError(`${target}: expected an http(s) URL`);
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  try {
    return await addTo(db, loaded.config, target, values, io);
  } finally {
    db.close();
  }
}

async function addTo(
  db: Db,
  config: Config,
  target: string,
  values: { id?: string; kind?: string; interval?: string; yes?: boolean },
  io: Io,
): Promise<number> {
  const kind = values.kind as SourceConfig['kind'] | undefined;
  if (kind && !KINDS.includes(kind)) {
    throw new InputError(`--kind: expected feed, forum or page, got "${kind}"`);
  }
  let url = target;
  let name: string | undefined;
  // A forum thread or a page is added as given; a feed (the default) is looked for.
  if (!kind || kind === 'feed') {
    const found = await discover(target, config);
    for (const t of found.tried) line(io.stdout, `  ${t.url}: ${t.outcome}`);
    if (!found.feed) {
      throw new InputError(
        `no feed found for ${target} (tried ${found.tried.length} addresses); add it with --kind page or --kind forum`,
      );
    }
    const f = found.feed;
    line(
      io.stdout,
      `found ${f.format} feed ${f.url}${f.title ? ` "${f.title}"` : ''}: ${f.items} items (${f.via})`,
    );
    url = f.url;
    name = f.title ?? undefined;
  }
  const id = values.id ?? idFromUrl(url);
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) throw new InputError(`--id: invalid id "${id}"`);
  if (sourceExists(db, id)) throw new InputError(`a source "${id}" exists already; pass --id`);
  const source: SourceConfig = {
    id,
    kind: kind ?? 'feed',
    url,
    interval: intFlag(values.interval, 'interval', 60) ?? 1800,
    enabled: true,
    ...(name ? { name } : {}),
  };
  if (!values.yes && !(await confirm(io, `add source "${id}" (${source.kind} ${url})? [y/N] `))) {
    line(io.stdout, 'not added');
    return 1;
  }
  putSource(db, source, new Date().toISOString());
  line(io.stdout, `added source "${id}": ${source.kind} ${url}; crawled by the next crawl or poll`);
  return 0;
}

export async function sourcesVerb(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return add(rest, io);
  if (sub === 'resume') {
    const { values, positionals } = parse(rest, commonOptions, true);
    if (positionals.length === 0) throw new InputError('resume: expected one or more source ids');
    const db = openConfigured(loadFor(values.config, io));
    try {
      let code = 0;
      for (const id of positionals) {
        if (resumeSource(db, id)) line(io.stdout, `${id}: active, polled at the next crawl`);
        else {
          line(io.stderr, `grogne sources: unknown source "${id}"`);
          code = 2;
        }
      }
      return code;
    } finally {
      db.close();
    }
  }
  const { values } = parse(argv, { ...commonOptions, json: { type: 'boolean' } });
  const db = openConfigured(loadFor(values.config, io));
  try {
    const rows = listSources(db);
    if (values.json) {
      line(io.stdout, JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const s of rows) line(io.stdout, describeRow(s));
    return 0;
  } finally {
    db.close();
  }
}
