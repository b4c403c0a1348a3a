// Property-based fuzzing of every route the server publishes in /openapi.json (which lists
// every route the app serves, test/api/routes.test.ts): hostile path parameters, query
// parameters and JSON bodies, sent over real HTTP on loopback. Whatever arrives, the answer is
// never a 5xx, and a 4xx is a problem+json that says what is wrong. Seeded and bounded, so a
// failure replays and the file stays fast in CI.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

// FUZZ_SEED and FUZZ_RUNS explore further by hand: FUZZ_SEED=7 FUZZ_RUNS=1000 npx vitest run …
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20240510);

interface Param {
  name: string;
  in: 'path' | 'query';
  schema?: { enum?: string[]; type?: string };
}
interface OperationDoc {
  parameters?: Param[];
  requestBody?: {
    content: { 'application/json': { schema: { properties?: Record<string, unknown> } } };
  };
}
interface Route {
  method: string;
  /** OpenAPI template: "/v1/posts/{id}". */
  path: string;
  params: Param[];
  bodyFields: string[] | null;
}

type KeyName = 'admin' | 'reader' | 'sfrReader';

/** A server on loopback over a fresh fixture store: a DELETE fuzzed earlier leaves no trace. */
async function start(): Promise<{ server: Served; keys: Record<KeyName, string> }> {
  const db = fixtureDb();
  const keys = {
    admin: makeKey(db, 'admin'),
    reader: makeKey(db, 'reader'),
    sfrReader: makeKey(db, 'reader', ['sfr']),
  };
  const logError = (err: unknown) => {
    // A 5xx fails the property below; this shows the stack that caused it.
    console.error('fuzz: unexpected server error', err);
  };
  const app = createApp({ db, now: () => NOW, rateLimitPerMinute: 1e9, logError });
  return { server: await serve(app, { port: 0 }), keys };
}

let routes: Route[] = [];

beforeAll(async () => {
  const { server } = await start();
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, OperationDoc>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      bodyFields: op.requestBody
        ? Object.keys(op.requestBody.content['application/json'].schema.properties ?? {})
        : null,
    })),
  );
  await server.close();
});

const sfrPost = postId('blog', 'sfr-bill');

// Values that have broken parsers somewhere: numbers past what a double or SQLite holds, the
// ends of JavaScript's Date range, dates Date.parse rolls over, escapes, control characters,
// lone surrogates, prototype keys, URLs with credentials or odd schemes.
const nasty = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  '9'.repeat(400),
  'NaN',
  'Infinity',
  '-Infinity',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '2024-05-01T24:00:00Z',
  '%',
  '%00',
  '%zz',
  '%E9',
  '%C3%A9',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFEFF',
  'é',
  '😀'.repeat(50),
  '../../../etc/passwd',
  'http://user:token@example.fr/feed',
  'http://[fe80::1%25eth0]/',
  'http://[::1/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'x'.repeat(70),
  'x'.repeat(5000),
  'sfr',
  'orange',
  'free',
  'blog',
  'csv',
  'jsonl',
  'parquet',
  'day',
  'hour',
  sfrPost,
);

// Ids the fixture holds: a route must be reached past its 404 too.
const existingId = fc.constantFrom('sfr', 'orange', 'blog', 'forum', sfrPost);

// Values some parameter accepts, so that a request gets past its first check to the next one.
const plausible = fc.constantFrom(
  '2024-05-01',
  '2024-05-10T00:00:00Z',
  '2024-04',
  '1',
  '10',
  '50',
  'true',
  'false',
  'day',
  'hour',
  'csv',
  'jsonl',
  'parquet',
  'priority',
  'published',
  'negative',
  'fra',
  'facture',
  'billing',
);

