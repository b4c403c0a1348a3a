// The token scanner: a hand-written reading of what used to be one Unicode regex of nine
// alternatives (url, handle, hashtag, emoji, emoticon, elision, word, number, punct) run with
// exec() from every position, where it tried \p{…} classes and lookarounds each time. Same
// tokens, same offsets, several times less time. Each function below reproduces one
// alternative, backtracking included; test/nlp/tokens-scanner.test.ts keeps the regex as the
// reference and checks both agree on the shared corpora, hard cases and a fuzz.
import type { TokenKind } from './tokens.ts';

// Classes of a code point, as bit flags: \p{L}, \p{M}, \p{N}, \p{Extended_Pictographic},
// \p{EMod}, \s, and "_" (handles and hashtags take it).
const L = 1;
const M = 2;
const N = 4;
const EP = 8;
const EMOD = 16;
const WS = 32;
const UNDERSCORE = 64;

// The same \p{…} classes the regex used, so the scanner follows the engine's Unicode version.
const CLASSES: readonly (readonly [string, number])[] = [
  ['\\p{L}', L],
  ['\\p{M}', M],
  ['\\p{N}', N],
  ['\\p{Extended_Pictographic}', EP],
  ['\\p{EMod}', EMOD],
  ['\\s', WS],
];

/** Flags of every BMP code unit; surrogates have none (a lone one is only \S). */
const BMP = buildBmpTable();

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  // One string of all non-surrogate BMP units (index i is unit i below 0xD800, i + 0x800
  // above), then one global regex per class over it: a few ms, against ~65k×6 tests.
  const chunks: string[] = [];
  const units: number[] = [];
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    units.push(c);
    if (units.length === 4096) chunks.push(String.fromCharCode(...units.splice(0)));
  }
  chunks.push(String.fromCharCode(...units));
  const all = chunks.join('');
  for (const [cls, flag] of CLASSES) {
    for (const m of all.matchAll(new RegExp(`${cls}+`, 'gu'))) {
      for (let i = m.index; i < m.index + m[0].length; i++) {
        table[i < 0xd800 ? i : i + 0x800]! |= flag;
      }
    }
  }
  table[95]! |= UNDERSCORE;
  return table;
}

// Astral code points (emoji, math letters "𝓢", rare scripts) are tested with the regexes
// themselves, once each.
const ASTRAL = new Map<number, number>();
const ASTRAL_LIMIT = 10_000;
const CLASS_RES = CLASSES.map(([cls, flag]) => [new RegExp(cls, 'u'), flag] as const);

function astralFlags(cp: number): number {
  let f = ASTRAL.get(cp);
  if (f === undefined) {
    const ch = String.fromCodePoint(cp);
    f = 0;
    for (const [re, flag] of CLASS_RES) if (re.test(ch)) f |= flag;
    if (ASTRAL.size >= ASTRAL_LIMIT) ASTRAL.clear();
    ASTRAL.set(cp, f);
  }
  return f;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Flags of the code point at `i` (0 past the end); the u flag reads a surrogate pair as one. */
function flagsAt(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isHigh(c)) {
    const d = s.charCodeAt(i + 1);
    if (isLow(d)) return astralFlags(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  }
  return BMP[c]!;
}

/** Flags of the code point that ends just before `i`: the elision's lookbehind. */
function flagsBefore(s: string, i: number): number {
  if (i <= 0) return 0;
  const c = s.charCodeAt(i - 1);
  if (isLow(c) && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (isHigh(h)) return astralFlags(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000);
  }
  return BMP[c]!;
}

/** UTF-16 units of the code point at `i`: 2 for a surrogate pair, else 1. */
const widthAt = (s: string, i: number) =>
  isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1)) ? 2 : 1;

/** End of the run of code points from `i` whose flags meet `mask`. */
function runEnd(s: string, i: number, mask: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      if ((BMP[c]! & mask) === 0) break;
      i++;
    } else {
      if ((flagsAt(s, i) & mask) === 0) break;
      i += widthAt(s, i);
    }
  }
  return i;
}

const lowerIs = (s: string, i: number, lower: number) => (s.charCodeAt(i) | 0x20) === lower;

