// Parquet with a typed schema, written a row group at a time through hyparquet-writer, so that
// memory holds one row group, never the whole export. Bytes come out as chunks that the caller
// writes to a file or an HTTP response.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { Field, FieldValue } from './fields.ts';

/** Rows per row group: big enough for good compression and column statistics. */
export const ROW_GROUP_ROWS = 50_000;
/**
 * …but a row group is closed early after this many characters of text and JSON, to keep
 * memory flat: a row group is held as JS values (parsed JSON included) and then encoded, at
 * ~10x its character count. 8 Mi characters peaked at 288 MiB RSS for 1M rows, 2 Mi at
 * <200 MiB (`npm run bench export`), for files a few per cent larger.
 */
export const ROW_GROUP_CHARS = 2 * 1024 * 1024;

// ByteWriter keeps everything in one growing buffer; this one hands out what it holds past
// 1 MiB (as the library's own file writer does), so a row group's bytes are not kept twice.
// hyparquet-writer ships its own copy of hyparquet's types: take the schema type from it.
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

class ChunkWriter extends ByteWriter {
  chunks: Uint8Array[] = [];
  private spill() {
    if (this.index > 0) this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override ensure(size: number) {
    if (this.index > 1024 * 1024) this.spill();
    super.ensure(size);
  }
  flush() {
    this.spill();
  }
  override finish() {
    this.spill();
  }
  take(): Uint8Array[] {
    const out = this.chunks;
    this.chunks = [];
    return out;
  }
}

function schemaOf(fields: readonly Field[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: fields.length }];
  for (const f of fields) {
    const repetition_type = f.required ? 'REQUIRED' : 'OPTIONAL';
    switch (f.type) {
      case 'string':
        schema.push({ name: f.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type });
        break;
      case 'json':
        schema.push({ name: f.name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type });
        break;
      case 'timestamp':
        // Stored times are UTC instants: isAdjustedToUTC, so readers show them as such.
        schema.push({
          name: f.name,
          type: 'INT64',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
          repetition_type,
        });
        break;
      case 'double':
        schema.push({ name: f.name, type: 'DOUBLE', repetition_type });
        break;
      case 'bool':
        schema.push({ name: f.name, type: 'BOOLEAN', repetition_type });
        break;
      case 'list':
        // The three-level LIST of the Parquet spec; an absent list is written empty.
        schema.push(
          {
            name: f.name,
            repetition_type: 'REQUIRED',
            converted_type: 'LIST',
            logical_type: { type: 'LIST' },
            num_children: 1,
          },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          {
            name: 'element',
            type: 'BYTE_ARRAY',
            converted_type: 'UTF8',
            repetition_type: 'REQUIRED',
          },
        );
        break;
    }
  }
  return schema;
}

export interface ParquetEncoder {
  /** Adds one row; returns the bytes of a row group when one was completed. */
  add(values: readonly FieldValue[]): Uint8Array[];
  /** Writes the last row group and the footer. */
  end(): Uint8Array[];
}

export function parquetEncoder(
  fields: readonly Field[],
  opts: { rowGroupRows?: number; rowGroupChars?: number; metadata?: Record<string, string> } = {},
): ParquetEncoder {
  const maxRows = opts.rowGroupRows ?? ROW_GROUP_ROWS;
  const maxChars = opts.rowGroupChars ?? ROW_GROUP_CHARS;
  const writer = new ChunkWriter(1024 * 1024);
  const pw = new ParquetWriter({
    writer,
    schema: schemaOf(fields),
    createdBy: 'grogne export',
    // Each row group's column statistics stay in memory until the footer is written: long
    // texts as min/max would grow that with every group. Truncated bounds stay valid bounds.
    statisticsTruncateLength: 64,
    kvMetadata: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  let columns: unknown[][] = fields.map(() => []);
  let rows = 0;
  let chars = 0;

  function flushGroup(): Uint8Array[] {
    if (rows === 0) return [];
    pw.write({
      // Whole JSON documents would be kept as min/max statistics: skip those.
      columnData: fields.map((f, i) => ({
        name: f.name,
        data: columns[i]!,
        statistics: f.type !== 'json',
      })),
      rowGroupSize: rows,
    });
    writer.flush();
    columns = fields.map(() => []);
    rows = 0;
    chars = 0;
    return writer.take();
  }

  return {
    add(values) {
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        const v = values[i]!;
        if (f.type === 'timestamp') columns[i]!.push(v === null ? null : new Date(v as string));
        else if (f.type === 'json') {
          // hyparquet-writer serialises JSON columns itself: hand it the value, not its text.
          if (typeof v === 'string') chars += v.length;
          columns[i]!.push(v === null ? null : JSON.parse(v as string));
        } else {
          if (typeof v === 'string') chars += v.length;
          columns[i]!.push(v);
        }
      }
      rows++;
      return rows >= maxRows || chars >= maxChars ? flushGroup() : [];
    },
    end() {
      const out = flushGroup();
      pw.finish();
      return [...out, ...writer.take()];
    },
  };
}
