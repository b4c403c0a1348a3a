import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.ts';
import { parseThreadPage } from '../../src/ingest/forum.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const PAGE = 'https://forum.example.fr/viewtopic.php?t=1234';
// Tuesday 5 March 2024, 13:00 in Paris.
const now = new Date('2024-03-05T12:00:00Z');

describe('parseThreadPage', () => {
  it('reads a phpBB 3 thread: authors, French dates, positions, counts, parent links', () => {
    const thread = parseThreadPage(fixture('phpbb-thread.html'), PAGE);
    expect(thread.format).toBe('phpbb');
    expect(thread.title).toBe('Box SFR qui redémarre sans arrêt');
    expect(thread.thread).toEqual({ replies: 2, views: 245 });
    const posts = normaliseItems(thread, { sourceId: 'forum', fetchedAt: now });
    expect(posts.map((p) => [p.author, p.engagement.position])).toEqual([
      ['Gégé75', 1],
      ['Modo_Sophie', 2],
      ['Gégé75', 3],
    ]);
    // <time datetime>, then "lun. 4 mars 2024 09:12" (Paris), then "hier à 18:30".
    expect(posts.map((p) => p.publishedAt)).toEqual([
      '2024-03-03T13:05:00.000Z',
      '2024-03-04T08:12:00.000Z',
      '2024-03-04T17:30:00.000Z',
    ]);
    expect(posts[0]!.dedupKey).toBe(`${PAGE}#p5001`);
    expect(posts[0]!.parentKey).toBeNull();
    expect(posts.slice(1).map((p) => p.parentKey)).toEqual([`${PAGE}#p5001`, `${PAGE}#p5001`]);
    expect(posts[0]!.text).toBe(
      'Ma box redémarre toutes les heures.\nLe service client ne répond pas.',
    );
    expect(posts.every((p) => p.engagement.replies === 2 && p.engagement.views === 245)).toBe(true);
  });

  // Other engines, each with what must come out of it.
  it.each([
    ['xenforo-thread.html', undefined, 'xenforo', ['Karim', 'Lucie'], { replies: 2, views: 1204 }],
    ['discourse-topic.json', undefined, 'discourse', ['Marc', 'ines'], { replies: 1, views: 512 }],
    [
      'generic-thread.html',
      { post: 'div.msg', body: '.txt', author: '.who', date: '.quand' },
      'generic',
      ['Alain', 'Bea'],
      { replies: null, views: null },
    ],
  ])('reads %s', (name, selectors, format, authors, counts) => {
    const thread = parseThreadPage(fixture(name), PAGE, { selectors });
    expect(thread.format).toBe(format);
    expect(thread.thread).toEqual(counts);
    const posts = normaliseItems(thread, { sourceId: 'forum', fetchedAt: now });
    expect(posts.map((p) => p.author)).toEqual(authors);
    expect(posts[1]!.parentKey).toBe(posts[0]!.dedupKey);
    expect(posts.every((p) => p.publishedAt !== null)).toBe(true);
  });

  it('reads configured French dates in the generic engine ("il y a 3 heures")', () => {
    const thread = parseThreadPage(fixture('generic-thread.html'), PAGE, {
      selectors: { post: 'div.msg', body: '.txt', author: '.who', date: '.quand' },
    });
    const posts = normaliseItems(thread, { sourceId: 'forum', fetchedAt: now });
    expect(posts.map((p) => p.publishedAt)).toEqual([
      '2024-03-03T13:05:00.000Z',
      '2024-03-05T09:00:00.000Z',
    ]);
  });

  it('refuses a page with no posts with a SourceError', () => {
    expect(() => parseThreadPage(fixture('not-a-feed.html'), PAGE)).toThrow(SourceError);
    expect(() => parseThreadPage(fixture('not-a-feed.html'), PAGE)).toThrow(/no posts found/);
  });
});
