import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/nlp/text/sentences.ts';
import { tokenize } from '../../../src/nlp/tokens/tokens.ts';

const forms = (text: string) => tokenize(text).map((t) => t.folded);

describe('tokenize', () => {
  // French elision: the elided article or pronoun is a token of its own, offsets stay exact,
  // and curly apostrophes are read as straight ones.
  it.each([
    ["c'est l'enfer", ["c'", 'est', "l'", 'enfer']],
    ['c’est l’enfer', ["c'", 'est', "l'", 'enfer']],
    ["je n'ai qu'un jusqu'au bout", ['je', "n'", 'ai', "qu'", 'un', "jusqu'", 'au', 'bout']],
    ["aujourd'hui quelqu'un", ["aujourd'hui", "quelqu'un"]],
    ['peut-être rendez-vous', ['peut-etre', 'rendez-vous']],
  ])('%s', (text, expected) => {
    expect(forms(text)).toEqual(expected);
  });

  // Internet French: URLs, handles, hashtags, emoji, emoticons, punctuation runs, numbers.
  it('keeps the kinds a forum post mixes', () => {
    const kinds = tokenize('@SFR #panne 😡 :( https://sfr.fr/x 5e appel !!! ?!').map(
      (t) => `${t.kind}:${t.text}`,
    );
    expect(kinds).toEqual([
      'handle:@SFR',
      'hashtag:#panne',
      'emoji:😡',
      'emoticon::(',
      'url:https://sfr.fr/x',
      'number:5e',
      'word:appel',
      'punct:!!!',
      'punct:?!',
    ]);
  });

  it('gives offsets into the original text, curly apostrophes and all', () => {
    const text = 'Bon… l’enfer, NUUUUL';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  // Stretched letters are collapsed and flagged; capitals are flagged.
  it('flags stretched and shouted words', () => {
    const [a, b] = tokenize('nuuuul NUL');
    expect(a).toMatchObject({ folded: 'nul', stretched: true, caps: false });
    expect(b).toMatchObject({ folded: 'nul', stretched: false, caps: true });
  });

  // Slang expands into words that share the slang token's offsets.
  it.each([
    ['jsuis dégoûté', ['je', 'suis', 'degoute']],
    ['pk ça marche pas', ['pourquoi', 'ca', 'marche', 'pas']],
    ['c nul', ["c'", 'est', 'nul']],
    ['tjs bcp de pb', ['toujours', 'beaucoup', 'de', 'probleme']],
  ])('slang: %s', (text, expected) => {
    expect(forms(text)).toEqual(expected);
  });
});

describe('splitSentences', () => {
  // Line breaks end sentences (blog lists); "..." is a pause, not a stop.
  it('splits on stops and line breaks, not on ellipses', () => {
    const text = 'Le téléphone est ... défectueux. Pourquoi ?\n- Le rooming ne marche pas\nFin';
    const tokens = tokenize(text);
    const s = splitSentences(text, tokens).map((x) => text.slice(x.start, x.end));
    expect(s).toEqual([
      'Le téléphone est ... défectueux.',
      'Pourquoi ?',
      '- Le rooming ne marche pas',
      'Fin',
    ]);
    expect(splitSentences(text, tokens)[1]!.question).toBe(true);
  });
});

describe('the form memo', () => {
  it('gives the same tokens while it grows past 65,536 distinct forms and starts afresh', () => {
    const sample = "Ça ne marche plus depuis 3 semaines, c'est l'enfer chez @SFR #panne 😡";
    const before = JSON.stringify(tokenize(sample));
    // Letters-only words, all distinct: "baaa", "baab", …
    const word = (n: number) => {
      let w = '';
      for (let k = 0; k < 4; k++, n = Math.floor(n / 26)) w += String.fromCharCode(97 + (n % 26));
      return `b${w}`;
    };
    for (let chunk = 0; chunk < 80; chunk++) {
      const words = Array.from({ length: 1000 }, (_, i) => word(chunk * 1000 + i));
      const tokens = tokenize(words.join(' '));
      expect(tokens.map((t) => t.text)).toEqual(words);
      if (chunk % 20 === 0) expect(JSON.stringify(tokenize(sample))).toBe(before);
    }
    expect(JSON.stringify(tokenize(sample))).toBe(before);
  });
});
