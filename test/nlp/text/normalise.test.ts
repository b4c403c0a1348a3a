// prepare() remembers the last texts it prepared: the answer must not depend on that memory.
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/nlp/model/model.ts';
import { flatten, prepare } from '../../../src/nlp/text/normalise.ts';

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

// prepare() and flatten() map unit by unit through tables and one decode: they must give what
// their definitions (a replace of the odd apostrophes and spaces; a replace of each capital
// or accented letter by its folded unit) give, on every unit, lone surrogates included.
describe('prepare and flatten against their definitions', () => {
  const FOLD_TABLE = 0x250;
  const foldDefinition = (text: string) =>
    text.replace(/[A-Z\u00C0-\u024F]/g, (c) => {
      let lower = c.toLowerCase();
      if (lower.length !== 1) lower = c;
      const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
      return base.length === 1 ? base : lower;
    });
  const prepareDefinition = (text: string) =>
    text
      .replace(/[\u2018\u2019\u02BC\u2032\u00B4`]/g, "'")
      .replace(/[\u00A0\u202F\u2007\u2009\u200A]/g, ' ');

  it('maps every UTF-16 unit as the definitions do', () => {
    const all: string[] = [];
    for (let c = 0; c < 0x10000; c++) all.push(String.fromCharCode(c));
    const text = all.join('');
    expect(flatten(text)).toBe(foldDefinition(text));
    expect(prepare(text)).toBe(prepareDefinition(text));
    expect(flatten(text.slice(0, FOLD_TABLE))).toBe(foldDefinition(text.slice(0, FOLD_TABLE)));
  });

  it('agrees on random mixes of Latin-1, accents, odd spaces, emoji and lone surrogates', () => {
    const random = prng(3);
    const pieces = [
      'a',
      'É',
      'ç',
      'Œ',
      'ß',
      'İ',
      '’',
      '\u00a0',
      '\u202f',
      '😡',
      '\ud83d',
      '\ude21',
      ' ',
      "l'",
      'SFR',
    ];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const k = Math.floor(random() * 40);
      for (let i = 0; i < k; i++) text += pieces[Math.floor(random() * pieces.length)]!;
      expect(flatten(text)).toBe(foldDefinition(text));
      expect(prepare(text)).toBe(prepareDefinition(text));
    }
  });
});
