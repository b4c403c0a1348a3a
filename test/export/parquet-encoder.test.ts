// The streaming Parquet encoder on its own: what a reader finds in pages and row groups it
// closes by itself (many pages, byte-bounded row groups, nulls, bit-packed booleans, lists),
// read back with hyparquet and DuckDB.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field, FieldValue } from '../../src/export/fields.ts';
import { PAGE_BYTES, parquetEncoder } from '../../src/export/parquet.ts';

const field = (name: string, type: Field['type'], required = false): Field => ({
  name,
  type,
  required,
  description: name,
  column: 'post_id',
  get: () => null,
});

const FIELDS: Field[] = [
  field('id', 'string', true),
  field('seen', 'timestamp'),
  field('score', 'double'),
  field('flag', 'bool'),
  field('tags', 'list'),
  field('detail', 'json'),
  field('body', 'string', true),
  field('brand', 'string'),
];

const ROWS = 3000;
// Bodies of ~3 KiB: 3000 rows make ~9 MiB of text, several pages of PAGE_BYTES.
const body = (i: number) => `${i} é « ${'grogne '.repeat(450)}`;

function row(i: number): FieldValue[] {
  return [
    `p${String(i).padStart(5, '0')}`,
    i % 7 === 0 ? null : new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    i % 5 === 0 ? null : i / 10,
    i % 3 === 0 ? null : i % 2 === 0,
    i % 4 === 0 ? [] : i % 4 === 1 ? ['billing'] : ['billing', 'network'],
    i % 6 === 0 ? null : JSON.stringify({ value: i, reasons: ['x'] }),
    body(i),
    i % 9 === 0 ? null : ['sfr', 'orange', 'free'][i % 3]!,
  ];
}

function encode(opts: Parameters<typeof parquetEncoder>[1]): Buffer {
  const enc = parquetEncoder(FIELDS, opts);
  const out: Uint8Array[] = [];
  for (let i = 0; i < ROWS; i++) out.push(...enc.add(row(i)));
  out.push(...enc.end());
  return Buffer.concat(out);
}

const dir = mkdtempSync(join(tmpdir(), 'grogne-parquet-enc-'));
const file = join(dir, 'enc.parquet');
let bytes: Buffer;
let duck: DuckDBInstance;

beforeAll(async () => {
  bytes = encode({ rowGroupRows: 1000, metadata: { grogne: 'test' } });
  writeFileSync(file, bytes);
  duck = await DuckDBInstance.create(':memory:');
});
afterAll(() => duck.closeSync());

const arrayBuffer = (b: Buffer): ArrayBuffer => new Uint8Array(b).buffer;

