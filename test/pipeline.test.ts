import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { PoliteFetcher } from '../src/ingest/polite.ts';
import { HostScheduler } from '../src/ingest/politeness.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { type CrawlDeps, crawlAll, crawlableSources, crawlSource } from '../src/pipeline.ts';
import { putSource } from '../src/store/admin.ts';
import { resumeSource } from '../src/store/fetch-state.ts';
import { getFetchState, listSources } from '../src/store/meta.ts';
import { openStore } from '../src/store/open.ts';
import { postId, syncSources } from '../src/store/write.ts';
import { type FeedItem, manyItems, rss, testBrands } from './helpers/feeds.ts';
import { reply, serve, type TestServer } from './helpers/http.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(...args: Parameters<typeof serve>) {
  const s = await serve(...args);
  servers.push(s);
  return s;
}

const NOW = new Date('2026-11-25T10:00:00Z');
const models = loadModels();

function setup(sources: object[], crawl: object = {}) {
  const config = parseConfig({
    brands: testBrands,
    sources,
    crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0, ...crawl },
  });
  const db = openStore(':memory:');
  syncSources(db, config.sources);
  const analyzer = new Analyzer({ brands: config.brands, models });
  const deps: CrawlDeps = { db, config, baseDir: '/', analyzer, now: () => NOW, random: () => 0.5 };
  return { db, config, deps };
}

const count = (deps: CrawlDeps, where = '1') =>
  (deps.db.prepare(`SELECT count(*) AS n FROM posts WHERE ${where}`).get() as { n: number }).n;

const complaint: FeedItem = {
  guid: 'a1',
  title: 'SFR encore en panne',
  body: "Ma box SFR ne marche plus depuis trois semaines, le service client ne répond pas. C'est l'enfer.",
};

describe('crawlSource: conditional GET and schedule', () => {
  // The second poll sends the stored ETag; a 304 means nothing is parsed and no row is added.
  it('a 304 parses nothing and adds no row', async () => {
    const body = rss('Blog', [complaint]);
    const srv = await server({
      '/feed': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' });
          res.end();
        } else reply(body, { etag: '"v1"', 'cache-control': 'max-age=7200' })(req, res);
      },
    });
    const { deps, config } = setup([{ id: 'blog', kind: 'feed', url: `${srv.origin}/feed` }]);
    const first = await crawlSource(config.sources[0]!, deps);
    expect(first).toMatchObject({ ok: true, new: 1 });
    // Cache-Control max-age (2 h) is longer than the 30-min interval: it wins.
    expect(first.nextCheckReason).toMatch(/Cache-Control/);
    expect(first.nextCheckAt).toBe('2026-11-25T12:00:00.000Z');
    const second = await crawlSource(config.sources[0]!, deps);
    expect(second).toMatchObject({ ok: true, notModified: true, fetched: 0, new: 0 });
    expect(srv.log[1]!.headers['if-none-match']).toBe('"v1"');
    expect(count(deps)).toBe(1);
    // Nothing new: the schedule slows down (unchanged streak), never polls sooner.
    expect(second.nextCheckReason).toMatch(/unchanged 1 poll|Cache-Control/);
  });

  it('pauses a source after N failures in a row, with the reason, until resumed', async () => {
    const srv = await server({ '/feed': reply('boom', {}, 500) });
    const { deps, config, db } = setup([{ id: 'blog', kind: 'feed', url: `${srv.origin}/feed` }], {
      pauseAfterErrors: 3,
    });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await crawlSource(config.sources[0]!, deps));
    expect(outcomes.map((o) => o.paused)).toEqual([false, false, true]);
    // Error back-off: each failure waits longer than the one before.
    expect(outcomes[1]!.nextCheckAt! > outcomes[0]!.nextCheckAt!).toBe(true);
    const row = listSources(db).find((s) => s.id === 'blog')!;
    expect(row).toMatchObject({ state: 'paused', consecutiveErrors: 3, nextCheckAt: null });
    expect(row.lastError).toMatch(/paused after 3 failed polls in a row: .*HTTP 500/);
    expect(crawlableSources(deps)).toEqual([]);
    resumeSource(db, 'blog');
    expect(crawlableSources(deps).map((s) => s.id)).toEqual(['blog']);
    expect(getFetchState(db, 'blog')).toMatchObject({ state: 'active', consecutiveErrors: 0 });
  });
});

