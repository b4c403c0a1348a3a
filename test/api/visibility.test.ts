// What each role sees and may do beyond the brand filter of posts: server paths and URL
// credentials of sources are for admin keys only, and feedback may only name as its target a
// watched brand the key may see. Real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve } from '../../src/api/server.ts';
import type { Db } from '../../src/store/open.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

const FILE = '/srv/grogne/feeds/blog.xml';
const SECRET = 's3cret-token';

let db: Db;
let server: Served;
let keys: Record<'admin' | 'reader' | 'sfrReader', string>;
beforeAll(async () => {
  db = fixtureDb();
  // A file source whose error repeats its path, a URL source with credentials in its URL.
  db.prepare('UPDATE sources SET file = ?, last_error = ? WHERE id = ?').run(
    FILE,
    `ENOENT: no such file ${FILE}`,
    'blog',
  );
  db.prepare('UPDATE sources SET file = NULL, url = ?, last_error = ? WHERE id = ?').run(
    `https://bot:${SECRET}@forum.example.fr/feed?page=1`,
    `HTTP 503 from https://bot:${SECRET}@forum.example.fr/feed?page=1`,
    'forum',
  );
  keys = {
    admin: makeKey(db, 'admin'),
    reader: makeKey(db, 'reader'),
    sfrReader: makeKey(db, 'reader', ['sfr']),
  };
  server = await serve(createApp({ db, now: () => NOW }), { port: 0 });
});
afterAll(() => server.close());

interface SourceOut {
  id: string;
  url: string | null;
  file: string | null;
  lastError: string | null;
}

async function sources(key: string): Promise<SourceOut[]> {
  const res = await fetch(`${server.url}/v1/sources`, { headers: bearer(key) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: SourceOut[] }).items;
}

describe('GET /v1/sources', () => {
  it.each(['reader', 'sfrReader'] as const)(
    'hides file paths and URL credentials from a %s key',
    async (who) => {
      const res = await fetch(`${server.url}/v1/sources`, { headers: bearer(keys[who]) });
      const raw = await res.text();
      expect(raw).not.toContain(FILE);
      expect(raw).not.toContain(SECRET);
      const byId = Object.fromEntries(
        ((JSON.parse(raw) as { items: SourceOut[] }).items ?? []).map((s) => [s.id, s]),
      );
      expect(byId.blog!.file).toBe('(redacted)');
      expect(byId.blog!.lastError).toBe('ENOENT: no such file (redacted)');
      expect(byId.forum!.url).toBe('https://forum.example.fr/feed?page=1');
      expect(byId.forum!.lastError).toBe('HTTP 503 from https://forum.example.fr/feed?page=1');
    },
  );

  it('shows them to an admin key', async () => {
    const byId = Object.fromEntries((await sources(keys.admin)).map((s) => [s.id, s]));
    expect(byId.blog!.file).toBe(FILE);
    expect(byId.forum!.url).toBe(`https://bot:${SECRET}@forum.example.fr/feed?page=1`);
  });
});

describe('feedback target', () => {
  const post = postId('blog', 'sfr-bill');
  const send = (key: string, target: string | null) =>
    fetch(`${server.url}/v1/posts/${post}/feedback`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify({ target }),
    });
  const fields = async (res: Response) =>
    ((await res.json()) as { errors?: { field: string }[] }).errors?.map((e) => e.field);

  // [who, target, status]: out of scope is a 403 whether the brand exists (orange) or not
  // (free), so a scoped key learns nothing about the watched brands.
  it.each([
    ['sfrReader', 'orange', 403],
    ['sfrReader', 'free', 403],
    ['sfrReader', 'sfr', 201],
    ['sfrReader', null, 201],
    ['reader', 'free', 400],
    ['reader', 'orange', 201],
    ['admin', 'nobody', 400],
  ] as const)('%s setting target %s → %i', async (who, target, status) => {
    const res = await send(keys[who], target);
    expect(res.status).toBe(status);
    if (status >= 400) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await fields(res)).toEqual(['target']);
    }
  });

  it('stores no refused feedback', async () => {
    const res = await fetch(`${server.url}/v1/posts/${post}`, { headers: bearer(keys.admin) });
    const targets = ((await res.json()) as { feedback: { target?: string }[] }).feedback.map(
      (f) => f.target ?? null,
    );
    expect(targets).not.toContain('free');
    expect(targets).not.toContain('nobody');
    expect(targets.filter((t) => t === 'orange')).toHaveLength(1);
  });
});

// What docs/api.md states and no other test pins: a scoped reader gets authors in clear on
// the posts it may see (only exports pseudonymise), and /metrics counts the whole store.
describe('what a brand-scoped reader sees as it is', () => {
  it('authors in clear on its posts', async () => {
    const res = await fetch(`${server.url}/v1/posts/${postId('blog', 'sfr-bill')}`, {
      headers: bearer(keys.sfrReader),
    });
    expect(((await res.json()) as { author: string }).author).toBe('Jean');
  });
  it('store-wide metrics, not limited to its brands', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: bearer(keys.sfrReader) });
    expect(await res.text()).toMatch(/^grogne_posts 5$/m);
  });
});
