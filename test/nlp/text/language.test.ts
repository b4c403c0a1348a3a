import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/nlp/model/random.ts';
import {
  CANDIDATE_LANGUAGES,
  detectLanguage,
  type LanguageGuess,
  stopWordVotes,
} from '../../../src/nlp/text/language.ts';

const SHARED = new URL('../../../../shared/', import.meta.url);
const DATASETS = new URL('datasets/', SHARED);

describe('detectLanguage', () => {
  it.each([
    // Plain French prose: decided by function words, no franc needed.
    [
      "Je n'ai toujours pas de réseau depuis trois semaines et le service client ne répond pas.",
      'fra',
    ],
    // Short French full of function words.
    ["c'est nul, je suis dégoûté", 'fra'],
    // English.
    [
      'My internet has been down for three weeks and nobody at the support answers the phone.',
      'eng',
    ],
    // Spanish, through franc.
    [
      'El servicio de atención al cliente nunca contesta y la factura llegó duplicada otra vez.',
      'spa',
    ],
    // Nothing to go on.
    ['👍', 'und'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text).lang).toBe(lang);
  });

  it('reads the title too', () => {
    expect(detectLanguage('SFR', 'Je ne peux plus appeler depuis que je suis chez eux').lang).toBe(
      'fra',
    );
  });
});

// The oracle: the plain definition the table scan and the stop-word trie replaced (a lower-cased
// copy of the sample, the words of /[\p{L}]+'?/gu, a Set look-up per word). The fast code must
// give the same votes and the same guess, to the last bit of the confidence.
const ORACLE_FR = new Set(
  (
    "le la les de des du un une et est je j' c' l' d' qu' n' s' m' que qui ne pas en dans pour " +
    'sur avec mon ma mes il elle nous vous au aux ce cette ça ca très tres mais ou plus sont ' +
    'ai suis été etre être fait avait avoir leur leurs lui y se sa ses ton ta tes votre vos ' +
    'quand comme aussi depuis chez toujours rien jamais encore donc alors après avant même'
  ).split(' '),
);
const ORACLE_EN = new Set(
  (
    'the and is are was were to of for with my it this that have has not you i be at from by ' +
    "they we he she will would can could should what which there their an or but if so do don't " +
    "it's i'm been its your our just very all no about than then"
  ).split(' '),
);
const ORACLE_WORD = /[\p{L}]+'?/gu;

function oracleVotes(sample: string) {
  const lower = sample.toLowerCase().replace(/[\u2019\u2018]/g, "'");
  let fr = 0;
  let en = 0;
  let words = 0;
  for (const [w] of lower.matchAll(ORACLE_WORD)) {
    words++;
    if (ORACLE_FR.has(w)) fr++;
    else if (ORACLE_EN.has(w)) en++;
  }
  return { fr, en, words };
}

function oracleDetect(text: string, title?: string | null): LanguageGuess {
  const sample = title ? `${title}\n${text.slice(0, 400)}` : text.slice(0, 400);
  const { fr, en, words } = oracleVotes(sample);
  if (words === 0) return { lang: 'und', confidence: 0 };
  const frShare = fr / words;
  const enShare = en / words;
  if (fr >= 3 && frShare >= 0.25 && fr >= 3 * en) {
    return { lang: 'fra', confidence: Math.min(1, 0.6 + frShare) };
  }
  if (en >= 3 && enShare >= 0.25 && en >= 3 * fr) {
    return { lang: 'eng', confidence: Math.min(1, 0.6 + enShare) };
  }
  const letters = sample.replace(/[^\p{L}]/gu, '').length;
  if (fr >= 2 && en === 0 && frShare >= 0.3) return { lang: 'fra', confidence: 0.55 };
  if (letters < 20) {
    if (fr >= 2 && fr > en) return { lang: 'fra', confidence: 0.5 };
    if (en >= 2 && en > fr) return { lang: 'eng', confidence: 0.5 };
    return { lang: 'und', confidence: 0 };
  }
  const ranked = francAll(sample, { only: CANDIDATE_LANGUAGES, minLength: 20 });
  const [best, second] = ranked;
  if (!best || best[0] === 'und') return { lang: 'und', confidence: 0 };
  const gap = 1 - (second?.[1] ?? 0);
  let lang = best[0];
  if (lang !== 'fra' && fr > en && fr >= 2 && ranked.some(([l, s]) => l === 'fra' && s > 0.9)) {
    lang = 'fra';
  }
  const confidence = Math.min(1, 0.4 + gap * 2);
  if (gap < 0.02 && lang === best[0]) return { lang: 'und', confidence };
  if (lang !== 'fra' && letters < 60 && !(lang === 'eng' && en > 0)) {
    return { lang: 'und', confidence: 0.3 };
  }
  return { lang, confidence };
}

