// The hand-written scanner (src/nlp/tokens/token-scan.ts) must give exactly the tokens of the regex it
// replaced (issue 4): that regex and the tokenize() built on it are kept here as the reference,
// and both are compared, token for token, on the shared French corpora, a table of hard inputs
// and a seeded fuzz over the characters where the alternatives meet.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/nlp/model/model.ts';
import { flatten, fold, prepare } from '../../../src/nlp/text/normalise.ts';
import { SLANG } from '../../../src/nlp/tokens/slang.ts';
import { scan } from '../../../src/nlp/tokens/token-scan.ts';
import { type Token, type TokenKind, tokenize } from '../../../src/nlp/tokens/tokens.ts';

/** A token's documented fields, as plain data: what the reference below builds. */
type Plain = Omit<Token, 'form'>;

const plain = (tokens: readonly Token[]): Plain[] =>
  tokens.map(({ kind, start, end, text, lower, folded, stretched, caps, slang }) => ({
    kind,
    start,
    end,
    text,
    lower,
    folded,
    stretched,
    caps,
    slang,
  }));

// ---- Reference: the regex tokeniser as it was before the scanner. ----
const TOKEN_RE = new RegExp(
  [
    /([hH][tT][tT][pP][sS]?:\/\/[^\s<>"«»]+|[wW][wW][wW]\.[^\s<>"«»]+)/u.source,
    /(@[\p{L}\p{N}_]+)/u.source,
    /(#[\p{L}\p{N}_]+)/u.source,
    /(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*)/u.source,
    /((?:[:;=]-?[()[\]DPpOo/\\|*]+|<3|\^\^|\^_\^)(?![\p{L}\p{N}]))/u.source,
    /((?<![\p{L}\p{M}])(?:[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[qQ][uU]|[lLdDjJmMnNsStTcC])'(?=\p{L}))/u
      .source,
    /([aA]ujourd'hui|[qQ]uelqu'une?|[pP]resqu'île|[pP]rud'hom\p{L}*|[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*)/u
      .source,
    /(\d+(?:[.,]\d+)*(?:ème|eme|ieme|ère|er|e|è)?(?![\p{L}]))/u.source,
    /([!?]+|\.{2,}|…+|\S)/u.source,
  ].join('|'),
  'gu',
);
const KINDS: TokenKind[] = [
  'word',
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

type Span = [TokenKind, number, number];

function regexSpans(src: string): Span[] {
  const out: Span[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(src); m !== null; m = TOKEN_RE.exec(src)) {
    let g = 1;
    while (g < 10 && m[g] === undefined) g++;
    out.push([KINDS[g]!, m.index, m.index + m[0].length]);
  }
  return out;
}

function scanSpans(src: string): Span[] {
  const out: Span[] = [];
  scan(src, (kind, start, end) => out.push([kind, start, end]));
  return out;
}

const SLANG_MAX = Math.max(...[...SLANG.keys()].map((k) => k.length));

function referenceToken(kind: TokenKind, start: number, end: number, text: string, src: string) {
  const prepared = src.slice(start, end);
  const decomposed = /[\u0300-\u036f]/.test(prepared);
  const lower = decomposed ? prepared.normalize('NFC').toLowerCase() : prepared.toLowerCase();
  let folded = decomposed ? fold(lower) : flatten(prepared);
  let stretched = false;
  if (kind === 'word' && folded.length >= 3 && /(\p{L})\1\1/u.test(folded)) {
    stretched = true;
    folded = folded.replace(/(\p{L})\1{2,}/gu, '$1');
  }
  const caps =
    (kind === 'word' || kind === 'elision') &&
    prepared.length >= 2 &&
    prepared !== lower &&
    prepared === prepared.toUpperCase();
  const tok: Plain = {
    kind,
    start,
    end,
    text: text.slice(start, end),
    lower,
    folded,
    stretched,
    caps,
    slang: false,
  };
  return tok;
}

const expansion = (source: Plain, words: readonly string[]): Plain[] =>
  words.map((w) => ({
    ...source,
    kind: w.endsWith("'") ? ('elision' as const) : ('word' as const),
    lower: w,
    folded: fold(w),
    slang: true,
  }));

function referenceTokenize(text: string): Plain[] {
  const src = prepare(text);
  const out: Plain[] = [];
  for (const [kind, start, end] of regexSpans(src)) {
    const tok = referenceToken(kind, start, end, text, src);
    const slang =
      kind === 'word' && tok.folded.length <= SLANG_MAX ? SLANG.get(tok.folded) : undefined;
    out.push(...(slang ? expansion(tok, slang) : [tok]));
  }
  for (let i = out.length - 2; i >= 0; i--) {
    const t = out[i]!;
    if (t.kind === 'word' && t.text === 'c' && out[i + 1]!.kind === 'word') {
      out.splice(i, 1, ...expansion(t, ["c'", 'est']));
    }
  }
  return out;
}

// ---- The comparisons. ----

/** First text whose spans differ, with both span lists, or null: a readable failure. */
function firstMismatch(
  texts: Iterable<string>,
): { text: string; regex: Span[]; scan: Span[] } | null {
  for (const text of texts) {
    const src = prepare(text);
    const regex = regexSpans(src);
    const scanned = scanSpans(src);
    if (JSON.stringify(regex) !== JSON.stringify(scanned)) return { text, regex, scan: scanned };
  }
  return null;
}

const SHARED = new URL('../../../../shared/datasets/', import.meta.url);
const CORPORA = [
  'allocine-sample',
  'allocine-series',
  'deft2017',
  'freemobile-tweets',
  'amazon-books-fr',
];

function corpusTexts(name: string): string[] {
  const dir = new URL(`${name}/`, SHARED);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(new URL(f, dir), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => String((JSON.parse(line) as { text: unknown }).text ?? '')),
    );
}

describe.skipIf(!existsSync(SHARED))('scanner = regex on the shared corpora (../shared)', () => {
  it.each(CORPORA)('%s', (name) => {
    const texts = corpusTexts(name);
    expect(texts.length).toBeGreaterThan(100);
    expect(firstMismatch(texts)).toBeNull();
    // Whole tokens too (forms, slang, "c nul"): a fresh reference against tokenize().
    for (const text of texts) expect(plain(tokenize(text))).toEqual(referenceTokenize(text));
  });
});
if (!existsSync(SHARED)) {
  console.warn(`tokens-scanner: ${SHARED.pathname} absent, corpus equivalence skipped`);
}

// Where the regex's alternatives, lookarounds and backtracking decide: each case is compared
// with the regex, and a few pin down what the regex does, for the reader.
const HARD: [string, string[] | null][] = [
  // Emoji: ZWJ families, skin tones, variation selectors; flags are not pictographs.
  ['👨‍👩‍👧‍👦 👍🏽 ❤️ ☀︎ 🇫🇷 ©️ ™ ‼️', null],
  ['😡😡', ['emoji:😡', 'emoji:😡']],
  // Decomposed accents (the text is not NFC), İ, ß, other scripts and astral letters.
  ['e\u0301te\u0301 \u0301a Ça İstanbul STRAßE', null],
  ['𝓢𝓕𝓡 nul 𝓢l’x', null],
  ['مرحبا بالعالم Привет мир 你好世界 ٣٣', null],
  // Numbers: suffixes, separators and the backtracking when a letter follows.
  ['4g 4G 5e 5ème 5eme 5ieme 1er 1ère 5è', null],
  ['5emes', ['punct:5', 'word:emes']],
  ['12abc', ['number:1', 'punct:2', 'word:abc']],
  ['1,5 3.000.000 3.000.000abc 1,5x 2.a 7,', null],
  ['5e\u0300me 5e\u0301', null],
  // Elisions and the four apostrophe words; the lookbehind refuses a letter before.
  ["aujourd'hui Quelqu'une quelqu'unes prud'hommes presqu'île Presqu'île", null],
  ["L'enfer jusqu'à lorsqu'il puisqu'on quoiqu'il QU'il qu' c' l'\u0301", null],
  ["quelqu'unl'x aujourd'huil'a AUJOURD'HUI jusqu'", null],
  ['c nul, c trop bien, c', ["c'", 'est', 'nul', ',', "c'", 'est', 'trop', 'bien', ',', 'c']],
  // URLs end at spaces, quotes, chevrons and guillemets.
  ['«https://sfr.fr/x»suite <www.free.fr> "http://a.b" HTTP://X.fr http:// www.', null],
  // Handles, hashtags, emoticons.
  ['@SFR_Care @ #panne #1 #_ @é2', null],
  [':-) ;) <3 <33 ^^ ^_^ ^^a :Pas :))a :DDa =| :-( :/ :-', null],
  ['... … …… !!!? ?! -- . .. ', null],
  ['\ttab\nnew line\r\n\u00a0nbsp\u202fnarrow\u3000ideo', null],
  // Lone surrogates are one \S each.
  ['a\ud83d b\ude00 \ud83d\ud83d', null],
  ['peut-être rendez-vous -vous a- a--b a-\u0301', null],
];

describe('scanner = regex on hard inputs', () => {
  it.each(HARD)('%s', (text, expected) => {
    expect(scanSpans(prepare(text))).toEqual(regexSpans(prepare(text)));
    const tokens = tokenize(text);
    expect(plain(tokens)).toEqual(referenceTokenize(text));
    if (expected) {
      const shown = expected[0]?.includes(':')
        ? tokens.map((t) => `${t.kind}:${t.text}`)
        : tokens.map((t) => t.lower);
      expect(shown).toEqual(expected);
    }
  });
});

// Random strings over the characters where alternatives meet: each position can start or end
// several alternatives, so the backtracking paths get exercised.
const ALPHABET = [
  ...'aAcCdDjJlLqQuUeèéêiîhHtTpPsSwWmnoO'.split(''),
  ...'\'’-_@#.,:;=<>^()[]/\\|*3!?…«»" \t\n0123456789'.split(''),
  'usqu',
  'orsqu',
  'uisqu',
  'uoiqu',
  "aujourd'hui",
  "quelqu'un",
  "prud'hom",
  "presqu'île",
  'http://',
  'www.',
  'ème',
  'ieme',
  '\u0301',
  '\u200d',
  '\ufe0f',
  '😡',
  '👍',
  '🏽',
  '❤',
  '🇫',
  '𝓢',
  '\ud83d',
  '\ude00',
  'İ',
  'ß',
  'Я',
  '٣',
  '\u00a0',
];

describe('scanner = regex on a seeded fuzz', () => {
  it('agrees on 5,000 random strings', () => {
    const random = prng(21);
    const texts: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const length = 1 + Math.floor(random() * 24);
      let s = '';
      for (let j = 0; j < length; j++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
      texts.push(s);
    }
    expect(firstMismatch(texts)).toBeNull();
    for (const text of texts.slice(0, 1_000)) {
      expect(plain(tokenize(text))).toEqual(referenceTokenize(text));
    }
  });
});
