// One memoised look-up per folded word must answer what the walk asked of the cue lists and
// the lexicon separately: negators, contrasts, intensifiers, diminishers, phrases, entries.
import { describe, expect, it } from 'vitest';
import { getLexicon } from '../../../src/nlp/lexicon/lexicon.ts';
import {
  CONTRAST_FIRST,
  NE,
  NE_NEGATOR,
  NEGATOR,
  PAS,
  QUE,
  SUPER_WORD,
  UN,
  wordInfo,
} from '../../../src/nlp/lexicon/word-info.ts';

describe('wordInfo', () => {
  const lex = getLexicon();
  it.each([
    ['pas', NEGATOR | PAS],
    ["n'", NEGATOR | NE],
    ['ne', NEGATOR | NE],
    ['plus', NE_NEGATOR],
    ['personne', NE_NEGATOR],
    ['mais', CONTRAST_FIRST],
    ['par', CONTRAST_FIRST],
    ["qu'", QUE],
    ['super', SUPER_WORD],
    ['un', UN],
    ['box', 0],
  ])('flags of %s', (word, flags) => {
    expect(wordInfo(lex, word).flags).toBe(flags);
  });

  it('carries intensifier and diminisher factors, 0 when none', () => {
    expect(wordInfo(lex, 'tres').intensifier).toBeGreaterThan(1);
    expect(wordInfo(lex, 'assez').diminisher).toBeLessThan(1);
    expect(wordInfo(lex, 'box').intensifier).toBe(0);
    expect(wordInfo(lex, 'box').diminisher).toBe(0);
  });

  it('finds lexicon words and phrases, and memoises the answer', () => {
    expect(wordInfo(lex, 'honteux').entry?.valence).toBeLessThan(0);
    expect(wordInfo(lex, 'en').phrases?.some((p) => p.term === 'en panne')).toBe(true);
    expect(wordInfo(lex, 'honteux')).toBe(wordInfo(lex, 'honteux'));
  });
});
