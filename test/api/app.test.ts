import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { serve } from '../../src/api/server.ts';
import type { Db } from '../../src/store/open.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { fixtureDb } from './fixture.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
beforeEach(() => {
  db = fixtureDb();
  app = createApp({ db, now: () => NOW, version: 'test', anonymousRead: true });
});

const get = async (path: string) => {
  const res = await app.request(path);
  return {
    res,
    body: (await res.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] },
  };
};
const urls = (items: Record<string, unknown>[] | undefined) =>
  (items ?? []).map((p) => String(p.url).split('/').pop()).sort();

describe('health', () => {
  it('GET /healthz is ok', async () => {
    const { res, body } = await get('/healthz');
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
  });
  it('GET /readyz is ready with a migrated database', async () => {
    const { res, body } = await get('/readyz');
    expect(res.status).toBe(200);
    expect(body.status).toBe('ready');
  });
  it('GET /readyz answers 503 when a migration is pending', async () => {
    db.pragma('user_version = 0');
    const { res, body } = await get('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body.detail).toMatch(/migration/);
  });
  it('GET /readyz answers 503 "crawling" until the first crawl has ended', async () => {
    let busy: { status: 'crawling'; sources: number; crawled: number } | null = {
      status: 'crawling',
      sources: 3,
      crawled: 1,
    };
    const starting = createApp({ db, now: () => NOW, readiness: () => busy });
    const during = await starting.request('/readyz');
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ status: 'crawling', sources: 3, crawled: 1 });
    expect((await starting.request('/healthz')).status).toBe(200);
    busy = null;
    const after = await starting.request('/readyz');
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: 'ready' });
  });
  it('GET /readyz answers 503 when the database is closed', async () => {
    db.close();
    expect((await app.request('/readyz')).status).toBe(503);
  });
});

describe('GET /v1/posts', () => {
  const filters: [string, string, string[]][] = [
    ['no filter', '', ['calm', 'forum-post', 'orange-net', 'reply', 'sfr-bill']],
    ['brand', 'brand=orange', ['orange-net']],
    ['brand + target', 'brand=sfr&target=true', ['forum-post', 'reply', 'sfr-bill']],
    ['complaint', 'complaint=false', ['calm']],
    ['source', 'source=forum', ['forum-post']],
    ['category', 'category=network', ['orange-net']],
    ['lang', 'lang=eng', []],
    ['minSeverity', 'minSeverity=40', ['forum-post', 'orange-net', 'reply', 'sfr-bill']],
    ['since', 'since=2024-05-09', ['calm', 'forum-post', 'orange-net', 'reply', 'sfr-bill']],
    ['until', 'until=2024-05-09', []],
    ['q without accents', 'q=telecom', ['sfr-bill']],
    ['sort by reach', 'sort=reach&source=forum', ['forum-post']],
  ];
  it.each(filters)('%s', async (_n, qs, expected) => {
    const { res, body } = await get(`/v1/posts?${qs}`);
    expect(res.status).toBe(200);
    expect(urls(body.items)).toEqual(expected);
  });

  it('ranks by priority by default, highest first, with each item fully explained', async () => {
    const { body } = await get('/v1/posts');
    const items = body.items!;
    const priorities = items.map((p) => (p.priority as { value: number }).value);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(urls(items.slice(-1))).toEqual(['calm']);
    const first = items[0]!;
    for (const key of [
      'id',
      'source',
      'url',
      'title',
      'excerpt',
      'author',
      'publishedAt',
      'lang',
      'sentiment',
      'complaint',
      'brands',
      'categories',
    ]) {
      expect(first).toHaveProperty(key);
    }
    for (const key of ['severity', 'reach', 'priority']) {
      expect(first[key]).toMatchObject({
        value: expect.any(Number),
        components: expect.any(Object),
        reasons: expect.any(Array),
      });
    }
  });

  it('pages with limit and cursor, each post once', async () => {
    const seen: string[] = [];
    let path = '/v1/posts?limit=2';
    for (let i = 0; i < 10; i++) {
      const { body } = await get(path);
      seen.push(...body.items!.map((p) => String(p.id)));
      if (!body.nextCursor) break;
      path = `/v1/posts?limit=2&cursor=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('shows the priority of the moment: lower a week later', async () => {
    const first = (await get('/v1/posts?limit=1')).body.items![0]!;
    const later = createApp({
      db,
      anonymousRead: true,
      now: () => new Date(NOW.getTime() + 7 * 24 * 3_600_000),
    });
    const res = await later.request('/v1/posts?limit=1');
    const again = ((await res.json()) as { items: Record<string, { value: number }>[] }).items[0]!;
    expect(again.priority!.value).toBeLessThan((first.priority as { value: number }).value);
  });

  const bad: [string, string][] = [
    ['limit=500', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['sort=loudest', 'sort'],
    ['minSeverity=101', 'minSeverity'],
    ['complaint=maybe', 'complaint'],
    ['since=yesterday', 'since'],
    ['lang=french', 'lang'],
    ['cursor=garbage', 'cursor'],
    ['target=true', 'target'],
    ['brnd=sfr', 'brnd'],
  ];
  it.each(bad)('400 problem+json naming the field for %s', async (qs, field) => {
    const { res, body } = await get(`/v1/posts?${qs}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 400, title: 'Bad Request', instance: '/v1/posts' });
    expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });
});

describe('GET /v1/posts/:id', () => {
  it('returns everything, evidence spans and thread links included', async () => {
    const id = postId('blog', 'sfr-bill');
    const { res, body } = await get(`/v1/posts/${id}`);
    expect(res.status).toBe(200);
    expect(body.text).toMatch(/facture SFR/);
    const analysis = body.analysis as { evidence: { start: number; end: number }[] };
    expect(analysis.evidence[0]).toMatchObject({ start: 0, end: 7 });
    expect(body.brands).toMatchObject([{ id: 'sfr', name: 'SFR', target: true }]);
    expect(body.childIds).toEqual([postId('blog', 'reply')]);
    expect((body.severity as { reasons: string[] }).reasons.join(' ')).toMatch(/money/);
  });

  it.each([['0000000000000000'], ['not-an-id']])('404 problem for %s', async (id) => {
    const { res, body } = await get(`/v1/posts/${id}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 404, type: 'https://grogne.dev/problems/post-not-found' });
  });
});

describe('brands, sources and unknown routes', () => {
  it('GET /v1/brands lists brands with counts', async () => {
    const { body } = await get('/v1/brands');
    expect(body.items!.map((b) => [b.id, b.targeted])).toEqual([
      ['orange', 1],
      ['sfr', 3],
    ]);
  });
  it('GET /v1/sources lists sources with their post counts', async () => {
    const { body } = await get('/v1/sources');
    expect(body.items!.map((s) => [s.id, s.posts])).toEqual([
      ['blog', 4],
      ['forum', 1],
    ]);
  });
  it('an unknown route is a 404 problem', async () => {
    const { res, body } = await get('/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body.instance).toBe('/v2/nothing');
  });
  it('an unexpected error is a 500 problem without internals', async () => {
    const logged: unknown[] = [];
    const broken = createApp({ db, anonymousRead: true, logError: (e) => logged.push(e) });
    db.exec('DROP TABLE brand_mentions');
    const res = await broken.request('/v1/brands');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).not.toMatch(/brand_mentions/);
    expect(logged).toHaveLength(1);
  });
});

describe('serve()', () => {
  it('answers over real HTTP on 127.0.0.1 with port 0, then closes', async () => {
    const server = await serve(app, { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/v1/posts?limit=1`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
