// ETags of /v1 answers come from what the answer is made of (the store's generation, the key,
// the URL, the minute), known before the route runs: a revalidation that finds nothing changed
// is a 304 that runs no query, and any write that changes the answer, from this process or
// another, makes the next revalidation a 200 with a new tag.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { rescoreAll } from '../../src/cli/rescore.ts';
import { revokeKey } from '../../src/store/keys.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { listPosts } from '../../src/store/read.ts';
import { postId, savePosts } from '../../src/store/write.ts';
import { item, NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

// The list's store call, counted: a 304 must not make it.
vi.mock(import('../../src/store/read.ts'), async (original) => {
  const real = await original();
  return { ...real, listPosts: vi.fn(real.listPosts) };
});

let db: Db;
let clock: Date;
let app: ReturnType<typeof createApp>;
let editor: string;
let reader: string;
beforeEach(() => {
  db = fixtureDb();
  editor = makeKey(db, 'editor');
  reader = makeKey(db, 'reader');
  clock = NOW;
  app = createApp({ db, now: () => clock, version: 'test' });
  vi.mocked(listPosts).mockClear();
});

const get = (path: string, key: string, etag?: string) =>
  app.request(path, {
    headers: { ...bearer(key), ...(etag === undefined ? {} : { 'if-none-match': etag }) },
  });
const send = (method: string, path: string, key: string, body: unknown) =>
  app.request(path, {
    method,
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const bill = postId('blog', 'sfr-bill');

describe('a 304 from the store generation', () => {
  it('is answered without running the query, with the headers of the 200', async () => {
    const first = await get('/v1/posts?limit=3', reader);
    const etag = first.headers.get('etag')!;
    expect(listPosts).toHaveBeenCalledTimes(1);
    const again = await get('/v1/posts?limit=3', reader, etag);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(listPosts).toHaveBeenCalledTimes(1);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('private, no-cache');
    expect(again.headers.get('vary')).toMatch(/Authorization/);
    // The other layers still see it: rate limit and request id.
    expect(again.headers.get('ratelimit-remaining')).not.toBeNull();
    expect(again.headers.get('x-request-id')).not.toBeNull();
  });

  // Each write that changes what the URL answers: the revalidation gets the new answer.
  it.each<[string, string, () => Promise<unknown> | unknown]>([
    ['a new post', '/v1/posts?limit=10', () => savePosts(db, 'blog', [item('new')], () => NOW)],
    [
      'a workflow change',
      '/v1/posts?limit=10',
      async () =>
        expect((await send('PATCH', `/v1/posts/${bill}`, editor, { handled: true })).status).toBe(
          200,
        ),
    ],
    [
      'feedback',
      `/v1/posts/${bill}`,
      async () =>
        expect(
          (await send('POST', `/v1/posts/${bill}/feedback`, reader, { complaint: false })).status,
        ).toBe(201),
    ],
    [
      'a rescore with another half-life',
      '/v1/posts?limit=10',
      () => rescoreAll(db, { halfLifeHours: 6, now: () => NOW }),
    ],
  ])('turns into a 200 with a new tag after %s', async (_, path, write) => {
    const first = await get(path, reader);
    const etag = first.headers.get('etag')!;
    const before = await first.text();
    expect((await get(path, reader, etag)).status).toBe(304);
    await write();
    const after = await get(path, reader, etag);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).not.toBe(before);
  });

  it('turns into a 200 after a write by another connection to the file (a worker process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-etag-'));
    try {
      const path = join(dir, 'store.db');
      const served = openStore(path);
      const shared = createApp({ db: served, now: () => NOW, anonymousRead: true });
      const worker = openStore(path);
      worker.exec(
        `INSERT INTO sources (id, kind, url, interval_s, created_at)
          VALUES ('blog', 'feed', 'http://127.0.0.1/feed', 60, '${NOW.toISOString()}')`,
      );
      const first = await shared.request('/v1/posts');
      const etag = first.headers.get('etag')!;
      const ask = () => shared.request('/v1/posts', { headers: { 'if-none-match': etag } });
      expect((await ask()).status).toBe(304);
      savePosts(worker, 'blog', [item('from-a-worker')], () => NOW);
      const after = await ask();
      expect(after.status).toBe(200);
      expect(((await after.json()) as { items: unknown[] }).items).toHaveLength(1);
      served.close();
      worker.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is another key's tag, and a revoked key gets its 401 whatever it sends", async () => {
    const other = makeKey(db, 'reader');
    const etag = (await get('/v1/posts?limit=3', reader)).headers.get('etag')!;
    const theirs = await get('/v1/posts?limit=3', other, etag);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('etag')).not.toBe(etag);
    const id = db.prepare('SELECT id FROM api_keys ORDER BY id DESC LIMIT 1').get() as {
      id: string;
    };
    revokeKey(db, id.id, NOW.toISOString());
    expect((await get('/v1/posts?limit=3', other, theirs.headers.get('etag')!)).status).toBe(401);
  });

  it('lasts the minute: priority is shown as of the request', async () => {
    const etag = (await get('/v1/posts?limit=3', reader)).headers.get('etag')!;
    clock = new Date(NOW.getTime() + 30_000);
    expect((await get('/v1/posts?limit=3', reader, etag)).status).toBe(304);
    clock = new Date(NOW.getTime() + 60_000);
    const later = await get('/v1/posts?limit=3', reader, etag);
    expect(later.status).toBe(200);
    expect(later.headers.get('etag')).not.toBe(etag);
  });

  it('"*" asks the route: a 304 for an answer that exists, the 404 for one that does not', async () => {
    expect((await get('/v1/posts?limit=3', reader, '*')).status).toBe(304);
    expect((await get('/v1/posts/0000000000000000', reader, '*')).status).toBe(404);
  });

  it('never answers an export with a 304: it streams, and carries no tag', async () => {
    const exported = await get('/v1/exports?format=jsonl', reader, '*');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('etag')).toBeNull();
    await exported.arrayBuffer();
  });
});
