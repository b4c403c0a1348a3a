// `grogne inspect FILE` on each hard case of test/fixtures/feeds, as a user runs it: the items
// as JSON (exit 0), or one clear line on stderr (exit 2) and no stack trace.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runGrogne } from '../helpers/cli.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));

// What each fixture must give: its first item's title, or the refusal's wording.
const CASES: Record<string, { title: string } | { refused: RegExp }> = {
  'bare-ampersand.xml': { title: 'Orange & Free, même combat' },
  'bom-atom.xml': { title: 'Box Free en panne' },
  'html-entities.xml': { title: 'Fibre coupée depuis une semaine !' },
  'latin1-no-charset.xml': { title: 'Échec total' },
  'jsonfeed.json': { title: 'Résiliation impossible' },
  'rdf-rss1.xml': { title: 'Réseau saturé' },
  'rss091.xml': { title: 'Minitel en panne' },
  'truncated.xml': { title: 'Début' },
  'namespaced-dates.xml': { title: 'Bouygues : ligne coupée sans préavis' },
  'invalid-char-ref.xml': { title: 'Fibre coupée depuis lundi' },
  'unclosed-cdata.xml': { title: 'Fibre coupée depuis lundi' },
  'broken-item.xml': { title: 'Fibre coupée depuis lundi' },
  'discourse-posts-anchors.xml': { title: 'Box Internet coupée depuis trois jours' },
  'stray-latin1-byte.xml': { title: 'Fibre coupée depuis lundi' },
  'not-a-feed.html': { refused: /not a feed: an HTML page/ },
  'broken-beyond-repair.xml': { refused: /not a feed: broken XML/ },
};

describe('grogne inspect on hard cases', () => {
  it('covers every feed fixture that is not a forum page', () => {
    const feeds = readdirSync(FIXTURES).filter(
      (f) => !/thread|topic/.test(f) && f !== 'rss2-french.xml',
    );
    expect(Object.keys(CASES).sort()).toEqual(feeds.sort());
  });

  it.each(Object.entries(CASES))(
    '%s',
    async (name, want) => {
      const r = await runGrogne(['inspect', `${FIXTURES}${name}`]);
      if ('title' in want) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout) as { items: { title: string | null }[] };
        expect(out.items[0]?.title).toBe(want.title);
      } else {
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(want.refused);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    },
    30_000,
  );
});
