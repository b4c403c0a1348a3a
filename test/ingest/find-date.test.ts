import { describe, expect, it } from 'vitest';
import { findDate } from '../../src/ingest/find-date.ts';

const iso = (s: string, locale?: string) => findDate(s, { locale })?.date.toISOString() ?? null;

describe('findDate', () => {
  // The date line of themes and forum engines: the date among other words.
  it.each([
    ['Par Loïc Le Clerc | 30 septembre 2018', '2018-09-29T22:00:00.000Z'],
    ['jeudi 13 juin 2019, par Attac France', '2019-06-12T22:00:00.000Z'],
    ['Publié le 1er février 2024 à 9 h 30', '2024-02-01T08:30:00.000Z'],
    ['par JPA le 7 mai 2020 - 12:38.', '2020-05-07T10:38:00.000Z'],
    ['Muriel - Le 22/01/2020 à 12:01:03', '2020-01-22T11:01:03.000Z'],
    ['Publié le 2022-04-26 | lenouvelliste.com', '2022-04-25T22:00:00.000Z'],
    ['# ? Dec  5, 2024 21:45', '2024-12-05T20:45:00.000Z'],
    ['Posted April 3rd, 2019 at 3:03 pm', '2019-04-03T13:03:00.000Z'],
    ['Date 23.05.2011', '2011-05-22T22:00:00.000Z'],
    // "septembre" is not cut to "sept" and the year not taken for an hour.
    ['Le 11 septembre 2001', '2001-09-10T22:00:00.000Z'],
  ])('finds the date in %j', (s, want) => {
    expect(iso(s)).toBe(want);
  });

  it('reads numeric dates in the locale order', () => {
    expect(iso('Posté le 06/05/2016', 'fr')).toBe('2016-05-05T22:00:00.000Z');
    expect(iso('Posted 06/05/2016', 'en-US')).toBe('2016-06-04T22:00:00.000Z');
  });

  it('takes the first date when there are several', () => {
    expect(iso('Publié le 3 mars 2024, mis à jour le 5 mars 2024')).toBe(
      '2024-03-02T23:00:00.000Z',
    );
  });

  // No year, no date: "mardi 3 mars" in a sentence is too often another day than the post's.
  it.each([
    ['Rendez-vous mardi 3 mars à la boutique'],
    ['Il y a 3 heures que j’attends'],
    ['Le forfait à 19,99 € par mois'],
    ['Version 2.4 du firmware'],
    ['31 février 2024'],
    [''],
  ])('finds none in %j', (s) => {
    expect(findDate(s)).toBeNull();
  });
});
