import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import type { Db } from '../../src/store/open.ts';
import { postId, savePosts } from '../../src/store/write.ts';
import { item, NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
let admin: string;
let reader: string;
beforeEach(() => {
  db = fixtureDb();
  admin = makeKey(db, 'admin');
  reader = makeKey(db, 'reader');
  app = createApp({ db, now: () => NOW, anonymousRead: true, version: 'test' });
});

type Body = Record<string, unknown>;
const send = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await app.request(path, {
    method,
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { res, body: (text ? JSON.parse(text) : null) as Body };
};
const get = async (path: string) => {
  const res = await app.request(path);
  return { res, body: (await res.json()) as Body & { items: Body[] } };
};
const fields = (b: Body) => ((b.errors as { field: string }[]) ?? []).map((e) => e.field);

describe('GET /v1/posts, more filters', () => {
  it.each([
    ['sentiment=neutral', ['calm']],
    ['sentiment=negative&brand=orange', ['orange-net']],
    ['q=PROBLEME', ['sfr-bill']],
    ['q=sfr&brand=sfr&target=false', ['calm']],
    ['q=résilie&sort=published', ['forum-post']],
  ])('%s', async (qs, expected) => {
    const { res, body } = await get(`/v1/posts?${qs}`);
    expect(res.status).toBe(200);
    expect(body.items.map((p) => String(p.url).split('/').pop()).sort()).toEqual(expected);
  });

  it('keeps pages stable while posts arrive: no post twice, none of the first set skipped', async () => {
    const before = (await get('/v1/posts?limit=200')).body.items.map((p) => p.id);
    const seen: unknown[] = [];
    let path = '/v1/posts?limit=2';
    for (let page = 0; page < 10; page++) {
      const { body } = await get(path);
      seen.push(...body.items.map((p) => p.id));
      // A crawl lands between two pages: new posts of every rank, some above the cursor.
      savePosts(
        db,
        'forum',
        [
          item(
            `new-${page}-a`,
            { sourceId: 'forum', text: 'SFR panne encore.' },
            { acts: ['churn', 'legal'] },
          ),
          item(
            `new-${page}-b`,
            { sourceId: 'forum', text: 'SFR bof.' },
            { complaint: false, sentimentScore: -0.1 },
          ),
        ],
        () => NOW,
      );
      if (!body.nextCursor) break;
      path = `/v1/posts?limit=2&cursor=${body.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
  });
});

describe('GET /v1/posts/:id', () => {
  it('shows syndicated copies and feedback, and feedback leaves the analysis alone', async () => {
    const id = postId('blog', 'sfr-bill');
    const copy = postId('forum', 'forum-post');
    db.prepare('UPDATE posts SET cluster_id = ? WHERE id IN (?, ?)').run('c1', id, copy);
    const before = (await get(`/v1/posts/${id}`)).body;
    const posted = await send('POST', `/v1/posts/${id}/feedback`, reader, {
      complaint: false,
      sentiment: 'neutral',
      target: null,
      note: 'ironique',
    });
    expect(posted.res.status).toBe(201);
    expect(posted.body).toMatchObject({
      postId: id,
      keyId: expect.stringMatching(/^key_/),
      complaint: false,
    });
    const after = (await get(`/v1/posts/${id}`)).body;
    expect(after.cluster).toEqual([expect.objectContaining({ id: copy, source: 'forum' })]);
    expect(after.feedback).toEqual([
      expect.objectContaining({ note: 'ironique', sentiment: 'neutral' }),
    ]);
    expect(after.analysis).toEqual(before.analysis);
    expect(after.severity).toEqual(before.severity);
  });

  it.each([
    [{ sentiment: 'furious' }, 'sentiment'],
    [{ complaint: 'yes' }, 'complaint'],
    [{}, '(body)'],
    [{ mood: 'bad' }, 'mood'],
  ])('feedback %j is a 400 naming %s', async (body, field) => {
    const r = await send('POST', `/v1/posts/${postId('blog', 'calm')}/feedback`, reader, body);
    expect(r.res.status).toBe(400);
    expect(fields(r.body)).toContain(field);
  });

  it('feedback needs a key even on loopback, and a post that exists', async () => {
    const res = await app.request(`/v1/posts/${postId('blog', 'calm')}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"note":"x"}',
    });
    expect(res.status).toBe(401);
    expect(
      (await send('POST', '/v1/posts/0000000000000000/feedback', reader, { note: 'x' })).res.status,
    ).toBe(404);
  });
});

