// Code units and their Unicode classes, for the token scanner (token-scan.ts): a flag table
// for the Basic Multilingual Plane built from the same \p{…} classes the old tokenising regex
// used, the astral code points tested with those regexes, and the text's UTF-16 units copied
// into a typed array that the scanner reads with plain loads.
import { Buffer } from 'node:buffer';

// Classes of a code point, as bit flags: \p{L}, \p{M}, \p{N}, \p{Extended_Pictographic},
// \p{EMod}, \s, and "_" (handles and hashtags take it).
export const L = 1;
export const M = 2;
export const N = 4;
export const EP = 8;
export const EMOD = 16;
export const WS = 32;
export const UNDERSCORE = 64;

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
export const BMP = buildBmpTable();

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

export const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
export const isDigit = (c: number) => c >= 48 && c <= 57;

// The scanner reads the text's UTF-16 units from a typed array (a plain load, where
// charCodeAt dispatched on the string's representation per unit). The array holds a 0 just
// past the text: it has no flags and matches no character any test looks for, so reads one
// past the end, which every test makes only after the units before matched, act as
// charCodeAt's NaN there did.
export type Units = Uint16Array;

/** Whether `s` holds `lit` at `at`. */
export function startsAt(s: Units, at: number, lit: string): boolean {
  for (let k = 0; k < lit.length; k++) if (s[at + k] !== lit.charCodeAt(k)) return false;
  return true;
}

/** Flags of the code point at `i` (0 past the end); the u flag reads a surrogate pair as one. */
export function flagsAt(s: Units, i: number): number {
  const c = s[i]!;
  if (isHigh(c)) {
    const d = s[i + 1]!;
    if (isLow(d)) return astralFlags(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  }
  return BMP[c]!;
}

/** Flags of the code point that ends just before `i`: the elision's lookbehind. */
export function flagsBefore(s: Units, i: number): number {
  if (i <= 0) return 0;
  const c = s[i - 1]!;
  if (isLow(c) && i >= 2) {
    const h = s[i - 2]!;
    if (isHigh(h)) return astralFlags(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000);
  }
  return BMP[c]!;
}

/** UTF-16 units of the code point at `i`: 2 for a surrogate pair, else 1. */
export const widthAt = (s: Units, i: number) => (isHigh(s[i]!) && isLow(s[i + 1]!) ? 2 : 1);

/** End of the run of code points from `i` whose flags meet `mask`. */
export function runEnd(s: Units, i: number, mask: number): number {
  // The 0 after the text has no flags: it ends every run.
  for (;;) {
    const c = s[i]!;
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

export const lowerIs = (s: Units, i: number, lower: number) => (s[i]! | 0x20) === lower;

// Little-endian hosts (all V8 targets in practice) get the units by one native copy.
export const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `into`, or a larger array when `s` does not fit, holding the UTF-16 units of `s` then 0, 0. */
export function unitsOf(s: string, into: Uint16Array): Uint16Array {
  const n = s.length;
  const units = n + 2 <= into.length ? into : new Uint16Array(Math.max(n + 2, into.length * 2));
  if (LITTLE) Buffer.from(units.buffer, units.byteOffset, n * 2).write(s, 0, 'utf16le');
  else for (let i = 0; i < n; i++) units[i] = s.charCodeAt(i);
  // Two 0s past the text: see Units above.
  units[n] = 0;
  units[n + 1] = 0;
  return units;
}
