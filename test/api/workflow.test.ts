// The team's workflow through the real HTTP server on a real SQLite store: who may write it,
// what a brand-scoped key may touch, and that lists, details and filters show it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { generateKey } from '../../src/api/auth.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { insertKey, type Role } from '../../src/store/keys.ts';
import type { Db } from '../../src/store/open.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

let db: Db;
let server: Served;
let n = 100;
/** A named key, so that "by whom" has a name to show. */
function namedKey(role: Role, name: string, brands: string[] | null = null): string {
  n++;
  const made = generateKey((k) => Buffer.alloc(k, n));
  insertKey(db, {
    id: `key_${name}`,
    name,
    prefix: made.prefix,
    hash: made.hash,
    role,
    brands,
    createdAt: NOW.toISOString(),
  });
  return made.key;
}

let editor: string;
let sfrEditor: string;
let reader: string;
let admin: string;
beforeEach(async () => {
  db = fixtureDb();
  editor = namedKey('editor', 'alice');
  sfrEditor = namedKey('editor', 'bob', ['sfr']);
  reader = makeKey(db, 'reader');
  admin = makeKey(db, 'admin');
  server = await serve(createApp({ db, now: () => NOW, anonymousRead: true }), { port: 0 });
});
afterEach(async () => {
  await server.close();
  db.close();
});

const SFR = () => postId('blog', 'sfr-bill');
const ORANGE = () => postId('blog', 'orange-net');

async function call(method: string, path: string, key: string | null, body?: unknown) {
  const headers: Record<string, string> = key ? bearer(key) : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, read field by field in the asserts
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

describe('who may write the workflow', () => {
  // [who, key, post, status]: readers and anonymous callers may read but not write; a key
  // limited to SFR finds an Orange post missing, exactly as when it reads it.
  const cases: [string, () => string | null, () => string, number][] = [
    ['no key (anonymous reads are on)', () => null, SFR, 401],
    ['a reader key', () => reader, SFR, 403],
    ['an editor key', () => editor, SFR, 200],
    ['an admin key', () => admin, SFR, 200],
    ['an SFR editor on an SFR post', () => sfrEditor, SFR, 200],
    ['an SFR editor on an Orange post', () => sfrEditor, ORANGE, 404],
  ];
  it.each(cases)('PATCH by %s', async (_who, key, post, status) => {
    const r = await call('PATCH', `/v1/posts/${post()}`, key(), { handled: true });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.body.detail).toMatch(/reader key.*editor or admin/);
  });
  it.each(cases)('POST a note by %s', async (_who, key, post, status) => {
    const r = await call('POST', `/v1/posts/${post()}/notes`, key(), { text: 'rappelé' });
    expect(r.status).toBe(status === 200 ? 201 : status);
  });
  it('a refused write leaves no trace', async () => {
    await call('PATCH', `/v1/posts/${ORANGE()}`, sfrEditor, { handled: true });
    await call('POST', `/v1/posts/${SFR()}/notes`, reader, { text: 'x' });
    const orange = await call('GET', `/v1/posts/${ORANGE()}`, null);
    expect(orange.body.workflow.handled).toBe(false);
    const sfr = await call('GET', `/v1/posts/${SFR()}`, null);
    expect(sfr.body.workflow.notes).toEqual([]);
  });
});

