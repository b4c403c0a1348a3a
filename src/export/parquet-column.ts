// One Parquet column of the row group being written, encoded as its values arrive: values go
// straight into a reused byte buffer, levels into a reused Uint8Array, and a full page is
// snappy-compressed at once, so a row group is only ever held as compressed pages. Strings
// start dictionary-encoded (authors, brands, versions repeat) and fall back to PLAIN for the
// rest of the chunk once the dictionary proves big or mostly unique, as Parquet allows.
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import type { Field, FieldValue } from './fields.ts';

type RowGroup = Parameters<typeof writeMetadata>[1]['row_groups'][number];
export type ColumnChunk = RowGroup['columns'][number];
type Statistics = NonNullable<NonNullable<ColumnChunk['meta_data']>['statistics']>;

/** A page is closed once its values reach this size (uncompressed). */
export const PAGE_BYTES = 256 * 1024;
/**
 * A dictionary is dropped for the rest of the chunk once it passes DICT_BYTES, holds a value
 * longer than DICT_VALUE_BYTES (texts, JSON: rarely repeated, and the map would keep every
 * one alive), or holds over half the values after DICT_PROBE of them (ids).
 */
const DICT_BYTES = 1024 * 1024;
const DICT_VALUE_BYTES = 64;
const DICT_PROBE = 20_000;
/** Byte-array min/max are kept only while every value is this short: exact, useful bounds. */
const STATS_MAX_BYTES = 64;

