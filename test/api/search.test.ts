// The search language through the real HTTP app on loopback, on a real SQLite store: every
// operator, stemming and accent folding, fields, syntax errors with their position, brand
// scoping of keys, and saved searches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve } from '../../src/api/server.ts';
import type { Db } from '../../src/store/open.ts';
import { openStore } from '../../src/store/open.ts';
import { savePosts, syncBrands, syncSources } from '../../src/store/write.ts';
import { item, mention, NOW, source } from '../store/make.ts';
import { brand, makeKey } from './fixture.ts';

let db: Db;
let server: Served;
let admin: string;
let sfrOnly: string;
let orangeOnly: string;

beforeAll(async () => {
  db = openStore(':memory:');
  syncSources(db, [source('blog'), source('forum', { kind: 'forum' })], () => NOW);
  syncBrands(db, [brand('sfr', 'SFR'), brand('orange', 'Orange'), brand('free', 'Free')]);
  const sfr = { brands: [mention('sfr')] };
  const orange = { brands: [mention('orange')] };
  const free = { brands: [mention('free')] };
  savePosts(
    db,
    'blog',
    [
      item('plural', { title: 'Encore', text: 'Trois factures SFR en un mois.' }, sfr),
      item('participle', { title: 'Abus', text: 'On m’a facturé deux fois chez Orange.' }, orange),
      item('feminine', { title: 'Free', text: 'Une ligne facturée après résiliation.' }, free),
      item(
        'phrase',
        { title: 'Attente', text: 'Le service client ne répond jamais.', author: 'Jean Pierre' },
        sfr,
      ),
      item(
        'scrambled',
        { title: 'Client', text: 'Un client du service technique, furieux.', author: 'Marie' },
        orange,
      ),
      item(
        'both',
        { title: 'Double', text: 'Facture Orange et facture SFR, même combat.' },
        { brands: [mention('orange'), mention('sfr')] },
      ),
    ],
    () => NOW,
  );
  savePosts(
    db,
    'forum',
    [
      item(
        'accents',
        { sourceId: 'forum', title: 'Fini', text: 'J’ai résilié mon abonnement SFR.' },
        sfr,
      ),
    ],
    () => NOW,
  );
  admin = makeKey(db, 'admin');
  sfrOnly = makeKey(db, 'reader', ['sfr']);
  orangeOnly = makeKey(db, 'reader', ['orange']);
  server = await serve(createApp({ db, now: () => NOW, anonymousRead: true }), { port: 0 });
});
afterAll(async () => {
  await server.close();
  db.close();
});

type Body = Record<string, unknown>;
async function call(path: string, init: { method?: string; key?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(path, server.url), {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { res, body: (text ? JSON.parse(text) : null) as Body };
}

/** The fixture keys (the dedup keys) of the posts that `q` finds, sorted. */
async function found(q: string, key?: string, extra = ''): Promise<string[]> {
  const { res, body } = await call(`/v1/posts?limit=200&q=${encodeURIComponent(q)}${extra}`, {
    key,
  });
  expect(res.status, JSON.stringify(body)).toBe(200);
  return (body.items as { url: string }[]).map((p) => p.url.split('/').pop()!).sort();
}

describe('GET /v1/posts?q=: the search language', () => {
  it.each([
    // stemming: every form of the word, whichever was typed
    ['facture', ['both', 'feminine', 'participle', 'plural']],
    ['factures', ['both', 'feminine', 'participle', 'plural']],
    ['FACTURÉE', ['both', 'feminine', 'participle', 'plural']],
    // accents folded: typed without them, found with them
    ['resilie', ['accents', 'feminine']],
    ['résiliation', ['accents', 'feminine']],
    // implicit AND, and OR (word or pipe)
    ['facture sfr', ['both', 'plural']],
    ['facture AND sfr', ['both', 'plural']],
    ['resilie OR attente', ['accents', 'feminine', 'phrase']],
    ['resilie | attente', ['accents', 'feminine', 'phrase']],
    // NOT and the leading minus: "-free" excludes, it is not a word to require
    ['facture -free', ['both', 'participle', 'plural']],
    ['facture NOT orange', ['feminine', 'plural']],
    // parentheses
    // (-orange is the word; -brand:orange would be the brand)
    ['(facture OR client) -orange', ['feminine', 'phrase', 'plural', 'scrambled']],
    ['-(facture OR client OR resilie)', []],
    // a phrase is its words in order: "client du service" does not match it
    ['"service client"', ['phrase']],
    ['service client', ['phrase', 'scrambled']],
    ['-"service client" client', ['scrambled']],
    // prefixes
    ['factur*', ['both', 'feminine', 'participle', 'plural']],
    // fields
    ['brand:orange', ['both', 'participle', 'scrambled']],
    ['facture brand:sfr -brand:orange', ['plural']],
    ['source:forum', ['accents']],
    ['author:"Jean Pierre"', ['phrase']],
    ['author:marie OR author:pierre', ['phrase', 'scrambled']],
    ['title:client', ['scrambled']],
    ['lang:fra facture brand:free', ['feminine']],
    ['lang:eng', []],
    // lower-case or is a word, not an operator
    ['facture or', []],
  ])('%s', async (q, expected) => {
    expect(await found(q)).toEqual(expected);
  });

  it('combines with the other parameters', async () => {
    expect(await found('facture', undefined, '&brand=sfr')).toEqual(['both', 'plural']);
    expect(await found('facture OR resilie', undefined, '&source=forum')).toEqual(['accents']);
  });
});

describe('the export takes the same language', () => {
  it('q and a syntax error', async () => {
    const res = await fetch(
      new URL(
        `/v1/exports?format=jsonl&fields=url&q=${encodeURIComponent('resilie -free')}`,
        server.url,
      ),
      { headers: { authorization: `Bearer ${admin}` } },
    );
    expect(res.status).toBe(200);
    const urls = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).url as string);
    expect(urls.map((u) => u.split('/').pop())).toEqual(['accents']);
    const bad = await call(`/v1/exports?format=jsonl&q=${encodeURIComponent('a OR')}`, {
      key: admin,
    });
    expect(bad.res.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'q', message: expect.any(String), position: 4 }]);
  });
});

