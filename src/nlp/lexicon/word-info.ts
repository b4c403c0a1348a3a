// Everything the polarity walk asks of one folded word, answered by one memoised look-up:
// is it a negator (alone, or after "ne"), a contrast's first word, "que", an intensifier or
// a diminisher, the first word of lexicon phrases, a lexicon word or stem. The walk used to
// probe five Sets and Maps per token; most words recur across posts, so one Map hit answers.

import type { Token } from '../tokens/tokens.ts';
import { CONTRASTS, DIMINISHERS, INTENSIFIERS, NE_NEGATORS, NEGATORS, SUPER } from './cues.ts';
import { bySecondToken, type LexEntry, type Lexicon, type Phrase, wordEntry } from './lexicon.ts';

/** Negator on its own ("pas", "jamais", "sans"). */
export const NEGATOR = 1;
/** Negator only after "ne" ("plus", "personne"). */
export const NE_NEGATOR = 2;
/** First word of a contrast marker ("mais", "par" of "par contre"). */
export const CONTRAST_FIRST = 4;
/** "que" / "qu'": "ne … que" restricts rather than negates. */
export const QUE = 8;
/** "ne" / "n'": the negators that make "plus" and "personne" negate. */
export const NE = 16;
/** "pas", which "du tout" may follow. */
export const PAS = 32;
/** "super": an intensifier before a sentiment word. */
export const SUPER_WORD = 64;
/** "un", which "peu" may follow. */
export const UN = 128;

export interface WordInfo {
  /** The flags above. */
  flags: number;
  /** Intensifier factor, 0 when none. */
  intensifier: number;
  /** Diminisher factor, 0 when none. */
  diminisher: number;
  /** Lexicon phrases starting with this word, longest first, or null. */
  phrases: readonly Phrase[] | null;
  /** The same phrases grouped by their second token (bySecondToken), or null. */
  phrasesBySecond: ReadonlyMap<string, readonly Phrase[]> | null;
  /** Word, else stem, entry (read for word tokens only), or null. */
  entry: LexEntry | null;
}

const CONTRAST_WORDS: ReadonlySet<string> = new Set(CONTRASTS.map((words) => words[0]!));
const MEMO_LIMIT = 100_000;

/** What the walk needs to know of `folded`, memoised on the lexicon. */
export function wordInfo(lex: Lexicon, folded: string): WordInfo {
  const hit = lex.info.get(folded);
  if (hit !== undefined) return hit;
  let flags = 0;
  if (NEGATORS.has(folded)) flags |= NEGATOR;
  if (NE_NEGATORS.has(folded)) flags |= NE_NEGATOR;
  if (CONTRAST_WORDS.has(folded)) flags |= CONTRAST_FIRST;
  if (folded === 'que' || folded === "qu'") flags |= QUE;
  if (folded === 'ne' || folded === "n'") flags |= NE;
  if (folded === 'pas') flags |= PAS;
  if (folded === SUPER) flags |= SUPER_WORD;
  if (folded === 'un') flags |= UN;
  const phrases = lex.phrases.get(folded) ?? null;
  const info: WordInfo = {
    flags,
    intensifier: INTENSIFIERS.get(folded) ?? 0,
    diminisher: DIMINISHERS.get(folded) ?? 0,
    phrases,
    phrasesBySecond: phrases === null ? null : bySecondToken(phrases),
    entry: wordEntry(lex, folded)?.entry ?? null,
  };
  if (lex.info.size >= MEMO_LIMIT) lex.info.clear();
  lex.info.set(folded, info);
  return info;
}

/** wordInfo() of a token's folded form, kept on its form (shared per distinct token). */
export function tokenInfo(lex: Lexicon, t: Token): WordInfo {
  const f = t.form;
  if (f.infoOwner === lex) return f.info as WordInfo;
  const info = wordInfo(lex, f.folded);
  f.infoOwner = lex;
  f.info = info;
  return info;
}
