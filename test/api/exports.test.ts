import { Hono } from 'hono';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/auth.ts';
import { exportQuerySchema, exportResponse } from '../../src/api/exports.ts';
import { problemResponse, toProblem } from '../../src/api/problem.ts';
import { validate } from '../../src/api/validate.ts';
import { getMeta } from '../../src/store/settings.ts';
import { savePosts } from '../../src/store/write.ts';
import { IDS, seedDb } from '../export/seed.ts';
import { item, NOW } from '../store/make.ts';

// The route as the app mounts it (its query validated by the schema /openapi.json shows), with
// who is asking as the auth middleware finds it.
function app(principal: Principal = { kind: 'anonymous' }) {
  const db = seedDb();
  const a = new Hono();
  a.get('/v1/exports', (c) =>
    exportResponse({ db }, validate(exportQuerySchema, c.req.query(), 'query'), principal),
  );
  a.onError((err, c) => problemResponse(c, toProblem(err)));
  return { a, db };
}

const key = (role: 'reader' | 'admin', brands: string[] | null): Principal => ({
  kind: 'key',
  key: { id: 'k1', name: null, prefix: 'grg_abcdef', role, brands, createdAt: '', revokedAt: null },
});

async function jsonl(res: Response) {
  const text = await res.text();
  return text
    .trim()
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('GET /v1/exports', () => {
  it('streams JSON Lines with the filters of /v1/posts, authors pseudonymised', async () => {
    const { a, db } = app();
    const res = await a.request('/v1/exports?format=jsonl&brand=sfr');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/jsonl/);
    const rows = await jsonl(res);
    expect(rows.map((r) => r.brand)).toEqual(['sfr', 'sfr']);
    expect(
      rows.every((r) => typeof r.author === 'string' && !String(r.author).includes('Rémi')),
    ).toBe(true);
    // The secret was generated and kept, never sent.
    expect(getMeta(db, 'export.authorSecret')).toBeTruthy();
  });

  it('streams CSV with a BOM on request, and a Parquet file that parses', async () => {
    const { a } = app();
    const csv = Buffer.from(
      await (await a.request('/v1/exports?format=csv&bom=true')).arrayBuffer(),
    );
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').split('\r\n')).toHaveLength(7); // header, 5 rows, final CRLF
    const pq = await (
      await a.request('/v1/exports?format=parquet&fields=postId,brand')
    ).arrayBuffer();
    expect(Number(parquetMetadata(pq).num_rows)).toBe(5);
  });

  // Bad parameters: 400 problem+json naming the parameter.
  const bad: [string, string][] = [
    ['format=xml', 'format'],
    ['format=csv&fields=nope', 'fields'],
    ['format=csv&minSeverity=500', 'minSeverity'],
    ['format=csv&limit=10', 'limit'],
    ['format=csv&bom=maybe', 'bom'],
  ];
  it.each(bad)('answers 400 to %s', async (qs, field) => {
    const res = await app().a.request(`/v1/exports?${qs}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toContain(field);
  });

  it('scopes a reader key to its brands and forbids others', async () => {
    const { a } = app(key('reader', ['orange']));
    const rows = await jsonl(await a.request('/v1/exports?format=jsonl'));
    expect(new Set(rows.map((r) => r.brand))).toEqual(new Set(['orange']));
    expect(rows.map((r) => r.postId)).not.toContain(IDS.none);
    expect((await a.request('/v1/exports?format=jsonl&brand=sfr')).status).toBe(403);
  });

  it('gives clear authors to admin keys only', async () => {
    const anon = await app().a.request('/v1/exports?format=jsonl&clearAuthors=true');
    expect(anon.status).toBe(403);
    const reader = await app(key('reader', null)).a.request(
      '/v1/exports?format=jsonl&clearAuthors=true',
    );
    expect(reader.status).toBe(403);
    const admin = await app(key('admin', null)).a.request(
      '/v1/exports?format=jsonl&clearAuthors=true&fields=author',
    );
    expect(admin.status).toBe(200);
    expect((await jsonl(admin)).map((r) => r.author)).toContain('Rémi Côté');
  });

  // Each page is a synchronous read of the store. Pulled through promise callbacks alone, a
  // fast reader kept the event loop from ever turning until the export ended: every other
  // request of the server waited behind it.
  it('lets the event loop turn between two pages, so other requests are served meanwhile', async () => {
    const { a, db } = app();
    savePosts(
      db,
      'blog',
      Array.from({ length: 600 }, (_, i) => item(`many-${i}`)),
      () => NOW,
    );
    const res = await a.request('/v1/exports?format=jsonl');
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const order: string[] = [];
    setImmediate(() => order.push('another request'));
    expect((await reader.read()).done).toBe(false);
    order.push('next page');
    expect(order).toEqual(['another request', 'next page']);
    await reader.cancel();
  });
});
