// HTTP around the answers of /v1: hasMore on pages, ETag and 304, Cache-Control, gzip,
// Location on every 201, and 405 with Allow for a known path asked with another method.
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { noneMatch } from '../../src/api/http-cache.ts';
import { insertAlert } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/open.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
let admin: string;
let reader: string;
beforeEach(() => {
  db = fixtureDb();
  admin = makeKey(db, 'admin');
  reader = makeKey(db, 'reader');
  app = createApp({ db, now: () => NOW, version: 'test' });
});

const get = (path: string, key: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { ...bearer(key), ...headers } });
const send = (method: string, path: string, key: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('pages say whether there is more', () => {
  it('posts: hasMore with nextCursor, false on the last page', async () => {
    const first = (await (await get('/v1/posts?limit=3', reader)).json()) as Record<
      string,
      unknown
    >;
    expect(first).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
    const last = (await (
      await get(`/v1/posts?limit=3&cursor=${first.nextCursor}`, reader)
    ).json()) as { items: unknown[]; hasMore: boolean; nextCursor: null };
    expect(last).toMatchObject({ hasMore: false, nextCursor: null });
    expect(last.items).toHaveLength(2);
  });

  it('alerts: hasMore when more than limit match', async () => {
    for (const hour of [8, 10, 12]) {
      insertAlert(
        db,
        {
          brand: 'sfr',
          search: null,
          windowStart: `2024-05-09T${hour}:00:00.000Z`,
          windowEnd: `2024-05-09T${hour + 1}:00:00.000Z`,
          count: 3,
          baseline: 0.5,
          pValue: 0.001,
          postIds: [],
          state: 'stored',
        },
        NOW.toISOString(),
      );
    }
    const page = async (limit: number) =>
      (await (await get(`/v1/alerts?limit=${limit}`, reader)).json()) as {
        items: unknown[];
        hasMore: boolean;
      };
    expect(await page(2)).toMatchObject({ hasMore: true, items: [{}, {}] });
    expect(await page(3)).toMatchObject({ hasMore: false });
  });
});

describe('ETag, 304 and Cache-Control', () => {
  it('answers 304 to If-None-Match while nothing changed, 200 with a new tag after a change', async () => {
    const id = postId('blog', 'sfr-bill');
    const first = await get(`/v1/posts/${id}`, admin);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    const again = await get(`/v1/posts/${id}`, admin, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('private, no-cache');
    const head = await app.request(`/v1/posts/${id}`, { method: 'HEAD', headers: bearer(admin) });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    // Another tag, or a list of others: the whole answer.
    const other = await get(`/v1/posts/${id}`, admin, { 'if-none-match': 'W/"other", "x"' });
    expect(other.status).toBe(200);
    // A teammate marks the post handled: the answer changed, so does its tag.
    expect((await send('PATCH', `/v1/posts/${id}`, admin, { handled: true })).status).toBe(200);
    const changed = await get(`/v1/posts/${id}`, admin, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { workflow: { handled: boolean } }).workflow.handled).toBe(
      true,
    );
  });

  it('tags lists and the document, never errors, writes or exports', async () => {
    const list = await get('/v1/posts?limit=2', reader);
    const tag = list.headers.get('etag')!;
    expect((await get('/v1/posts?limit=2', reader, { 'if-none-match': tag })).status).toBe(304);
    // Another page is another answer.
    expect((await get('/v1/posts?limit=3', reader, { 'if-none-match': tag })).status).toBe(200);
    const doc = await app.request('/openapi.json');
    expect(doc.headers.get('cache-control')).toBe('public, no-cache');
    const docTag = doc.headers.get('etag')!;
    expect(
      (await app.request('/openapi.json', { headers: { 'if-none-match': docTag } })).status,
    ).toBe(304);
    const missing = await get('/v1/posts/0000000000000000', reader);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    const created = await send('POST', '/v1/searches', reader, { name: 'f', query: 'facture' });
    expect(created.headers.get('etag')).toBeNull();
    const csv = await get('/v1/exports?format=csv', reader);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('etag')).toBeNull();
    expect(csv.headers.get('cache-control')).toBe('no-store');
    await csv.arrayBuffer();
  });

  it.each([
    ['W/"a"', 'W/"a"', true],
    ['"a"', 'W/"a"', true],
    ['W/"b", W/"a"', 'W/"a"', true],
    ['*', 'W/"a"', true],
    ['W/"b"', 'W/"a"', false],
    ['', 'W/"a"', false],
  ])('If-None-Match %s against %s: %s', (header, etag, expected) => {
    expect(noneMatch(header, etag)).toBe(expected);
  });
});

