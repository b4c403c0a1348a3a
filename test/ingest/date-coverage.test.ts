// How many of the posts and articles that show a date get it, through the parsers and
// normalise as a crawl runs them: French article pages (../shared/corpora/pages-fr, with the
// upstream gold date), real forum threads (forums-real), gofeed's feed items that carry a
// date, and our own fixtures. Run alone to print the figure:
//   npx vitest run test/ingest/date-coverage.test.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/ingest/article.ts';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { parseThreadPage, type ThreadSelectors } from '../../src/ingest/forum.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';
import type { ParsedFeed } from '../../src/ingest/parsed.ts';
import { gofeedCases } from './gofeed-compare.ts';

const SHARED = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const now = new Date('2026-01-01T12:00:00Z');
const DAY = 86_400_000;

interface Tally {
  shown: number;
  found: number;
  misses: string[];
}
const tally = (): Tally => ({ shown: 0, found: 0, misses: [] });

function count(t: Tally, name: string, got: string | null, want?: string): void {
  t.shown++;
  // A gold date is a calendar day; the page's instant may sit on the day before in UTC, and
  // some gold days are the print edition's, a day after the web one: one day either way.
  const ok = got !== null && (!want || Math.abs(Date.parse(got) - Date.parse(want)) <= 1.5 * DAY);
  if (ok) t.found++;
  else t.misses.push(`${name}: got ${got}${want ? `, want ${want}` : ''}`);
}

const publishedAt = (parsed: ParsedFeed) =>
  normaliseItems(parsed, { sourceId: 'c', fetchedAt: now }).map((p) => p.publishedAt);

/** French article pages whose upstream gold gives a publication date. */
function pagesFr(t: Tally): void {
  const root = join(SHARED, 'pages-fr');
  for (const group of ['trafilatura/eval', 'trafilatura/cache', 'readability']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const dir = join(root, group, name);
      if (!existsSync(join(dir, 'source.html'))) continue;
      const gold = existsSync(join(dir, 'expected.json'))
        ? (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).evaldata?.date as unknown)
        : (JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8'))
            .publishedTime as unknown);
      if (typeof gold !== 'string' || !gold) continue; // the page shows no date, or no gold
      const html = readFileSync(join(dir, 'source.html'), 'utf8');
      const got = publishedAt(parseArticle(html, 'https://example.fr/page'))[0] ?? null;
      count(t, name, got, `${gold.slice(0, 10)}T12:00:00Z`);
    }
  }
}

// Engines grogne does not know, read with the selectors a user would configure for them.
const FORUMS: [string, ThreadSelectors | undefined][] = [
  ['discourse-perceval-1148.json', undefined],
  [
    'vbulletin-sa-showthread.html',
    { post: 'table.post', body: 'td.postbody', author: 'dt.author', date: 'td.postdate' },
  ],
  [
    'askbot-perceval-question.html',
    { post: 'div.post[data-post-id]', body: '.post-content, .answer-body', date: 'abbr.timeago' },
  ],
];

function forumsReal(t: Tally): void {
  for (const [file, selectors] of FORUMS) {
    const text = readFileSync(join(SHARED, 'forums-real', file), 'utf8');
    const parsed = parseThreadPage(text, 'https://forum.example.org/t/1', { selectors });
    for (const [i, got] of publishedAt(parsed).entries()) count(t, `${file}#${i + 1}`, got);
  }
}

/** gofeed items whose expected result holds a parsed date. */
async function gofeed(t: Tally): Promise<void> {
  const root = join(SHARED, 'gofeed');
  for (const c of gofeedCases(root)) {
    const items = ((c.expected.items ?? c.expected.entries ?? []) as Record<string, unknown>[])
      .map((it) => it ?? {})
      .map((it) => it.publishedParsed ?? it.pubDateParsed ?? it.date_published ?? it.updatedParsed);
    if (!items.some((d) => typeof d === 'string')) continue;
    let got: (string | null)[] = [];
    try {
      got = publishedAt(
        await parseFeed(decodeBody(readFileSync(join(root, 'testdata', c.input))).text),
      );
    } catch {
      // A refused feed shows nothing: every expected date counts as missed.
    }
    items.forEach((want, i) => {
      if (typeof want === 'string') count(t, `${c.input}#${i + 1}`, got[i] ?? null, want);
    });
  }
}

/** Our own fixtures: every forum post shows a date, and so does every dated feed item. */
async function ownFixtures(t: Tally): Promise<void> {
  const forums = join(FIXTURES, 'forums');
  for (const file of readdirSync(forums).sort()) {
    // Flarum's page without JavaScript prints no date on its posts: none is shown to find.
    if (file === 'flarum-discussion.html') continue;
    const parsed = parseThreadPage(
      readFileSync(join(forums, file), 'utf8'),
      'https://f.example.fr/t',
    );
    for (const [i, got] of publishedAt(parsed).entries()) count(t, `${file}#${i + 1}`, got);
  }
  // namespaced-dates.xml: item 4 has only an event's start date, no date of its own.
  const feed = readFileSync(join(FIXTURES, 'feeds', 'namespaced-dates.xml'), 'utf8');
  publishedAt(await parseFeed(feed)).forEach((got, i) => {
    if (i !== 3) count(t, `namespaced-dates.xml#${i + 1}`, got);
  });
}

function report(name: string, t: Tally): string {
  const share = t.shown ? (100 * t.found) / t.shown : 100;
  return `${name}: ${t.found}/${t.shown} (${share.toFixed(1)}%)${t.misses.map((m) => `\n  miss ${m}`).join('')}`;
}

describe('date coverage: posts and articles that show a date get it', () => {
  it('our own fixtures: every one', async () => {
    const t = tally();
    await ownFixtures(t);
    console.info(report('own fixtures', t));
    expect(t.misses).toEqual([]);
  });

  const corpora = ['pages-fr', 'forums-real', 'gofeed'].map((d) => join(SHARED, d));
  describe.skipIf(!corpora.every((d) => existsSync(d)))(
    '../shared/corpora (pages-fr, forums-real, gofeed; skipped when absent)',
    () => {
      it('at least 95% over the corpora and our fixtures together', async () => {
        const parts: [string, Tally][] = [
          ['pages-fr', tally()],
          ['forums-real', tally()],
          ['gofeed', tally()],
          ['own fixtures', tally()],
        ];
        pagesFr(parts[0]![1]);
        forumsReal(parts[1]![1]);
        await gofeed(parts[2]![1]);
        await ownFixtures(parts[3]![1]);
        const all = parts.reduce(
          (a, [, t]) => ({ shown: a.shown + t.shown, found: a.found + t.found }),
          { shown: 0, found: 0 },
        );
        const share = all.found / all.shown;
        console.info(
          `${parts.map(([n, t]) => report(n, t)).join('\n')}\n` +
            `date coverage: ${all.found}/${all.shown} (${(100 * share).toFixed(1)}%)`,
        );
        expect(parts[0]![1].shown).toBeGreaterThan(20);
        expect(share).toBeGreaterThanOrEqual(0.95);
        // Each corpus on its own too: a regression in one must not hide behind the others.
        for (const [, t] of parts) expect(t.found / t.shown).toBeGreaterThanOrEqual(0.9);
      });
    },
  );
});
