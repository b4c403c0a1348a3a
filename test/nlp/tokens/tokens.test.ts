import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/nlp/model/random.ts';
import { fold, prepare } from '../../../src/nlp/text/fold.ts';
import { splitSentences } from '../../../src/nlp/text/sentences.ts';
import { SLANG } from '../../../src/nlp/tokens/slang.ts';
import { scanTokens, shouts, TOKEN_RE, tokenize } from '../../../src/nlp/tokens/tokenize.ts';
import { readPosts } from '../../../src/train/posts.ts';

const forms = (text: string) => tokenize(text).map((t) => t.folded);
const kinds = (text: string) => tokenize(text).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  // French elision: the elided article or pronoun is a token of its own, offsets stay exact,
  // and curly apostrophes are read as straight ones.
  it.each([
    ["c'est l'enfer", ["c'", 'est', "l'", 'enfer']],
    ['c’est l’enfer', ["c'", 'est', "l'", 'enfer']],
    ["je n'ai qu'un jusqu'au bout", ['je', "n'", 'ai', "qu'", 'un', "jusqu'", 'au', 'bout']],
    ["lorsqu'il puisqu'on qu'elle", ["lorsqu'", 'il', "puisqu'", 'on', "qu'", 'elle']],
    // A few words hold their apostrophe.
    ["aujourd'hui quelqu'un", ["aujourd'hui", "quelqu'un"]],
    ['presqu’île prud’hommes', ["presqu'ile", "prud'hommes"]],
  ])('%s', (text, expected) => {
    expect(forms(text)).toEqual(expected);
  });

  // Hyphens: imperatives and inversions glue a pronoun on ("remboursez-moi", "peut-on"), and
  // the verb is the word the lexicon knows, so the pronoun is split off with its own offsets.
  // Compounds stay whole, and so do the nouns that look like such a pair ("rendez-vous").
  it.each([
    ['remboursez-moi', ['remboursez', 'moi']],
    ['Remboursez-moi', ['remboursez', 'moi']],
    ['peut-on', ['peut', 'on']],
    ['dites-le', ['dites', 'le']],
    ['dit-il', ['dit', 'il']],
    ['vas-y', ['vas', 'y']],
    ['donnez-leur', ['donnez', 'leur']],
    ['est-ce que', ['est', 'ce', 'que']],
    ['rendez-vous', ['rendez-vous']],
    ['Rendez-Vous', ['rendez-vous']],
    ['chez-moi', ['chez-moi']],
    ['peut-être', ['peut-etre']],
    ['là-bas sud-ouest arc-en-ciel', ['la-bas', 'sud-ouest', 'arc-en-ciel']],
  ])('clitic: %s', (text, expected) => {
    expect(forms(text)).toEqual(expected);
  });

  it('gives a split pronoun the offsets of its letters', () => {
    const text = 'Remboursez-moi, peut-on ?';
    const words = tokenize(text).filter((t) => t.kind === 'word');
    expect(words.map((t) => t.text)).toEqual(['Remboursez', 'moi', 'peut', 'on']);
    for (const t of words) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  // A shouted imperative is split as a written one: the lexicon sees the verb.
  it('clitic in capitals: REMBOURSEZ-MOI, PEUT-ON', () => {
    expect(forms('REMBOURSEZ-MOI PEUT-ON')).toEqual(['remboursez', 'moi', 'peut', 'on']);
  });

  // The euphonic t of an inversion goes with the pronoun: "y a-t-il".
  it('clitic with the euphonic t: a-t-il', () => {
    expect(forms('y a-t-il')).toEqual(['y', 'a', 'il']);
  });

  // Internet French: URLs, handles, hashtags, emoji, emoticons, punctuation runs, numbers.
  it('keeps the kinds a forum post mixes', () => {
    expect(kinds('@SFR #panne 😡 :( https://sfr.fr/x 5e appel !!! ?!')).toEqual([
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

  // Emoji with skin tones and ZWJ sequences are one token; ellipses are one token.
  it.each([
    ['👍🏽 🤦‍♂️', ['emoji:👍🏽', 'emoji:🤦‍♂️']],
    [':-) <3 ^^', ['emoticon::-)', 'emoticon:<3', 'emoticon:^^']],
    ['bon… ... ?!?!', ['word:bon', 'punct:…', 'punct:...', 'punct:?!?!']],
    [
      '1,5 3ème 1er 24/24',
      ['number:1,5', 'number:3ème', 'number:1er', 'number:24', 'punct:/', 'number:24'],
    ],
    ['www.sfr.fr #Free2024', ['url:www.sfr.fr', 'hashtag:#Free2024']],
  ])('kinds: %s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  // A number keeps its unit glued on: durations and networks are complaint words.
  it.each([['coupure de 48h'], ['pas de 4G'], ['attente de 10min']])(
    'numbers glued to a unit keep their digits: %s',
    (text) => {
      const tokens = tokenize(text);
      expect(tokens.filter((t) => t.kind === 'punct')).toEqual([]);
    },
  );

  it('gives offsets into the original text, curly apostrophes and all', () => {
    const text = 'Bon… l’enfer, NUUUUL, remboursez-moi « vite » 😡 jsuis @SFR';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  // Stretched letters are collapsed and flagged; capitals are flagged.
  it('flags stretched and shouted words', () => {
    const [a, b, c] = tokenize('nuuuul NUL Nul');
    expect(a).toMatchObject({ folded: 'nul', stretched: true, caps: false });
    expect(b).toMatchObject({ folded: 'nul', stretched: false, caps: true });
    expect(c).toMatchObject({ folded: 'nul', stretched: false, caps: false });
  });

  // Slang expands into words that share the slang token's offsets.
  it.each([
    ['jsuis dégoûté', ['je', 'suis', 'degoute']],
    ['pk ça marche pas', ['pourquoi', 'ca', 'marche', 'pas']],
    ['c nul', ["c'", 'est', 'nul']],
    ['tjs bcp de pb', ['toujours', 'beaucoup', 'de', 'probleme']],
    // The new entries: SMS French as it is typed in complaints.
    ['jsp', ['je', 'sais', 'pas']],
    ['g pa de reso', ['g', 'pas', 'de', 'reseau']],
    ['ya pa de reso', ['il', 'y', 'a', 'pas', 'de', 'reseau']],
    ['pr rien', ['pour', 'rien']],
    ['ct nul', ["c'", 'etait', 'nul']],
    [
      'jsui dégouté g pa de reso depui hier',
      ['je', 'suis', 'degoute', 'g', 'pas', 'de', 'reseau', 'depuis', 'hier'],
    ],
    // Only a lone lower-case "c" before a word is "c'est"; the capital is the letter.
    ['C nul', ['c', 'nul']],
  ])('slang: %s', (text, expected) => {
    expect(forms(text)).toEqual(expected);
  });

  it('marks slang expansions and gives them the source offsets', () => {
    const tokens = tokenize('ct pa');
    expect(tokens.map((t) => [t.kind, t.folded, t.text, t.start, t.end, t.slang])).toEqual([
      ['elision', "c'", 'ct', 0, 2, true],
      ['word', 'etait', 'ct', 0, 2, true],
      ['word', 'pas', 'pa', 3, 5, true],
    ]);
  });

  // Every entry of the slang table expands as listed, in any case, with the entry's offsets.
  const expandsAsListed = (slang: string, words: readonly string[]) => {
    const expected = words.map(fold);
    expect(forms(slang)).toEqual(expected);
    expect(forms(slang.toUpperCase())).toEqual(expected);
    for (const t of tokenize(slang)) {
      expect(t).toMatchObject({ start: 0, end: slang.length, slang: true });
    }
  };
  // Entries that a word token can never be: the tokenizer's words are letters only.
  it.each([...SLANG.entries()])('slang table: %s', expandsAsListed);

  it('gives the same tokens whatever was tokenized before', () => {
    const sample = "Ça ne marche plus depuis 3 semaines, c'est l'enfer chez @SFR #panne 😡";
    const before = JSON.stringify(tokenize(sample));
    // Letters-only words, all distinct: "baaaa", "baaab", …
    const word = (n: number) => {
      let w = '';
      for (let k = 0; k < 4; k++, n = Math.floor(n / 26)) w += String.fromCharCode(97 + (n % 26));
      return `b${w}`;
    };
    for (let chunk = 0; chunk < 20; chunk++) {
      const words = Array.from({ length: 1000 }, (_, i) => word(chunk * 1000 + i));
      expect(tokenize(words.join(' ')).map((t) => t.text)).toEqual(words);
    }
    expect(JSON.stringify(tokenize(sample))).toBe(before);
  });
});

describe('shouts', () => {
  // More than three words, all in capitals: the text shouts, and capitals stop being an
  // intensifier word by word. Numbers, hashtags and punctuation do not count as words.
  it.each([
    ['ORANGE REMBOURSEZ MOI MES 150 EUROS !!! #arnaque', true],
    ['SFR EST VRAIMENT NUL', true],
    ['SFR NUL', false],
    ['Je suis TRÈS déçu', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(shouts(tokenize(text))).toBe(expected);
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

  // "!" runs are counted; "?!" is both a question and an exclamation.
  it('counts exclamations and spots questions', () => {
    const text = 'Nul !!! Vraiment ?! ok';
    const s = splitSentences(text, tokenize(text));
    expect(s.map((x) => [text.slice(x.start, x.end), x.question, x.exclaim])).toEqual([
      ['Nul !!!', false, 3],
      ['Vraiment ?!', true, 1],
      ['ok', false, 0],
    ]);
  });

  it('puts every token in exactly one sentence, in order', () => {
    const text = 'a\n\n\nb. c !\nd ? e… f';
    const tokens = tokenize(text);
    const s = splitSentences(text, tokens);
    expect(s[0]!.first).toBe(0);
    expect(s[s.length - 1]!.last).toBe(tokens.length);
    for (let k = 1; k < s.length; k++) expect(s[k]!.first).toBe(s[k - 1]!.last);
    expect(splitSentences('', [])).toEqual([]);
  });
});

describe('scanTokens', () => {
  const KINDS = [
    'url',
    'handle',
    'hashtag',
    'emoji',
    'emoticon',
    'elision',
    'word',
    'number',
    'punct',
  ];
  /** The definition: TOKEN_RE's global scan, the kind its capturing group. */
  const byRegex = (src: string) =>
    [...src.matchAll(TOKEN_RE)].map(
      (m) =>
        `${KINDS[m.slice(1).findIndex((g) => g !== undefined)]} ${m.index}-${m.index + m[0].length}`,
    );
  const byScan = (src: string) => {
    const out: string[] = [];
    scanTokens(src, (kind, start, end) => out.push(`${kind} ${start}-${end}`));
    return out;
  };

  it('reads every annotated post as the regex does', () => {
    const dir = new URL('../../../data/annotations/posts/', import.meta.url);
    let tokens = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const p of readPosts(new URL(file, dir).pathname)) {
        const src = prepare(`${p.title ?? ''}\n${p.text}`);
        const want = byRegex(src);
        expect(byScan(src)).toEqual(want);
        tokens += want.length;
      }
    }
    expect(tokens).toBeGreaterThan(100_000);
  });

  it('reads random texts of letters, marks, apostrophes, hyphens, links and symbols as the regex does', () => {
    const parts = [
      'a',
      'é',
      'Œ',
      'ß',
      'ª',
      'µ',
      'ǅ',
      'ɐ',
      'e\u0301',
      'Ω',
      'ж',
      "'",
      '’',
      '-',
      ':',
      '.',
      '/',
      'http',
      'https://x.fr',
      'www',
      'www.',
      'WwW.',
      'aujourd',
      "qu'",
      'jusqu',
      '@',
      '#',
      '😡',
      '👍🏽',
      ':)',
      ';-(',
      '<3',
      '^^',
      '5',
      '48h',
      '1,5',
      '2h40',
      '100Go',
      '€',
      '!',
      '?!',
      '...',
      '…',
      ' ',
      ' ',
      '\u00a0',
      '\u2028',
      '\t',
      '\n',
      'x',
      'Z',
      // What scanTokens reads by hand besides plain words: punctuation, numbers, elisions.
      'l',
      'D',
      'qu',
      'QU',
      'qU',
      ',',
      '(',
      ')',
      '"',
      '«',
      '»',
      '*',
      '=',
      ';',
      '%',
      '_',
      '12',
      '0',
      '.5',
      ',7',
      'ï',
      '\u0300',
    ];
    const random = prng(3);
    for (let n = 0; n < 20_000; n++) {
      let src = '';
      for (let k = 0; k < 8; k++) src += parts[Math.floor(random() * parts.length)]!;
      expect(byScan(src), JSON.stringify(src)).toEqual(byRegex(src));
    }
  });
});