// A damaged feed is stored with what could be read of it: its repaired posts flagged
// malformed in the store, its lost posts told in the source's warnings.
describe('crawlSource: damaged feeds', () => {
  const bytes = (name: string) =>
    readFileSync(new URL(`./fixtures/feeds/${name}`, import.meta.url));

  it.each([
    ['broken-item.xml', 5, 0, ['1 item dropped: broken XML that could not be repaired']],
    ['stray-latin1-byte.xml', 6, 6, []],
  ])('%s: %i posts stored, %i malformed', async (name, stored, malformed, warnings) => {
    const srv = await server({
      '/feed': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(bytes(name));
      },
    });
    const { deps, config } = setup([
      { id: 'blog', kind: 'feed', url: `${srv.origin}/feed`, fullText: 'never' },
    ]);
    const o = await crawlSource(config.sources[0]!, deps);
    expect(o).toMatchObject({ ok: true, fetched: stored, new: stored, warnings });
    expect(count(deps)).toBe(stored);
    expect(count(deps, 'malformed = 1')).toBe(malformed);
  });
});

describe('crawlSource: robots.txt, full text, comments', () => {
  it('does not fetch a page that robots.txt disallows', async () => {
    const srv = await server({
      '/robots.txt': reply('User-agent: *\nDisallow: /prive/\n', { 'content-type': 'text/plain' }),
      '/prive/page.html': reply('<html><body><p>secret</p></body></html>'),
    });
    const { deps, config } = setup([
      { id: 'page', kind: 'page', url: `${srv.origin}/prive/page.html` },
    ]);
    const o = await crawlSource(config.sources[0]!, deps);
    expect(o.ok).toBe(false);
    expect(o.error).toMatch(/disallowed by robots\.txt/);
    expect(srv.hits('/robots.txt')).toBe(1);
    expect(srv.hits('/prive/page.html')).toBe(0);
  });

  // The feed holds a teaser ending in "[…]"; the article page holds the whole text.
  it('replaces an excerpt by the article text, once', async () => {
    const full =
      "Ma box SFR ne marche plus depuis trois semaines. J'ai appelé le service client six fois, " +
      'personne ne rappelle. Le technicien devait passer mardi, il n’est jamais venu. Je paie ' +
      'un abonnement pour un service que je n’ai pas. Je vais résilier et porter plainte.';
    const srv = await server({
      '/feed': (req, res) => {
        const origin = `http://${req.headers.host}`;
        const xml = rss('Blog', [
          {
            guid: 'p1',
            title: 'Panne',
            body: 'Ma box SFR ne marche plus depuis trois semaines [&#8230;]',
          },
        ]).replace('https://blog.example.fr/p1', `${origin}/article/p1`);
        reply(xml)(req, res);
      },
      '/article/p1': reply(
        `<html><head><title>Panne</title></head><body><nav>Accueil | Contact</nav><article><h1>Panne</h1><p>${full}</p></article></body></html>`,
        { 'content-type': 'text/html; charset=utf-8' },
      ),
    });
    const { deps, config, db } = setup([{ id: 'blog', kind: 'feed', url: `${srv.origin}/feed` }]);
    const o = await crawlSource(config.sources[0]!, deps);
    expect(o).toMatchObject({ ok: true, new: 1, fullTexts: 1 });
    const text = (db.prepare('SELECT text FROM posts').get() as { text: string }).text;
    expect(text).toContain('Je vais résilier et porter plainte.');
    expect(text).not.toContain('Accueil');
    // The next crawl keeps the stored full text without fetching the article again.
    const again = await crawlSource(config.sources[0]!, deps);
    expect(again).toMatchObject({ ok: true, new: 0, updated: 0 });
    expect(srv.hits('/article/p1')).toBe(1);
  });

  it('follows comment feeds and links comments to their article', async () => {
    const comments = (origin: string) => `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Commentaires</title><link>${origin}/p1</link>
<item><title>Re</title><link>${origin}/p1#c1</link><guid>c1</guid><description>Pareil chez moi, SFR ne répond jamais.</description></item>
<item><title>Re</title><link>${origin}/p1#c2</link><guid>c2</guid><description>Free m'a fait le même coup l'an dernier.</description></item>
</channel></rss>`;
    const srv = await server({
      '/feed': (req, res) => {
        const origin = `http://${req.headers.host}`;
        const xml = rss('Blog', [complaint])
          .replace('xmlns:dc=', 'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc=')
          .replace('</guid>', `</guid><wfw:commentRss>${origin}/comments/a1</wfw:commentRss>`);
        reply(xml)(req, res);
      },
      '/comments/a1': (req, res) => reply(comments(`http://${req.headers.host}`))(req, res),
    });
    const { deps, config, db } = setup([
      { id: 'blog', kind: 'feed', url: `${srv.origin}/feed`, comments: true, fullText: 'never' },
    ]);
    const o = await crawlSource(config.sources[0]!, deps);
    expect(o).toMatchObject({ ok: true, new: 3, comments: 2 });
    const children = db
      .prepare('SELECT dedup_key FROM posts WHERE parent_id = ? ORDER BY dedup_key')
      .all(postId('blog', 'a1'));
    expect(children).toEqual([{ dedup_key: 'c1' }, { dedup_key: 'c2' }]);
  });
});

