// The token scanner: a hand-written reading of what used to be one Unicode regex of nine
// alternatives (url, handle, hashtag, emoji, emoticon, elision, word, number, punct) run with
// exec() from every position, where it tried \p{…} classes and lookarounds each time. Same
// tokens, same offsets, several times less time. Each alternative is read by one function of
// token-alternatives.ts; test/nlp/tokens-scanner.test.ts keeps the regex as the reference and
// checks both agree on the shared corpora, hard cases and a fuzz.
import {
  BMP,
  EP,
  flagsAt,
  isDigit,
  L,
  M,
  N,
  runEnd,
  UNDERSCORE,
  unitsOf,
  WS,
} from '../text/code-units.ts';
import {
  elisionEnd,
  emojiEnd,
  emoticonEnd,
  numberEnd,
  punctEnd,
  urlEnd,
  wordEnd,
} from './token-alternatives.ts';
import type { TokenKind } from './tokens.ts';

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
        end = urlEnd(u, p, n);
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
