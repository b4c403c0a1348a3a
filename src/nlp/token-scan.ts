// The token scanner: a hand-written reading of what used to be one Unicode regex of nine
// alternatives (url, handle, hashtag, emoji, emoticon, elision, word, number, punct) run with
// exec() from every position, where it tried \p{…} classes and lookarounds each time. Same
// tokens, same offsets, several times less time. Each function below reproduces one
// alternative, backtracking included; test/nlp/tokens-scanner.test.ts keeps the regex as the
// reference and checks both agree on the shared corpora, hard cases and a fuzz.
import {
  BMP,
  EMOD,
  EP,
  flagsAt,
  flagsBefore,
  isDigit,
  L,
  lowerIs,
  M,
  N,
  runEnd,
  startsAt,
  UNDERSCORE,
  type Units,
  unitsOf,
  WS,
  widthAt,
} from './code-units.ts';
import type { TokenKind } from './tokens.ts';

/** The length of the text being scanned (urlEnd's run stops at no character but the end). */
let textLength = 0;

// url: [hH][tT][tT][pP][sS]?:\/\/[^\s<>"«»]+ | [wW][wW][wW]\.[^\s<>"«»]+
function urlEnd(s: Units, p: number): number {
  let i: number;
  if (lowerIs(s, p, 104)) {
    if (!lowerIs(s, p + 1, 116) || !lowerIs(s, p + 2, 116) || !lowerIs(s, p + 3, 112)) return -1;
    i = lowerIs(s, p + 4, 115) ? p + 5 : p + 4;
    if (!startsAt(s, i, '://')) return -1;
    i += 3;
  } else {
    if (!lowerIs(s, p + 1, 119) || !lowerIs(s, p + 2, 119) || s[p + 3]! !== 46) return -1;
    i = p + 4;
  }
  const from = i;
  for (const n = textLength; i < n; i++) {
    const c = s[i]!;
    if (BMP[c]! & WS || c === 60 || c === 62 || c === 34 || c === 0xab || c === 0xbb) break;
  }
  return i > from ? i : -1;
}

