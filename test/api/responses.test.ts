// Every route called on the real app, each answer's body checked with Ajv against the schema
// /openapi.json gives for its status and media type: the spec and the server cannot drift.
// Every operation of the document must be called here at least once.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { insertAlert } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/open.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

// ajv-formats is CommonJS: its plugin is module.exports, and module.exports.default too.
const addFormats = addFormatsModule.default;

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
}
interface ResponseObject {
  description: string;
  content?: Record<string, { schema: unknown }>;
}

interface Call {
  method: string;
  path: string;
  /** The spec's path template the call exercises. */
  template: string;
  key?: string;
  body?: unknown;
  status: number;
}

let db: Db;
let app: ReturnType<typeof createApp>;
let spec: Spec;
let ajv: Ajv2020;
let admin: string;
let editor: string;
let reader: string;
const called = new Set<string>();
const bill = () => postId('blog', 'sfr-bill');

beforeAll(async () => {
  db = fixtureDb();
  admin = makeKey(db, 'admin');
  editor = makeKey(db, 'editor');
  reader = makeKey(db, 'reader', ['sfr']);
  insertAlert(
    db,
    {
      brand: 'sfr',
      search: null,
      windowStart: '2024-05-09T08:00:00.000Z',
      windowEnd: '2024-05-09T10:00:00.000Z',
      count: 3,
      baseline: 0.4,
      pValue: 0.0007,
      postIds: [bill(), postId('forum', 'forum-post')],
      state: 'stored',
    },
    NOW.toISOString(),
  );
  app = createApp({ db, now: () => NOW, version: 'test', exportAuthorSecret: 'secret' });
  spec = (await (await app.request('/openapi.json')).json()) as Spec;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The whole document as one schema: each answer is checked against a pointer into it, so
  // its references to #/components/schemas/… resolve as they do for any client.
  ajv.addSchema(spec, 'spec');
});

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

