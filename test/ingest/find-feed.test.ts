import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/ingest/decode.ts';
import { fetchSource } from '../../src/ingest/fetch.ts';
import { findFeed, type GetText } from '../../src/ingest/find-feed.ts';
import { rss } from '../helpers/feeds.ts';
import { type Route, reply, serve, type TestServer } from '../helpers/http.ts';

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.close();
  srv = null;
});

const get: GetText = async (url) => {
  const r = await fetchSource({ url }, { allowPrivateHosts: ['127.0.0.1'] });
  if (r.status !== 'ok') throw new Error('not modified');
  return { text: decodeBody(r.body, r.contentType).text, finalUrl: r.finalUrl };
};

const html = (head: string) =>
  reply(`<!doctype html><html><head>${head}</head><body><p>Mon blog</p></body></html>`, {
    'content-type': 'text/html; charset=utf-8',
  });
const feed = reply(rss('Le blog', [{ guid: 'g', title: 'Billet', body: 'Texte' }]));

describe('findFeed', () => {
  // Each case: what the site serves, and where the feed must be found.
  it.each<{ name: string; routes: Record<string, Route>; url: string; via: string }>([
    {
      name: 'a page declaring its feed with <link rel="alternate">',
      routes: {
        '/': html(
          '<link rel="alternate" type="application/rss+xml" title="Flux" href="/flux.xml">',
        ),
        '/flux.xml': feed,
      },
      url: '/flux.xml',
      via: 'link',
    },
    {
      name: 'a page without a link, with a WordPress /feed',
      routes: { '/': html('<title>Blog</title>'), '/feed': feed },
      url: '/feed',
      via: 'well-known',
    },
    {
      // Some sites answer every path with their home page: HTML is not a feed.
      name: 'a site answering /feed with HTML, and a real /rss.xml',
      routes: { '/': html(''), '/feed': html(''), '/rss': html(''), '/rss.xml': feed },
      url: '/rss.xml',
      via: 'well-known',
    },
    {
      name: 'an address that is already a feed',
      routes: { '/': feed },
      url: '/',
      via: 'address',
    },
  ])('finds the feed of $name', async ({ routes, url, via }) => {
    srv = await serve(routes);
    const r = await findFeed(`${srv.origin}/`, get);
    expect(r.feed).toMatchObject({ url: `${srv.origin}${url}`, via, items: 1 });
  });

  it('reports every address tried when there is no feed', async () => {
    srv = await serve({ '/': html('') });
    const r = await findFeed(`${srv.origin}/`, get);
    expect(r.feed).toBeNull();
    expect(r.tried.length).toBeGreaterThan(10);
    expect(r.tried.find((t) => t.url.endsWith('/feed'))?.outcome).toMatch(/HTTP 404/);
  });
});
