// CSV per RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF,
// quotes doubled inside. UTF-8, with an optional BOM so that Excel reads the accents right.
import type { Field, FieldValue } from './fields.ts';

export const BOM = '\uFEFF';

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection,
// OWASP): a forum post beginning "=HYPERLINK(…)" must stay text. The leading apostrophe is
// what spreadsheets themselves use to mean "this is text". Only text cells are guarded:
// numbers we write ("-0.5") are numbers, and guarding them would make them text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One cell: null is empty, booleans are true/false, lists and JSON are JSON text. */
export function csvCell(field: Field, v: FieldValue): string {
  if (v === null) return '';
  switch (field.type) {
    case 'double':
      return String(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'list':
      return quote(JSON.stringify(v));
    case 'json':
      // JSON text starts with { [ or n: no formula guard needed, and none applied, so it parses.
      return quote(v as string);
    default:
      return quote(guardFormula(v as string));
  }
}

export function csvHeader(fields: readonly Field[]): string {
  return `${fields.map((f) => quote(f.name)).join(',')}\r\n`;
}

export function csvLine(fields: readonly Field[], values: readonly FieldValue[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ',';
    out += csvCell(fields[i]!, values[i]!);
  }
  return `${out}\r\n`;
}
