// Dates as feeds and French forums print them: RFC 822 and ISO 8601 from feeds, and what
// people read on forum pages ("18 octobre 2012 à 19 h 21 min", "hier à 14h05", "il y a
// 3 heures", "mardi 3 mars"). Wall-clock times are read in Europe/Paris unless the string
// states an offset. A string we cannot read gives null, never "now": a wrong date would
// make an old complaint look fresh.

import { FILLERS, MONTHS, UNIT_MS, unitOf, WEEKDAYS, ZONES } from './date-words.ts';
import {
  addCalendar,
  daysInMonth,
  type WallClock,
  wallClock,
  weekday,
  zonedToUtc,
} from './zoned.ts';

export interface ParseDateOptions {
  now: Date;
  timeZone?: string;
  /**
   * The language the document declares ("fr", "fr-FR", "en-US"): it orders numeric dates,
   * day first in French ("05/06/2016" is 5 June), month first in US English ("06-15-2016").
   */
  locale?: string | null;
}

export type NumericOrder = 'dmy' | 'mdy';

/**
 * How a locale writes numeric dates. English without a region is read as US English: it is
 * what forum engines (vBulletin, phpBB) declare by default and print month first. British
 * and other Commonwealth English, French and every other language put the day first.
 */
export function numericOrder(locale: string | null | undefined): NumericOrder {
  const tag = (locale ?? '').toLowerCase().replace(/_/g, '-');
  return /^en(?:-(?:us|ph|pr|um|gu|as|mp|vi)(?:-.*)?)?$/.test(tag) ? 'mdy' : 'dmy';
}

/** Day and month of "a/b": in the locale's order, unless one part can only be the day. */
function dayMonth(a: number, b: number, order: NumericOrder): [number, number] {
  if (order === 'mdy') return a > 12 && b <= 12 ? [a, b] : [b, a];
  return b > 12 && a <= 12 ? [b, a] : [a, b];
}