describe('streaming parquet encoder', () => {
  it('reads back every value, nulls and empty lists included (hyparquet)', async () => {
    const got = (await parquetReadObjects({ file: arrayBuffer(bytes) })) as Record<
      string,
      unknown
    >[];
    expect(got).toHaveLength(ROWS);
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 999, 1000, 2999]) {
      const [id, at, score, flag, tags, detail, text, brand] = row(i);
      expect(got[i]).toEqual({
        id,
        seen: at === null ? null : new Date(at as string),
        score,
        flag,
        tags,
        detail: detail === null ? null : JSON.parse(detail as string),
        body: text,
        brand,
      });
    }
  });

  it('splits row groups by rows, and by bytes when rows are big', () => {
    const byRows = parquetMetadata(arrayBuffer(bytes));
    expect(byRows.row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 1000, 1000]);
    expect(byRows.key_value_metadata).toEqual([{ key: 'grogne', value: 'test' }]);
    const small = encode({ rowGroupRows: 1_000_000, rowGroupBytes: PAGE_BYTES / 2 });
    const bySize = parquetMetadata(arrayBuffer(small));
    expect(bySize.row_groups.length).toBeGreaterThan(2);
    expect(bySize.row_groups.reduce((n, g) => n + Number(g.num_rows), 0)).toBe(ROWS);
  });

  it('closes a page at PAGE_BYTES: a long text column spans several pages', () => {
    const meta = parquetMetadata(arrayBuffer(bytes));
    const bodyChunk = meta.row_groups[0]!.columns[6]!.meta_data!;
    // 1000 bodies of ~3 KiB: more than one page's worth.
    expect(Number(bodyChunk.total_uncompressed_size)).toBeGreaterThan(2 * PAGE_BYTES);
  });

  it('keeps exact bounds of short values, none of long texts, and null counts', () => {
    const meta = parquetMetadata(arrayBuffer(bytes));
    const cols = meta.row_groups[0]!.columns.map((c) => c.meta_data!);
    const [id, , score, , , , text] = cols;
    expect(cols.at(-1)!.statistics).toMatchObject({ min_value: 'free', max_value: 'sfr' });
    expect(id!.statistics).toMatchObject({ min_value: 'p00000', max_value: 'p00999' });
    expect(score!.statistics).toMatchObject({ min_value: 0.1, max_value: 99.9, null_count: 200n });
    expect(text!.statistics?.min_value).toBeUndefined();
  });

  it('dictionary-encodes repeated strings, falls back to PLAIN for unique or long ones', async () => {
    const enc = parquetEncoder([field('id', 'string', true), field('brand', 'string')]);
    const n = 30_000;
    const out: Uint8Array[] = [];
    const brand = (i: number) => (i % 4 === 0 ? null : `b${i % 3}`);
    for (let i = 0; i < n; i++) out.push(...enc.add([`id-${i}`, brand(i)]));
    out.push(...enc.end());
    const file = arrayBuffer(Buffer.concat(out));
    const [id, br] = parquetMetadata(file).row_groups[0]!.columns.map((c) => c.meta_data!);
    expect(br!.encodings).toContain('RLE_DICTIONARY');
    expect(br!.dictionary_page_offset).toBeDefined();
    // Unique ids: dictionary pages until the probe, PLAIN after.
    expect(id!.encodings).toEqual(expect.arrayContaining(['PLAIN', 'RLE_DICTIONARY']));
    const got = (await parquetReadObjects({ file })) as { id: string; brand: string | null }[];
    expect(got).toHaveLength(n);
    for (const i of [0, 1, 19_999, 20_000, 20_001, n - 1])
      expect(got[i]).toEqual({ id: `id-${i}`, brand: brand(i) });
    // Long bodies outgrow the dictionary within the first row group.
    const big = parquetMetadata(arrayBuffer(bytes)).row_groups[0]!.columns[6]!.meta_data!;
    expect(big.encodings).toEqual(expect.arrayContaining(['PLAIN', 'RLE_DICTIONARY']));
    const dictFile = join(dir, 'dict.parquet');
    writeFileSync(dictFile, Buffer.from(file));
    const conn = await duck.connect();
    try {
      const r = await conn.runAndReadAll(`SELECT count(DISTINCT id) AS ids, count(brand) AS brands,
        count(*) FILTER (WHERE brand = 'b2') AS b2 FROM read_parquet('${dictFile}')`);
      expect(r.getRowObjectsJson()[0]).toEqual({
        ids: String(n),
        brands: '22500',
        // i % 4 !== 0 and i % 3 === 2: a quarter of the thirds dropped.
        b2: '7500',
      });
    } finally {
      conn.closeSync();
    }
  });

  it('gives the same bytes for the same rows', () => {
    expect(encode({ rowGroupRows: 1000, metadata: { grogne: 'test' } }).equals(bytes)).toBe(true);
  });

  it('is read by DuckDB with its types and values', async () => {
    const conn = await duck.connect();
    try {
      const r = await conn.runAndReadAll(`
        SELECT count(*) AS n, count(seen) AS seen, count(score) AS score,
          count(*) FILTER (WHERE flag) AS yes, count(*) FILTER (WHERE NOT flag) AS no,
          sum(len(tags)) AS tags, count(detail) AS detail,
          max(detail->>'$.value') FILTER (WHERE id = 'p00001') AS v,
          min(length(body)) AS shortest
        FROM read_parquet('${file}')`);
      const expected = { at: 0, score: 0, yes: 0, no: 0, tags: 0, detail: 0 };
      for (let i = 0; i < ROWS; i++) {
        const [, at, score, flag, tags, detail] = row(i);
        if (at !== null) expected.at++;
        if (score !== null) expected.score++;
        if (flag === true) expected.yes++;
        if (flag === false) expected.no++;
        expected.tags += (tags as string[]).length;
        if (detail !== null) expected.detail++;
      }
      const [got] = r.getRowObjectsJson();
      expect(got).toMatchObject({
        n: String(ROWS),
        seen: String(expected.at),
        score: String(expected.score),
        yes: String(expected.yes),
        no: String(expected.no),
        tags: String(expected.tags),
        detail: String(expected.detail),
        v: '1',
      });
      expect(Number(got!.shortest)).toBe(body(0).length);
    } finally {
      conn.closeSync();
    }
  });
});
