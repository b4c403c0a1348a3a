import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { csvCell, guardFormula, quote } from '../../src/export/csv.ts';
import { FIELDS } from '../../src/export/fields.ts';
import { exportChunks } from '../../src/export/stream.ts';
import { IDS, seedDb } from './seed.ts';

const field = (name: string) => FIELDS.find((f) => f.name === name)!;

describe('csv cells', () => {
  // What a spreadsheet would run as a formula gets an apostrophe; nothing else changes.
  const guarded: [string, string][] = [
    ['=1+1', "'=1+1"],
    ['+33 6 12', "'+33 6 12"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['SFR = enfer', 'SFR = enfer'],
    ['', ''],
  ];
  it.each(guarded)('guards %j as %j', (input, want) => {
    expect(guardFormula(input)).toBe(want);
  });

  // RFC 4180: quote when a comma, quote, CR or LF is inside; double the quotes.
  const quoted: [string, string][] = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['il a dit "non"', '"il a dit ""non"""'],
    ['deux\nlignes', '"deux\nlignes"'],
    ['cr\r', '"cr\r"'],
  ];
  it.each(quoted)('quotes %j as %j', (input, want) => {
    expect(quote(input)).toBe(want);
  });

  it('leaves numbers, booleans, lists and JSON unguarded', () => {
    expect(csvCell(field('sentimentScore'), -0.5)).toBe('-0.5');
    expect(csvCell(field('complaint'), true)).toBe('true');
    expect(csvCell(field('categories'), ['billing'])).toBe('"[""billing""]"');
    expect(csvCell(field('title'), null)).toBe('');
    expect(csvCell(field('title'), '-moins')).toBe("'-moins");
  });
});

describe('csv file', () => {
  function csv(bom = false) {
    const { chunks } = exportChunks({
      db: seedDb(),
      format: 'csv',
      filter: {},
      secret: 'a-test-secret-of-some-length',
      bom,
    });
    return Buffer.concat([...chunks].flat());
  }

  it('ends every record with CRLF and starts with a BOM only when asked', () => {
    const plain = csv();
    expect(plain[0]).not.toBe(0xef);
    const withBom = csv(true);
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const s = plain.toString('utf8');
    expect(s.endsWith('\r\n')).toBe(true);
    expect(s.split('\r\n')[0]!.startsWith('postId,sourceId,url,')).toBe(true);
  });

  it('reads back with an independent CSV reader (DuckDB), accents and line breaks intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-csv-'));
    const file = join(dir, 'x.csv');
    writeFileSync(file, csv(true));
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    try {
      const r = await conn.runAndReadAll(
        `SELECT postId, brand, title, text, severityDetail FROM read_csv('${file}', header = true, all_varchar = true) ORDER BY postId, brand NULLS FIRST`,
      );
      const rows = r.getRowObjectsJson();
      expect(rows).toHaveLength(5);
      const enfer = rows.find((x) => x.postId === IDS.enfer)!;
      expect(enfer.text).toBe(
        'Téléphone défectueux, pas de SMS, facture "salée", bref:\nSFR c’est l’enfer !',
      );
      expect(JSON.parse(enfer.severityDetail as string).value).toBeGreaterThan(0);
      const formula = rows.find((x) => x.postId === IDS.formula)!;
      expect(formula.title).toBe('\'=HYPERLINK("http://evil")');
    } finally {
      conn.closeSync();
      duck.closeSync();
    }
  });
});
