// Row → text for CSV and JSON Lines, compiled once per export from the field list: each
// field becomes one small function that reads its stored column and writes the cell. No value
// array, no parsed lists or JSON documents per row: stored JSON (lists, explanations,
// evidence) was written by JSON.stringify, so its text is already what both formats want.
// The output is byte for byte what csvLine and jsonLine give for the same row.
import type { ExportRecord } from '../store/export.ts';
import { guardFormula, quote } from './csv.ts';
import type { Field } from './fields.ts';
import type { Privacy } from './pseudonym.ts';

export type LineWriter = (r: ExportRecord) => string;

type Cell = (r: ExportRecord) => string;

function csvCellOf(f: Field, privacy: Privacy): Cell {
  const col = f.column;
  if (f.name === 'author') {
    return (r) => {
      const a = privacy.author(r.author);
      return a === null ? '' : quote(guardFormula(a));
    };
  }
  if (f.name === 'url') {
    return (r) => {
      const u = privacy.url(r.url, r.author);
      return u === null ? '' : quote(guardFormula(u));
    };
  }
  switch (f.type) {
    case 'double':
      return (r) => {
        const v = r[col];
        return v === null ? '' : String(v);
      };
    case 'bool':
      return (r) => {
        const v = r[col];
        return v === null ? '' : v === 1 ? 'true' : 'false';
      };
    case 'list':
      // An absent list is written empty, as fields.ts reads it.
      return (r) => quote((r[col] as string | null) ?? '[]');
    case 'json':
      // JSON text starts with { [ or n: no formula guard needed, and none applied, so it parses.
      return (r) => {
        const v = r[col] as string | null;
        return v === null ? '' : quote(v);
      };
    default:
      return (r) => {
        const v = r[col] as string | null;
        return v === null ? '' : quote(guardFormula(v));
      };
  }
}

function jsonValueOf(f: Field, privacy: Privacy): Cell {
  const col = f.column;
  if (f.name === 'author') return (r) => JSON.stringify(privacy.author(r.author));
  if (f.name === 'url') return (r) => JSON.stringify(privacy.url(r.url, r.author));
  switch (f.type) {
    case 'bool':
      return (r) => {
        const v = r[col];
        return v === null ? 'null' : v === 1 ? 'true' : 'false';
      };
    case 'list':
      return (r) => (r[col] as string | null) ?? '[]';
    case 'json':
      return (r) => (r[col] as string | null) ?? 'null';
    default:
      // Strings and numbers (a NaN or an infinity would be null, as in JSON.stringify).
      return (r) => JSON.stringify(r[col]);
  }
}

export function csvWriter(fields: readonly Field[], privacy: Privacy): LineWriter {
  const cells = fields.map((f) => csvCellOf(f, privacy));
  const n = cells.length;
  if (n === 0) return () => '\r\n';
  return (r) => {
    let out = cells[0]!(r);
    for (let i = 1; i < n; i++) out += `,${cells[i]!(r)}`;
    return `${out}\r\n`;
  };
}

export function jsonlWriter(fields: readonly Field[], privacy: Privacy): LineWriter {
  const keys = fields.map((f, i) => `${i > 0 ? ',' : '{'}${JSON.stringify(f.name)}:`);
  const values = fields.map((f) => jsonValueOf(f, privacy));
  const n = values.length;
  if (n === 0) return () => '{}\n';
  return (r) => {
    let out = '';
    for (let i = 0; i < n; i++) out += keys[i]! + values[i]!(r);
    return `${out}}\n`;
  };
}
