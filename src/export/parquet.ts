// Parquet with a typed schema, encoded column by column as rows arrive (parquet-column.ts), so
// that a row group is held as compressed pages only, never as JS values, and handed out whole
// when it ends (a column chunk's pages must be contiguous); the footer comes last.
// hyparquet-writer's ParquetWriter wants the row group as JS arrays and encodes every string to
// a Uint8Array of its own: at 1.2M rows that peaked at 240 MiB RSS. Its page-header, level,
// snappy and footer encoders are reused.
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { Field, FieldValue } from './fields.ts';
import { ColumnBuilder, type ColumnChunk } from './parquet-column.ts';

export { PAGE_BYTES } from './parquet-column.ts';

/** Rows per row group: big enough for good compression and column statistics. */
export const ROW_GROUP_ROWS = 50_000;
/** …but a row group ends early once it holds this many bytes (compressed pages + open pages). */
export const ROW_GROUP_BYTES = 32 * 1024 * 1024;
const MAGIC = Buffer.from('PAR1', 'latin1');

// hyparquet-writer ships its own copy of hyparquet's types: take the schema type from it.
type SchemaElement = Parameters<typeof writeMetadata>[1]['schema'][number];
type RowGroup = Parameters<typeof writeMetadata>[1]['row_groups'][number];

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
  opts: { rowGroupRows?: number; rowGroupBytes?: number; metadata?: Record<string, string> } = {},
): ParquetEncoder {
  const maxRows = opts.rowGroupRows ?? ROW_GROUP_ROWS;
  const maxBytes = opts.rowGroupBytes ?? ROW_GROUP_BYTES;
  const schema = schemaOf(fields);
  const columns = fields.map((f) => new ColumnBuilder(f));
  const rowGroups: RowGroup[] = [];
  let offset = 0;
  let rows = 0;
  let numRows = 0n;

  function start(): Uint8Array[] {
    if (offset > 0) return [];
    offset = MAGIC.length;
    return [MAGIC];
  }

  function flushGroup(): Uint8Array[] {
    if (rows === 0) return [];
    const out = start();
    const groupStart = offset;
    const chunks: ColumnChunk[] = [];
    let uncompressed = 0n;
    for (const c of columns) {
      const { pages, chunk } = c.finish(offset);
      for (const p of pages) {
        out.push(p);
        offset += p.length;
      }
      uncompressed += chunk.meta_data!.total_uncompressed_size;
      chunks.push(chunk);
    }
    rowGroups.push({
      columns: chunks,
      total_byte_size: uncompressed,
      num_rows: BigInt(rows),
      file_offset: BigInt(groupStart),
      total_compressed_size: BigInt(offset - groupStart),
    });
    numRows += BigInt(rows);
    rows = 0;
    return out;
  }

  function held(): number {
    let n = 0;
    for (const c of columns) n += c.heldBytes;
    return n;
  }

  return {
    add(values) {
      for (let i = 0; i < columns.length; i++) columns[i]!.add(values[i]!);
      rows++;
      // The byte count is summed every 256 rows only: it walks every column.
      const full = rows >= maxRows || ((rows & 255) === 0 && held() >= maxBytes);
      return full ? flushGroup() : [];
    },
    end() {
      const out = [...start(), ...flushGroup()];
      const footer = new ByteWriter(64 * 1024);
      writeMetadata(footer, {
        version: 2,
        created_by: 'grogne export',
        schema,
        num_rows: numRows,
        row_groups: rowGroups,
        key_value_metadata: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({
          key,
          value,
        })),
      } as Parameters<typeof writeMetadata>[1]);
      footer.appendUint32(0x31524150);
      out.push(new Uint8Array(footer.getBuffer()));
      return out;
    },
  };
}
