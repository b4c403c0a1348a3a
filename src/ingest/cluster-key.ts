// Syndicated copies: one text published on several sites (a blogger's post picked up by an
// aggregator, a press release pasted on three forums). They are grouped under one cluster id,
// each keeping its own reach. The key is a hash of the text's opening, normalised: accents,
// case, punctuation and spacing differ between copies, and aggregators append their own
// footer ("Cet article est paru sur…"), so the end of the text is left out.
import { createHash } from 'node:crypto';

/** How much of the opening is compared. */
export const LEAD_CHARS = 300;
/** Shorter texts ("+1", "moi aussi") are alike by chance, not by copy: they get no key. */
export const MIN_CHARS = 120;

/** Lowercase words without accents or punctuation, one space apart. */
export function normaliseForDup(text: string): string {
  return tabledForDup(text) ?? unicodeForDup(text);
}

/** The definition: NFD, marks dropped, lower case, runs of other than letters and digits → ' '. */
function unicodeForDup(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// The same, character by character: NFD decomposes each character on its own and only
// reorders combining marks, which are dropped, and lower case depends on context only for
// the Greek capital sigma; so outside astral characters and Σ the definition maps each
// character to an image of its own, tabled on first sight, without the normaliser and two
// Unicode regexes, which cost more than the rest of processing a post.
const SIGMA = 0x3a3;
// A character's image: its letters and digits, "" when it vanishes (a combining mark), null
// for a separator, undefined until first seen.
const IMAGES: (string | null | undefined)[] = [];
for (let c = 0; c < 0x10000; c++) IMAGES.push(undefined);

function imageOf(c: number): string | null {
  let image = IMAGES[c];
  if (image === undefined) {
    const inner = unicodeForDup(`a${String.fromCharCode(c)}a`).slice(1, -1);
    image = inner === ' ' ? null : inner;
    IMAGES[c] = image;
  }
  return image;
}

/** normaliseForDup() by the table, or null when the text holds an astral character or Σ. */
function tabledForDup(text: string): string | null {
  let out = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xd800 && c <= 0xdfff) || c === SIGMA) return null;
    const image = imageOf(c);
    if (image === null) {
      gap = out.length > 0;
      continue;
    }
    if (image === '') continue;
    if (gap) out += ' ';
    out += image;
    gap = false;
  }
  return out;
}

// The opening read first: normalising a whole long post cost more than parsing it.
// Normalisation maps characters one by one (and only shortens), so the first LEAD_CHARS of
// the normalised opening are those of the normalised text as long as the opening yields a
// margin beyond them; else the whole text is read.
const OPENING_CHARS = 4 * LEAD_CHARS;
const MARGIN = 16;

/** The cluster key of a text ("dup:" + 16 hex), or null when it is too short to tell. */
export function clusterKey(text: string): string | null {
  let flat = normaliseForDup(text.length > OPENING_CHARS ? text.slice(0, OPENING_CHARS) : text);
  if (text.length > OPENING_CHARS && flat.length <= LEAD_CHARS + MARGIN) {
    flat = normaliseForDup(text);
  }
  if (flat.length < MIN_CHARS) return null;
  // Cut on a word boundary, so that a copy cut one letter later still matches.
  const lead = flat.length <= LEAD_CHARS ? flat : flat.slice(0, flat.lastIndexOf(' ', LEAD_CHARS));
  return `dup:${createHash('sha256').update(lead).digest('hex').slice(0, 16)}`;
}
