// An export to a file: written to FILE.tmp-<pid> and renamed at the end, so that a reader
// never sees a partial file under the final name, even when the export is killed. The card
// goes beside it (FILE.card.json, FILE.card.md), written the same way, after the data.

import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildCard, cardMarkdown, type DatasetCard } from './card.ts';
import { type ExportOptions, type ExportStats, exportChunks } from './stream.ts';

export interface FileExportOptions extends ExportOptions {
  out: string;
  now?: () => Date;
  pid?: number;
  /** Called after each page with the rows written so far. */
  onProgress?: (rows: number) => void;
  /** Aborting removes the temporary file and rejects. */
  signal?: AbortSignal;
  version?: string;
}

export interface FileExportResult {
  out: string;
  cardJson: string;
  cardMd: string;
  stats: ExportStats;
  card: DatasetCard;
}

export class ExportAborted extends Error {
  override name = 'ExportAborted';
}

/** Where an export to `out` is written before it is renamed. */
export function tempPath(out: string, pid: number = process.pid): string {
  return `${out}.tmp-${pid}`;
}

function writeAtomically(path: string, text: string, pid: number) {
  const tmp = tempPath(path, pid);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function exportToFile(o: FileExportOptions): Promise<FileExportResult> {
  const now = o.now ?? (() => new Date());
  const pid = o.pid ?? process.pid;
  const tmp = tempPath(o.out, pid);
  const { chunks, stats, fields } = exportChunks(o);
  const stream = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  try {
    for (const batch of chunks) {
      if (o.signal?.aborted) throw new ExportAborted('export interrupted');
      for (const chunk of batch) {
        // Honour backpressure: a slow disk must not make the export buffer in memory.
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
      }
      o.onProgress?.(stats.rows);
      // Let signals (Ctrl-C) and I/O callbacks run between pages.
      await new Promise((r) => setImmediate(r));
    }
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
    renameSync(tmp, o.out);
  } catch (err) {
    stream.destroy();
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    chunks.return(undefined);
  }
  const card = buildCard({
    name: basename(o.out),
    format: o.format,
    filter: o.filter,
    fields,
    stats,
    clearAuthors: o.clearAuthors ?? false,
    bom: o.bom ?? false,
    generatedAt: now(),
    version: o.version,
  });
  const cardJson = `${o.out}.card.json`;
  const cardMd = `${o.out}.card.md`;
  writeAtomically(cardJson, `${JSON.stringify(card, null, 2)}\n`, pid);
  writeAtomically(cardMd, cardMarkdown(card), pid);
  return { out: o.out, cardJson, cardMd, stats, card };
}