describe('crawlAll', () => {
  // Host A serves two feeds, host B one. With a fake clock the scheduler never waits for
  // real: B goes at once, alongside A's first feed; A's second waits the host's min delay.
  it('crawls two hosts concurrently and spaces one host by the min delay', async () => {
    let clock = NOW.getTime();
    const now = () => clock;
    const feed = (id: string) => reply(rss(id, [{ ...complaint, guid: id }]));
    const a = await server({ '/f1': feed('a1'), '/f2': feed('a2') }, now);
    const b = await server({ '/f1': feed('b1') }, now);
    const { deps, config } = setup([
      { id: 'a1', kind: 'feed', url: `${a.origin}/f1`, fullText: 'never' },
      { id: 'a2', kind: 'feed', url: `${a.origin}/f2`, fullText: 'never' },
      { id: 'b1', kind: 'feed', url: `${b.origin}/f1`, fullText: 'never' },
    ]);
    const scheduler = new HostScheduler({
      now,
      minDelayMs: 3000,
      maxConcurrent: 4,
      sleep: async (ms) => {
        clock = Math.max(clock, now() + ms);
      },
    });
    const fetcher = new PoliteFetcher({
      fetch: { allowPrivateHosts: config.crawl.allowPrivateHosts },
      scheduler,
      now,
    });
    const outcomes = await crawlAll({ ...deps, fetcher });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const [a1, a2] = a.log;
    const [b1] = b.log;
    expect(a2!.at - a1!.at).toBeGreaterThanOrEqual(3000);
    expect(b1!.at).toBeLessThan(a2!.at);
    expect(b1!.seq).toBeLessThan(a2!.seq);
  });

  it('crawls sources added to the store, and clusters syndicated copies', async () => {
    const long =
      'Trois semaines sans internet chez SFR : la box clignote, le service client promet un ' +
      "technicien qui ne vient jamais, et la facture tombe quand même. J'ai envoyé un " +
      'recommandé, sans réponse. Trois appels au 1023, trois conseillers, trois versions ' +
      'différentes. On me propose un geste commercial de dix euros pour un mois sans service. ' +
      'Je résilie.';
    const other = {
      guid: 'x',
      title: 'Autre',
      body: `${'Orange lance une offre fibre. '.repeat(6)}`,
    };
    const srv = await server({
      '/blog': reply(rss('Blog', [{ guid: 'orig', title: 'Panne', body: long }, other])),
      '/agregateur': reply(
        rss('Agrégateur', [
          {
            guid: 'copie',
            title: 'Panne (repris)',
            body: `${long.toUpperCase()} Source : le blog.`,
          },
        ]),
      ),
    });
    const { deps, db } = setup([
      { id: 'blog', kind: 'feed', url: `${srv.origin}/blog`, fullText: 'never' },
    ]);
    putSource(
      db,
      { id: 'agg', kind: 'feed', url: `${srv.origin}/agregateur`, interval: 1800, enabled: true },
      NOW.toISOString(),
    );
    const outcomes = await crawlAll(deps);
    expect(outcomes.map((o) => o.sourceId).sort()).toEqual(['agg', 'blog']);
    const rows = db
      .prepare('SELECT source_id, dedup_key, cluster_id FROM posts ORDER BY dedup_key')
      .all() as { source_id: string; dedup_key: string; cluster_id: string | null }[];
    const by = Object.fromEntries(rows.map((r) => [r.dedup_key, r.cluster_id]));
    expect(by.orig).toBeTruthy();
    expect(by.copie).toBe(by.orig);
    expect(by.x).not.toBe(by.orig);
    expect(count(deps, "cluster_id IS NOT NULL AND source_id = 'agg'")).toBe(1);
  });
});

describe('crawlSource: crawl.maxItemsPerFetch', () => {
  // A feed listing more items than the cap: the newest are stored, the outcome says how many
  // were dropped.
  it('stores the newest items and warns about the rest', async () => {
    const items = manyItems(10).map((it, i) => ({
      ...it,
      date: new Date(Date.UTC(2026, 10, 1 + i)).toUTCString(),
    }));
    const srv = await server({ '/feed': reply(rss('Archive', items)) });
    const { deps, config } = setup([{ id: 'blog', kind: 'feed', url: `${srv.origin}/feed` }], {
      maxItemsPerFetch: 3,
    });
    const outcome = await crawlSource(config.sources[0]!, deps);
    expect(outcome).toMatchObject({ ok: true, fetched: 3, new: 3 });
    expect(outcome.warnings).toContain(
      '7 of 10 items dropped: over crawl.maxItemsPerFetch (3), the newest 3 kept',
    );
    const guids = deps.db.prepare('SELECT guid FROM posts ORDER BY guid').all();
    expect(guids).toEqual([{ guid: 'item-7' }, { guid: 'item-8' }, { guid: 'item-9' }]);
  });
});
