import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config.ts';
import { SourceError } from '../../src/errors.ts';
import { parseThreadPage } from '../../src/ingest/forum.ts';
import { ingestSource } from '../../src/ingest/inspect.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';
import { phpbbPage } from '../helpers/forum-pages.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const forumFixture = (name: string) =>
  readFileSync(new URL(`../fixtures/forums/${name}`, import.meta.url), 'utf8');
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

// SMF, vBulletin 4 and 5, Invision: each engine told from its markup, each post with its
// author, its French or ISO date (Paris time), its position, and the thread's counts.
describe('parseThreadPage: more engines (French fixtures)', () => {
  it.each([
    {
      file: 'smf-thread.html',
      page: 'https://forum.freenautes.example.fr/index.php?topic=7731.0',
      format: 'smf',
      title: 'Freebox Révolution : débit divisé par dix depuis la mise à jour',
      // "(Lu 1 532 fois)"; SMF prints no reply count on the thread page.
      counts: { replies: null, views: 1532 },
      authors: ['Jeannot_29', 'Lulu', 'Jeannot_29', 'Invité'],
      positions: [1, 2, 3, 4],
      // "03 mars 2024, 14:05:00", "Réponse #2 le : Hier à 18:30:02", "Aujourd'hui à 10:15:00".
      dates: [
        '2024-03-03T13:05:00.000Z',
        '2024-03-04T08:12:33.000Z',
        '2024-03-04T17:30:02.000Z',
        '2024-03-05T09:15:00.000Z',
      ],
      next: 'https://forum.freenautes.example.fr/index.php?topic=7731.15',
    },
    {
      file: 'vbulletin4-thread.html',
      page: 'https://www.forum-mobiles.example.fr/showthread.php?t=45120',
      format: 'vbulletin',
      title: 'Orange coupe ma ligne fixe tous les soirs',
      counts: { replies: 11, views: 2318 },
      authors: ['Titi_Lyon', 'Sev_Télécom', 'Titi_Lyon', 'marco13'],
      positions: [1, 2, 3, 4],
      // "03/03/2024, 14h05", "Hier, 18h30", "Aujourd'hui, 10h15".
      dates: [
        '2024-03-03T13:05:00.000Z',
        '2024-03-04T08:12:00.000Z',
        '2024-03-04T17:30:00.000Z',
        '2024-03-05T09:15:00.000Z',
      ],
      // rel="next" written relative to <base href>.
      next: 'https://www.forum-mobiles.example.fr/showthread.php?t=45120&page=2',
    },
    {
      file: 'vbulletin5-thread.html',
      page: 'https://conso.example.fr/forum/operateurs/8812-bouygues-facture-de-resiliation-injustifiee',
      format: 'vbulletin',
      title: 'Bouygues : facture de résiliation injustifiée',
      counts: { replies: 5, views: 987 },
      authors: ['Nanou', 'Juriste_Conso', 'Nanou'],
      positions: [1, 2, 3],
      // <time datetime> without an offset: wall-clock time in Paris.
      dates: ['2024-03-03T13:05:00.000Z', '2024-03-04T08:12:00.000Z', '2024-03-04T17:30:00.000Z'],
      next: 'https://conso.example.fr/forum/operateurs/8812-bouygues-facture-de-resiliation-injustifiee/page2',
    },
    {
      file: 'invision-topic.html',
      page: 'https://communaute.mobinautes.example.fr/topic/55210-sfr-plus-de-4g-depuis-la-panne-de-mardi/',
      format: 'invision',
      title: 'SFR : plus de 4G depuis la panne de mardi',
      // "24 réponses à ce sujet"; the "142 messages" of an author pane is not the thread's.
      counts: { replies: 24, views: null },
      authors: ['Kevin_R', 'Amélie', 'Kevin_R'],
      positions: [1, 2, 3],
      dates: ['2024-03-03T13:05:00.000Z', '2024-03-04T08:12:00.000Z', '2024-03-04T17:30:00.000Z'],
      next: 'https://communaute.mobinautes.example.fr/topic/55210-sfr-plus-de-4g-depuis-la-panne-de-mardi/page/2/',
    },
  ])('$file → $format', (c) => {
    const thread = parseThreadPage(forumFixture(c.file), c.page);
    expect(thread.format).toBe(c.format);
    expect(thread.title).toBe(c.title);
    expect(thread.thread).toEqual(c.counts);
    expect(thread.next).toBe(c.next);
    const posts = normaliseItems(thread, { sourceId: 'forum', fetchedAt: now });
    expect(posts.map((p) => p.author)).toEqual(c.authors);
    expect(posts.map((p) => p.engagement.position)).toEqual(c.positions);
    expect(posts.map((p) => p.publishedAt)).toEqual(c.dates);
    expect(new Set(posts.map((p) => p.dedupKey)).size).toBe(posts.length);
    expect(posts.slice(1).every((p) => p.parentKey === posts[0]!.dedupKey)).toBe(true);
    expect(posts.every((p) => p.text.length > 20)).toBe(true);
  });

  // An English vBulletin 4 board prints month first ("06-05-2016" is 5 June): its dates are
  // read in the order its <html lang="en"> says, a French board's in the French one.
  it('reads a US-English board in its own numeric order', () => {
    const page = 'https://forums.example.com/showthread.php?t=880';
    const thread = parseThreadPage(forumFixture('vbulletin4-us-dates.html'), page);
    expect(thread.lang).toBe('en');
    const posts = normaliseItems(thread, { sourceId: 'forum', fetchedAt: now });
    expect(posts.map((p) => p.publishedAt)).toEqual([
      '2016-06-05T09:47:00.000Z',
      '2016-06-15T13:03:00.000Z',
    ]);
    const french = forumFixture('vbulletin4-us-dates.html').replace('lang="en"', 'lang="fr"');
    const asFrench = normaliseItems(parseThreadPage(french, page), {
      sourceId: 'forum',
      fetchedAt: now,
    });
    // 06-05 is 6 May in French; 06-15 can only be 15 June.
    expect(asFrench.map((p) => p.publishedAt)).toEqual([
      '2016-05-06T09:47:00.000Z',
      '2016-06-15T13:03:00.000Z',
    ]);
  });

  it('keeps a post body apart from the page around it', () => {
    const thread = parseThreadPage(
      forumFixture('vbulletin4-thread.html'),
      'https://www.forum-mobiles.example.fr/showthread.php?t=45120',
    );
    const posts = normaliseItems(thread, { sourceId: 'forum', fetchedAt: now });
    expect(posts[0]!.text).toMatch(/^Bonsoir,\ndepuis deux semaines ma ligne fixe Orange/);
    expect(posts[0]!.text).not.toMatch(/Membre junior|Titi_Lyon/);
  });

  // The "next" link: only on the same site, never the page itself, none on the last page.
  it.each([
    ['<link rel="next" href="/t?page=2">', 'https://forum.example.fr/t?page=2'],
    ['<a rel="next" href="https://ailleurs.example.com/t?page=2">›</a>', null],
    ['<link rel="next" href="viewtopic.php?t=1234">', null],
    [
      '<div class="pagination"><ul><li class="next"><a href="./viewtopic.php?t=1234&amp;start=15">Suivante</a></li></ul></div>',
      'https://forum.example.fr/viewtopic.php?t=1234&start=15',
    ],
    [
      '<ul class="ipsPagination"><li class="ipsPagination_next ipsPagination_inactive"><a href="/t/page/3/">Suivant</a></li></ul>',
      null,
    ],
  ])('next link in %s → %s', (markup, next) => {
    const html = fixture('phpbb-thread.html').replace('<body', `${markup}<body`);
    expect(parseThreadPage(html, PAGE).next).toBe(next);
  });
});