// url: [hH][tT][tT][pP][sS]?:\/\/[^\s<>"«»]+ | [wW][wW][wW]\.[^\s<>"«»]+
function urlEnd(s: string, p: number): number {
  let i: number;
  if (lowerIs(s, p, 104)) {
    if (!lowerIs(s, p + 1, 116) || !lowerIs(s, p + 2, 116) || !lowerIs(s, p + 3, 112)) return -1;
    i = lowerIs(s, p + 4, 115) ? p + 5 : p + 4;
    if (!s.startsWith('://', i)) return -1;
    i += 3;
  } else {
    if (!lowerIs(s, p + 1, 119) || !lowerIs(s, p + 2, 119) || s.charCodeAt(p + 3) !== 46) return -1;
    i = p + 4;
  }
  const from = i;
  for (const n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (BMP[c]! & WS || c === 60 || c === 62 || c === 34 || c === 0xab || c === 0xbb) break;
  }
  return i > from ? i : -1;
}

// emoji: \p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*
function emojiEnd(s: string, p: number): number {
  let i = p + widthAt(s, p);
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0xfe0f) i++;
    else if (c === 0x200d && flagsAt(s, i + 1) & EP) i += 1 + widthAt(s, i + 1);
    else if (flagsAt(s, i) & EMOD) i += widthAt(s, i);
    else return i;
  }
}

// [()[\]DPpOo/\\|*], and the letters among them (the lookahead refuses a letter after).
const isFace = (c: number) =>
  c === 40 || c === 41 || c === 91 || c === 93 || c === 47 || c === 92 || c === 124 || c === 42
    ? true
    : isFaceLetter(c);
const isFaceLetter = (c: number) => c === 68 || c === 80 || c === 112 || c === 79 || c === 111;

// emoticon: (?:[:;=]-?[()[\]DPpOo/\\|*]+|<3|\^\^|\^_\^)(?![\p{L}\p{N}])
function emoticonEnd(s: string, p: number): number {
  const c = s.charCodeAt(p);
  if (c === 58 || c === 59 || c === 61) {
    const from = s.charCodeAt(p + 1) === 45 ? p + 2 : p + 1;
    let i = from;
    while (isFace(s.charCodeAt(i))) i++;
    if (i === from) return -1;
    if ((flagsAt(s, i) & (L | N)) === 0) return i;
    // Backtracking gives back face characters one by one until the next one is no letter
    // (":))a" → ":)"; ":Pas" → nothing).
    for (let k = i - 1; k > from; k--) if (!isFaceLetter(s.charCodeAt(k))) return k;
    return -1;
  }
  const free = (e: number) => ((flagsAt(s, e) & (L | N)) === 0 ? e : -1);
  if (c === 60) return s.charCodeAt(p + 1) === 51 ? free(p + 2) : -1;
  if (c === 94) {
    const d = s.charCodeAt(p + 1);
    if (d === 94 && free(p + 2) > 0) return p + 2;
    if (d === 95 && s.charCodeAt(p + 2) === 94) return free(p + 3);
  }
  return -1;
}

// elision: (?<![\p{L}\p{M}])(?:[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[qQ][uU]|[lLdDjJmMnNsStTcC])'(?=\p{L})
// Each alternative puts the apostrophe at a fixed place, so at most one can match.
function elisionEnd(s: string, p: number): number {
  let q: number; // where the apostrophe must be
  switch (s.charCodeAt(p) | 0x20) {
    case 106: // j
      q = s.startsWith('usqu', p + 1) ? p + 5 : p + 1;
      break;
    case 108: // l
      q = s.startsWith('orsqu', p + 1) ? p + 6 : p + 1;
      break;
    case 112: // p
      q = p + 6;
      if (!s.startsWith('uisqu', p + 1)) return -1;
      break;
    case 113: // q
      if (s.startsWith('uoiqu', p + 1)) q = p + 6;
      else if (lowerIs(s, p + 1, 117)) q = p + 2;
      else return -1;
      break;
    case 100:
    case 109:
    case 110:
    case 115:
    case 116:
    case 99: // d m n s t c
      q = p + 1;
      break;
    default:
      return -1;
  }
  if (s.charCodeAt(q) !== 39 || (flagsAt(s, q + 1) & L) === 0) return -1;
  return flagsBefore(s, p) & (L | M) ? -1 : q + 1;
}

// word: [aA]ujourd'hui | [qQ]uelqu'une? | [pP]resqu'île | [pP]rud'hom\p{L}*
//     | [\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*   (the first that matches wins, even if shorter)
function wordEnd(s: string, p: number): number {
  switch (s.charCodeAt(p) | 0x20) {
    case 97:
      if (s.startsWith("ujourd'hui", p + 1)) return p + 11;
      break;
    case 113:
      if (s.startsWith("uelqu'un", p + 1)) return s.charCodeAt(p + 9) === 101 ? p + 10 : p + 9;
      break;
    case 112:
      if (s.startsWith("resqu'île", p + 1)) return p + 10;
      if (s.startsWith("rud'hom", p + 1)) return runEnd(s, p + 8, L);
      break;
  }
  let i = runEnd(s, p, L | M);
  while (s.charCodeAt(i) === 45) {
    const j = runEnd(s, i + 1, L | M);
    if (j === i + 1) break;
    i = j;
  }
  return i;
}

