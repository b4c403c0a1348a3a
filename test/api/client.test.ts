// A client generated from the document, used as a client author would: openapi-fetch typed
// with src/api/openapi-types.ts (npm run api-types), against the server on loopback. The
// types are checked by tsc (npx tsc --noEmit -p .) and the answers by this test.
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import type { components, paths } from '../../src/api/openapi-types.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

type PostSummary = components['schemas']['PostSummary'];

let server: Served;
let client: ReturnType<typeof createClient<paths>>;
beforeAll(async () => {
  const db = fixtureDb();
  const key = makeKey(db, 'editor');
  server = await serve(createApp({ db, now: () => NOW }), { port: 0 });
  client = createClient<paths>({ baseUrl: server.url, headers: bearer(key) });
});
afterAll(() => server.close());

describe('a client generated from /openapi.json', () => {
  it('lists posts of a brand, page by page', async () => {
    const first = await client.GET('/v1/posts', {
      params: { query: { brand: 'sfr', limit: 2, sort: 'severity' } },
    });
    expect(first.response.status).toBe(200);
    const items: PostSummary[] = first.data!.items;
    expect(items).toHaveLength(2);
    expect(items.every((p) => p.brands.some((b) => b.id === 'sfr'))).toBe(true);
    expect(items[0]!.severity.value).toBeGreaterThanOrEqual(items[1]!.severity.value);
    const cursor = first.data!.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const next = await client.GET('/v1/posts', {
      params: { query: { brand: 'sfr', limit: 2, sort: 'severity', cursor: cursor! } },
    });
    const ids = [...items, ...next.data!.items].map((p) => p.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('gets one post, marks it handled and reads its workflow back', async () => {
    const id = postId('blog', 'sfr-bill');
    const patched = await client.PATCH('/v1/posts/{id}', {
      params: { path: { id } },
      body: { handled: true, assignee: 'Léa' },
    });
    expect(patched.data).toMatchObject({ handled: true, assignee: 'Léa', noteCount: 0 });
    const { data } = await client.GET('/v1/posts/{id}', { params: { path: { id } } });
    expect(data!.id).toBe(id);
    expect(data!.text).toContain('facture');
    expect(data!.analysis!.evidence.length).toBeGreaterThan(0);
    expect(data!.workflow.handledBy).toEqual({ keyId: expect.any(String), name: null });
  });

  it('gets a typed problem for a 4xx', async () => {
    const missing = await client.GET('/v1/posts/{id}', {
      params: { path: { id: '0000000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.data).toBeUndefined();
    expect(missing.error).toMatchObject({ status: 404, type: expect.stringContaining('post') });
    const invalid = await client.GET('/v1/posts', { params: { query: { limit: 500 } } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error!.errors!.map((e) => e.field)).toEqual(['limit']);
  });

  it('is typed: tsc refuses a parameter the API does not have', async () => {
    const r = await client.GET('/v1/posts', {
      // @ts-expect-error — "random" is not one of the sorts the document lists
      params: { query: { sort: 'random' } },
    });
    expect(r.response.status).toBe(400);
  });
});
