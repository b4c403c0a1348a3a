// A digest filtered by a search: inline in the config, or a saved search by name.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { buildDigest } from '../../src/digest/build.ts';
import { insertSavedSearch } from '../../src/store/saved-searches.ts';
import { DATE, digestConfig, openTestStore, seedComplaints } from './fixtures.ts';

function digestWith(
  over: Record<string, unknown>,
  save?: { query: string; brands: string[] | null },
) {
  const db = openTestStore();
  seedComplaints(db);
  if (save) {
    insertSavedSearch(db, {
      name: 'saved',
      ...save,
      keyId: null,
      createdAt: '2026-03-01T00:00:00.000Z',
    });
  }
  const config = digestConfig({ apiBaseUrl: 'https://grogne.example.fr', ...over });
  return buildDigest(db, config.digests[0]!, DATE, { brands: config.brands });
}

const titles = (d: ReturnType<typeof buildDigest>) =>
  d.sections.flatMap((s) => s.items.map((i) => i.title));

describe('a digest filtered by a search', () => {
  it('without one, takes every complaint of the window', () => {
    expect(titles(digestWith({}))).toHaveLength(3);
  });

  it('with search, only the complaints it finds (stems and accents folded)', () => {
    const d = digestWith({ search: 'factures OR resilie' });
    expect(titles(d)).toEqual(['<script>alert(1)</script>', 'Petit souci de facture SFR']);
    expect(d.sections[0]!.moreUrl).toContain('q=factures+OR+resilie');
  });

  it('with savedSearch, the saved query within its brands', () => {
    expect(titles(digestWith({ savedSearch: 'saved' }, { query: 'panne', brands: null }))).toEqual([
      'Réseau SFR en panne',
    ]);
    // Saved within orange's scope: none of these SFR complaints mentions Orange.
    expect(
      titles(digestWith({ savedSearch: 'saved' }, { query: 'panne', brands: ['orange'] })),
    ).toEqual([]);
    // Both: each applies.
    expect(
      titles(
        digestWith({ savedSearch: 'saved', search: '-panne' }, { query: 'sfr', brands: null }),
      ),
    ).toHaveLength(2);
  });

  it('a saved search that does not exist stops the digest with an error naming it', () => {
    expect(() => digestWith({ savedSearch: 'gone' })).toThrow(ConfigError);
    expect(() => digestWith({ savedSearch: 'gone' })).toThrow(
      /digest "matin": savedSearch: no saved search named "gone"/,
    );
  });
});