/** Lowercase, accent-free, one kind of apostrophe, single spaces. */
function clean(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u02bb\u055a\ua78c\uff07\u2032\u2035\u02b9`´]/g, "'")
    .replace(/\u00a0|\u202f/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.,;]+$/, '');
}

/** Parses a date as printed in a feed or on a French page; null when it cannot tell. */
export function parseDate(input: string, opts: ParseDateOptions): Date | null {
  const timeZone = opts.timeZone ?? 'Europe/Paris';
  const s = clean(input);
  if (!s || s.length > 120) return null;
  const ms =
    parseIso(s, timeZone) ??
    parseRelative(s, opts.now, timeZone) ??
    parseWords(s, opts.now, timeZone, numericOrder(opts.locale));
  return ms === null || Number.isNaN(ms) ? null : new Date(ms);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)? ?(z|[+-]\d{2}(?::?\d{2})?)?$/;

function parseIso(s: string, timeZone: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  // biome-ignore format: compact
  const w: WallClock = {
    year: +m[1]!, month: +m[2]!, day: +m[3]!,
    hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0),
  };
  if (!valid(w)) return null;
  const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return toInstant(w, offsetMinutes(m[8]), timeZone) + frac;
}

function offsetMinutes(z: string | undefined): number | null {
  if (!z) return null;
  if (z in ZONES) return ZONES[z]!;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const v = +m[2]! * 60 + +(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

function valid(w: WallClock): boolean {
  return (
    w.month >= 1 &&
    w.month <= 12 &&
    w.day >= 1 &&
    w.day <= daysInMonth(w.year, w.month) &&
    w.hour <= 23 &&
    w.minute <= 59 &&
    w.second <= 60
  );
}

function toInstant(w: WallClock, offset: number | null, timeZone: string): number {
  if (offset === null) return zonedToUtc(w, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - offset * 60_000;
}

/** "hier à 14h05", "il y a 3 heures", "dans 2 jours", "1 an 2 mois" (= ago, as dateparser). */
function parseRelative(s: string, now: Date, timeZone: string): number | null {
  const nowMs = now.getTime();
  if (s === "a l'instant" || s === 'maintenant' || s === 'just now' || s === 'now') return nowMs;
  const day =
    /^(aujourd'hui|aujourdhui|hier|avant-hier|avant hier|today|yesterday)(?:,? (?:a )?(.+))?$/.exec(
      s,
    );
  if (day) {
    const back = day[1]!.startsWith('avant') ? 2 : /^(hier|yesterday)$/.test(day[1]!) ? 1 : 0;
    const today = wallClock(nowMs, timeZone);
    if (!day[2]) return shiftWall(nowMs, timeZone, 0, -back);
    const t = parseTime(day[2]);
    if (!t || t.rest.trim()) return null;
    const d = addCalendar(today, 0, -back);
    return toInstant(
      { ...d, hour: t.hour, minute: t.minute, second: t.second },
      t.offset,
      timeZone,
    );
  }
  let sign = -1;
  let body = s;
  const lead = /^(il y a|il ya|ilya|y a|moins de|plus de|depuis|dans|en|in)\s+(.*?)(\s+ago)?$/.exec(
    s,
  );
  if (lead) {
    sign = /^(dans|en|in)$/.test(lead[1]!) ? 1 : -1;
    body = lead[2]!;
  } else if (/\sago$/.test(s)) {
    return null; // English "ago" mixed with French units: dateparser refuses it, so do we
  }
  const pieces = body
    .replace(/^(environ|about|presque|pres de)\s+/, '')
    .split(/\s*(?:,|\bet\b|\band\b)\s*|\s+(?=\d|une?\s)/);
  let months = 0;
  let days = 0;
  let exact = 0;
  let seen = 0;
  for (const piece of pieces) {
    if (!piece) continue;
    const m = /^(\d+|une?|quelques) ?([a-z]+)$/.exec(piece.trim());
    if (!m) return null;
    const n = /^\d/.test(m[1]!) ? +m[1]! : m[1] === 'quelques' ? 3 : 1;
    const unit = unitOf(m[2]!);
    if (!unit) return null;
    seen++;
    if (unit === 'y') months += 12 * n;
    else if (unit === 'mo') months += n;
    else if (unit === 'w') days += 7 * n;
    else if (unit === 'd') days += n;
    else exact += n * UNIT_MS[unit]!;
  }
  if (!seen) return null;
  // Calendar parts first (months clip to the month's end), then exact durations: the order
  // dateparser uses, and the one that keeps "il y a 2 jours" on the same wall-clock hour.
  return shiftWall(nowMs, timeZone, sign * months, sign * days) + sign * exact;
}

function shiftWall(ms: number, timeZone: string, months: number, days: number): number {
  if (!months && !days) return ms;
  const w = addCalendar(wallClock(ms, timeZone), months, days);
  return zonedToUtc(w, timeZone) + (ms % 1000);
}

interface Time {
  hour: number;
  minute: number;
  second: number;
  offset: number | null;
  rest: string;
}

// "14:05", "14:05:33", "14h05", "14 h 05", "19 h 21 min", "9h", optionally followed by a zone.
const TIME =
  /(?<![\d/.-])(\d{1,2}) ?(?::|h(?![a-z])) ?(\d{2})?(?: ?(?:min|mn)\b)?(?: ?:(\d{2}))?(?: ?(am|pm))?(?: ?\b(z|gmt|utc|ut|cest|cet|mest|met|bst|west|wet|est|edt|cst|cdt|mst|mdt|pst|pdt)\b)?(?: ?([+-]\d{2}:?\d{2}))?(?![\d:])/;

function parseTime(s: string): Time | null {
  const m = TIME.exec(s);
  if (!m) return null;
  if (!m[2] && !/h/.test(m[0])) return null;
  let hour = +m[1]!;
  if (m[4] === 'pm' && hour < 12) hour += 12;
  if (m[4] === 'am' && hour === 12) hour = 0;
  const z = m[5] ? ZONES[m[5]]! : null;
  const o = m[6] ? offsetMinutes(m[6]) : null;
  const offset = z === null && o === null ? null : (z ?? 0) + (o ?? 0);
  return {
    hour,
    minute: +(m[2] ?? 0),
    second: +(m[3] ?? 0),
    offset,
    rest: `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`,
  };
}

/** "18 octobre 2012 à 19 h 21 min", "Tue, 03 Mar 2024 14:05:00 +0100", "03/03/2024 14:05". */
function parseWords(s: string, now: Date, timeZone: string, order: NumericOrder): number | null {
  const t = parseTime(s);
  let rest = t ? t.rest : s;
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  let wd: number | null = null;

  // Numeric dates are day first in France (03/03/2024, 3.3.24, 03-03-2024), month first in
  // the US (06-15-2016), or year first everywhere.
  const ymd = /(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)/.exec(rest);
  const dmy = ymd
    ? null
    : /(?<!\d)(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\d/.-])/.exec(rest);
  if (ymd) {
    [year, month, day] = [+ymd[1]!, +ymd[2]!, +ymd[3]!];
    rest = rest.replace(ymd[0], ' ');
  } else if (dmy && (dmy[3] || /[/]/.test(dmy[0]))) {
    [day, month] = dayMonth(+dmy[1]!, +dmy[2]!, order);
    if (dmy[3]) year = dmy[3].length === 2 ? 2000 + +dmy[3] : +dmy[3];
    rest = rest.replace(dmy[0], ' ');
  }

  const words = rest.split(/[\s,()«»]+/).filter(Boolean);
  const numbers: number[] = [];
  const monthWords: string[] = [];
  for (const raw of words) {
    const w = raw.replace(/\.$/, '');
    if (!w || FILLERS.has(w) || w === ':' || w === '-' || w === '»' || w === '|') continue;
    const ord = /^(\d{1,4})(?:er|e|eme|re|st|nd|rd|th)?$/.exec(w);
    if (ord) {
      numbers.push(+ord[1]!);
      continue;
    }
    if (w in MONTHS) {
      monthWords.push(w);
      continue;
    }
    if (w in WEEKDAYS) {
      wd = WEEKDAYS[w]!;
      continue;
    }
    return null; // an unknown word: better no date than a wrong one
  }
  // "mar" is both Tuesday (mardi) and March: it is the weekday when another month is named.
  if (monthWords.length === 2 && monthWords.includes('mar')) {
    wd = 2;
    monthWords.splice(monthWords.indexOf('mar'), 1);
  }
  if (monthWords.length > 1) return null;
  if (monthWords.length === 1) {
    if (month !== null) return null;
    month = MONTHS[monthWords[0]!]!;
  }
  for (const n of numbers) {
    if (n > 31 || (day !== null && year === null && monthWords.length)) {
      if (year !== null) return null;
      year = n < 100 ? 2000 + n : n;
    } else if (day === null) day = n;
    else return null;
  }
  if (month !== null && day === null && year !== null) day = 1; // "mars 2024"
  const nowMs = now.getTime();
  const today = wallClock(nowMs, timeZone);
  const hms = { hour: t?.hour ?? 0, minute: t?.minute ?? 0, second: t?.second ?? 0 };
  const offset = t?.offset ?? null;
  if (hms.hour > 23 || hms.minute > 59 || hms.second > 59) return null;

  if (month !== null && day !== null) {
    if (year !== null) {
      const w = { year, month, day, ...hms };
      return valid(w) ? toInstant(w, offset, timeZone) : null;
    }
    // No year ("mardi 3 mars"): the most recent such date that is not after now.
    for (const y of [today.year, today.year - 1]) {
      const w = { year: y, month, day, ...hms };
      if (!valid(w)) continue;
      const ms = toInstant(w, offset, timeZone);
      if (ms <= nowMs) return ms;
    }
    return null;
  }
  if (month !== null || day !== null || year !== null) return null;
  if (wd === null && !t) return null;
  // A weekday and/or a time alone ("jeu 15:12", "14:05"): the most recent such moment.
  for (let back = 0; back < 8; back++) {
    const d = addCalendar(today, 0, -back);
    if (wd !== null && weekday(d) !== wd) continue;
    const ms = toInstant({ ...d, ...hms }, offset, timeZone);
    if (ms <= nowMs) return ms;
  }
  return null;
}
