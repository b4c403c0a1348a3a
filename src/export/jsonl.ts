// JSON Lines: one object per row, keys in field order, "\n" after each. JSON fields are
// embedded as values (not strings), so `jq '.severityDetail.components'` works.
import type { Field, FieldValue } from './fields.ts';

export function jsonLine(fields: readonly Field[], values: readonly FieldValue[]): string {
  let out = '{';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = values[i]!;
    if (i > 0) out += ',';
    out += JSON.stringify(f.name);
    out += ':';
    // Stored JSON was written by JSON.stringify: valid, compact, and the same bytes each run.
    out += f.type === 'json' ? (v === null ? 'null' : (v as string)) : JSON.stringify(v);
  }
  return `${out}}\n`;
}
