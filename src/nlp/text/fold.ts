// Length-preserving text forms. Each function returns a string as long as its input, so that
// an offset found in a derived form is an offset into the text the caller gave: evidence spans
// never need a mapping table.
//
// NFC is not applied to the whole text for that reason (it can shorten it); ingest hands NFC
// text over, and a decomposed accent left here only costs a missed lexicon match.

// Curly and modifier apostrophes, the backtick and the acute accent typed as apostrophes.
const APOSTROPHES = /[\u2018\u2019\u02BC\u2032\u00B4`]/g;
// French typography puts a (narrow) no-break space before ! ? : ; and inside « ».
const SPACES = /[\u00A0\u202F\u2007\u2009\u200A]/g;

/** Apostrophes to ', odd spaces to ' '. Same length as the input. */
export function prepare(text: string): string {
  return text.replace(APOSTROPHES, "'").replace(SPACES, ' ');
}

// One UTF-16 unit in, one out: lower case, diacritics removed, for Latin-1 and Latin
// Extended-A/B (all of written French). A constant table, built once at load.
const TABLE_SIZE = 0x250;
const FOLD_TABLE: readonly string[] = Array.from({ length: TABLE_SIZE }, (_, c) => {
  const ch = String.fromCharCode(c);
  const lower = ch.toLowerCase();
  if (lower.length !== 1) return ch;
  const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
  // œ and æ keep their one unit (the lexicon spells "cœur" so).
  return base.length === 1 ? base : lower;
});

const NEEDS_FOLD = /[A-Z\u00C0-\u024F]/g;
const foldUnit = (c: string) => FOLD_TABLE[c.charCodeAt(0)]!;

/** Lower case, no diacritics, unit for unit (same length, same offsets). */
export function flatten(text: string): string {
  return text.replace(NEEDS_FOLD, foldUnit);
}

/** The folded key of a word or phrase as written in a list: NFC, apostrophes, flattened. */
export function fold(word: string): string {
  return flatten(prepare(word.normalize('NFC')));
}
