// Local dates and send instants of a digest. A digest is named by the local date of its send
// ("2026-03-29" at 08:00 Europe/Paris); every instant is computed from the wall clock through
// Intl, so the 08:00 send happens at 08:00 local on the days the clocks change too.
import { wallClock, zonedToUtc } from '../ingest/zoned.ts';

const HOUR_MS = 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DigestWhen {
  time: string;
  timezone: string;
  windowHours: number;
}

/** True when `tz` is a time zone Intl knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The local date (YYYY-MM-DD) of instant `ms` in `tz`. */
export function localDate(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Calendar arithmetic on a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The UTC instant (ms) at which `tz` reads `date` `time` (HH:MM). */
export function localInstant(date: string, time: string, tz: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return zonedToUtc({ year, month, day, hour, minute, second: 0 }, tz);
}

/** When the digest of `date` is due. */
export function sendInstant(date: string, d: DigestWhen): number {
  return localInstant(date, d.time, d.timezone);
}

/** The window a digest covers: the `windowHours` before its send instant. */
export function windowOf(date: string, d: DigestWhen): { since: number; until: number } {
  const until = sendInstant(date, d);
  return { since: until - d.windowHours * HOUR_MS, until };
}

/** The latest date whose send instant is at or before `now` (the digest that is due). */
export function dueDate(now: number, d: DigestWhen): string {
  const today = localDate(now, d.timezone);
  return sendInstant(today, d) <= now ? today : addDays(today, -1);
}

/** The next send instant strictly after `now`. */
export function nextSendAfter(now: number, d: DigestWhen): { date: string; at: number } {
  const date = addDays(dueDate(now, d), 1);
  return { date, at: sendInstant(date, d) };
}

/** The `n` whole local days before `date` (oldest first), as UTC bounds: the digest's chart. */
export function daysBefore(
  date: string,
  tz: string,
  n: number,
): { key: string; start: string; end: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const day = addDays(date, i - n);
    return {
      key: day,
      start: new Date(localInstant(day, '00:00', tz)).toISOString(),
      end: new Date(localInstant(addDays(day, 1), '00:00', tz)).toISOString(),
    };
  });
}