describe('brands: summary and trend', () => {
  it('summarises a brand: counts, negative share, complaints, top categories and sources', async () => {
    const { res, body } = await get('/v1/brands/sfr/summary');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ brand: 'sfr', mentions: 4, targeted: 3, complaints: 3 });
    expect(body.negativeShare).toBeCloseTo(0.75);
    expect((body.topCategories as { category: string }[])[0]!.category).toBe('billing');
    expect((body.topSources as { source: string }[]).map((s) => s.source)).toEqual([
      'blog',
      'forum',
    ]);
    expect(body.meanSeverity).toEqual(expect.any(Number));
    const none = (await get('/v1/brands/sfr/summary?until=2024-01-01')).body;
    expect(none).toMatchObject({ mentions: 0, negativeShare: null, meanSeverity: null });
  });

  it('gives a daily trend with a spike when complaints jump', async () => {
    const { res, body } = await get(
      '/v1/brands/sfr/trend?interval=day&since=2024-05-05&until=2024-05-10',
    );
    expect(res.status).toBe(200);
    const buckets = body.buckets as {
      start: string;
      complaints: number;
      negative: number;
      spike: boolean;
    }[];
    expect(buckets.map((b) => b.start.slice(0, 10))).toEqual([
      '2024-05-05',
      '2024-05-06',
      '2024-05-07',
      '2024-05-08',
      '2024-05-09',
    ]);
    // All fixture posts are published on 2024-05-09: 3 complaints aimed at SFR after silence.
    // Negative towards SFR: the bill, the reply and the forum post; "Rien à signaler" is neutral.
    expect(buckets.at(-1)).toMatchObject({ complaints: 3, negative: 3, spike: true });
    expect(buckets.slice(0, -1).every((b) => b.negative === 0)).toBe(true);
    expect(buckets.slice(0, -1).every((b) => !b.spike)).toBe(true);
  });

  it.each([
    ['/v1/brands/nobody/summary', 404],
    ['/v1/brands/sfr/trend?interval=week', 400],
    ['/v1/brands/sfr/trend?interval=hour&since=2020-01-01', 400],
    ['/v1/brands/sfr/summary?since=hier', 400],
  ])('%s → %i', async (path, status) => {
    expect((await get(path)).res.status).toBe(status);
  });
});

