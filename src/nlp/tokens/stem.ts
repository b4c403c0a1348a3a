// natural's French Porter (Snowball) stemmer, behind one adapter. The module file is loaded
// directly: `import 'natural'` prints to stdout and loads databases we do not need.
import { createRequire } from 'node:module';

interface Stemmer {
  stem(word: string): string;
}

const require = createRequire(import.meta.url);
let stemmer: Stemmer | null = null;
// Stemming is the costliest per-word step and the vocabulary of complaints is small: memoise.
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** French stem of a lower-case word ("défectueux" → "défectu"). */
export function stem(word: string): string {
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  stemmer ??= require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as Stemmer;
  const s = stemmer.stem(word);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, s);
  return s;
}
