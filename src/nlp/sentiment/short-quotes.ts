// Short quotes: praise in quotation marks is often irony (oh « bonheur », un "génial" service),
// so the polarity walk reverses a positive word found inside one.
import type { Token } from '../tokens/tokens.ts';

const QUOTES_OPEN = new Set(['«', '“']);
const QUOTES_CLOSE = new Set(['»', '”']);

// Most texts quote nothing: they share this empty table (reads past its end are undefined).
const NONE_QUOTED = new Uint8Array(0);

/** Token indices that sit inside a short quote (≤ 3 words): « bonheur », "génial". */
export function shortQuotes(tokens: readonly Token[]): Uint8Array {
  // Made on the first quote found: a typed array of a post's length lives off the V8 heap,
  // and allocating one per text cost ~1 µs.
  let inside = NONE_QUOTED;
  let open = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    const isOpen = QUOTES_OPEN.has(t.text) || (t.text === '"' && open < 0);
    const isClose = QUOTES_CLOSE.has(t.text) || (t.text === '"' && open >= 0);
    if (isClose && open >= 0) {
      let words = 0;
      for (let k = open + 1; k < i; k++) if (tokens[k]!.kind === 'word') words++;
      if (words > 0 && words <= 3) {
        if (inside === NONE_QUOTED) inside = new Uint8Array(tokens.length);
        inside.fill(1, open + 1, i);
      }
      open = -1;
    } else if (isOpen) open = i;
  }
  return inside;
}
