// The words of a text as the search index sees them: lower case, accents removed, split where
// SQLite's unicode61 tokenizer splits (anything that is not a letter or a digit). Both sides of
// a search, the posts indexed and the query typed, go through these functions, so that
// "Résilié", "resilie" and "RÉSILIÉ" are one word.
//
// A copy of the idea of src/nlp/text/fold.ts, not an import of it: that one keeps offsets
// (one unit in, one out) for evidence spans, and the store must not depend on the analysis.

const MARKS = /\p{M}/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case, no diacritics (as FTS5's `remove_diacritics 2`). May change the length. */
export function foldWord(s: string): string {
  return s.normalize('NFD').replace(MARKS, '').toLowerCase().normalize('NFC');
}

/** The folded words of `text`, in order. */
export function searchWords(text: string): string[] {
  return foldWord(text).match(WORD) ?? [];
}
