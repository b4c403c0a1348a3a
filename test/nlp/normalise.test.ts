// prepare() remembers the last texts it prepared: the answer must not depend on that memory.
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/nlp/normalise.ts';

describe('prepare', () => {
  it.each([
    ['c’est l’enfer', "c'est l'enfer"],
    ['SFR\u00A0: panne\u202F!', 'SFR : panne !'],
    ['rien à signaler', 'rien à signaler'],
    ['', ''],
  ])('%j → %j, same length, also when asked again', (text, want) => {
    for (let i = 0; i < 3; i++) {
      expect(prepare(text)).toBe(want);
      expect(prepare(`${text}x`)).toBe(`${want}x`);
    }
    expect(prepare(text).length).toBe(text.length);
  });
});
