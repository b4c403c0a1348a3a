// An export as a stream of byte chunks, one or more per page of the store, and the counts the
// dataset card reports. Nothing in the data depends on the clock, so the same database and
// filters give the same bytes (the card carries the generation time instead).

import { type ExportFilter, type ExportRecord, exportPages } from '../store/export.ts';
import { type Db, openReader } from '../store/open.ts';
import { BOM, csvHeader } from './csv.ts';
import { FIELDS, type Field, type FieldValue } from './fields.ts';
import { csvWriter, jsonlWriter } from './lines.ts';
import { parquetEncoder } from './parquet.ts';
import { CLEAR, pseudonymPrivacy } from './pseudonym.ts';

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';
export const FORMATS: readonly ExportFormat[] = ['csv', 'jsonl', 'parquet'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/jsonl; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

export interface ExportOptions {
  db: Db;
  format: ExportFormat;
  filter: ExportFilter;
  fields?: readonly Field[];
  /** Real author names instead of pseudonyms (admins, on request). */
  clearAuthors?: boolean;
  /** Key of the pseudonyms; required unless clearAuthors. */
  secret?: string;
  /** CSV only: a UTF-8 byte-order mark first, for Excel. */
  bom?: boolean;
  /** Posts per page read from the store. */
  pageSize?: number;
  /** Parquet: rows per row group. */
  rowGroupRows?: number;
  /**
   * Read through a connection of its own (true, the default, for a store in a file): no memory
   * map, a small cache, so RSS stays flat (store/open.ts openReader). False: read through `db`.
   */
  ownConnection?: boolean;
}

export interface LabelCounts {
  [label: string]: number;
}

export interface ExportStats {
  rows: number;
  posts: number;
  bytes: number;
  sentiment: LabelCounts;
  complaint: LabelCounts;
  /** Per brand ("(none)" for posts naming no brand): rows, and rows where it is the target. */
  brands: Record<string, { rows: number; targeted: number }>;
  sources: LabelCounts;
  modelVersions: LabelCounts;
  scoringVersions: LabelCounts;
}

function bump(counts: LabelCounts, label: string) {
  counts[label] = (counts[label] ?? 0) + 1;
}

function newStats(): ExportStats {
  return {
    rows: 0,
    posts: 0,
    bytes: 0,
    sentiment: {},
    complaint: {},
    brands: {},
    sources: {},
    modelVersions: {},
    scoringVersions: {},
  };
}

function count(stats: ExportStats, r: ExportRecord, newPost: boolean) {
  stats.rows++;
  const brand = r.brand_id ?? '(none)';
  stats.brands[brand] ??= { rows: 0, targeted: 0 };
  const b = stats.brands[brand];
  b.rows++;
  if (r.target === 1) b.targeted++;
  // Post-level labels are counted once per post, not once per brand row.
  if (!newPost) return;
  stats.posts++;
  bump(stats.sentiment, r.sentiment ?? '(none)');
  bump(stats.complaint, r.complaint === null ? '(none)' : r.complaint === 1 ? 'true' : 'false');
  bump(stats.sources, r.source_id);
  bump(stats.modelVersions, r.model_version ?? '(none)');
  bump(stats.scoringVersions, r.scoring_version ?? '(none)');
}

/** Sorted copies, so that the card lists labels in the same order every time. */
export function sortedStats(s: ExportStats): ExportStats {
  const sort = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...s,
    sentiment: sort(s.sentiment),
    complaint: sort(s.complaint),
    brands: sort(s.brands),
    sources: sort(s.sources),
    modelVersions: sort(s.modelVersions),
    scoringVersions: sort(s.scoringVersions),
  };
}

/**
 * The export's bytes, chunk by chunk. Each `next()` reads one page of the store and returns
 * what it encodes to (possibly an empty chunk list while a Parquet row group fills). No store
 * iterator stays open between two calls. `stats` is complete once the generator is done.
 */
export function exportChunks(o: ExportOptions): {
  chunks: Generator<Buffer[]>;
  stats: ExportStats;
  fields: readonly Field[];
} {
  const fields = o.fields ?? FIELDS;
  if (!o.clearAuthors && !o.secret) throw new Error('a pseudonym secret is needed');
  const privacy = o.clearAuthors ? CLEAR : pseudonymPrivacy(o.secret!);
  const stats = newStats();
  const values: FieldValue[] = new Array(fields.length);

  function* run(): Generator<Buffer[]> {
    // Opened on the first pull and closed when the generator ends, however it ends (done,
    // return() on cancel, or a throw).
    const reader = o.ownConnection === false ? null : openReader(o.db);
    const db = reader ?? o.db;
    try {
      yield* encode(db);
    } finally {
      reader?.close();
    }
  }

  function* encode(db: Db): Generator<Buffer[]> {
    let lastPost = '';
    const emit = (b: Buffer) => {
      stats.bytes += b.length;
      return b;
    };
    if (o.format === 'parquet') {
      const enc = parquetEncoder(fields, { rowGroupRows: o.rowGroupRows });
      for (const page of exportPages(db, o.filter, o.pageSize)) {
        const out: Buffer[] = [];
        for (const r of page) {
          count(stats, r, r.post_id !== lastPost);
          lastPost = r.post_id;
          for (let i = 0; i < fields.length; i++) values[i] = fields[i]!.get(r, privacy);
          for (const c of enc.add(values))
            out.push(emit(Buffer.from(c.buffer, c.byteOffset, c.length)));
        }
        yield out;
      }
      yield enc.end().map((c) => emit(Buffer.from(c.buffer, c.byteOffset, c.length)));
      return;
    }
    const line = o.format === 'csv' ? csvWriter(fields, privacy) : jsonlWriter(fields, privacy);
    if (o.format === 'csv')
      yield [emit(Buffer.from((o.bom ? BOM : '') + csvHeader(fields), 'utf8'))];
    for (const page of exportPages(db, o.filter, o.pageSize)) {
      let text = '';
      for (const r of page) {
        count(stats, r, r.post_id !== lastPost);
        lastPost = r.post_id;
        text += line(r);
      }
      yield [emit(Buffer.from(text, 'utf8'))];
    }
  }
  return { chunks: run(), stats, fields };
}