async function check(call: Call) {
  const headers: Record<string, string> = call.key ? bearer(call.key) : {};
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(call.path, {
    method: call.method,
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await res.text();
  expect(res.status, `${call.method} ${call.path}: ${text.slice(0, 300)}`).toBe(call.status);
  const method = call.method.toLowerCase();
  const op = spec.paths[call.template]?.[method];
  expect(op, `${method} ${call.template} is in the spec`).toBeDefined();
  called.add(`${method} ${call.template}`);
  const documented = op!.responses[String(call.status)];
  expect(documented, `${method} ${call.template} documents ${call.status}`).toBeDefined();
  if (call.status === 204) {
    expect(text).toBe('');
    expect(documented!.content).toBeUndefined();
    return;
  }
  const type = res.headers.get('content-type') ?? '';
  // The media type the spec names for this answer, matched without its charset.
  const media = Object.keys(documented!.content ?? {}).find(
    (m) => type.split(';')[0]!.trim() === m.split(';')[0]!.trim(),
  );
  expect(media, `${call.method} ${call.path}: ${type} is documented`).toBeDefined();
  const validate = ajv.getSchema(
    `spec#/${pointer('paths', call.template, method, 'responses', String(call.status), 'content', media!, 'schema')}`,
  );
  expect(validate).toBeDefined();
  const body = /^application\/(.+\+)?json$/.test(type.split(';')[0]!.trim())
    ? JSON.parse(text)
    : text;
  const ok = validate!(body);
  expect(ok ? [] : validate!.errors, `${call.method} ${call.path}`).toEqual([]);
  return body as Record<string, unknown>;
}

describe('every answer matches its schema in /openapi.json', () => {
  it('service routes', async () => {
    await check({ method: 'GET', path: '/healthz', template: '/healthz', status: 200 });
    await check({ method: 'GET', path: '/readyz', template: '/readyz', status: 200 });
    await check({ method: 'GET', path: '/openapi.json', template: '/openapi.json', status: 200 });
    await check({ method: 'GET', path: '/docs', template: '/docs', status: 200 });
    const metrics = await check({
      method: 'GET',
      path: '/metrics',
      template: '/metrics',
      key: reader,
      status: 200,
    });
    expect(String(metrics)).toContain('grogne_posts 5');
    for (const key of [admin, reader]) {
      await check({ method: 'GET', path: '/v1/me', template: '/v1/me', key, status: 200 });
    }
    await check({ method: 'GET', path: '/v1/me', template: '/v1/me', status: 401 });
  });

  it('/readyz while the first crawl runs', async () => {
    const busy = createApp({
      db,
      now: () => NOW,
      readiness: () => ({ status: 'crawling', sources: 2, crawled: 1 }),
    });
    const res = await busy.request('/readyz');
    expect(res.status).toBe(503);
    const validate = ajv.getSchema(
      `spec#/${pointer('paths', '/readyz', 'get', 'responses', '503', 'content', 'application/json', 'schema')}`,
    )!;
    expect(validate(await res.json())).toBe(true);
    called.add('get /readyz');
  });

  it('posts, workflow and feedback', async () => {
    const id = bill();
    await check({
      method: 'PATCH',
      path: `/v1/posts/${id}`,
      template: '/v1/posts/{id}',
      key: editor,
      body: { handled: true, assignee: 'Léa' },
      status: 200,
    });
    await check({
      method: 'POST',
      path: `/v1/posts/${id}/notes`,
      template: '/v1/posts/{id}/notes',
      key: editor,
      body: { text: 'rappeler le client' },
      status: 201,
    });
    for (const body of [{ complaint: false, target: null, note: 'ironique' }, { target: 'sfr' }]) {
      await check({
        method: 'POST',
        path: `/v1/posts/${id}/feedback`,
        template: '/v1/posts/{id}/feedback',
        key: reader,
        body,
        status: 201,
      });
    }
    const page = await check({
      method: 'GET',
      path: '/v1/posts?limit=2',
      template: '/v1/posts',
      key: reader,
      status: 200,
    });
    expect(page!.nextCursor).toEqual(expect.any(String));
    const all = await check({
      method: 'GET',
      path: '/v1/posts?limit=200&sort=published',
      template: '/v1/posts',
      key: admin,
      status: 200,
    });
    const items = all!.items as { id: string; workflow: { handled: boolean } }[];
    expect(items.length).toBe(5);
    expect(items.find((p) => p.id === id)!.workflow.handled).toBe(true);
    const detail = await check({
      method: 'GET',
      path: `/v1/posts/${id}`,
      template: '/v1/posts/{id}',
      key: reader,
      status: 200,
    });
    expect((detail!.workflow as { notes: unknown[] }).notes).toHaveLength(1);
    expect(detail!.feedback).toHaveLength(2);
    // The reply: a post with a parent; the forum post: another source.
    for (const other of [postId('blog', 'reply'), postId('forum', 'forum-post')]) {
      await check({
        method: 'GET',
        path: `/v1/posts/${other}`,
        template: '/v1/posts/{id}',
        key: admin,
        status: 200,
      });
    }
    await check({
      method: 'GET',
      path: '/v1/posts/0000000000000000',
      template: '/v1/posts/{id}',
      key: reader,
      status: 404,
    });
    await check({
      method: 'GET',
      path: '/v1/posts?limit=0',
      template: '/v1/posts',
      key: reader,
      status: 400,
    });
  });

  it('brands, their summary and trend', async () => {
    await check({
      method: 'GET',
      path: '/v1/brands',
      template: '/v1/brands',
      key: reader,
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/brands/sfr/summary',
      template: '/v1/brands/{id}/summary',
      key: reader,
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/brands/sfr/summary?since=2024-01-01&until=2024-02-01',
      template: '/v1/brands/{id}/summary',
      key: reader,
      status: 200,
    });
    for (const q of ['interval=day&since=2024-05-01&until=2024-05-10', 'interval=hour']) {
      await check({
        method: 'GET',
        path: `/v1/brands/sfr/trend?${q}`,
        template: '/v1/brands/{id}/trend',
        key: reader,
        status: 200,
      });
    }
    await check({
      method: 'GET',
      path: '/v1/brands/orange/trend',
      template: '/v1/brands/{id}/trend',
      key: reader,
      status: 403,
    });
  });

  it('alerts carry their search and posts', async () => {
    const alerts = await check({
      method: 'GET',
      path: '/v1/alerts',
      template: '/v1/alerts',
      key: reader,
      status: 200,
    });
    expect(alerts!.items).toEqual([
      expect.objectContaining({ brand: 'sfr', search: null, posts: expect.any(Array) }),
    ]);
  });

  it('saved searches', async () => {
    await check({
      method: 'POST',
      path: '/v1/searches',
      template: '/v1/searches',
      key: reader,
      body: { name: 'factures', query: 'facture OR "prélèvement abusif"' },
      status: 201,
    });
    await check({
      method: 'GET',
      path: '/v1/searches',
      template: '/v1/searches',
      key: reader,
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/searches/factures',
      template: '/v1/searches/{name}',
      key: reader,
      status: 200,
    });
    await check({
      method: 'DELETE',
      path: '/v1/searches/factures',
      template: '/v1/searches/{name}',
      key: reader,
      status: 204,
    });
    await check({
      method: 'POST',
      path: '/v1/searches',
      template: '/v1/searches',
      key: reader,
      body: { name: 'bad', query: '(facture' },
      status: 400,
    });
  });

  it('sources and brands, as admin and as reader', async () => {
    for (const key of [admin, reader]) {
      await check({
        method: 'GET',
        path: '/v1/sources',
        template: '/v1/sources',
        key,
        status: 200,
      });
    }
    const feed = { id: 'new-feed', kind: 'feed', url: 'https://blog.example.fr/feed.xml' };
    await check({
      method: 'POST',
      path: '/v1/sources',
      template: '/v1/sources',
      key: admin,
      body: feed,
      status: 201,
    });
    await check({
      method: 'POST',
      path: '/v1/sources',
      template: '/v1/sources',
      key: admin,
      body: {
        id: 'a-forum',
        kind: 'forum',
        url: 'https://forum.example.fr/t/1',
        selectors: { post: '.msg' },
        brand: 'sfr',
      },
      status: 201,
    });
    await check({
      method: 'GET',
      path: '/v1/sources',
      template: '/v1/sources',
      key: admin,
      status: 200,
    });
    await check({
      method: 'PATCH',
      path: '/v1/sources/new-feed',
      template: '/v1/sources/{id}',
      key: admin,
      body: { interval: 3600, fullText: 'never' },
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/sources/a-forum',
      template: '/v1/sources/{id}',
      key: admin,
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/sources/a-forum',
      template: '/v1/sources/{id}',
      key: reader,
      status: 403,
    });
    await check({
      method: 'DELETE',
      path: '/v1/sources/new-feed',
      template: '/v1/sources/{id}',
      key: admin,
      status: 204,
    });
    await check({
      method: 'POST',
      path: '/v1/sources',
      template: '/v1/sources',
      key: reader,
      body: feed,
      status: 403,
    });
    await check({
      method: 'POST',
      path: '/v1/brands',
      template: '/v1/brands',
      key: admin,
      body: { id: 'free', name: 'Free', sector: 'télécoms' },
      status: 201,
    });
    await check({
      method: 'PATCH',
      path: '/v1/brands/free',
      template: '/v1/brands/{id}',
      key: admin,
      body: { aliases: ['Freebox'] },
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/brands',
      template: '/v1/brands',
      key: admin,
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/brands/free',
      template: '/v1/brands/{id}',
      key: admin,
      status: 200,
    });
    await check({
      method: 'GET',
      path: '/v1/brands/sfr',
      template: '/v1/brands/{id}',
      key: reader,
      status: 200,
    });
    await check({
      method: 'DELETE',
      path: '/v1/brands/free',
      template: '/v1/brands/{id}',
      key: admin,
      status: 204,
    });
    await check({
      method: 'PATCH',
      path: '/v1/brands/free',
      template: '/v1/brands/{id}',
      key: admin,
      body: { name: 'x' },
      status: 404,
    });
  });

  it('exports in each format', async () => {
    for (const format of ['csv', 'jsonl', 'parquet']) {
      await check({
        method: 'GET',
        path: `/v1/exports?format=${format}`,
        template: '/v1/exports',
        key: reader,
        status: 200,
      });
    }
  });

  it('called every operation of the document', () => {
    const all = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(all.filter((op) => !called.has(op))).toEqual([]);
  });
});
