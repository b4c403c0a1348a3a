// Hostile or odd input at the HTTP edge: each is a 4xx problem+json naming the parameter or
// field at fault, never a 500. Served over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { isoDateProblem } from '../../src/api/query.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

let server: Served;
let admin: string;
beforeAll(async () => {
  const db = fixtureDb();
  admin = makeKey(db, 'admin');
  server = await serve(createApp({ db, now: () => NOW, anonymousRead: true }), { port: 0 });
});
afterAll(() => server.close());

interface ProblemBody {
  status: number;
  errors?: { field: string; message: string }[];
}

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, init);
  const body = (await res.json()) as ProblemBody;
  return { res, body, fields: (body.errors ?? []).map((e) => e.field) };
}

describe('dates in query strings', () => {
  it.each([
    // The earliest date a JavaScript Date holds: the default span before it is no date at all.
    ['/v1/brands/sfr/trend?until=-271821-04-20T00:00:00.000Z&interval=hour', 'until'],
    ['/v1/brands/sfr/trend?since=%2B275760-09-13T00:00:00.000Z', 'since'],
    // Date.parse rolls these over to the next month; they are not days of the calendar.
    ['/v1/brands/sfr/trend?since=2024-02-30', 'since'],
    ['/v1/posts?since=2023-02-29', 'since'],
    ['/v1/posts?until=2024-04-31T10:00:00Z', 'until'],
    ['/v1/brands/sfr/summary?until=2024-13-01', 'until'],
    ['/v1/posts?since=2024-05-01T24:00:00Z', 'since'],
    ['/v1/posts?since=May%201%2C%202024', 'since'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const { res, body, fields } = await call(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body.status).toBe(400);
    expect(fields).toEqual([field]);
  });

  it.each([
    ['/v1/brands/sfr/trend?since=2024-02-29&until=2024-03-01'],
    ['/v1/posts?since=2024-05-01T08:30:00%2B02:00'],
    ['/v1/posts?since=2024-05'],
  ])('%s is a date', async (path) => {
    expect((await call(path)).res.status).toBe(200);
  });

  it('says what is wrong with the day', () => {
    expect(isoDateProblem('2024-02-30')).toMatch(/has 29 days/);
    expect(isoDateProblem('2024-02-29')).toBeNull();
  });
});

describe('URLs of new sources', () => {
  it.each([
    ['http://[fe80::1%25eth0]/'], // a zone id: the URL parser refuses it
    ['http://[::1/'],
    ['http://exa mple.fr/'],
  ])('%s is a 400 naming url', async (url) => {
    const { res, fields } = await call('/v1/sources', {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'odd', kind: 'feed', url }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(fields).toContain('url');
  });
});