describe('compression', () => {
  it('gzips a list for a client that accepts it; the same JSON once inflated', async () => {
    const plain = await get('/v1/posts?limit=200', reader);
    const text = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await get('/v1/posts?limit=200', reader, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 2);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    // The tag is the JSON's: the gzipped answer revalidates like the plain one.
    expect(zipped.headers.get('etag')).toBe(plain.headers.get('etag'));
  });

  it('compresses a CSV export as it streams, not a JSON Lines or Parquet one', async () => {
    const gz = { 'accept-encoding': 'gzip' };
    const plain = await (await get('/v1/exports?format=csv', reader)).text();
    const zipped = await get('/v1/exports?format=csv', reader, gz);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(plain);
    for (const format of ['jsonl', 'parquet']) {
      const res = await get(`/v1/exports?format=${format}`, reader, gz);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding'), format).toBeNull();
      await res.arrayBuffer();
    }
  });

  it('leaves a small answer alone', async () => {
    const res = await get('/v1/me', reader, { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Number(res.headers.get('content-length'))).toBe((await res.arrayBuffer()).byteLength);
  });
});

describe('Location on 201', () => {
  it('every creation names where it is read, and that address answers', async () => {
    const id = postId('blog', 'calm');
    const creations: [string, string, unknown, string][] = [
      ['/v1/searches', reader, { name: 'factures', query: 'facture' }, '/v1/searches/factures'],
      [
        '/v1/sources',
        admin,
        { id: 'feed-2', kind: 'feed', url: 'https://example.fr/f' },
        '/v1/sources/feed-2',
      ],
      ['/v1/brands', admin, { id: 'free', name: 'Free' }, '/v1/brands/free'],
      [`/v1/posts/${id}/feedback`, reader, { note: 'ironique' }, `/v1/posts/${id}`],
      [`/v1/posts/${id}/notes`, admin, { text: 'vu' }, `/v1/posts/${id}`],
    ];
    for (const [path, key, body, location] of creations) {
      const res = await send('POST', path, key, body);
      expect(res.status, path).toBe(201);
      expect(res.headers.get('location'), path).toBe(location);
      expect((await get(location, admin)).status, location).toBe(200);
    }
    // Every operation that may answer 201 is one of those.
    const spec = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const with201 = Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.values(ops).some((o) => '201' in o.responses) ? [p] : [],
    );
    expect(with201.sort()).toEqual([
      '/v1/brands',
      '/v1/posts/{id}/feedback',
      '/v1/posts/{id}/notes',
      '/v1/searches',
      '/v1/sources',
    ]);
  });
});

describe('405 with Allow', () => {
  it.each([
    ['DELETE', '/v1/posts', 'GET, HEAD'],
    ['PUT', `/v1/posts/${'a'.repeat(16)}`, 'GET, HEAD, PATCH'],
    ['POST', '/v1/brands/sfr/trend', 'GET, HEAD'],
    ['PUT', '/v1/searches', 'GET, HEAD, POST'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
    ['POST', '/', 'GET, HEAD'],
  ])('%s %s → 405, Allow: %s', async (method, path, allow) => {
    const res = await send(method, path, admin);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(allow.split(', ').sort());
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });

  it('an unknown path stays a 404, a missing post too', async () => {
    expect((await send('GET', '/v1/nothing', admin)).status).toBe(404);
    expect((await send('DELETE', '/v1/nothing', admin)).status).toBe(404);
    expect((await send('GET', '/v1/posts/0000000000000000', admin)).status).toBe(404);
  });

  it('a request without a key is refused before its method is judged', async () => {
    expect((await app.request('/v1/posts', { method: 'DELETE' })).status).toBe(401);
  });
});