describe('GET /v1/posts?q=: a syntax error is a 400 that points at the position', () => {
  it.each([
    ['(facture OR panne', 17, 'expected ")" to close the "(" at position 0'],
    ['facture OR', 10, 'after OR, found end of query'],
    ['facture )', 8, 'unexpected ")"'],
    ['"service client', 0, 'expected a closing "'],
    ['marque:sfr', 0, 'unknown field "marque:"'],
  ])('%s → position %i', async (q, position, message) => {
    const { res, body } = await call(`/v1/posts?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body.detail).toMatch(/^invalid query parameter: q: /);
    expect(body.detail).toContain(message);
    expect(body.detail).toContain(`at position ${position}`);
    expect(body.errors).toEqual([{ field: 'q', message: expect.any(String), position }]);
  });
});

describe('brand scoping of keys', () => {
  it('a brand: filter never widens what a scoped key sees', async () => {
    expect(await found('brand:orange', sfrOnly)).toEqual(['both']);
    expect(await found('brand:orange OR brand:free', sfrOnly)).toEqual(['both']);
    expect(await found('facture OR brand:free', sfrOnly)).toEqual(['both', 'plural']);
    expect(await found('-brand:sfr', sfrOnly)).toEqual([]);
    expect(await found('facture', orangeOnly)).toEqual(['both', 'participle']);
  });
});

describe('saved searches', () => {
  it('are saved, listed, run and deleted; a search saved by a scoped key stays in its scope', async () => {
    const made = await call('/v1/searches', {
      method: 'POST',
      key: sfrOnly,
      body: { name: 'factures', query: 'facture -free' },
    });
    expect(made.res.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'factures', query: 'facture -free', brands: ['sfr'] });

    const again = await call('/v1/searches', {
      method: 'POST',
      key: admin,
      body: { name: 'factures', query: 'x' },
    });
    expect(again.res.status).toBe(409);

    await call('/v1/searches', {
      method: 'POST',
      key: admin,
      body: { name: 'partout', query: 'resilie OR attente' },
    });

    // The admin sees both; the sfr key its own; the orange key neither (scope, not ownership).
    const names = async (key: string) =>
      ((await call('/v1/searches', { key })).body.items as { name: string }[]).map((s) => s.name);
    expect(await names(admin)).toEqual(['factures', 'partout']);
    expect(await names(sfrOnly)).toEqual(['factures']);
    expect(await names(orangeOnly)).toEqual([]);

    // Run by name: the saved query, ANDed with q, within the search's brands even for an admin.
    const run = async (params: string, key?: string) => {
      const { res, body } = await call(`/v1/posts?limit=200&${params}`, { key });
      return {
        status: res.status,
        keys: ((body.items ?? []) as { url: string }[]).map((p) => p.url.split('/').pop()).sort(),
      };
    };
    expect(await run('search=factures', admin)).toEqual({ status: 200, keys: ['both', 'plural'] });
    expect(await run('search=factures&q=trois', admin)).toEqual({ status: 200, keys: ['plural'] });
    expect((await run('search=factures', orangeOnly)).status).toBe(404);
    expect((await run('search=nope', admin)).status).toBe(404);
    expect(await run('search=partout', sfrOnly)).toEqual({ status: 404, keys: [] });

    // A scoped key may delete what it sees, not what it does not.
    expect(
      (await call('/v1/searches/partout', { method: 'DELETE', key: sfrOnly })).res.status,
    ).toBe(404);
    expect(
      (await call('/v1/searches/factures', { method: 'DELETE', key: sfrOnly })).res.status,
    ).toBe(204);
    expect(await names(admin)).toEqual(['partout']);
  });

  it('a query that does not parse is refused with its position', async () => {
    const { res, body } = await call('/v1/searches', {
      method: 'POST',
      key: admin,
      body: { name: 'broken', query: 'facture (OR' },
    });
    expect(res.status).toBe(400);
    expect(body.errors).toEqual([
      { field: 'query', message: expect.stringContaining('found "OR"'), position: 9 },
    ]);
  });

  it('saving needs a key; reading does not on a loopback server', async () => {
    expect(
      (await call('/v1/searches', { method: 'POST', body: { name: 'a', query: 'b' } })).res.status,
    ).toBe(401);
    expect((await call('/v1/searches')).res.status).toBe(200);
  });
});