describe('admin: sources and brands', () => {
  const feed = { id: 'new-feed', kind: 'feed', url: 'https://blog.example.fr/feed.xml' };
  it('adds, changes and removes a source', async () => {
    const created = await send('POST', '/v1/sources', admin, feed);
    expect(created.res.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'new-feed', interval: 1800, enabled: true });
    expect((await send('POST', '/v1/sources', admin, feed)).res.status).toBe(409);
    const changed = await send('PATCH', '/v1/sources/new-feed', admin, { interval: 3600 });
    expect(changed.body).toMatchObject({ interval: 3600, url: feed.url });
    expect((await send('PATCH', '/v1/sources/new-feed', admin, { interval: 5 })).res.status).toBe(
      400,
    );
    expect((await send('DELETE', '/v1/sources/new-feed', admin)).res.status).toBe(204);
    expect((await send('DELETE', '/v1/sources/new-feed', admin)).res.status).toBe(404);
  });

  it.each([
    [{ ...feed, url: 'ftp://example.fr/feed' }, 'url'],
    [{ ...feed, url: 'http://127.0.0.1/feed' }, 'url'],
    [{ ...feed, url: 'http://[::1]:8080/feed' }, 'url'],
    [{ ...feed, url: 'http://169.254.169.254/latest' }, 'url'],
    [{ ...feed, url: 'http://100.64.0.1/feed' }, 'url'],
    [{ ...feed, url: 'http://10.0.0.1/feed' }, 'url'],
    [{ id: 'x', kind: 'feed', file: '/etc/passwd' }, 'file'],
    [{ ...feed, kind: 'tweet' }, 'kind'],
    [{ ...feed, id: 'Bad Id' }, 'id'],
  ])('refuses source %j naming %s', async (body, field) => {
    const r = await send('POST', '/v1/sources', admin, body);
    expect(r.res.status).toBe(400);
    expect(fields(r.body)).toContain(field);
  });

  it('adds and changes a brand with the config schema, defaults filled', async () => {
    const r = await send('POST', '/v1/brands', admin, { id: 'free', name: 'Free' });
    expect(r.res.status).toBe(201);
    expect(r.body).toMatchObject({ id: 'free', aliases: [], caseSensitive: true });
    const p = await send('PATCH', '/v1/brands/free', admin, { aliases: ['Freebox'] });
    expect(p.body).toMatchObject({ name: 'Free', aliases: ['Freebox'] });
    expect(fields((await send('POST', '/v1/brands', admin, { id: 'x', name: '' })).body)).toContain(
      'name',
    );
  });

  // A misspelt field would be dropped and the setting lost: refused, named by its full path,
  // with the field it was probably meant to be; nothing is stored.
  it.each([
    ['/v1/brands', { id: 'free', name: 'Free', alias: ['Freebox'] }, 'alias', 'aliases'],
    ['/v1/sources', { ...feed, intervall: 3600 }, 'intervall', 'interval'],
    [
      '/v1/sources',
      { ...feed, kind: 'forum', selectors: { post: '.msg', bdy: '.text' } },
      'selectors.bdy',
      'body',
    ],
  ])('refuses an unknown field in POST %s %j', async (path, body, field, meant) => {
    const r = await send('POST', path, admin, body);
    expect(r.res.status).toBe(400);
    const errors = r.body.errors as { field: string; message: string }[];
    expect(errors).toContainEqual({
      field,
      message: `unknown field (did you mean "${meant}"?)`,
    });
    expect((await send('DELETE', `${path}/${body.id}`, admin)).res.status).toBe(404);
  });

  it('refuses an unknown field in a PATCH', async () => {
    expect((await send('POST', '/v1/sources', admin, feed)).res.status).toBe(201);
    const r = await send('PATCH', '/v1/sources/new-feed', admin, { enabeld: false });
    expect(r.res.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: 'enabeld', message: 'unknown field (did you mean "enabled"?)' },
    ]);
  });

  it('a malformed JSON body is a 400, a non-JSON one a 415', async () => {
    const bad = await app.request('/v1/brands', {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: '{"id":',
    });
    expect(bad.status).toBe(400);
    const text = await app.request('/v1/brands', {
      method: 'POST',
      headers: bearer(admin),
      body: 'id=x',
    });
    expect(text.status).toBe(415);
  });
});

