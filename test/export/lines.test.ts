// The compiled line writers must write exactly what the field-by-field encoders (csvLine,
// jsonLine over each field's `get`) write: same cells, same quoting, same formula guard, same
// nulls, for every row of a store built to hold the hard cases (seed.ts).
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/export/csv.ts';
import { FIELDS, selectFields } from '../../src/export/fields.ts';
import { jsonLine } from '../../src/export/jsonl.ts';
import { csvWriter, jsonlWriter } from '../../src/export/lines.ts';
import { pseudonymPrivacy } from '../../src/export/pseudonym.ts';
import { exportPages } from '../../src/store/export.ts';
import { seedDb } from './seed.ts';

const rows = [...exportPages(seedDb(), {})].flat();
const author = pseudonymPrivacy('a-test-secret-a-test-secret');

describe('compiled line writers', () => {
  it('cover rows with accents, quotes, line breaks, a formula, nulls and no brand', () => {
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.some((r) => r.brand_id === null)).toBe(true);
    expect(rows.some((r) => r.author === null)).toBe(true);
  });

  const fieldSets = [
    ['every field', FIELDS],
    ['a few, reordered', selectFields('text,postId,brand,categories,severityDetail,target')],
    ['a single field', selectFields('author')],
  ] as const;

  it.each(fieldSets)('CSV: %s, byte for byte', (_name, fields) => {
    const line = csvWriter(fields, author);
    for (const r of rows) {
      expect(line(r)).toBe(
        csvLine(
          fields,
          fields.map((f) => f.get(r, author)),
        ),
      );
    }
  });

  it.each(fieldSets)('JSON Lines: %s, byte for byte', (_name, fields) => {
    const line = jsonlWriter(fields, author);
    for (const r of rows) {
      expect(line(r)).toBe(
        jsonLine(
          fields,
          fields.map((f) => f.get(r, author)),
        ),
      );
      expect(() => JSON.parse(line(r))).not.toThrow();
    }
  });

  it('neutralises text cells that start like a formula', () => {
    const line = csvWriter(selectFields('title,text'), author);
    const formula = rows.find((r) => r.title?.startsWith('='));
    expect(formula).toBeDefined();
    // The title holds a quote, so the guarded cell is quoted too.
    expect(line(formula!)).toBe(
      `"'=HYPERLINK(""http://evil"")",'+33 6 12 34 56 78 ne répond pas\r\n`,
    );
  });
});