describe('bad bodies name the field', () => {
  it.each([
    [{}, '(body)'],
    [{ handled: 'yes' }, 'handled'],
    [{ assignee: '' }, 'assignee'],
    [{ handled: true, colour: 'red' }, 'colour'],
  ])('PATCH %j → 400 naming %s', async (body, field) => {
    const r = await call('PATCH', `/v1/posts/${SFR()}`, editor, body);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain(field);
  });
  it('a note needs text', async () => {
    const r = await call('POST', `/v1/posts/${SFR()}/notes`, editor, { text: '  ' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('text');
  });
  it('an unknown post is a 404', async () => {
    const r = await call('PATCH', '/v1/posts/0123456789abcdef', editor, { handled: true });
    expect(r.status).toBe(404);
  });
});

describe('the state is shared and shown', () => {
  it('handled keeps who handled it first; reopening clears it', async () => {
    const first = await call('PATCH', `/v1/posts/${SFR()}`, editor, { handled: true });
    expect(first.body).toMatchObject({
      handled: true,
      handledAt: NOW.toISOString(),
      handledBy: { keyId: 'key_alice', name: 'alice' },
    });
    const again = await call('PATCH', `/v1/posts/${SFR()}`, sfrEditor, { handled: true });
    expect(again.body.handledBy.name).toBe('alice');
    const reopened = await call('PATCH', `/v1/posts/${SFR()}`, sfrEditor, { handled: false });
    expect(reopened.body).toMatchObject({ handled: false, handledAt: null, handledBy: null });
  });

  it('assigning does not touch handled, and null unassigns', async () => {
    await call('PATCH', `/v1/posts/${SFR()}`, editor, { handled: true });
    const a = await call('PATCH', `/v1/posts/${SFR()}`, editor, { assignee: 'chloé' });
    expect(a.body).toMatchObject({ handled: true, assignee: 'chloé' });
    const h = await call('PATCH', `/v1/posts/${SFR()}`, editor, { handled: false });
    expect(h.body.assignee).toBe('chloé');
    const u = await call('PATCH', `/v1/posts/${SFR()}`, editor, { assignee: null });
    expect(u.body.assignee).toBeNull();
  });

  it('the detail lists the notes, oldest first, with author and time', async () => {
    await call('POST', `/v1/posts/${SFR()}/notes`, editor, { text: 'client rappelé' });
    await call('POST', `/v1/posts/${SFR()}/notes`, sfrEditor, { text: 'geste commercial' });
    const d = await call('GET', `/v1/posts/${SFR()}`, reader);
    expect(d.body.workflow.notes.map((x: { text: string }) => x.text)).toEqual([
      'client rappelé',
      'geste commercial',
    ]);
    expect(d.body.workflow.notes[1].author).toEqual({ keyId: 'key_bob', name: 'bob' });
    expect(d.body.workflow.notes[0].createdAt).toBe(NOW.toISOString());
  });

  it('the list shows each post state and note count, and filters on handled and assignee', async () => {
    await call('PATCH', `/v1/posts/${SFR()}`, editor, { handled: true, assignee: 'chloé' });
    await call('POST', `/v1/posts/${SFR()}/notes`, editor, { text: 'vu' });
    const all = await call('GET', '/v1/posts?limit=50', null);
    const sfr = all.body.items.find((p: { id: string }) => p.id === SFR());
    expect(sfr.workflow).toMatchObject({ handled: true, assignee: 'chloé', noteCount: 1 });
    const other = all.body.items.find((p: { id: string }) => p.id === ORANGE());
    expect(other.workflow).toMatchObject({ handled: false, assignee: null, noteCount: 0 });

    const open = await call('GET', '/v1/posts?handled=false&limit=50', null);
    const ids = open.body.items.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(SFR());
    expect(ids.length).toBe(all.body.items.length - 1);
    const done = await call('GET', '/v1/posts?handled=true', null);
    expect(done.body.items.map((p: { id: string }) => p.id)).toEqual([SFR()]);
    const mine = await call('GET', `/v1/posts?assignee=${encodeURIComponent('chloé')}`, null);
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([SFR()]);
    const bad = await call('GET', '/v1/posts?handled=maybe', null);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('handled');
  });

  it('the handled filter combines with a brand list and keeps paging', async () => {
    await call('PATCH', `/v1/posts/${SFR()}`, editor, { handled: true });
    const page1 = await call('GET', '/v1/posts?brand=sfr&handled=false&limit=1', null);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await call(
      'GET',
      `/v1/posts?brand=sfr&handled=false&limit=50&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
      null,
    );
    const ids = [...page1.body.items, ...page2.body.items].map((p: { id: string }) => p.id);
    expect(ids).not.toContain(SFR());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(1);
  });
});
