import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToFile } from '../../src/export/file.ts';
import { IDS, seedDb } from './seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'grogne-parquet-'));
const file = join(dir, 'posts.parquet');
let duck: DuckDBInstance;

beforeAll(async () => {
  // Row groups of 2 rows, so that the 5 rows span three of them, as a big export would.
  await exportToFile({
    db: seedDb(),
    format: 'parquet',
    filter: {},
    secret: 'a-test-secret-of-some-length',
    out: file,
    rowGroupRows: 2,
    pageSize: 1,
    now: () => new Date('2024-06-01T00:00:00Z'),
  });
  duck = await DuckDBInstance.create(':memory:');
});
afterAll(() => duck.closeSync());

describe('parquet read back with hyparquet', () => {
  it('has every row, in row groups, with typed values', async () => {
    const buf = readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
    const meta = parquetMetadata(ab);
    expect(Number(meta.num_rows)).toBe(5);
    expect(meta.row_groups.length).toBe(3);
    const rows = (await parquetReadObjects({ file: ab })) as Record<string, unknown>[];
    const enfer = rows.find((r) => r.postId === IDS.enfer)!;
    expect(enfer.text).toBe(
      'Téléphone défectueux, pas de SMS, facture "salée", bref:\nSFR c’est l’enfer !',
    );
    expect(enfer.publishedAt).toEqual(new Date('2024-05-09T10:00:00.000Z'));
    expect(enfer.categories).toEqual(['billing', 'network']);
    expect(enfer.complaint).toBe(true);
    expect(typeof enfer.severity).toBe('number');
    const none = rows.find((r) => r.postId === IDS.none)!;
    expect(none.brand).toBeNull();
    expect(none.categories).toEqual([]);
  });
});

describe('parquet read back with DuckDB', () => {
  it('sees the declared types', async () => {
    const conn = await duck.connect();
    try {
      const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
      const types = Object.fromEntries(
        r.getRowObjectsJson().map((x) => [x.column_name as string, x.column_type as string]),
      );
      expect(types.publishedAt).toMatch(/^TIMESTAMP/);
      expect(types.fetchedAt).toMatch(/^TIMESTAMP/);
      expect(types.severity).toBe('DOUBLE');
      expect(types.complaint).toBe('BOOLEAN');
      expect(types.categories).toBe('VARCHAR[]');
      expect(types.text).toBe('VARCHAR');
    } finally {
      conn.closeSync();
    }
  });

  it('counts the rows and reads values, French accents intact', async () => {
    const conn = await duck.connect();
    try {
      const r = await conn.runAndReadAll(`
        SELECT count(*) AS n,
          count(*) FILTER (WHERE brand = 'sfr') AS sfr,
          max(CASE WHEN postId = '${IDS.enfer}' THEN title END) AS title,
          max(CASE WHEN postId = '${IDS.enfer}' THEN epoch_ms(publishedAt) END) AS published,
          max(CASE WHEN postId = '${IDS.enfer}' THEN len(categories) END) AS ncat,
          max(CASE WHEN postId = '${IDS.enfer}' THEN severityDetail->>'$.version' END) AS version
        FROM read_parquet('${file}')`);
      const [row] = r.getRowObjectsJson();
      expect(row).toMatchObject({
        n: '5',
        sfr: '2',
        title: 'SFR, « c’est l’enfer » !',
        ncat: '2',
      });
      expect(Number(row!.published)).toBe(Date.parse('2024-05-09T10:00:00.000Z'));
      expect(String(row!.version)).toMatch(/score-/);
    } finally {
      conn.closeSync();
    }
  });
});
