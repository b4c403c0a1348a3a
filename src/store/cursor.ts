// Opaque keyset cursors: the last row's sort key and id, so a page boundary stays put while new
// rows arrive (an OFFSET would shift and repeat or skip rows).
import { InputError } from '../errors.ts';

export type SortKey = number | string;

export interface Cursor {
  sort: string;
  key: SortKey;
  id: string;
}

/** A cursor that this store did not make, or made for another sort order. */
export class CursorError extends InputError {
  override name = 'CursorError';
  readonly field = 'cursor';
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor for the same sort; anything else is an InputError. */
export function decodeCursor(text: string, sort: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor: not a cursor returned by this API');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    !(typeof parsed[1] === 'number' || typeof parsed[1] === 'string') ||
    typeof parsed[2] !== 'string'
  ) {
    throw new CursorError('cursor: not a cursor returned by this API');
  }
  if (parsed[0] !== sort) {
    throw new CursorError(`cursor: made for sort "${parsed[0]}", not "${sort}"`);
  }
  return { sort: parsed[0], key: parsed[1], id: parsed[2] };
}
