// Labelled files are JSON Lines: one object a line, blank lines skipped. A file that cannot be
// read, a line that is not JSON, a record of the wrong shape: an InputError naming the file
// and the line, so that `grogne eval` exits 2 with one line.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';

/** Each line's object through `parse` (given "path:line" for its messages); none is an error. */
export function readJsonLines<T>(path: string, parse: (obj: unknown, where: string) => T): T[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  const out: T[] = [];
  for (const [i, line] of raw.split('\n').entries()) {
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new InputError(`${path}:${i + 1}: not valid JSON`);
    }
    out.push(parse(obj, `${path}:${i + 1}`));
  }
  if (out.length === 0) throw new InputError(`${path}: no rows`);
  return out;
}
