import { describe, expect, it } from 'vitest';
import {
  daysBefore,
  dueDate,
  isDate,
  nextSendAfter,
  sendInstant,
  windowOf,
} from '../../src/digest/calendar.ts';

const paris = { time: '08:00', timezone: 'Europe/Paris', windowHours: 24 };

describe('send instants in Paris', () => {
  it.each([
    ['winter', '2026-01-15', '2026-01-15T07:00:00.000Z'],
    ['the day before spring forward', '2026-03-28', '2026-03-28T07:00:00.000Z'],
    ['spring forward (23 h day)', '2026-03-29', '2026-03-29T06:00:00.000Z'],
    ['summer', '2026-07-01', '2026-07-01T06:00:00.000Z'],
    ['fall back (25 h day)', '2026-10-25', '2026-10-25T07:00:00.000Z'],
  ])('%s', (_n, date, utc) => {
    expect(new Date(sendInstant(date, paris)).toISOString()).toBe(utc);
  });

  it('covers the 24 hours before the send', () => {
    const w = windowOf('2026-03-29', paris);
    expect(new Date(w.since).toISOString()).toBe('2026-03-28T06:00:00.000Z');
    expect(new Date(w.until).toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });
});

describe('due dates', () => {
  it.each([
    ['a minute before the send', '2026-03-29T05:59:00Z', '2026-03-28'],
    ['at the send', '2026-03-29T06:00:00Z', '2026-03-29'],
    ['just after local midnight', '2026-03-28T23:30:00Z', '2026-03-28'],
  ])('%s', (_n, now, date) => {
    expect(dueDate(Date.parse(now), paris)).toBe(date);
  });

  it('plans the next send after now', () => {
    expect(nextSendAfter(Date.parse('2026-10-24T07:00:00Z'), paris)).toEqual({
      date: '2026-10-25',
      at: Date.parse('2026-10-25T07:00:00Z'),
    });
  });
});

describe('chart days', () => {
  it('gives the 14 whole local days before the date, a 23 h day in March', () => {
    const days = daysBefore('2026-04-01', 'Europe/Paris', 14);
    expect(days).toHaveLength(14);
    expect(days[0]!.key).toBe('2026-03-18');
    expect(days.at(-1)!.key).toBe('2026-03-31');
    const spring = days.find((d) => d.key === '2026-03-29')!;
    expect(Date.parse(spring.end) - Date.parse(spring.start)).toBe(23 * 3_600_000);
  });

  it.each([
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-3-1', false],
  ])('isDate(%s) = %s', (s, ok) => expect(isDate(s)).toBe(ok));
});