// emoji: \p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*
function emojiEnd(s: Units, p: number): number {
  let i = p + widthAt(s, p);
  for (;;) {
    const c = s[i]!;
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

/** `e` when no letter or digit follows there (the emoticon's lookahead), else -1. */
const freeAt = (s: Units, e: number) => ((flagsAt(s, e) & (L | N)) === 0 ? e : -1);

// emoticon: (?:[:;=]-?[()[\]DPpOo/\\|*]+|<3|\^\^|\^_\^)(?![\p{L}\p{N}])
function emoticonEnd(s: Units, p: number): number {
  const c = s[p]!;
  if (c === 58 || c === 59 || c === 61) {
    const from = s[p + 1]! === 45 ? p + 2 : p + 1;
    let i = from;
    while (isFace(s[i]!)) i++;
    if (i === from) return -1;
    if ((flagsAt(s, i) & (L | N)) === 0) return i;
    // Backtracking gives back face characters one by one until the next one is no letter
    // (":))a" → ":)"; ":Pas" → nothing).
    for (let k = i - 1; k > from; k--) if (!isFaceLetter(s[k]!)) return k;
    return -1;
  }
  if (c === 60) return s[p + 1]! === 51 ? freeAt(s, p + 2) : -1;
  if (c === 94) {
    const d = s[p + 1]!;
    if (d === 94 && freeAt(s, p + 2) > 0) return p + 2;
    if (d === 95 && s[p + 2]! === 94) return freeAt(s, p + 3);
  }
  return -1;
}

// elision: (?<![\p{L}\p{M}])(?:[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[qQ][uU]|[lLdDjJmMnNsStTcC])'(?=\p{L})
// Each alternative puts the apostrophe at a fixed place, so at most one can match.
function elisionEnd(s: Units, p: number): number {
  let q: number; // where the apostrophe must be
  switch (s[p]! | 0x20) {
    case 106: // j
      q = startsAt(s, p + 1, 'usqu') ? p + 5 : p + 1;
      break;
    case 108: // l
      q = startsAt(s, p + 1, 'orsqu') ? p + 6 : p + 1;
      break;
    case 112: // p
      q = p + 6;
      if (!startsAt(s, p + 1, 'uisqu')) return -1;
      break;
    case 113: // q
      if (startsAt(s, p + 1, 'uoiqu')) q = p + 6;
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
  if (s[q]! !== 39 || (flagsAt(s, q + 1) & L) === 0) return -1;
  return flagsBefore(s, p) & (L | M) ? -1 : q + 1;
}

// word: [aA]ujourd'hui | [qQ]uelqu'une? | [pP]resqu'île | [pP]rud'hom\p{L}*
//     | [\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*   (the first that matches wins, even if shorter)
function wordEnd(s: Units, p: number): number {
  switch (s[p]! | 0x20) {
    case 97:
      if (startsAt(s, p + 1, "ujourd'hui")) return p + 11;
      break;
    case 113:
      if (startsAt(s, p + 1, "uelqu'un")) return s[p + 9]! === 101 ? p + 10 : p + 9;
      break;
    case 112:
      if (startsAt(s, p + 1, "resqu'île")) return p + 10;
      if (startsAt(s, p + 1, "rud'hom")) return runEnd(s, p + 8, L);
      break;
  }
  let i = runEnd(s, p, L | M);
  while (s[i]! === 45) {
    const j = runEnd(s, i + 1, L | M);
    if (j === i + 1) break;
    i = j;
  }
  return i;
}

const SUFFIXES = ['ème', 'eme', 'ieme', 'ère', 'er', 'e', 'è'];

/** The number's optional suffix then (?![\p{L}]) at `q`: the match end, or -1. */
function suffixEnd(s: Units, q: number): number {
  for (const x of SUFFIXES) {
    if (startsAt(s, q, x) && (flagsAt(s, q + x.length) & L) === 0) return q + x.length;
  }
  return flagsAt(s, q) & L ? -1 : q;
}

function digitsEnd(s: Units, i: number): number {
  while (isDigit(s[i]!)) i++;
  return i;
}

// number: \d+(?:[.,]\d+)*(?:ème|eme|ieme|ère|er|e|è)?(?![\p{L}])
function numberEnd(s: Units, p: number): number {
  let i = digitsEnd(s, p);
  let lastSep = -1;
  let lastRun = p;
  for (;;) {
    const c = s[i]!;
    if ((c !== 46 && c !== 44) || !isDigit(s[i + 1]!)) break;
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
function punctEnd(s: Units, p: number): number {
  const c = s[p]!;
  let i = p + 1;
  if (c === 33 || c === 63) {
    for (let d = s[i]!; d === 33 || d === 63; d = s[++i]!);
  } else if (c === 46 || c === 0x2026) {
    while (s[i]! === c) i++;
    if (c === 46 && i === p + 1) return i;
  } else {
    i = p + widthAt(s, p);
  }
  return i;
}

// Kind codes of the scanned buffers, and their names: tokens.ts turns codes into names.
export const WORD = 0;
export const ELISION = 1;
const URL_K = 2;
const HANDLE = 3;
const HASHTAG = 4;
const EMOJI = 5;
const EMOTICON = 6;
const NUMBER = 7;
const PUNCT = 8;
export const KIND_NAMES: readonly TokenKind[] = [
  'word',
  'elision',
  'url',
  'handle',
  'hashtag',
  'emoji',
  'emoticon',
  'number',
  'punct',
];

/**
 * The tokens of the last scanTokens() call, as parallel arrays (kind code, start, end):
 * filled in place, grown by doubling, so scanning allocates nothing per token and the
 * caller builds its Token objects in one loop instead of through a callback per token.
 */
export const scanned = {
  /** The UTF-16 units of the text scanned last; past its length, stale units. */
  units: new Uint16Array(4096) as Uint16Array,
  kind: new Uint8Array(512),
  start: new Int32Array(512),
  end: new Int32Array(512),
};

function grow(): void {
  const size = scanned.kind.length * 2;
  const kind = new Uint8Array(size);
  const start = new Int32Array(size);
  const end = new Int32Array(size);
  kind.set(scanned.kind);
  start.set(scanned.start);
  end.set(scanned.end);
  scanned.kind = kind;
  scanned.start = start;
  scanned.end = end;
}

/**
 * Scans `src` (a prepare()d text) into `scanned` and returns the number of tokens: the
 * tokens the regex of the alternatives above would match, in order, with [start, end).
 */
export function scanTokens(src: string): number {
  const n = src.length;
  textLength = n;
  const u = unitsOf(src, scanned.units);
  scanned.units = u;
  let count = 0;
  let kinds = scanned.kind;
  let starts = scanned.start;
  let ends = scanned.end;
  let p = 0;
  while (p < n) {
    const c = u[p]!;
    const f = c < 0xd800 || c > 0xdfff ? BMP[c]! : flagsAt(u, p);
    if (f & WS) {
      p++;
      continue;
    }
    let kind = PUNCT;
    let end = -1;
    if (c < 128 && f & L) {
      // Most tokens: an ASCII letter starts a url (h, w), an elision (a letter then an
      // apostrophe, or "jusqu", "lorsqu", "puisqu", "quoiqu", "qu") or else a word.
      const lc = c | 0x20;
      const d = u[p + 1]!;
      if (lc === 104 || lc === 119) {
        end = urlEnd(u, p);
        if (end > 0) kind = URL_K;
      }
      if (end < 0 && (d === 39 || (d | 0x20) === 117 || d === 111)) {
        end = elisionEnd(u, p);
        if (end > 0) kind = ELISION;
      }
      if (end < 0) {
        end = wordEnd(u, p);
        kind = WORD;
      }
    } else {
      if (c === 64 || c === 35) {
        end = runEnd(u, p + 1, L | N | UNDERSCORE);
        if (end > p + 1) kind = c === 64 ? HANDLE : HASHTAG;
        else end = -1;
      }
      if (end < 0 && f & EP) {
        end = emojiEnd(u, p);
        kind = EMOJI;
      }
      if (end < 0 && (c === 58 || c === 59 || c === 61 || c === 60 || c === 94)) {
        end = emoticonEnd(u, p);
        if (end > 0) kind = EMOTICON;
      }
      if (end < 0 && f & (L | M)) {
        end = wordEnd(u, p);
        kind = WORD;
      }
      if (end < 0 && isDigit(c)) {
        end = numberEnd(u, p);
        if (end > 0) kind = NUMBER;
      }
      if (end < 0) end = punctEnd(u, p);
    }
    if (count === kinds.length) {
      grow();
      kinds = scanned.kind;
      starts = scanned.start;
      ends = scanned.end;
    }
    kinds[count] = kind;
    starts[count] = p;
    ends[count] = end;
    count++;
    p = end;
  }
  return count;
}

/**
 * Calls `visit` for each token of `src` (a prepare()d text), in order, with its kind and
 * [start, end) offsets: scanTokens() for callers that prefer a callback.
 */
export function scan(
  src: string,
  visit: (kind: TokenKind, start: number, end: number) => void,
): void {
  const count = scanTokens(src);
  // Copied first: `visit` may scan again and overwrite the buffers.
  const kinds = scanned.kind.slice(0, count);
  const starts = scanned.start.slice(0, count);
  const ends = scanned.end.slice(0, count);
  for (let i = 0; i < count; i++) visit(KIND_NAMES[kinds[i]!]!, starts[i]!, ends[i]!);
}
