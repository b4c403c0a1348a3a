import { beforeEach, describe, expect, it } from 'vitest';
import { anonymousReadFor, isLoopbackHost } from '../../src/api/access.ts';
import { createApp } from '../../src/api/app.ts';
import { serve } from '../../src/api/server.ts';
import { ConfigError } from '../../src/config.ts';
import { listKeys, revokeKey } from '../../src/store/keys.ts';
import type { Db } from '../../src/store/open.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

let db: Db;
let admin: string;
let reader: string;
let sfrReader: string;
beforeEach(() => {
  db = fixtureDb();
  admin = makeKey(db, 'admin');
  reader = makeKey(db, 'reader');
  sfrReader = makeKey(db, 'reader', ['sfr']);
});

const required = () => createApp({ db, now: () => NOW });
const loopback = () => createApp({ db, now: () => NOW, anonymousRead: true });
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('where a key-less API may run', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['192.168.1.10', false],
    ['example.fr', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
  it('serves anonymous reads on loopback with off-on-loopback', () => {
    expect(anonymousReadFor('127.0.0.1', 'off-on-loopback')).toBe(true);
    expect(anonymousReadFor('0.0.0.0', 'required')).toBe(false);
  });
  it('refuses to start on another address without required auth, naming api.auth', () => {
    expect(() => anonymousReadFor('0.0.0.0', 'off-on-loopback')).toThrow(ConfigError);
    expect(() => anonymousReadFor('0.0.0.0', 'off-on-loopback')).toThrow(/api\.auth/);
  });
});