describe('OpenAPI, docs and metrics', () => {
  it('documents every route with the schemas that validate it', async () => {
    const { res, body } = await get('/openapi.json');
    expect(res.status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = body.paths as Record<
      string,
      Record<string, { parameters: { name: string; schema: Body }[]; requestBody?: unknown }>
    >;
    for (const p of [
      '/v1/posts',
      '/v1/posts/{id}',
      '/v1/brands/{id}/trend',
      '/v1/sources/{id}',
      '/metrics',
    ]) {
      expect(paths).toHaveProperty([p]);
    }
    const limit = paths['/v1/posts']!.get!.parameters.find((p) => p.name === 'limit')!;
    expect(limit.schema).toMatchObject({ maximum: 200, minimum: 1 });
    expect(paths['/v1/sources']!.post!.requestBody).toBeDefined();
  });
  // Routes a client may call but that /openapi.json leaves out on purpose, each with why.
  // Every API route is declared through route(), which documents it as it serves it.
  const UNDOCUMENTED: Record<string, string> = {
    'GET /': 'the dashboard page, for browsers (docs/dashboard.md), not part of the API',
    'GET /assets/{file}': "the dashboard's script and stylesheet",
    'GET /docs/{file}': "the API reference's script, stylesheet and settings (Swagger UI's files)",
  };

  it('lists every route the app serves, with its method', async () => {
    const { body } = await get('/openapi.json');
    const documented = new Set(
      Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    // Hono's own route table: middleware is registered for ALL methods; the rest are routes.
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(10);
    const missing = served.filter((r) => !documented.has(r) && !(r in UNDOCUMENTED));
    expect(missing).toEqual([]);
  });

  it('documents /v1/exports: its parameters, key and media types', async () => {
    const { body } = await get('/openapi.json');
    const op = (body.paths as Record<string, Record<string, Body>>)['/v1/exports']!.get!;
    const params = op.parameters as { name: string; required: boolean; schema: Body }[];
    const format = params.find((p) => p.name === 'format')!;
    expect(format.required).toBe(true);
    expect(format.schema.enum).toEqual(['csv', 'jsonl', 'parquet']);
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['fields', 'bom', 'clearAuthors', 'brand', 'since', 'q']),
    );
    expect(params.map((p) => p.name)).not.toContain('limit');
    expect(op.security).toEqual([{ bearer: [] }]);
    const ok = (op.responses as Record<string, { content: Body }>)['200']!;
    expect(Object.keys(ok.content)).toEqual(
      expect.arrayContaining(['text/csv; charset=utf-8; header=present']),
    );
    expect(Object.keys(op.responses as Body)).toEqual(
      expect.arrayContaining(['400', '401', '403']),
    );
  });

  it('serves Swagger UI at /docs from this server alone', async () => {
    const res = await app.request('/docs');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    // Every URL the page names is relative to it: no CDN, no other host.
    const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(urls.sort()).toEqual([
      'docs/favicon-32x32.png',
      'docs/init.js',
      'docs/swagger-ui-bundle.js',
      'docs/swagger-ui.css',
      'openapi.json',
    ]);
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const types: Record<string, RegExp> = {
      'docs/favicon-32x32.png': /^image\/png/,
      'docs/init.js': /^text\/javascript/,
      'docs/swagger-ui-bundle.js': /^text\/javascript/,
      'docs/swagger-ui.css': /^text\/css/,
      'openapi.json': /^application\/json/,
    };
    for (const url of urls) {
      const asset = await app.request(`/${url}`);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(types[url]!);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
    }
    // Swagger UI's settings: the document beside the page, and no call to its online validator.
    const init = await (await app.request('/docs/init.js')).text();
    expect(init).toContain("url: 'openapi.json'");
    expect(init).toContain('validatorUrl: null');
    expect(init).not.toMatch(/https?:/);
    expect((await app.request('/docs/swagger-initializer.js')).status).toBe(404);
    expect((await app.request('/docs/..%2Fpackage.json')).status).toBe(404);
  });
  it('exposes request counts, latency and store gauges in Prometheus text', async () => {
    await get('/v1/posts');
    await get('/v1/posts/0000000000000000');
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(
      /grogne_http_requests_total\{route="\/v1\/posts",method="GET",status="200"\} 1/,
    );
    expect(text).toMatch(
      /grogne_http_requests_total\{route="\/v1\/posts\/:id",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /grogne_http_request_duration_seconds_bucket\{route="\/v1\/posts",le="\+Inf"\} 1/,
    );
    expect(text).toMatch(/^grogne_posts 5$/m);
    expect(text).toMatch(/^grogne_analyses\{sentiment="neutral"\} 1$/m);
    expect(text).toMatch(/^grogne_sources\{state="active"\} 2$/m);
    expect(text).toMatch(/^grogne_crawl_errors 0$/m);
  });
});
