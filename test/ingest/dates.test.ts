import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/ingest/dates.ts';

const SHARED = new URL('../../../shared/', import.meta.url);
const CORPUS = new URL('corpora/dates-fr/dates-fr.json', SHARED);

// Tuesday 5 March 2024, 13:00 in Paris (CET, UTC+1).
const now = new Date('2024-03-05T12:00:00Z');
const iso = (s: string) => parseDate(s, { now })?.toISOString() ?? null;

describe('parseDate', () => {
  // Feed formats: RFC 822 with zones, ISO 8601 with and without offset.
  it.each([
    ['Tue, 03 Mar 2024 14:05:00 +0100', '2024-03-03T13:05:00.000Z'],
    ['Sun, 03 Mar 2024 13:05:00 GMT', '2024-03-03T13:05:00.000Z'],
    ['Mon, 04 Mar 2024 14:05:00 EST', '2024-03-04T19:05:00.000Z'],
    ['2024-03-03T14:05:00+01:00', '2024-03-03T13:05:00.000Z'],
    ['2015-05-02T10:20:19+0000', '2015-05-02T10:20:19.000Z'],
    ['2024-03-03T13:05:00.250Z', '2024-03-03T13:05:00.250Z'],
    ['2024-07-01T10:00:00', '2024-07-01T08:00:00.000Z'], // no offset: Paris summer time
    ['2024-01-15 10:00', '2024-01-15T09:00:00.000Z'], // no offset: Paris winter time
  ])('reads the feed date %s', (s, want) => {
    expect(iso(s)).toBe(want);
  });

  // What French forums and blogs print, read in Europe/Paris.
  it.each([
    ['18 octobre 2012 à 19 h 21 min', '2012-10-18T17:21:00.000Z'],
    ['le 3 mars 2024, 14:05', '2024-03-03T13:05:00.000Z'],
    ['Le 11 Décembre 2014 à 09:00', '2014-12-11T08:00:00.000Z'],
    ['03/03/2024 14:05', '2024-03-03T13:05:00.000Z'], // day first
    ['12/01/2024', '2024-01-11T23:00:00.000Z'], // 12 January, not 1 December
    ['1er février 2024', '2024-01-31T23:00:00.000Z'],
    ['janv. 5, 2024', '2024-01-04T23:00:00.000Z'],
    ['12 déc. 2023 à 8h', '2023-12-12T07:00:00.000Z'],
    ['lun. 4 mars 2024 09:12', '2024-03-04T08:12:00.000Z'],
  ])('reads the French date %s', (s, want) => {
    expect(iso(s)).toBe(want);
  });

  // Relative forms count from the injected now, in Paris days.
  it.each([
    ['hier à 14h05', '2024-03-04T13:05:00.000Z'],
    ["aujourd'hui 09:12", '2024-03-05T08:12:00.000Z'],
    ['Aujourd’hui à 9h12', '2024-03-05T08:12:00.000Z'],
    ['avant-hier', '2024-03-03T12:00:00.000Z'],
    ['il y a 3 heures', '2024-03-05T09:00:00.000Z'],
    ['il y a 2 jours', '2024-03-03T12:00:00.000Z'],
    ['il y a 40 min', '2024-03-05T11:20:00.000Z'],
    ['mardi 3 mars', '2024-03-02T23:00:00.000Z'], // already past this year
    ['25 décembre', '2023-12-24T23:00:00.000Z'], // not after now: last year's
    ['jeu 15:12', '2024-02-29T14:12:00.000Z'], // the Thursday before
  ])('reads the relative date %s', (s, want) => {
    expect(iso(s)).toBe(want);
  });

  it('handles the DST change: a day back across the last Sunday of March keeps the hour', () => {
    const after = new Date('2024-04-01T10:00:00Z'); // 12:00 CEST
    expect(parseDate('il y a 2 jours', { now: after })?.toISOString()).toBe(
      '2024-03-30T11:00:00.000Z',
    );
    expect(parseDate('31 mars 2024 à 12:00', { now: after })?.toISOString()).toBe(
      '2024-03-31T10:00:00.000Z',
    );
    expect(parseDate('30 mars 2024 à 12:00', { now: after })?.toISOString()).toBe(
      '2024-03-30T11:00:00.000Z',
    );
  });

  // Numeric dates in the page's order: day first in French (and British) pages, month first
  // in US English ones (vBulletin 4's "06-15-2016, 03:03 PM" on a lang="en" board). A part
  // above 12 can only be the day, whatever the locale says.
  it.each([
    ['05/06/2016', 'fr', '2016-06-04T22:00:00.000Z'],
    ['05/06/2016', 'fr-FR', '2016-06-04T22:00:00.000Z'],
    ['05/06/2016', undefined, '2016-06-04T22:00:00.000Z'],
    ['05/06/2016', 'en-GB', '2016-06-04T22:00:00.000Z'],
    ['05/06/2016', 'en-US', '2016-05-05T22:00:00.000Z'],
    ['05/06/2016', 'en_us', '2016-05-05T22:00:00.000Z'],
    ['06-15-2016, 03:03 PM', 'en', '2016-06-15T13:03:00.000Z'],
    ['06-15-2016, 03:03 PM', 'fr', '2016-06-15T13:03:00.000Z'],
    ['15/06/2016', 'en-US', '2016-06-14T22:00:00.000Z'],
    ['12/01/2024 10:00', 'en', '2024-12-01T09:00:00.000Z'],
    ['2016-06-05', 'en-US', '2016-06-04T22:00:00.000Z'],
  ])('reads %s on a %s page', (s, locale, want) => {
    expect(parseDate(s, { now, locale })?.toISOString()).toBe(want);
  });

  // Garbage gives null, never "now".
  it.each([[''], ['pas une date'], ['31 février 2024'], ['4 heures ago'], ['25:00'], ['n/a']])(
    'refuses %j',
    (s) => {
      expect(parseDate(s, { now })).toBeNull();
    },
  );
});

describe.skipIf(!existsSync(CORPUS))(
  'dateparser French corpus (../shared/corpora/dates-fr)',
  () => {
    it('parses at least 90% of the datetime cases', () => {
      type Case = {
        input: string;
        expected: string | null;
        expected_type: string;
        relative_base?: string;
      };
      const cases = (JSON.parse(readFileSync(CORPUS, 'utf8')) as Case[]).filter((c) =>
        ['datetime', 'datetime_relative_to_now', 'not_parsed'].includes(c.expected_type),
      );
      const failures: string[] = [];
      for (const c of cases) {
        // The upstream tests ran with local time UTC; cases without a base used its usual one.
        const base = new Date(`${c.relative_base ?? '2014-09-01T10:30:00'}Z`);
        const got = parseDate(c.input, { now: base, timeZone: 'UTC' })?.toISOString() ?? null;
        const want = c.expected === null ? null : `${c.expected}.000Z`;
        if (got !== want) failures.push(`${c.input}: got ${got}, want ${want}`);
      }
      const rate = (cases.length - failures.length) / cases.length;
      console.info(
        `dates-fr: ${cases.length - failures.length}/${cases.length} (${(rate * 100).toFixed(1)}%)`,
      );
      expect(failures.length, failures.join('\n')).toBeLessThanOrEqual(cases.length * 0.1);
    });
  },
);