const text = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 5, arbitrary: plausible },
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
);

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, 59, 60, 100_000_000_000),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Escapes for a URL, or the string as is (so "%zz" or "%00" reach the server raw). */
function urlPart(s: string, raw: boolean): string {
  if (raw) return s.replace(/[/?#&=\s]/g, '');
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?')); // a lone surrogate
  }
}

/** A body for a route with these fields: mostly an object of them, sometimes anything at all. */
function bodyFor(fields: string[]): fc.Arbitrary<string> {
  const named = fields.length
    ? fc.dictionary(fc.constantFrom(...fields), jsonValue, { maxKeys: fields.length })
    : fc.constant({});
  // A plausible base with one or two fields spoiled reaches the checks behind the first ones.
  const base = {
    id: 'fuzzed',
    kind: 'feed',
    url: 'https://example.fr/feed',
    name: 'Fuzzed',
    note: 'x',
  };
  const plausible = named.map((spoiled) =>
    Object.fromEntries(
      Object.entries({ ...base, ...spoiled }).filter(([k]) => fields.includes(k) || k in spoiled),
    ),
  );
  return fc.oneof(
    { weight: 3, arbitrary: named.map((o) => JSON.stringify(o)) },
    { weight: 3, arbitrary: plausible.map((o) => JSON.stringify(o)) },
    jsonValue.map((v) => JSON.stringify(v) ?? 'null'),
    fc.constantFrom('', '{', '{"a":1}{', '[', 'NaN', '1e999', '{"__proto__":{"x":1}}'),
  );
}

/** A parameter with, mostly, a value its schema accepts (an enum's, a date), else anything. */
function queryEntry(p: Param): fc.Arbitrary<[string, string]> {
  const fitting = p.schema?.enum?.length
    ? fc.constantFrom(...p.schema.enum)
    : /since|until/.test(p.name)
      ? fc.constantFrom('2024-05-01', '2024-04-20T08:30:00+02:00', '2024-05')
      : plausible;
  return fc.tuple(fc.constant(p.name), fc.oneof({ weight: 3, arbitrary: fitting }, text));
}

function requestFor(r: Route) {
  const pathParams = r.params.filter((p) => p.in === 'path');
  const queryParams = r.params.filter((p) => p.in === 'query');
  return fc.record({
    // Mostly a key that passes, so that the checks behind authorisation are reached.
    key: fc.oneof(
      { weight: 5, arbitrary: fc.constant('admin' as const) },
      fc.constantFrom<KeyName | 'none'>('reader', 'sfrReader', 'none'),
    ),
    raw: fc.boolean(),
    path: fc.tuple(...pathParams.map(() => fc.oneof(existingId, text))),
    // Mostly the route's own parameters, seldom an unknown one (refused first, so it hides
    // the checks behind it); a name may come twice.
    query: fc.array(
      queryParams.length
        ? fc.oneof(
            { weight: 9, arbitrary: fc.constantFrom(...queryParams).chain(queryEntry) },
            fc.tuple(nasty, text),
          )
        : fc.tuple(nasty, text),
      { maxLength: 3 },
    ),
    body: r.bodyFields ? bodyFor(r.bodyFields) : fc.constant(null),
  });
}

describe('every route, fuzzed', () => {
  it('publishes the routes it serves', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it('never answers 5xx; every 4xx is a problem+json that says why', async () => {
    for (const r of routes) {
      const { server, keys } = await start();
      await fc
        .assert(
          fc.asyncProperty(requestFor(r), async (req) => {
            let i = 0;
            const path = r.path.replace(/\{[^}]+\}/g, () => urlPart(req.path[i++] ?? '', req.raw));
            const qs = req.query
              .map(([k, v]) => `${urlPart(k, req.raw)}=${urlPart(v, req.raw)}`)
              .join('&');
            const headers: Record<string, string> =
              req.key === 'none' ? {} : { ...bearer(keys[req.key]) };
            if (req.body !== null) headers['content-type'] = 'application/json';
            const res = await fetch(`${server.url}${path}${qs ? `?${qs}` : ''}`, {
              method: r.method,
              headers,
              ...(req.body !== null ? { body: req.body } : {}),
            });
            const body = await res.text();
            const what = `${r.method} ${path}${qs ? `?${qs}` : ''} → ${res.status} ${body.slice(0, 300)}`;
            expect(res.status, what).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
              const problem = JSON.parse(body) as { status: number; detail: unknown };
              expect(problem.status, what).toBe(res.status);
              expect(typeof problem.detail === 'string' && problem.detail.length > 0, what).toBe(
                true,
              );
            }
          }),
          { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
        )
        .finally(() => server.close());
    }
  }, 60_000);
});
