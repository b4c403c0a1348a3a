import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../src/errors.ts';
import {
  fetchRobots,
  MAX_CRAWL_DELAY_MS,
  parseRobots,
  productToken,
  RobotsCache,
} from '../../src/ingest/robots.ts';

const UA = 'grogne/0.1 (+https://github.com/grogne/grogne)';

// A robots.txt in the style of a French forum host: a group for everyone, a stricter one
// for grogne, a shared group for two bots, wildcards and end anchors.
const FORUM = `\uFEFF# robots.txt du forum
User-agent: *
Disallow: /admin/
Disallow: /*.php$
Allow: /index.php$
Crawl-delay: 2

User-agent: Grogne
User-agent: AutreBot
Disallow: /forum/privé/
Disallow: /search
Allow: /search/aide
Disallow: /*?sid=
Crawl-delay: 120

Sitemap: https://forum.example.fr/sitemap.xml
`;

describe('parseRobots: isAllowed', () => {
  const robots = parseRobots(FORUM);
  it.each([
    // grogne's own group applies, the "*" group does not.
    ['/admin/panel', UA, true],
    ['/viewtopic.php', UA, true],
    ['/forum/privé/sujet-1', UA, false],
    ['/forum/priv%C3%A9/sujet-1', UA, false],
    ['/forum/public/sujet-1', UA, true],
    // Longest match wins: Allow /search/aide (12) beats Disallow /search (7).
    ['/search?q=sfr', UA, false],
    ['/search/aide', UA, true],
    ['/topic/12?sid=abc', UA, false],
    ['/topic/12?page=2', UA, true],
    // A full URL is accepted too.
    ['https://forum.example.fr/search?q=free', UA, false],
    // Other agents fall back to "*": `$` anchors the end, Allow wins over the shorter Disallow.
    ['/viewtopic.php', 'Mozilla/5.0', false],
    ['/viewtopic.php?t=1', 'Mozilla/5.0', true],
    ['/index.php', 'Mozilla/5.0', true],
    ['/admin/', 'Mozilla/5.0', false],
    ['/forum/privé/x', 'Mozilla/5.0', true],
    // robots.txt itself is always fetchable.
    ['/robots.txt', 'Mozilla/5.0', true],
  ])('%s for %s → %s', (path, ua, allowed) => {
    expect(robots.isAllowed(path, ua)).toBe(allowed);
  });

  it('groups sharing User-agent lines apply to each agent named', () => {
    expect(robots.isAllowed('/search', 'AutreBot/2.0')).toBe(false);
  });

  it('lists sitemaps', () => {
    expect(robots.sitemaps).toEqual(['https://forum.example.fr/sitemap.xml']);
  });
});

describe('parseRobots: edge cases', () => {
  it.each([
    ['empty file allows all', '', '/x', true],
    ['empty Disallow allows all', 'User-agent: *\nDisallow:\n', '/x', true],
    ['Disallow: / blocks all', 'User-agent: *\nDisallow: /\n', '/x', false],
    ['rules before any User-agent are ignored', 'Disallow: /\n', '/x', true],
    [
      'tie between Allow and Disallow: Allow wins',
      'User-agent: *\nDisallow: /a\nAllow: /a\n',
      '/a',
      true,
    ],
    ['CRLF and comments', 'User-agent: * # tous\r\nDisallow: /x # non\r\n', '/x/y', false],
    ['case-insensitive keys', 'USER-AGENT: *\ndisallow: /x\n', '/x', false],
    ['pattern without leading slash', 'User-agent: *\nDisallow: tmp\n', '/tmp/a', false],
  ])('%s', (_, text, path, allowed) => {
    expect(parseRobots(text).isAllowed(path, UA)).toBe(allowed);
  });
});