const SUFFIXES = ['ème', 'eme', 'ieme', 'ère', 'er', 'e', 'è'];

/** The number's optional suffix then (?![\p{L}]) at `q`: the match end, or -1. */
function suffixEnd(s: string, q: number): number {
  for (const x of SUFFIXES) {
    if (s.startsWith(x, q) && (flagsAt(s, q + x.length) & L) === 0) return q + x.length;
  }
  return flagsAt(s, q) & L ? -1 : q;
}

function digitsEnd(s: string, i: number): number {
  while (isDigit(s.charCodeAt(i))) i++;
  return i;
}

// number: \d+(?:[.,]\d+)*(?:ème|eme|ieme|ère|er|e|è)?(?![\p{L}])
function numberEnd(s: string, p: number): number {
  let i = digitsEnd(s, p);
  let lastSep = -1;
  let lastRun = p;
  for (;;) {
    const c = s.charCodeAt(i);
    if ((c !== 46 && c !== 44) || !isDigit(s.charCodeAt(i + 1))) break;
    lastSep = i;
    lastRun = i + 1;
    i = digitsEnd(s, i + 1);
  }
  const end = suffixEnd(s, i);
  if (end >= 0) return end;
  // A letter follows: the regex backtracks. Giving back one digit of the last run leaves a
  // digit next, which passes ("12abc" → "1"); a one-digit last group is dropped whole
  // ("3,5x" → "3"); a lone digit fails ("4g" → punct "4").
  if (i - lastRun >= 2) return i - 1;
  return lastSep;
}

// punct: [!?]+ | \.{2,} | …+ | \S
function punctEnd(s: string, p: number): number {
  const c = s.charCodeAt(p);
  let i = p + 1;
  if (c === 33 || c === 63) {
    for (let d = s.charCodeAt(i); d === 33 || d === 63; d = s.charCodeAt(++i));
  } else if (c === 46 || c === 0x2026) {
    while (s.charCodeAt(i) === c) i++;
    if (c === 46 && i === p + 1) return i;
  } else {
    i = p + widthAt(s, p);
  }
  return i;
}

/**
 * Calls `visit` for each token of `src` (a prepare()d text), in order, with its kind and
 * [start, end) offsets: the tokens the regex of the alternatives above would match.
 */
export function scan(
  src: string,
  visit: (kind: TokenKind, start: number, end: number) => void,
): void {
  const n = src.length;
  let p = 0;
  while (p < n) {
    const c = src.charCodeAt(p);
    const f = c < 0xd800 || c > 0xdfff ? BMP[c]! : flagsAt(src, p);
    if (f & WS) {
      p++;
      continue;
    }
    let kind: TokenKind = 'punct';
    let end = -1;
    if (c < 128 && f & L) {
      // Most tokens: an ASCII letter starts a url (h, w), an elision (a letter then an
      // apostrophe, or "jusqu", "lorsqu", "puisqu", "quoiqu", "qu") or else a word.
      const lc = c | 0x20;
      const d = src.charCodeAt(p + 1);
      if (lc === 104 || lc === 119) {
        end = urlEnd(src, p);
        if (end > 0) kind = 'url';
      }
      if (end < 0 && (d === 39 || (d | 0x20) === 117 || d === 111)) {
        end = elisionEnd(src, p);
        if (end > 0) kind = 'elision';
      }
      if (end < 0) {
        end = wordEnd(src, p);
        kind = 'word';
      }
    } else {
      if (c === 64 || c === 35) {
        end = runEnd(src, p + 1, L | N | UNDERSCORE);
        if (end > p + 1) kind = c === 64 ? 'handle' : 'hashtag';
        else end = -1;
      }
      if (end < 0 && f & EP) {
        end = emojiEnd(src, p);
        kind = 'emoji';
      }
      if (end < 0 && (c === 58 || c === 59 || c === 61 || c === 60 || c === 94)) {
        end = emoticonEnd(src, p);
        if (end > 0) kind = 'emoticon';
      }
      if (end < 0 && f & (L | M)) {
        end = wordEnd(src, p);
        kind = 'word';
      }
      if (end < 0 && isDigit(c)) {
        end = numberEnd(src, p);
        if (end > 0) kind = 'number';
      }
      if (end < 0) end = punctEnd(src, p);
    }
    visit(kind, p, end);
    p = end;
  }
}