// A 3-page phpBB thread served on 127.0.0.1: ingest follows "next" up to maxThreadPages.
describe('ingestSource follows a long thread', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      hits.push(`${url.pathname}${url.search}`);
      if (url.pathname === '/viewtopic.php') {
        const start = Number(url.searchParams.get('start') ?? 0);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(phpbbPage(start / 2 + 1, 3));
      }
      return res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const source: () => SourceConfig = () => ({
    id: 'fil',
    kind: 'forum',
    url: `${base}/viewtopic.php?t=9`,
    interval: 1800,
    enabled: true,
  });
  const opts = { allowPrivateHosts: ['127.0.0.1'], now: () => now, timeoutMs: 5000 };

  it.each([
    [1, 2, ['Gégé75', 'Voisin1']],
    [2, 4, ['Gégé75', 'Voisin1', 'Gégé75', 'Voisin2']],
    [5, 6, ['Gégé75', 'Voisin1', 'Gégé75', 'Voisin2', 'Gégé75', 'Voisin3']],
  ])('maxThreadPages %i → %i posts, positions running on', async (maxThreadPages, n, authors) => {
    hits.length = 0;
    const out = await ingestSource(source(), '/', { ...opts, maxThreadPages });
    expect(out.posts.map((p) => p.author)).toEqual(authors);
    expect(out.posts.map((p) => p.engagement.position)).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
    expect(hits.length).toBe(Math.min(maxThreadPages, 3));
    // Every reply, on whatever page, hangs under the opening post; counts come from page 1.
    expect(out.posts.slice(1).every((p) => p.parentKey === out.posts[0]!.dedupKey)).toBe(true);
    expect(out.posts.every((p) => p.engagement.views === 1234 && p.engagement.replies === 5)).toBe(
      true,
    );
    expect(new Set(out.posts.map((p) => p.dedupKey)).size).toBe(n);
  });

  it('goes through the given fetcher, without the first page validators', async () => {
    const asked: { url?: string; etag?: string | null }[] = [];
    const out = await ingestSource(source(), '/', {
      ...opts,
      etag: '"p1"',
      fetcher: async (target, o) => {
        asked.push({ url: target.url, etag: o.etag });
        const { fetchSource } = await import('../../src/ingest/fetch.ts');
        return fetchSource(target, o);
      },
    });
    expect(out.posts.length).toBe(6);
    expect(asked.map((a) => a.etag)).toEqual(['"p1"', null, null]);
  });
});