describe('parseRobots: crawlDelay', () => {
  it.each([
    ['grogne group asks 120 s: capped at 30 s', FORUM, UA, MAX_CRAWL_DELAY_MS],
    ['other agents get the "*" delay', FORUM, 'Mozilla/5.0', 2000],
    ['decimal with a French comma', 'User-agent: *\nCrawl-delay: 1,5\n', UA, 1500],
    ['no delay given', 'User-agent: *\nDisallow: /x\n', UA, null],
    ['garbage ignored', 'User-agent: *\nCrawl-delay: bientôt\n', UA, null],
  ])('%s', (_, text, ua, delay) => {
    expect(parseRobots(text).crawlDelay(ua)).toBe(delay);
  });

  it('takes the product token of a full User-Agent string', () => {
    expect(productToken(UA)).toBe('grogne');
  });
});

// Statuses served by a local server: the policy a user relies on to stay polite.
describe('fetchRobots and RobotsCache over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // robots.txt lives at the root, so the test picks the status with a request header.
    server = createServer((req, res) => {
      const forced = Number(req.headers['x-status'] ?? 200);
      if (forced !== 200) {
        res.writeHead(forced, forced === 503 ? { 'retry-after': '120' } : {});
        res.end('erreur');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('User-agent: *\nDisallow: /prive/\nCrawl-delay: 5\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // Adds the status the server must answer with to every request.
  const withStatus =
    (status: number): typeof fetch =>
    (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers ?? {}), 'x-status': String(status) } });

  it('2xx: parses the rules', async () => {
    const robots = await fetchRobots(`${base}/une/page`, { fetch: withStatus(200) });
    expect(robots.isAllowed('/prive/a', UA)).toBe(false);
    expect(robots.crawlDelay(UA)).toBe(5000);
  });

  it.each([404, 403, 410])('%i: everything allowed', async (status) => {
    const robots = await fetchRobots(base, { fetch: withStatus(status) });
    expect(robots.isAllowed('/prive/a', UA)).toBe(true);
    expect(robots.crawlDelay(UA)).toBeNull();
  });

  it.each([500, 503, 429])('%i: retry later', async (status) => {
    await expect(fetchRobots(base, { fetch: withStatus(status) })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
  });

  it('503 carries Retry-After', async () => {
    const err = await fetchRobots(base, { fetch: withStatus(503) }).catch((e) => e);
    expect((err as RetryLaterError).retryAfterMs).toBe(120_000);
  });

  it('timeout and network failure: retry later', async () => {
    const timeout: typeof fetch = () =>
      Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'));
    await expect(fetchRobots(base, { fetch: timeout })).rejects.toThrow(/timed out/);
    await expect(fetchRobots(base, { fetch: timeout })).rejects.toBeInstanceOf(RetryLaterError);
    // A closed port: connection refused.
    await expect(fetchRobots('http://127.0.0.1:9/')).rejects.toBeInstanceOf(RetryLaterError);
  });

  it('caches per origin for 24 h, shares one request among concurrent callers', async () => {
    let t = 0;
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return withStatus(200)(input, init);
    };
    const cache = new RobotsCache({ fetch: counting, now: () => t });
    await Promise.all([cache.get(`${base}/a`), cache.get(`${base}/b`), cache.get(base)]);
    expect(calls).toBe(1);
    t = 23 * 3_600_000;
    expect(await cache.isAllowed(`${base}/prive/x`, UA)).toBe(false);
    expect(calls).toBe(1);
    t = 24 * 3_600_000 + 1;
    await cache.get(base);
    expect(calls).toBe(2);
  });

  it('does not cache a retry-later failure', async () => {
    let status = 503;
    let calls = 0;
    const flaky: typeof fetch = (input, init) => {
      calls++;
      return withStatus(status)(input, init);
    };
    const cache = new RobotsCache({ fetch: flaky, now: () => 0 });
    await expect(cache.get(base)).rejects.toBeInstanceOf(RetryLaterError);
    status = 200;
    expect(await cache.isAllowed(`${base}/prive/x`, UA)).toBe(false);
    expect(calls).toBe(2);
  });
});