/** A growable byte buffer, reused from page to page. */
class Bytes {
  buf = Buffer.allocUnsafe(16 * 1024);
  length = 0;
  room(n: number) {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
  /** Appends a PLAIN byte array (length, UTF-8) and returns where its bytes start. */
  string(s: string): number {
    const n = Buffer.byteLength(s, 'utf8');
    this.room(4 + n);
    this.buf.writeUInt32LE(n, this.length);
    this.buf.write(s, this.length + 4, n, 'utf8');
    this.length += 4 + n;
    return this.length - n;
  }
}

function grow<T extends Uint8Array | Uint32Array>(a: T, used: number): T {
  if (used < a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** Header, levels (uncompressed in a v2 data page) and compressed data, as one buffer. */
function page(
  header: Parameters<typeof writePageHeader>[1],
  levels: ByteWriter | null,
  data: Uint8Array,
): { bytes: Buffer; uncompressed: number } {
  const compressed = snappyCompress(data);
  const levelBytes = levels ? levels.getBytes() : new Uint8Array(0);
  const h = new ByteWriter(64);
  writePageHeader(h, {
    ...header,
    uncompressed_page_size: levelBytes.length + data.length,
    compressed_page_size: levelBytes.length + compressed.length,
  });
  const bytes = Buffer.concat([h.getBytes(), levelBytes, compressed]);
  return { bytes, uncompressed: h.offset + levelBytes.length + data.length };
}

export class ColumnBuilder {
  private readonly kind: Field['type'];
  private readonly type: 'BYTE_ARRAY' | 'INT64' | 'DOUBLE' | 'BOOLEAN';
  private readonly path: string[];
  /** 0 for REQUIRED columns (no definition levels); 1 for OPTIONAL ones and lists. */
  private readonly maxDef: number;
  private readonly repeated: boolean;
  // The open page.
  private values = new Bytes();
  private indexes = new Uint32Array(1024);
  private def = new Uint8Array(1024);
  private rep = new Uint8Array(1024);
  private levels = 0;
  private pageValues = 0;
  private pageRows = 0;
  private pageDict = false;
  // The column chunk so far.
  private dict: Map<string, number> | null = null;
  private dictEntries = 0;
  private dictLong = false;
  private dictValues = new Bytes();
  private pages: Buffer[] = [];
  pagedBytes = 0;
  private uncompressed = 0;
  private numValues = 0;
  private nonNull = 0;
  private nulls = 0;
  private min: number | bigint | boolean | Buffer | undefined;
  private max: number | bigint | boolean | Buffer | undefined;
  private statsOk = true;

  constructor(f: Field) {
    this.kind = f.type;
    this.type =
      f.type === 'timestamp'
        ? 'INT64'
        : f.type === 'double'
          ? 'DOUBLE'
          : f.type === 'bool'
            ? 'BOOLEAN'
            : 'BYTE_ARRAY';
    this.path = f.type === 'list' ? [f.name, 'list', 'element'] : [f.name];
    this.repeated = f.type === 'list';
    this.maxDef = f.type === 'list' || !f.required ? 1 : 0;
    this.reset();
  }

  /** Bytes held for the open row group. */
  get heldBytes(): number {
    return this.pagedBytes + this.values.length + this.pageValues * 4 + this.dictValues.length;
  }

  private reset() {
    this.dict = this.kind === 'string' || this.kind === 'json' ? new Map() : null;
    this.pageDict = this.dict !== null;
    this.dictValues.length = 0;
    this.dictEntries = 0;
    this.dictLong = false;
  }

  private level(def: number, rep: number) {
    this.def = grow(this.def, this.levels);
    this.rep = grow(this.rep, this.levels);
    this.def[this.levels] = def;
    this.rep[this.levels] = rep;
    this.levels++;
  }

  private stat(buf: Buffer, start: number, n: number) {
    if (!this.statsOk) return;
    if (n > STATS_MAX_BYTES) {
      this.statsOk = false;
      this.min = this.max = undefined;
      return;
    }
    const v = buf.subarray(start, start + n);
    if (this.min === undefined || Buffer.compare(v, this.min as Buffer) < 0)
      this.min = Buffer.from(v);
    if (this.max === undefined || Buffer.compare(this.max as Buffer, v) < 0)
      this.max = Buffer.from(v);
  }

  private scalar<T extends number | bigint | boolean>(v: T) {
    if (this.min === undefined || v < (this.min as T)) this.min = v;
    if (this.max === undefined || v > (this.max as T)) this.max = v;
  }

  private string(s: string) {
    this.pageValues++;
    this.nonNull++;
    if (this.pageDict && this.dict) {
      let i = this.dict.get(s);
      if (i === undefined) {
        i = this.dictEntries++;
        this.dict.set(s, i);
        const at = this.dictValues.string(s);
        this.stat(this.dictValues.buf, at, this.dictValues.length - at);
        if (this.dictValues.length - at > DICT_VALUE_BYTES) this.dictLong = true;
      }
      this.indexes = grow(this.indexes, this.pageValues - 1);
      this.indexes[this.pageValues - 1] = i;
      return;
    }
    const at = this.values.string(s);
    this.stat(this.values.buf, at, this.values.length - at);
  }

  add(v: FieldValue) {
    this.pageRows++;
    if (this.repeated) {
      const list = (v ?? []) as string[];
      if (list.length === 0) this.level(0, 0);
      for (let i = 0; i < list.length; i++) {
        this.level(1, i === 0 ? 0 : 1);
        this.string(list[i]!);
      }
    } else if (v === null || v === undefined) {
      if (this.maxDef === 0) throw new Error(`parquet: null in required column ${this.path[0]}`);
      this.level(0, 0);
    } else {
      this.level(1, 0);
      const out = this.values;
      if (this.kind === 'timestamp') {
        const ms = BigInt(Date.parse(v as string));
        out.room(8);
        out.length = out.buf.writeBigInt64LE(ms, out.length);
        this.scalar(ms);
      } else if (this.kind === 'double') {
        out.room(8);
        out.length = out.buf.writeDoubleLE(v as number, out.length);
        this.scalar(v as number);
      } else if (this.kind === 'bool') {
        // One byte per value while the page fills; bit-packed when it is closed.
        out.room(1);
        out.buf[out.length++] = v ? 1 : 0;
        this.scalar(v as boolean);
      } else this.string(v as string);
      if (this.kind !== 'string' && this.kind !== 'json') this.pageValues++;
    }
    const dict = this.pageDict ? this.dict : null;
    if (
      dict &&
      (this.dictLong ||
        this.dictValues.length > DICT_BYTES ||
        (this.nonNull >= DICT_PROBE && dict.size * 2 > this.nonNull))
    ) {
      // Fall back to PLAIN: this page is the last dictionary-encoded one of the chunk. The map
      // is no longer needed (only the dictionary's bytes are, for its page).
      this.closePage();
      this.pageDict = false;
      dict.clear();
    } else if (this.values.length >= PAGE_BYTES || this.pageValues * 4 >= PAGE_BYTES)
      this.closePage();
  }

  /** Compresses the open page into a DATA_PAGE_V2. */
  closePage() {
    if (this.pageRows === 0) return;
    const levels = new ByteWriter(this.levels + 64);
    let repBytes = 0;
    let defBytes = 0;
    if (this.repeated)
      repBytes = writeRleBitPackedHybrid(levels, this.rep.subarray(0, this.levels), 1);
    if (this.maxDef > 0)
      defBytes = writeRleBitPackedHybrid(levels, this.def.subarray(0, this.levels), 1);
    let data: Uint8Array = this.values.buf.subarray(0, this.values.length);
    // A page of nulls only is PLAIN: it needs no dictionary, which may have no entry yet.
    const dictPage = this.pageDict && this.pageValues > 0;
    if (dictPage) {
      const indexes = this.indexes.subarray(0, this.pageValues);
      const bitWidth = Math.max(1, Math.ceil(Math.log2(this.dictEntries)));
      const w = new ByteWriter(this.pageValues * 4 + 64);
      w.appendUint8(bitWidth);
      writeRleBitPackedHybrid(w, indexes, bitWidth);
      data = w.getBytes();
    } else if (this.kind === 'bool') {
      const packed = Buffer.alloc((data.length + 7) >> 3);
      for (let i = 0; i < data.length; i++) if (data[i]) packed[i >> 3]! |= 1 << (i & 7);
      data = packed;
    }
    const p = page(
      {
        type: 'DATA_PAGE_V2',
        uncompressed_page_size: 0,
        compressed_page_size: 0,
        data_page_header_v2: {
          num_values: this.levels,
          num_nulls: this.levels - this.pageValues,
          num_rows: this.pageRows,
          encoding: dictPage ? 'RLE_DICTIONARY' : 'PLAIN',
          definition_levels_byte_length: defBytes,
          repetition_levels_byte_length: repBytes,
          is_compressed: true,
        },
      },
      levels,
      data,
    );
    this.pages.push(p.bytes);
    this.pagedBytes += p.bytes.length;
    this.uncompressed += p.uncompressed;
    this.numValues += this.levels;
    this.nulls += this.levels - this.pageValues;
    this.values.length = 0;
    this.levels = 0;
    this.pageValues = 0;
    this.pageRows = 0;
  }

  /** Closes the column chunk, to be written at `offset`; the builder is ready for the next. */
  finish(offset: number): { pages: Buffer[]; chunk: ColumnChunk } {
    this.closePage();
    const pages = this.pages;
    let dictionary_page_offset: bigint | undefined;
    const encodings: ('PLAIN' | 'RLE' | 'RLE_DICTIONARY')[] = ['PLAIN', 'RLE'];
    if (this.dictEntries > 0) {
      // The dictionary page comes first in the chunk, though it is known only at the end.
      const p = page(
        {
          type: 'DICTIONARY_PAGE',
          uncompressed_page_size: 0,
          compressed_page_size: 0,
          dictionary_page_header: { num_values: this.dictEntries, encoding: 'PLAIN' },
        },
        null,
        this.dictValues.buf.subarray(0, this.dictValues.length),
      );
      pages.unshift(p.bytes);
      this.pagedBytes += p.bytes.length;
      this.uncompressed += p.uncompressed;
      dictionary_page_offset = BigInt(offset);
      encodings.push('RLE_DICTIONARY');
    }
    const statistics: Statistics = { null_count: BigInt(this.nulls) };
    if (this.min !== undefined && this.max !== undefined && !this.repeated) {
      statistics.min_value = this.min;
      statistics.max_value = this.max;
    }
    const chunk: ColumnChunk = {
      file_offset: BigInt(offset),
      meta_data: {
        type: this.type,
        encodings,
        path_in_schema: this.path,
        codec: 'SNAPPY',
        num_values: BigInt(this.numValues),
        total_compressed_size: BigInt(this.pagedBytes),
        total_uncompressed_size: BigInt(this.uncompressed),
        data_page_offset: BigInt(
          offset + (dictionary_page_offset === undefined ? 0 : pages[0]!.length),
        ),
        dictionary_page_offset,
        statistics,
      },
    };
    this.pages = [];
    this.pagedBytes = 0;
    this.uncompressed = 0;
    this.numValues = 0;
    this.nonNull = 0;
    this.nulls = 0;
    this.min = this.max = undefined;
    this.statsOk = true;
    this.reset();
    return { pages, chunk };
  }
}
