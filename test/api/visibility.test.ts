// What each role sees and may do beyond the brand filter of posts: server paths and URL
// credentials of sources are for admin keys only, a brand-scoped key lists only the sources
// about its brands (or about none) and no post ids outside them (thread, exports), and
// feedback may only name as its target a watched brand the key may see. Real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { putSource } from '../../src/store/admin.ts';
import type { Db } from '../../src/store/open.ts';
import { postId, savePosts } from '../../src/store/write.ts';
import { item, mention, NOW, source } from '../store/make.ts';
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
  // Review sources about one brand each, one post in each, mentioning its brand.
  for (const b of ['sfr', 'orange']) {
    putSource(db, source(`${b}-avis`, { brand: b }), NOW.toISOString());
    savePosts(
      db,
      `${b}-avis`,
      [item(`${b}-avis-1`, { sourceId: `${b}-avis` }, { brands: [mention(b)] })],
      () => NOW,
    );
  }
  // Threads across brands: an Orange-only reply under the SFR post, an SFR reply under an
  // Orange-only opening post.
  savePosts(
    db,
    'blog',
    [
      item('orange-reply', { parentKey: 'sfr-bill' }, { brands: [mention('orange')] }),
      item('orange-op', {}, { brands: [mention('orange')] }),
      item('sfr-under-orange', { parentKey: 'orange-op' }),
    ],
    () => NOW,
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
  posts: number;
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

  // A brand-scoped key sees the sources about its brands or about no brand, and counts only
  // the posts it may open; unscoped keys see every source and every post.
  it.each([
    ['sfrReader', { blog: 4, forum: 1, 'sfr-avis': 1 }],
    ['reader', { blog: 7, forum: 1, 'orange-avis': 1, 'sfr-avis': 1 }],
    ['admin', { blog: 7, forum: 1, 'orange-avis': 1, 'sfr-avis': 1 }],
  ] as const)('lists to a %s key the sources and post counts %o', async (who, expected) => {
    const counts = Object.fromEntries((await sources(keys[who])).map((s) => [s.id, s.posts]));
    expect(counts).toEqual(expected);
  });

  it('shows them to an admin key', async () => {
    const byId = Object.fromEntries((await sources(keys.admin)).map((s) => [s.id, s]));
    expect(byId.blog!.file).toBe(FILE);
    expect(byId.forum!.url).toBe(`https://bot:${SECRET}@forum.example.fr/feed?page=1`);
  });
});

// Every post id a detail names is one the key may open: a thread's parent or replies that
// mention none of its brands are left out, as the 404 the key would get for them.
describe('thread ids in a post', () => {
  const get = async (key: string, k: string) => {
    const res = await fetch(`${server.url}/v1/posts/${postId('blog', k)}`, {
      headers: bearer(key),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { parentId: string | null; childIds: string[] };
  };
  it('hides replies outside the scope', async () => {
    expect((await get(keys.sfrReader, 'sfr-bill')).childIds).toEqual([postId('blog', 'reply')]);
    expect((await get(keys.reader, 'sfr-bill')).childIds).toEqual([
      postId('blog', 'reply'),
      postId('blog', 'orange-reply'),
    ]);
  });
  it('hides a parent outside the scope', async () => {
    expect((await get(keys.sfrReader, 'sfr-under-orange')).parentId).toBeNull();
    expect((await get(keys.admin, 'sfr-under-orange')).parentId).toBe(postId('blog', 'orange-op'));
  });
  it('hides it in exports too', async () => {
    const parents = async (key: string) => {
      const res = await fetch(`${server.url}/v1/exports?format=jsonl&fields=postId,parentId`, {
        headers: bearer(key),
      });
      const rows = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { postId: string; parentId: string | null });
      return Object.fromEntries(rows.map((r) => [r.postId, r.parentId]));
    };
    const child = postId('blog', 'sfr-under-orange');
    expect((await parents(keys.sfrReader))[child]).toBeNull();
    expect((await parents(keys.reader))[child]).toBe(postId('blog', 'orange-op'));
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
    expect(await res.text()).toMatch(/^grogne_posts 10$/m);
  });
});
