// `grogne export`: writes every scored post (post × brand) matching the /v1/posts filters to a
// CSV, JSON Lines or Parquet file, with its dataset card beside it.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { postsQuerySchema, toPostQuery } from '../api/query.ts';
import { InputError } from '../errors.ts';
import { selectFields } from '../export/fields.ts';
import { ExportAborted, exportToFile, tempPath } from '../export/file.ts';
import { authorSecret } from '../export/pseudonym.ts';
import { type ExportFormat, FORMATS } from '../export/stream.ts';
import { countExportRows, type ExportFilter } from '../store/export.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';
import { createProgress } from './progress.ts';

const options = {
  ...commonOptions,
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  brand: { type: 'string' },
  target: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'min-severity': { type: 'string' },
  complaint: { type: 'string' },
  sentiment: { type: 'string' },
  lang: { type: 'string' },
  source: { type: 'string' },
  category: { type: 'string' },
  q: { type: 'string' },
  fields: { type: 'string' },
  'clear-authors': { type: 'boolean' },
  bom: { type: 'boolean' },
  'progress-every': { type: 'string' },
} as const;

// CLI flag → /v1/posts parameter: one validation for both, so both accept the same values.
const FILTER_FLAGS = {
  brand: 'brand',
  target: 'target',
  since: 'since',
  until: 'until',
  'min-severity': 'minSeverity',
  complaint: 'complaint',
  sentiment: 'sentiment',
  lang: 'lang',
  source: 'source',
  category: 'category',
  q: 'q',
} as const;

export function parseFilter(values: Record<string, unknown>): ExportFilter {
  const raw: Record<string, string> = {};
  const flagOf: Record<string, string> = {};
  for (const [flag, param] of Object.entries(FILTER_FLAGS)) {
    const v = values[flag];
    if (typeof v === 'string') {
      raw[param] = v;
      flagOf[param] = flag;
    }
  }
  const parsed = postsQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = String(issue.path[0] ?? '');
    throw new InputError(`--${flagOf[param] ?? param}: ${issue.message}`);
  }
  const { limit: _limit, sort: _sort, cursor: _cursor, ...filter } = toPostQuery(parsed.data);
  return filter;
}

export async function exportVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, options);
  const format = values.format as ExportFormat | undefined;
  if (!format || !FORMATS.includes(format)) {
    throw new InputError(`--format: expected one of ${FORMATS.join(', ')}`);
  }
  if (!values.out) throw new InputError('--out FILE is required');
  if (values.bom && format !== 'csv') throw new InputError('--bom only applies to --format csv');
  const filter = parseFilter(values);
  const fields = selectFields(values.fields);
  const every = intFlag(values['progress-every'], 'progress-every', 1);
  const out = resolve(io.cwd, values.out);

  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  const abort = new AbortController();
  void io.stopSignal.then(() => abort.abort());
  // A second signal exits at once (io.ts), with no page boundary to stop at: the temporary
  // files go then too. Only a SIGKILL can leave one (never under the final name).
  const leftovers = [out, `${out}.card.json`, `${out}.card.md`].map((p) => tempPath(p));
  const removeLeftovers = () => {
    for (const p of leftovers) rmSync(p, { force: true });
  };
  process.on('exit', removeLeftovers);
  try {
    const clearAuthors = values['clear-authors'] ?? false;
    const secret = clearAuthors
      ? undefined
      : authorSecret(db, loaded.config.export.authorSecret).secret;
    const progress = createProgress({
      stream: io.stderr,
      label: 'export',
      total: countExportRows(db, filter),
      unit: 'rows',
      every,
    });
    const result = await exportToFile({
      db,
      format,
      filter,
      fields,
      clearAuthors,
      secret,
      bom: values.bom ?? false,
      out,
      signal: abort.signal,
      onProgress: (rows) => progress.update(rows),
    });
    progress.finish();
    line(
      io.stdout,
      `wrote ${result.stats.rows} rows (${result.stats.posts} posts, ${result.stats.bytes} bytes) to ${out}; card: ${result.cardJson}, ${result.cardMd}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ExportAborted) {
      line(io.stderr, `grogne export: interrupted; no file written to ${out}`);
      return 130;
    }
    throw err;
  } finally {
    process.off('exit', removeLeftovers);
    db.close();
  }
}
