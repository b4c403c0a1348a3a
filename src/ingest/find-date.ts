// A date inside running text: "Par Loïc | 30 septembre 2018", "# ? Dec 5, 2024 21:45",
// "jeudi 13 juin 2019, par Attac", "Le 22/01/2020 à 12:01:03". parseDate reads a string
// that is only a date; this finds the first one in a string that also holds other words.
// Only dates that carry a year are looked for: "mardi 3 mars" or "il y a 2 jours" inside a
// sentence are too often not the date of the page or post.

import { MONTHS, WEEKDAYS } from './date-words.ts';
import { type ParseDateOptions, parseDate } from './dates.ts';

export type FindDateOptions = Omit<ParseDateOptions, 'now'>;

export interface FoundDate {
  date: Date;
  /** The words that were read as the date (lowercase, without accents). */
  text: string;
}

/** Longest names first, so that "septembre" is never cut to "sept". */
const alternation = (words: string[]) =>
  [...words].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
const MONTH = `(?:${alternation(Object.keys(MONTHS))})\\.?`;
const WEEKDAY = `(?:(?:${alternation(Object.keys(WEEKDAYS))})\\.?,?\\s+)?`;
// "à 19 h 21", ", 14:05:33", "- 12:38", "at 3:03 PM", "21:45 +0100"
const TIME =
  '(?:,?\\s*(?:a|at|-|@)?\\s*\\d{1,2}\\s?(?::|h)\\s?(?:\\d{2})?(?:\\s?min)?(?::\\d{2})?' +
  '(?:\\s?[ap]m)?(?:\\s?(?:z|utc|gmt|cet|cest|[+-]\\d{2}:?\\d{2}))?)?';

const PATTERNS = [
  // 23 août 2014, le 1er février 2024 à 9h, Sunday 5 May 2019
  `${WEEKDAY}\\d{1,2}(?:er|re|e|st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}${TIME}`,
  // Dec 5, 2024 21:45, janv. 5, 2024
  `${WEEKDAY}${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}${TIME}`,
  // 2024-03-03T14:05:00+01:00, 2024-03-03 14:05
  '\\d{4}-\\d{2}-\\d{2}(?:[t ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:z|[+-]\\d{2}:?\\d{2})?)?',
  // 22/01/2020 à 12:01:03, 06-15-2016, 03:03 pm, 3.3.24
  `\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})${TIME}`,
].map((p) => new RegExp(`(?<![\\w/.-])${p}(?![\\w/-]|\\.\\d)`, 'g'));

// The fixed "now" given to parseDate: every pattern carries a year, so it is never read.
const EPOCH = new Date(0);

function clean(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u00a0\u202f\s]+/g, ' ');
}

/** The first date (with a year) written in `text`, or null. */
export function findDate(text: string, opts: FindDateOptions = {}): FoundDate | null {
  const s = clean(text);
  const hits: { index: number; text: string }[] = [];
  for (const re of PATTERNS) {
    for (const m of s.matchAll(re)) hits.push({ index: m.index, text: m[0] });
  }
  hits.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  for (const hit of hits) {
    // A time that parseDate refuses ("à 25h") must not cost the date itself.
    for (const candidate of [hit.text, hit.text.replace(new RegExp(`${TIME}$`), '')]) {
      const date = parseDate(candidate, { ...opts, now: EPOCH });
      if (date) return { date, text: candidate.trim() };
    }
  }
  return null;
}

/**
 * What a field meant to hold a date says: the whole string as a date, else the first dated
 * words in it (forum engines print "# ? Dec 5, 2024 21:45" or "Posté le … par …" there).
 */
export function readDateField(raw: string, opts: ParseDateOptions): Date | null {
  return parseDate(raw, opts) ?? findDate(raw, opts)?.date ?? null;
}