describe('401 and 403', () => {
  // [what, app, path, init, status]
  const cases: [string, 'required' | 'loopback', string, () => RequestInit, number][] = [
    ['no key, auth required', 'required', '/v1/posts', () => ({}), 401],
    ['invalid key', 'loopback', '/v1/posts', () => ({ headers: bearer('grg_nope') }), 401],
    [
      'malformed header',
      'required',
      '/v1/posts',
      () => ({ headers: { Authorization: 'Basic x' } }),
      401,
    ],
    ['reader key', 'required', '/v1/posts', () => ({ headers: bearer(reader) }), 200],
    ['anonymous read on loopback', 'loopback', '/v1/posts', () => ({}), 200],
    [
      'anonymous admin on loopback',
      'loopback',
      '/v1/brands/orange',
      () => ({ method: 'DELETE' }),
      401,
    ],
    [
      'reader on an admin route',
      'loopback',
      '/v1/brands/orange',
      () => ({ method: 'DELETE', headers: bearer(reader) }),
      403,
    ],
    [
      'admin on an admin route',
      'required',
      '/v1/brands/orange',
      () => ({ method: 'DELETE', headers: bearer(admin) }),
      204,
    ],
    ['metrics need a key when required', 'required', '/metrics', () => ({}), 401],
    ['health needs none', 'required', '/healthz', () => ({}), 200],
  ];
  it.each(cases)('%s', async (_what, mode, path, init, status) => {
    const app = mode === 'required' ? required() : loopback();
    const res = await app.request(path, init());
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
  it('a revoked key is refused', async () => {
    const id = listKeys(db).find((k) => reader.startsWith(k.prefix) && k.role === 'reader')!.id;
    revokeKey(db, id, NOW.toISOString());
    expect((await required().request('/v1/posts', { headers: bearer(reader) })).status).toBe(401);
  });
});

describe('GET /v1/me says what the caller may do', () => {
  it.each([
    [
      'no key on loopback',
      'loopback',
      () => ({}),
      { key: null, may: { edit: false, admin: false, feedback: false } },
    ],
    [
      'a reader key limited to sfr',
      'required',
      () => ({ headers: bearer(sfrReader) }),
      {
        key: { role: 'reader', brands: ['sfr'] },
        may: { edit: false, admin: false, feedback: true },
      },
    ],
    [
      'an editor key',
      'required',
      () => ({ headers: bearer(makeKey(db, 'editor')) }),
      { key: { role: 'editor', brands: null }, may: { edit: true, admin: false, feedback: true } },
    ],
    [
      'an admin key',
      'required',
      () => ({ headers: bearer(admin) }),
      { key: { role: 'admin' }, may: { edit: true, admin: true, feedback: true } },
    ],
  ] as const)('%s', async (_what, mode, init, expected) => {
    const app = mode === 'required' ? required() : loopback();
    const res = await app.request('/v1/me', init());
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject(expected);
    // The key itself is never echoed, only the prefix that tells keys apart.
    expect(JSON.stringify(body)).not.toMatch(/grg_[A-Za-z0-9_-]{32}/);
  });

  it('without a key where keys are required, a 401 (the dashboard then asks for one)', async () => {
    expect((await required().request('/v1/me')).status).toBe(401);
  });
});

describe('a reader key sees only its brands', () => {
  const get = (path: string) => required().request(path, { headers: bearer(sfrReader) });
  it('the post list leaves out posts of other brands', async () => {
    const body = await json(await get('/v1/posts'));
    const brands = (body.items as { brands: { id: string }[] }[]).map((p) =>
      p.brands.map((b) => b.id),
    );
    expect(brands.length).toBe(4);
    for (const b of brands) expect(b).toContain('sfr');
  });
  it.each([
    ['/v1/posts?brand=orange', 403],
    ['/v1/brands/orange/summary', 403],
    ['/v1/brands/orange/trend', 403],
    ['/v1/brands/sfr/summary', 200],
    [`/v1/posts/${postId('blog', 'orange-net')}`, 404],
    [`/v1/posts/${postId('blog', 'sfr-bill')}`, 200],
  ])('%s → %i', async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });
  it('a syndication cluster lists only the copies the key may open', async () => {
    const sfr = postId('blog', 'sfr-bill');
    const sfrCopy = postId('forum', 'forum-post');
    const orange = postId('blog', 'orange-net');
    db.prepare('UPDATE posts SET cluster_id = ? WHERE id IN (?, ?, ?)').run(
      'c1',
      sfr,
      sfrCopy,
      orange,
    );
    const server = await serve(required(), { port: 0 });
    try {
      const read = async (key: string, id: string) =>
        fetch(`${server.url}/v1/posts/${id}`, { headers: bearer(key) });
      const cluster = async (key: string) =>
        ((await json(await read(key, sfr))).cluster as { id: string }[]).map((m) => m.id);
      // The Orange copy is a 404 to the SFR key: its id, URL and title must not show either.
      expect((await read(sfrReader, orange)).status).toBe(404);
      expect(await cluster(sfrReader)).toEqual([sfrCopy]);
      expect((await cluster(reader)).sort()).toEqual([sfrCopy, orange].sort());
    } finally {
      await server.close();
    }
  });
  it('the brand list holds its brands only', async () => {
    const body = await json(await get('/v1/brands'));
    expect((body.items as { id: string }[]).map((b) => b.id)).toEqual(['sfr']);
  });
});

describe('rate limit', () => {
  it('answers 429 with RateLimit and Retry-After headers, and refills with time', async () => {
    let t = NOW.getTime();
    const app = createApp({
      db,
      now: () => new Date(t),
      anonymousRead: true,
      rateLimitPerMinute: 3,
    });
    const hit = () => app.request('/v1/brands', { headers: bearer(reader) });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await hit();
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.headers.get('ratelimit-limit')).toBe('3');
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect((await json(last!)).status).toBe(429);
    // Another key has its own bucket.
    expect((await app.request('/v1/brands', { headers: bearer(admin) })).status).toBe(200);
    t += 20_000; // 3 per minute: one token every 20 s
    expect((await hit()).status).toBe(200);
    expect((await hit()).status).toBe(429);
  });
  it('limits anonymous callers by address', async () => {
    const app = createApp({
      db,
      now: () => NOW,
      anonymousRead: true,
      rateLimitPerMinute: 1,
      clientAddress: (c) => c.req.header('x-test-ip') ?? 'none',
    });
    const from = (ip: string) => app.request('/v1/brands', { headers: { 'x-test-ip': ip } });
    expect((await from('10.0.0.1')).status).toBe(200);
    expect((await from('10.0.0.1')).status).toBe(429);
    expect((await from('10.0.0.2')).status).toBe(200);
  });
});

describe('body limit and CORS', () => {
  it('refuses a body over 64 KiB with 413', async () => {
    const res = await loopback().request(`/v1/posts/${postId('blog', 'calm')}/feedback`, {
      method: 'POST',
      headers: { ...bearer(reader), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'x'.repeat(70_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
  it('sends no CORS headers unless origins are configured', async () => {
    const headers = { Origin: 'https://dash.example.fr' };
    const off = await loopback().request('/v1/brands', { headers });
    expect(off.headers.get('access-control-allow-origin')).toBeNull();
    const on = await createApp({
      db,
      anonymousRead: true,
      cors: ['https://dash.example.fr'],
    }).request('/v1/brands', { headers });
    expect(on.headers.get('access-control-allow-origin')).toBe('https://dash.example.fr');
  });
});
