// The models' dense extras of a text: its length, its "!" and "?" counts and its share of
// capitals, each in [0, 1] so that none dominates the hashed block (features.ts).
//
// A post is read as its title and body joined by a line break; the counts add up over the
// parts (a line break is neither a letter nor "!" nor "?"), so analyse() passes the parts
// and never builds the joined string. Each unit is classified by one look-up in a table
// filled on first sight of the unit: the loop costs a load and an add per character.

/** A text, or the parts of one (a post's title and body) read as joined by line breaks. */
export type TextParts = string | readonly string[];

// Unit classes, 0 = not classified yet.
const OTHER = 1;
const LOWER = 2;
const UPPER = 3;
const EXCLAIM = 4;
const QUESTION = 5;
const CLASS_OF = new Uint8Array(0x10000);

function classify(cp: number): number {
  if (cp === 0x21) return EXCLAIM;
  if (cp === 0x3f) return QUESTION;
  const ch = String.fromCodePoint(cp);
  if (ch.toLowerCase() === ch.toUpperCase()) return OTHER;
  return ch === ch.toUpperCase() ? UPPER : LOWER;
}

// Per class, over the texts counted since the last reset.
const counts = new Float64Array(6);

/** Adds the classes of the code points of `text` to `counts`. */
function count(text: string): void {
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      i++;
      let k = CLASS_OF[c]!;
      if (k === 0) {
        k = classify(c);
        CLASS_OF[c] = k;
      }
      counts[k]!++;
      continue;
    }
    // A surrogate pair is one code point (lone surrogates are no letter).
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    counts[cp > 0xffff ? classify(cp) : OTHER]!++;
  }
}

// The last result: the sentiment and complaint models of a post read the same parts.
let lastParts: string[] = [];
let lastExtras: readonly number[] = [];

function sameParts(parts: readonly string[]): boolean {
  if (parts.length !== lastParts.length) return false;
  for (let i = 0; i < parts.length; i++) if (parts[i] !== lastParts[i]) return false;
  return true;
}

/** The dense extras of a text, or of its parts read as one text joined by line breaks. */
export function denseExtras(text: TextParts): number[] {
  const parts = typeof text === 'string' ? [text] : text;
  if (sameParts(parts)) return [...lastExtras];
  counts.fill(0);
  let length = parts.length - 1;
  for (const p of parts) {
    count(p);
    length += p.length;
  }
  const letters = counts[LOWER]! + counts[UPPER]!;
  const extras = [
    Math.min(1, Math.log1p(Math.max(0, length)) / 8),
    Math.min(counts[EXCLAIM]!, 5) / 5,
    Math.min(counts[QUESTION]!, 5) / 5,
    // A ratio on two letters says nothing: "OK" is not shouting.
    letters >= 4 ? counts[UPPER]! / letters : 0,
  ];
  lastParts = [...parts];
  lastExtras = extras;
  return [...extras];
}

/** The parts joined as the one text they stand for. */
export const joinParts = (text: TextParts): string =>
  typeof text === 'string' ? text : text.join('\n');
