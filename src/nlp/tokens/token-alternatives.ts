// The alternatives of the token scanner (token-scan.ts), one function each: where the token
// of that kind starting at `p` ends, or -1 when none starts there. Each reproduces its part of
// the Unicode regex the scanner replaced, backtracking included (the regex is kept as the
// reference in test/nlp/tokens-scanner.test.ts).
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
  type Units,
  WS,
  widthAt,
} from '../text/code-units.ts';

// url: [hH][tT][tT][pP][sS]?:\/\/[^\s<>"«»]+ | [wW][wW][wW]\.[^\s<>"«»]+
/** The end of the url at `p` of `s` (its `n` units), or -1: its run stops only at the end. */
export function urlEnd(s: Units, p: number, n: number): number {
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
  for (; i < n; i++) {
    const c = s[i]!;
    if (BMP[c]! & WS || c === 60 || c === 62 || c === 34 || c === 0xab || c === 0xbb) break;
  }
  return i > from ? i : -1;
}

// emoji: \p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*
export function emojiEnd(s: Units, p: number): number {
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
export function emoticonEnd(s: Units, p: number): number {
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
export function elisionEnd(s: Units, p: number): number {
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
export function wordEnd(s: Units, p: number): number {
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
export function numberEnd(s: Units, p: number): number {
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
export function punctEnd(s: Units, p: number): number {
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
