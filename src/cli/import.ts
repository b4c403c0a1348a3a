// `grogne import --source ID PATH…`: loads saved feed files (an archive of RSS, Atom or JSON
// Feed documents) into the store through the bulk path (src/bulk.ts): parsing and analysis
// in worker threads, one writer committing every ~2,000 posts, each feed whole or absent.
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createAnalysisPool } from '../analysis-pool.ts';
import { type BulkDocument, type DocumentOutcome, ingestDocuments } from '../bulk.ts';
import { InputError } from '../errors.ts';
import { decodeBody } from '../ingest/decode.ts';
import { sourceInfo } from '../pipeline.ts';
import { sourceConfigOf, storedSource } from '../store/crawl-state.ts';
import type { SourceInfo } from '../types.ts';
import { commonOptions, intFlag, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';
import { createProgress } from './progress.ts';

/** What a directory contributes: its feed files, by name, not its subdirectories. */
const FEED_FILE = /\.(xml|rss|atom|json)$/i;

export interface ImportFile {
  /** As the user named it (for reports). */
  label: string;
  path: string;
}

/**
 * The files PATHs name: a file as given, a directory's feed files sorted by name; `empty`
 * lists the directories that held none. Throws an InputError naming the first path that
 * does not exist, before anything is read.
 */
export function importFiles(
  paths: string[],
  cwd: string,
): { files: ImportFile[]; empty: string[] } {
  const files: ImportFile[] = [];
  const empty: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) throw new InputError(`no such file or directory: ${p}`);
    if (!st.isDirectory()) {
      files.push({ label: p, path: abs });
      continue;
    }
    const names = readdirSync(abs, { withFileTypes: true })
      .filter((e) => !e.isDirectory() && FEED_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) empty.push(p);
    for (const name of names) files.push({ label: join(p, name), path: join(abs, name) });
  }
  return { files, empty };
}

/** Reads files one at a time as the bulk path asks for them, decoded as fetched feeds are. */
async function* documents(
  files: ImportFile[],
  sourceId: string,
  source: SourceInfo,
  now: () => Date,
): AsyncGenerator<BulkDocument> {
  for (const f of files) {
    // No Content-Type here: BOM, then the XML declaration, then UTF-8 validity decide.
    const decoded = decodeBody(await readFile(f.path));
    const doc = { xml: decoded.text, fetchedAt: now(), malformed: decoded.repaired > 0 };
    yield { sourceId, source, label: f.label, doc };
  }
}

export function describeDocument(o: DocumentOutcome): string {
  if (o.error !== null) return `${o.label}: error: ${o.error}`;
  return `${o.label}: ${o.posts} posts, ${o.new} new, ${o.updated} updated`;
}

export async function importVerb(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...commonOptions,
      source: { type: 'string', short: 's' },
      batch: { type: 'string' },
      workers: { type: 'string' },
    },
    true,
  );
  if (!values.source) throw new InputError('--source ID is required (see grogne import --help)');
  if (positionals.length === 0) throw new InputError('no PATH given: feed files or directories');
  const batchPosts = intFlag(values.batch, 'batch', 1);
  const workers = intFlag(values.workers, 'workers', 1);
  const { files, empty } = importFiles(positionals, io.cwd);
  const loaded = loadFor(values.config, io);
  const db = openConfigured(loaded);
  try {
    const row = storedSource(db, values.source);
    if (!row) {
      line(io.stderr, `grogne import: unknown source "${values.source}"`);
      return 2;
    }
    const config = loaded.config;
    const source = sourceInfo(
      sourceConfigOf(
        row,
        config.sources.find((s) => s.id === row.id),
      ),
    );
    for (const p of empty) line(io.stderr, `${p}: no *.xml, *.rss, *.atom or *.json file`);
    const pool = createAnalysisPool({
      brands: config.brands,
      halfLifeHours: config.scoring.halfLifeHours,
      size: workers,
    });
    const now = () => new Date();
    const t0 = performance.now();
    const progress = createProgress({
      stream: io.stderr,
      label: 'import',
      total: files.length,
      unit: 'files',
    });
    let done = 0;
    let posts = 0;
    try {
      const r = await ingestDocuments({ db, pool }, documents(files, row.id, source, now), {
        batchPosts,
        now,
        onDocument: (o) => {
          progress.log(io.stderr, describeDocument(o));
          done++;
          posts += o.posts;
          progress.update(done, { posts });
        },
      });
      progress.finish();
      const seconds = (performance.now() - t0) / 1000;
      const rate = seconds > 0 ? Math.round(r.posts / seconds) : r.posts;
      line(
        io.stdout,
        `imported ${r.documents} documents into ${row.id}: ${r.posts} posts, ${r.new} new, ` +
          `${r.updated} updated, ${r.unchanged} unchanged, ${r.failed} failed ` +
          `(${rate} posts/s, ${r.commits} commits)`,
      );
      return r.failed > 0 ? 1 : 0;
    } finally {
      await pool.close();
    }
  } finally {
    db.close();
  }
}
