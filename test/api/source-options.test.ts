// A source added over the API must crawl exactly like the same source written in the config
// file: its selectors, brand, fullText and comments go through the store with it. Real HTTP on
// loopback both ways: the API server takes the source, a local site serves its pages.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve as serveApi } from '../../src/api/server.ts';
import { parseConfig } from '../../src/config.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { type CrawlDeps, crawlAll, crawlableSources } from '../../src/pipeline.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { testBrands } from '../helpers/feeds.ts';
import { serve, type TestServer } from '../helpers/http.ts';
import { bearer, makeKey } from './fixture.ts';

const NOW = new Date('2024-03-05T12:00:00Z');

// A mutual's review page: each review is a plain div, no author link, no engine, and no
// review names the brand: it is the page's subject, which only the source's `brand` says.
const REVIEWS = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Avis clients</title></head><body>
<h1>Avis clients sur la box</h1>
<section class="avis">
  <article class="avis-client"><p class="pseudo">Josiane</p><time class="le">le 2 mars 2024 à 10h15</time>
    <p class="texte">Trois semaines sans internet et personne ne répond au service client. Je vais résilier.</p></article>
  <article class="avis-client"><p class="pseudo">Gérard</p><time class="le">le 4 mars 2024 à 18h40</time>
    <p class="texte">Facturé deux fois ce mois-ci, le remboursement n'arrive jamais. Une honte.</p></article>
</section></body></html>`;

const html = (body: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
};

const models = loadModels();
let site: TestServer;
let api: Served;
let db: Db;
let admin: string;
let reader: string;
/** The site's address as an API client gives it: a host name, since literal loopback IPs are refused. */
let origin: string;

beforeAll(async () => {
  site = await serve({
    '/fil/12': html(
      readFileSync(new URL('../fixtures/feeds/generic-thread.html', import.meta.url), 'utf8'),
    ),
    '/avis': html(REVIEWS),
  });
  origin = `http://localhost:${new URL(site.origin).port}`;
  db = openStore(':memory:');
  admin = makeKey(db, 'admin');
  reader = makeKey(db, 'reader');
  api = await serveApi(createApp({ db, now: () => NOW, anonymousRead: false }), { port: 0 });
});
afterAll(async () => {
  await api.close();
  await site.close();
});

const send = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** What `grogne crawl` and `grogne start` do with the store's sources, with no config source. */
function crawlDeps(): CrawlDeps {
  const config = parseConfig({
    brands: testBrands,
    crawl: { allowPrivateHosts: ['localhost'], minHostDelayMs: 0, maxThreadPages: 1 },
  });
  const analyzer = new Analyzer({ brands: config.brands, models });
  return { db, config, baseDir: '/', analyzer, now: () => NOW, random: () => 0.5 };
}

async function crawl(id: string) {
  const deps = crawlDeps();
  const [outcome] = await crawlAll(deps, undefined, crawlableSources(deps, { ids: [id] }));
  return outcome!;
}

const postsOf = (sourceId: string) =>
  db
    .prepare<[string], { author: string; text: string }>(
      'SELECT author, text FROM posts WHERE source_id = ? ORDER BY position',
    )
    .all(sourceId);

describe('a source added over the API keeps the options of the config schema', () => {
  // generic-thread.html is no engine grogne knows and defeats detection: only selectors read it.
  it('a forum added with selectors is crawled with them: its posts arrive', async () => {
    const selectors = { post: 'div.msg', author: '.who', date: '.quand', body: '.txt' };
    const created = await send('POST', '/v1/sources', admin, {
      id: 'forum-maison',
      kind: 'forum',
      url: `${origin}/fil/12`,
      selectors,
    });
    expect(created.status).toBe(201);
    expect(created.body.selectors).toEqual(selectors);

    const outcome = await crawl('forum-maison');
    expect(outcome).toMatchObject({ ok: true, new: 2 });
    expect(postsOf('forum-maison')).toEqual([
      { author: 'Alain', text: "Free m'a facturé deux fois." },
      { author: 'Bea', text: 'Moi aussi !' },
    ]);
  });

  it('a review page added with a brand: its complaints, which name no brand, are aimed at it', async () => {
    const created = await send('POST', '/v1/sources', admin, {
      id: 'avis-box',
      kind: 'page',
      url: `${origin}/avis`,
      brand: 'free',
      selectors: { post: 'article.avis-client', author: '.pseudo', date: '.le', body: '.texte' },
    });
    expect(created.status).toBe(201);

    expect(await crawl('avis-box')).toMatchObject({ ok: true, new: 2 });
    const aimed = db
      .prepare<[], { author: string }>(`
        SELECT p.author FROM brand_mentions m JOIN posts p ON p.id = m.post_id
        WHERE p.source_id = 'avis-box' AND m.brand_id = 'free' AND m.target = 1
        ORDER BY p.position`)
      .all();
    expect(aimed.map((r) => r.author)).toEqual(['Josiane', 'Gérard']);
  });

  it('fullText and comments go through the store, and a PATCH changes them', async () => {
    const created = await send('POST', '/v1/sources', admin, {
      id: 'blog-conso',
      kind: 'feed',
      url: `${origin}/feed`,
      fullText: 'always',
      comments: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fullText: 'always', comments: true });
    // What the crawler is given, read back from the store.
    const stored = () => crawlableSources(crawlDeps()).find((s) => s.id === 'blog-conso');
    expect(stored()).toMatchObject({ fullText: 'always', comments: true });

    const changed = await send('PATCH', '/v1/sources/blog-conso', admin, { fullText: 'never' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ fullText: 'never', comments: true });
    expect(stored()).toMatchObject({ fullText: 'never', comments: true, interval: 1800 });
  });

  it('GET /v1/sources shows the options to admin keys only', async () => {
    const listed = async (key: string) =>
      (await send('GET', '/v1/sources', key)).body.items as Record<string, unknown>[];
    const forAdmin = (await listed(admin)).find((s) => s.id === 'avis-box')!;
    expect(forAdmin.options).toEqual({
      brand: 'free',
      selectors: { post: 'article.avis-client', author: '.pseudo', date: '.le', body: '.texte' },
    });
    const forReader = (await listed(reader)).find((s) => s.id === 'avis-box')!;
    expect(forReader).not.toHaveProperty('options');
    expect(forReader).toMatchObject({ id: 'avis-box', kind: 'page' });
  });
});