/** Votes and guesses of `text`, alone and under `title`, by the oracle and by the fast code. */
function both(text: string, title: string) {
  return {
    fast: [
      stopWordVotes(text),
      detectLanguage(text),
      detectLanguage(text, title),
      detectLanguage(text, ''),
    ],
    oracle: [oracleVotes(text), oracleDetect(text), oracleDetect(text, title), oracleDetect(text)],
  };
}

describe('the table scan gives what the plain definition gives', () => {
  it.each([
    // Lower case that lengthens ("İ" → "i" + a combining dot, which ends the word): slow path.
    ['İstanbul İl est très long, je suis là'],
    ['Il est İ là et le chat dort, je suis ici'],
    // Lower case that stays one unit but is not ASCII: ß, ẞ, Œ, the Kelvin sign (→ "k"),
    // Greek capital sigma (final or not), Roman numerals (not letters).
    ['ẞ straße ÉTÉ ÊTRE Œuvre œuf Ⅻ ΣΟΦΟΣ, le chat et les chiens de la maison'],
    ['LE CHAT EST LÀ, JE SUIS TRÈS CONTENT DE ÇA'],
    // Curly and straight apostrophes, at word ends and doubled.
    ["C'est l’enfer, je n‘ai pas de réseau, qu’il dit ; l'' j’’ aujourd’hui’"],
    // Surrogate pairs: mathematical letters, emoji with skin tones, a cased Deseret letter
    // (its lower case changes: slow path), lone halves.
    ['𝐀𝐁𝐂 le 😡 la 👍🏽 de 𐐀𐐨 je \ud800 suis \udc00 là 🇫🇷 et 𝐥𝐞'],
    ['le la les\ud83d'],
    // Decomposed accents (the combining mark ends a word), digits inside words.
    ['e\u0301te\u0301 de\u0301ja\u0300 le 4G2 la box3 mes 12h je2 suis'],
    // No letters at all, and nothing.
    ['1234 !!! ... 😡😡😡 ---'],
    [''],
    [' '],
    // English (with the entries "don't", "it's" that a word ending at its apostrophe never
    // matches), Spanish, Catalan-like French.
    ["I don't think it's the right time, and I'm sure that they will not answer at all."],
    ['El servicio de atención al cliente nunca contesta y la factura llegó duplicada otra vez.'],
    ['problème réglé, merci SFR'],
    ['Free, c’est gratuit ?'],
  ])('%s', (text) => {
    const { fast, oracle } = both(text, 'Titre : LE RÉSEAU EST EN PANNE');
    expect(fast).toEqual(oracle);
  });

  it('cuts the body at 400 units, even inside a surrogate pair', () => {
    // 396 units where French function words are 25% of the words, then a pair of astral
    // letters starting at units 396 to 401: at 399 the cut leaves a lone high surrogate, no
    // letter, so no 89th word to push the share under the fast path's 25%.
    for (let extra = 0; extra <= 5; extra++) {
      const text = `${'le chat noir dort '.repeat(22)}${' '.repeat(extra)}𝐀𝐀 je`;
      const { fast, oracle } = both(text, 'la');
      expect(fast).toEqual(oracle);
    }
  });

  // Pieces that stress the scan: stop words in every case, apostrophes, separators, letters
  // whose lower case is special, combining marks, surrogates (paired or not), digits.
  const PIECES = [
    ...'le la les de des du un une et est je que qui ne pas en dans pour sur avec très ça ça été être après même toujours'.split(
      ' ',
    ),
    ...'the and is are was to of my it this that you i not just very about don it s m'.split(' '),
    ...'LE La DE Je ÊTRE ÉTÉ TRÈS ÇA THE And IT'.split(' '),
    "'",
    '’',
    '‘',
    ' ',
    ' ',
    '\n',
    ',',
    '.',
    '-',
    '\u00a0',
    'İ',
    'ß',
    'ẞ',
    'Œ',
    'œ',
    '\u212a',
    'Σ',
    'ς',
    '\u0301',
    '😡',
    '👍🏽',
    '𝐀',
    '𐐀',
    '𐐨',
    '\ud800',
    '\udc00',
    '4',
    '2024',
    'x',
    'Free',
    'SFR',
  ];

  it('on a seeded fuzz of 4,000 strings', () => {
    const random = prng(30);
    const pick = () => PIECES[Math.floor(random() * PIECES.length)]!;
    for (let n = 0; n < 4000; n++) {
      const parts: string[] = [];
      const length = Math.floor(random() * 260);
      for (let k = 0; k < length; k++) parts.push(pick());
      const text = parts.join(random() < 0.5 ? '' : ' ');
      const title = random() < 0.3 ? '' : `${pick()} ${pick()}${pick()} ${pick()}`;
      // franc (reached by most of these) is the cost: one guess per string, under its title.
      const sample = `${title}\n${text}`;
      const fast = [stopWordVotes(text), stopWordVotes(sample), detectLanguage(text, title)];
      const oracle = [oracleVotes(text), oracleVotes(sample), oracleDetect(text, title)];
      expect(fast, JSON.stringify({ text, title })).toEqual(oracle);
    }
  });

  it('relies on facts of lower case that hold for every code point', () => {
    // The slow path (a sample holding "İ") lower-cases the sample and scans it again: nothing
    // in it may change again. The scan tests a code point outside the BMP as written: its
    // lower case must be one such code point, a letter if and only if it was one.
    const LETTER = /^\p{L}$/u;
    const unstable: string[] = [];
    const astral: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const lower = ch.toLowerCase();
      if (lower.toLowerCase() !== lower) unstable.push(cp.toString(16));
      if (cp > 0xffff && lower !== ch) {
        const same = lower.length === 2 && lower.codePointAt(0)! > 0xffff;
        if (!same || LETTER.test(lower) !== LETTER.test(ch)) astral.push(cp.toString(16));
      }
    }
    expect(unstable).toEqual([]);
    expect(astral).toEqual([]);
  });
});

describe.skipIf(!existsSync(DATASETS))(
  'the table scan on every text of ../shared/datasets (absent: skipped)',
  () => {
    const files = existsSync(DATASETS)
      ? readdirSync(DATASETS, { recursive: true, encoding: 'utf8' }).filter((f) =>
          f.endsWith('.jsonl'),
        )
      : [];
    it.each(files)('%s', (file) => {
      const lines = readFileSync(new URL(file, DATASETS), 'utf8').split('\n').filter(Boolean);
      let previous = '';
      let differ = 0;
      for (const line of lines) {
        const row = JSON.parse(line);
        const text: string = row.text ?? row.review ?? row.content ?? '';
        // The previous text as a title, as a forum thread's would be.
        const title = previous.slice(0, 80);
        const { fast, oracle } = both(text, title);
        if (JSON.stringify(fast) !== JSON.stringify(oracle)) differ++;
        // The body cut 400 units further on, for other word and pair boundaries.
        if (text.length > 400) {
          const later = text.slice(199);
          if (JSON.stringify(stopWordVotes(later)) !== JSON.stringify(oracleVotes(later))) differ++;
        }
        previous = text;
      }
      expect(lines.length).toBeGreaterThan(0);
      expect(differ).toBe(0);
    });
  },
);
