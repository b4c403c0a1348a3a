// The dashboard's page and assets over HTTP, without a browser: content types, cache headers,
// the content security policy that keeps the page on its own server, and the built bundle
// (`npm run build`) served as the in-memory one is.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/api/csp.ts';
import { MANIFEST, readBuiltBundle } from '../../src/web/bundle.ts';
import { defaultLoad } from '../../src/web/routes.ts';
import { fixtureDb } from '../api/fixture.ts';

const app = createApp({ db: fixtureDb(), anonymousRead: true });
let html = '';
let script = '';
let style = '';

beforeAll(async () => {
  const res = await app.request('/');
  expect(res.status).toBe(200);
  html = await res.text();
  script = /src="assets\/([^"]+\.js)"/.exec(html)![1]!;
  style = /href="assets\/([^"]+\.css)"/.exec(html)![1]!;
}, 60_000);

describe('GET /', () => {
  it('is the page, always revalidated, that may load from its own server only', async () => {
    const res = await app.request('/');
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(html).toMatch(/<html lang="fr">/);
    // Nothing that names another host: no CDN, no web font.
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('answers HEAD too', async () => {
    expect((await app.request('/', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('GET /assets/:file', () => {
  it.each([
    ['script', () => script, /^text\/javascript; charset=utf-8$/],
    ['stylesheet', () => style, /^text\/css; charset=utf-8$/],
  ])(
    'serves the %s with its type, cached for good (its name holds its hash)',
    async (_w, name, type) => {
      expect(name()).toMatch(/^main-[A-Z0-9]{8}\.(js|css)$/);
      const res = await app.request(`/assets/${name()}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    },
  );

  it('the script calls no other host', async () => {
    const js = await (await app.request(`/assets/${script}`)).text();
    // URLs in the bundle are the API's relative paths; an absolute http(s) URL would be a
    // request out of the machine (links in comments and the SVG namespace aside).
    const absolute = [...js.matchAll(/https?:\/\/[^\s"'`)]+/g)]
      .map((m) => m[0])
      .filter((u) => !u.startsWith('http://www.w3.org/'));
    expect(absolute).toEqual([]);
  });

  it.each(['nope.js', 'main.ts', '..%2Fpackage.json', 'manifest.json'])(
    '%s is a 404 problem',
    async (name) => {
      const res = await app.request(`/assets/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );
});

describe('the built bundle', () => {
  it('is read back from the folder npm run build writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-web-'));
    const bundle = await defaultLoad();
    for (const a of bundle.assets) writeFileSync(join(dir, a.name), a.contents);
    writeFileSync(
      join(dir, MANIFEST),
      JSON.stringify({ script: bundle.script, style: bundle.style }),
    );
    const built = readBuiltBundle(dir)!;
    expect(built.script).toBe(bundle.script);
    expect(built.style).toBe(bundle.style);
    expect(built.assets.map((a) => a.name).sort()).toEqual(bundle.assets.map((a) => a.name).sort());
    const served = createApp({
      db: fixtureDb(),
      anonymousRead: true,
      dashboard: { load: async () => built },
    });
    expect((await served.request(`/assets/${built.script}`)).status).toBe(200);
    expect(await (await served.request('/')).text()).toContain(built.style);
  }, 60_000);

  it('is absent from a folder without a manifest', () => {
    expect(readBuiltBundle(mkdtempSync(join(tmpdir(), 'grogne-web-')))).toBeNull();
  });
});
