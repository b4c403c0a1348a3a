// Feeds declared (or looking) UTF-8 that hold a few Latin-1 bytes: a comment pasted from an
// old Windows editor, a template written in windows-1252 around UTF-8 posts. Decoding the whole
// document as windows-1252 would turn every good "é" into "Ã©"; decoding it as UTF-8 with
// U+FFFD would lose the stray letters. Each invalid byte is read as the windows-1252 character
// it almost always stands for, and the rest stays UTF-8.
import iconv from 'iconv-lite';

export interface Utf8Repair {
  text: string;
  /** Bytes that were not UTF-8 and were read as windows-1252. */
  repaired: number;
  /** Well-formed multi-byte sequences: the evidence that the document is UTF-8 at all. */
  multibyte: number;
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629, table 3-7), 0 when there is none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  // [length, lowest and highest second byte]: the narrow ranges rule out overlong forms,
  // surrogates (ED A0-BF) and code points past U+10FFFF.
  let shape: [number, number, number];
  if (c >= 0xc2 && c <= 0xdf) shape = [2, 0x80, 0xbf];
  else if (c === 0xe0) shape = [3, 0xa0, 0xbf];
  else if (c === 0xed) shape = [3, 0x80, 0x9f];
  else if (c >= 0xe1 && c <= 0xef) shape = [3, 0x80, 0xbf];
  else if (c === 0xf0) shape = [4, 0x90, 0xbf];
  else if (c >= 0xf1 && c <= 0xf3) shape = [4, 0x80, 0xbf];
  else if (c === 0xf4) shape = [4, 0x80, 0x8f];
  else return 0;
  const [n, lo, hi] = shape;
  if (i + n > b.length) return 0;
  const second = b[i + 1]!;
  if (second < lo || second > hi) return 0;
  for (let k = 2; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

/** Decodes UTF-8, reading each byte of an invalid sequence as windows-1252. */
export function decodeUtf8Repairing(b: Buffer): Utf8Repair {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let multibyte = 0;
  let repaired = 0;
  let run = 0;
  let i = 0;
  while (i < b.length) {
    const n = sequenceLength(b, i);
    if (n > 0) {
      if (n > 1) multibyte++;
      i += n;
      continue;
    }
    parts.push(utf8.decode(b.subarray(run, i)), iconv.decode(b.subarray(i, i + 1), 'windows-1252'));
    repaired++;
    i++;
    run = i;
  }
  parts.push(utf8.decode(b.subarray(run)));
  return { text: parts.join(''), repaired, multibyte };
}
