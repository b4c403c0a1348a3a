import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config.ts';
import { RetryLaterError, SourceError } from '../../src/errors.ts';
import { fetchSource, retryAfterMs } from '../../src/ingest/fetch.ts';
import { ingestSource } from '../../src/ingest/inspect.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const now = () => new Date('2024-03-05T12:00:00Z');

let server: Server;
let base = '';
const seen: Record<string, string | undefined>[] = [];
const stalled: (() => void)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      url: req.url,
      ua: req.headers['user-agent'],
      inm: req.headers['if-none-match'],
      host: req.headers.host,
    });
    const url = req.url ?? '/';
    if (url === '/feed') {
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' });
      return res.end(fixture('rss2-french.xml'));
    }
    if (url === '/gzip') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      return res.end(gzipSync(fixture('rss2-french.xml')));
    }
    if (url === '/br' || url === '/deflate') {
      const br = url === '/br';
      res.writeHead(200, {
        'content-type': 'application/rss+xml',
        'content-encoding': br ? 'br' : 'deflate',
      });
      const xml = fixture('rss2-french.xml');
      return res.end(br ? brotliCompressSync(xml) : deflateSync(xml));
    }
    if (url === '/latin1') {
      res.writeHead(200, { 'content-type': 'text/xml' }); // no charset, no encoding declaration
      return res.end(fixture('latin1-no-charset.xml'));
    }
    if (url === '/thread') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(fixture('phpbb-thread.html'));
    }
    if (url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(fixture('not-a-feed.html'));
    }
    if (url === '/redirect') return res.writeHead(301, { location: '/feed' }).end();
    if (url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (url === '/to-metadata') {
      return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    }
    if (url === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (url === '/stall') {
      stalled.push(() => res.end());
      return res.writeHead(200, { 'content-type': 'text/xml' });
    }
    if (url === '/big') {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' });
      return res.end(gzipSync(Buffer.alloc(200_000, 0x20)));
    }
    if (url === '/404') return res.writeHead(404).end('introuvable');
    if (url === '/429') return res.writeHead(429, { 'retry-after': '120' }).end();
    if (url === '/503') {
      return res.writeHead(503, { 'retry-after': 'Tue, 05 Mar 2024 12:05:00 GMT' }).end();
    }
    return res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const end of stalled) end();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opts = { allowPrivateHosts: ['127.0.0.1'], now, timeoutMs: 5000 };

describe('fetchSource against a local server', () => {
  it('fetches with a grogne User-Agent and returns the cache validators', async () => {
    const res = await fetchSource({ url: `${base}/feed` }, opts);
    expect(res.status).toBe('ok');
    expect(res.etag).toBe('"v1"');
    expect(seen.at(-1)!.ua).toMatch(/^grogne\//);
  });

  it('sends If-None-Match and reports not-modified on 304', async () => {
    const res = await fetchSource({ url: `${base}/feed` }, { ...opts, etag: '"v1"' });
    expect(res.status).toBe('not-modified');
    expect(seen.at(-1)!.inm).toBe('"v1"');
  });

  it('follows a redirect and reports the final URL', async () => {
    const res = await fetchSource({ url: `${base}/redirect` }, opts);
    expect(res.finalUrl).toBe(`${base}/feed`);
  });

  it('reads gzip bodies (decompressed by fetch)', async () => {
    const res = await fetchSource({ url: `${base}/gzip` }, opts);
    expect(res.status === 'ok' && res.body.toString('utf8')).toContain('<rss');
  });

  // Each failure, and what it tells the crawler to do; one a user can fix says how.
  it.each([
    ['/loop', SourceError, /more than 5 redirects/],
    ['/404', SourceError, /HTTP 404/],
    [
      '/to-metadata',
      SourceError,
      /private or reserved address .*; if the host is yours .* list it in crawl\.allowPrivateHosts$/,
    ],
    ['/to-file', SourceError, /only http and https/],
    ['/big', SourceError, /100000-byte cap; raise crawl\.maxBodyBytes if this source/],
    ['/500', RetryLaterError, /HTTP 500/],
  ])('%s → %s', async (path, type, message) => {
    const err = await fetchSource({ url: `${base}${path}` }, { ...opts, maxBytes: 100_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
  });

  it('gives up on a stalled server at the deadline, as retry-later', async () => {
    const err = await fetchSource({ url: `${base}/stall` }, { ...opts, timeoutMs: 150 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as Error).message).toMatch(/timed out after 150 ms/);
  });

  it.each([
    ['/429', 120_000],
    ['/503', 300_000],
  ])('%s → RetryLaterError with Retry-After', async (path, ms) => {
    const err = await fetchSource({ url: `${base}${path}` }, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(ms);
  });

  it('refuses loopback when the host is not allowed, before connecting', async () => {
    const before = seen.length;
    await expect(fetchSource({ url: `${base}/feed` }, { now })).rejects.toThrow(SourceError);
    expect(seen.length).toBe(before);
  });

  it('checks what a hostname resolves to (injected lookup)', async () => {
    const lookup = async () => ['10.0.0.7'];
    await expect(fetchSource({ url: 'http://intranet.example.fr/' }, { lookup })).rejects.toThrow(
      /private or reserved/,
    );
  });

  // DNS rebinding: the name is checked by the lookup the socket itself connects with, so a
  // resolver cannot answer a public address to a check and a private one to the connection.
  it('refuses at connect time a host whose lookup answers a loopback address', async () => {
    const before = seen.length;
    const asked: string[] = [];
    const lookup = async (host: string) => {
      asked.push(host);
      return ['127.0.0.1'];
    };
    const port = new URL(base).port;
    const err = await fetchSource(
      { url: `http://rebind.example.fr:${port}/feed` },
      { lookup },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toMatch(/rebind\.example\.fr: refused.*\(127\.0\.0\.1\)/);
    expect(asked).toEqual(['rebind.example.fr']); // asked once, by the connecting socket
    expect(seen.length).toBe(before);
  });

  it('connects to the address the lookup returned (allowlisted name, no real DNS)', async () => {
    const port = new URL(base).port;
    const res = await fetchSource(
      { url: `http://forum.invalid:${port}/feed` },
      { lookup: async () => ['127.0.0.1'], allowPrivateHosts: ['forum.invalid'] },
    );
    expect(res.status).toBe('ok');
    expect(seen.at(-1)!.host).toBe(`forum.invalid:${port}`);
  });

  it('refuses a mixed answer when any address is private', async () => {
    const lookup = async () => ['2a01:cb00::1', '10.1.2.3'];
    await expect(fetchSource({ url: 'http://mixte.example.fr/' }, { lookup })).rejects.toThrow(
      /\(10\.1\.2\.3\)/,
    );
  });

  it.each(['/br', '/deflate'])('decompresses %s bodies itself', async (path) => {
    const res = await fetchSource({ url: `${base}${path}` }, opts);
    expect(res.status === 'ok' && res.body.toString('utf8')).toContain('<rss');
  });

  it('keeps the pre-connect check when a fetch is injected', async () => {
    let called = false;
    const fetch: typeof globalThis.fetch = async () => {
      called = true;
      return new Response('x');
    };
    const lookup = async () => ['169.254.169.254'];
    await expect(
      fetchSource({ url: 'http://meta.example.fr/' }, { fetch, lookup }),
    ).rejects.toThrow(/169\.254\.169\.254/);
    expect(called).toBe(false);
  });

  it('names the path of a missing local file', async () => {
    await expect(fetchSource({ file: '/nonexistent/flux.xml' })).rejects.toThrow(
      '/nonexistent/flux.xml: no such file',
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('30', now())).toBe(30_000);
    expect(retryAfterMs('Tue, 05 Mar 2024 12:01:00 GMT', now())).toBe(60_000);
    expect(retryAfterMs('bientôt', now())).toBeNull();
  });
});

describe('ingestSource', () => {
  const source = (kind: SourceConfig['kind'], path: string): SourceConfig => ({
    id: 'src',
    kind,
    url: `${base}${path}`,
    interval: 1800,
    enabled: true,
  });

  it('feed: fetch → decode → parse → normalise, with fetch state for the store', async () => {
    const out = await ingestSource(source('feed', '/redirect'), '/', opts);
    expect(out.posts.length).toBe(3);
    // The feed's own <link> is the base of its relative item links, not the feed URL.
    expect(out.posts[0]!.url).toBe('https://blog.example.fr/2012/10/sfr-enfer?id=7');
    expect(out.fetch).toMatchObject({ notModified: false, etag: '"v1"', format: 'rss' });
    expect(out.posts[0]!.fetchedAt).toBe('2024-03-05T12:00:00.000Z');
  });

  it('ISO-8859-1 served without any charset comes out in proper French', async () => {
    const out = await ingestSource(source('feed', '/latin1'), '/', opts);
    expect(out.posts[0]!.text).toBe('Le café est froid, l’œuvre est ratée, 10 € perdus.');
    expect(out.fetch.charset).toBe('windows-1252');
  });

  it('not modified: no posts, notModified set', async () => {
    const out = await ingestSource(source('feed', '/feed'), '/', { ...opts, etag: '"v1"' });
    expect(out.posts).toEqual([]);
    expect(out.fetch.notModified).toBe(true);
  });

  it('forum: a thread page becomes posts linked to the opening post', async () => {
    const out = await ingestSource(source('forum', '/thread'), '/', opts);
    expect(out.posts.map((p) => p.engagement.position)).toEqual([1, 2, 3]);
    expect(out.posts[2]!.parentKey).toBe(out.posts[0]!.dedupKey);
  });

  it('feed kind on an HTML page: SourceError "not a feed: an HTML page"', async () => {
    await expect(ingestSource(source('feed', '/html'), '/', opts)).rejects.toThrow(
      'not a feed: an HTML page',
    );
  });

  // What ingest tells of a damaged feed: malformed on the posts that were repaired, and a
  // warning for the posts that were lost.
  describe('damaged feeds, read from local files', () => {
    const dir = new URL('../fixtures/feeds/', import.meta.url).pathname;
    const local = (file: string) =>
      ingestSource({ id: 'local', kind: 'feed', file, interval: 1800, enabled: true }, dir, opts);

    it('a clean feed: no post malformed, no warning', async () => {
      const out = await local('rss2-french.xml');
      expect(out.posts.map((p) => p.malformed)).toEqual([false, false, false]);
      expect(out.warnings).toEqual([]);
    });

    it('one stray Latin-1 byte: every post malformed, none garbled', async () => {
      const out = await local('stray-latin1-byte.xml');
      expect(out.fetch.charset).toBe('utf-8');
      expect(out.posts).toHaveLength(6);
      expect(out.posts.every((p) => p.malformed)).toBe(true);
      expect(out.posts.map((p) => p.text).join('\n')).not.toMatch(/Ã|Â|\uFFFD/);
      expect(out.posts[4]!.text).toBe('Le colis était « livré » alors que personne n’est passé.');
    });

    it('an invalid character reference: only its post malformed', async () => {
      const out = await local('invalid-char-ref.xml');
      expect(out.posts.map((p) => p.malformed)).toEqual([false, false, true, false, false, false]);
      expect(out.warnings).toEqual([]);
    });

    it('an item broken beyond repair: the others kept, the loss in the warnings', async () => {
      const out = await local('broken-item.xml');
      expect(out.posts).toHaveLength(5);
      expect(out.warnings).toEqual(['1 item dropped: broken XML that could not be repaired']);
    });
  });

  it('reads a local file relative to the config directory', async () => {
    const dir = new URL('../fixtures/feeds/', import.meta.url).pathname;
    const out = await ingestSource(
      { id: 'local', kind: 'feed', file: 'jsonfeed.json', interval: 1800, enabled: true },
      dir,
      opts,
    );
    expect(out.posts.map((p) => p.dedupKey)).toEqual(['json-1', 'json-2']);
  });
});
