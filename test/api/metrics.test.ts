// What an operator reads from /healthz and /metrics.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import type { Db } from '../../src/store/open.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let db: Db;
let admin: string;
beforeEach(() => {
  db = fixtureDb();
  admin = makeKey(db, 'admin');
});

describe('/healthz', () => {
  it("names the package's version when none is given", async () => {
    const app = createApp({ db, now: () => NOW });
    const body = (await (await app.request('/healthz')).json()) as Record<string, unknown>;
    expect(body).toEqual({ status: 'ok', version: PKG.version });
  });
});

describe('request labels', () => {
  it('labels a refused key with the route it asked for, and a missing route "unmatched"', async () => {
    const app = createApp({ db, now: () => NOW });
    expect((await app.request('/v1/posts', { headers: bearer('grg_nope') })).status).toBe(401);
    expect((await app.request('/v1/posts/abc')).status).toBe(401);
    expect((await app.request('/v1/nothing-here', { headers: bearer(admin) })).status).toBe(404);
    const text = await (await app.request('/metrics', { headers: bearer(admin) })).text();
    expect(text).toMatch(
      /grogne_http_requests_total\{route="\/v1\/posts",method="GET",status="401"\} 1/,
    );
    expect(text).toMatch(
      /grogne_http_requests_total\{route="\/v1\/posts\/:id",method="GET",status="401"\} 1/,
    );
    expect(text).toMatch(
      /grogne_http_requests_total\{route="unmatched",method="GET",status="404"\} 1/,
    );
  });
});
