// fold.ts gives the text forms the analysis matches on. prepare() and flatten() keep the
// length of their input, unit for unit, so that an offset found in a derived form is an offset
// into the text: evidence spans rely on it.
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/nlp/model/random.ts';
import { flatten, fold, prepare } from '../../../src/nlp/text/fold.ts';

describe('prepare', () => {
  // Curly and modifier apostrophes, and the odd spaces of French typography.
  it.each([
    ['c’est l’enfer', "c'est l'enfer"],
    ['l‘ʼ′´`', "l'''''"],
    ['SFR\u00A0: panne\u202F!', 'SFR : panne !'],
    ['«\u2009oui\u200A»\u2007', '« oui » '],
    ['rien à signaler', 'rien à signaler'],
    ['', ''],
  ])('%j → %j, same length', (text, want) => {
    expect(prepare(text)).toBe(want);
    expect(prepare(text).length).toBe(text.length);
  });
});

describe('flatten', () => {
  // Lower case, no diacritics; œ and æ keep their one unit; letters past Latin Extended-B
  // and letters whose lower case is longer (İ) stay as they are.
  it.each([
    ['ÉTÉ Déçu ÇA', 'ete decu ca'],
    ['Œuvre cœur Æ', 'œuvre cœur æ'],
    ['ß ẞ İ', 'ß ẞ İ'],
    ['Ωmega 😡 l’enfer', 'Ωmega 😡 l’enfer'],
    ['', ''],
  ])('%j → %j', (text, want) => {
    expect(flatten(text)).toBe(want);
  });
});

describe('fold', () => {
  // The key of a word as a list writes it: NFC first (a decomposed accent folds like a
  // composed one), apostrophes, then flatten. Not length-preserving: keys are not offsets.
  it.each([
    ['Déçu', 'decu'],
    ['e\u0301te\u0301', 'ete'],
    ['C’EST L’ENFER', "c'est l'enfer"],
    ['Œuvre', 'œuvre'],
    ['arnaqu*', 'arnaqu*'],
  ])('%j → %j', (word, want) => {
    expect(fold(word)).toBe(want);
  });
});

// prepare() and flatten() map unit by unit through a table: they must give what their
// definitions (a replace of the odd apostrophes and spaces; a replace of each capital or
// accented letter by its folded unit) give, on every unit, lone surrogates included.
describe('prepare and flatten against their definitions', () => {
  // A letter whose lower case is two units (İ → i + combining dot) is left as it is.
  const foldDefinition = (text: string) =>
    text.replace(/[A-Z\u00C0-\u024F]/g, (c) => {
      const lower = c.toLowerCase();
      if (lower.length !== 1) return c;
      const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
      return base.length === 1 ? base : lower;
    });
  const prepareDefinition = (text: string) =>
    text
      .replace(/[\u2018\u2019\u02BC\u2032\u00B4`]/g, "'")
      .replace(/[\u00A0\u202F\u2007\u2009\u200A]/g, ' ');

  // Failures are listed by code unit: a 65,536-unit string in a diff says nothing.
  it('maps every BMP unit to one unit, as the definitions do', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const unit = String.fromCharCode(c);
      if (prepare(unit).length !== 1) wrong.push(`prepare length ${c.toString(16)}`);
      if (flatten(unit).length !== 1) wrong.push(`flatten length ${c.toString(16)}`);
      if (prepare(unit) !== prepareDefinition(unit)) wrong.push(`prepare ${c.toString(16)}`);
      if (flatten(unit) !== foldDefinition(unit)) wrong.push(`flatten ${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
    // All of them in one string: the same, unit for unit (no unit is read with its neighbour).
    const all: string[] = [];
    for (let c = 0; c < 0x10000; c++) all.push(String.fromCharCode(c));
    const text = all.join('');
    expect(flatten(text) === foldDefinition(text)).toBe(true);
    expect(prepare(text) === prepareDefinition(text)).toBe(true);
    expect(flatten(prepare(text)).length).toBe(text.length);
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
      expect(flatten(prepare(text)).length).toBe(text.length);
    }
  });
});
