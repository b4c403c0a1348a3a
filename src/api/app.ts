// The HTTP API: a ranked, filterable list of complaints, everything known about each post,
// brand summaries and trends, admin routes, metrics and the OpenAPI document. It reads and
// writes through the store's functions only and never crawls. Middleware order: metrics
// (sees every answer) → CORS → key and rate limit → body limit → the route.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { CONTENT_TYPES } from '../export/stream.ts';
import { findKeyByHash } from '../store/keys.ts';
import { pendingMigrations } from '../store/migrations.ts';
import type { Db } from '../store/open.ts';
import { countPosts } from '../store/read.ts';
import { storeGauges } from '../store/stats.ts';
import { bearerToken, hashKey, type Principal, unauthorized } from './auth.ts';
import { DOCS_HTML } from './docs-page.ts';
import { exportQuerySchema, exportResponse } from './exports.ts';
import { gauge, Registry } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { Problem, problemResponse, toProblem } from './problem.ts';
import { RateLimiter, rateLimitHeaders } from './rate-limit.ts';
import { type ApiEnv, type Router, route } from './route.ts';
import { adminRoutes } from './routes-admin.ts';
import { brandRoutes } from './routes-brands.ts';
import { postRoutes } from './routes-posts.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  db: Db;
  now?: () => Date;
  version?: string;
  /** Where unexpected errors go; they are never sent to the client. */
  logError?: (err: unknown) => void;
  /** Key of the author pseudonyms in exports (config export.authorSecret). */
  exportAuthorSecret?: string;
  /**
   * True: /v1 reads need no key (a server bound to loopback, see access.ts). False (default):
   * every /v1 request needs `Authorization: Bearer <key>`.
   */
  anonymousRead?: boolean;
  /** Requests per minute per key (per client address when anonymous). */
  rateLimitPerMinute?: number;
  /** Origins allowed by CORS; absent = no CORS. */
  cors?: string[];
  /** The client's address, for anonymous rate limiting; default: the socket's peer. */
  clientAddress?: (c: Context) => string;
  metrics?: Registry;
}

function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const logError = deps.logError ?? ((err: unknown) => console.error(err));
  const anonymousRead = deps.anonymousRead ?? false;
  const limiter = new RateLimiter(deps.rateLimitPerMinute ?? 600, () => now().getTime());
  const clientAddress = deps.clientAddress ?? socketAddress;
  const metrics = deps.metrics ?? new Registry();
  const app = new Hono<ApiEnv>();
  const r: Router = { app, operations: [], anonymousRead };

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    const labels = { route: c.get('route') ?? 'unmatched' };
    metrics.requests.inc({ ...labels, method: c.req.method, status: String(c.res.status) });
    metrics.latency.observe(labels, (performance.now() - t0) / 1000);
  });

  if (deps.cors && deps.cors.length > 0) {
    app.use(
      '*',
      cors({
        origin: deps.cors,
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        exposeHeaders: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
      }),
    );
  }

  const guard = async (c: Context<ApiEnv>, next: () => Promise<void>) => {
    let principal: Principal = { kind: 'anonymous' };
    let refused: unknown = null;
    try {
      const token = bearerToken(c.req.header('authorization'));
      if (token !== null) {
        const key = findKeyByHash(db, hashKey(token));
        if (!key) throw unauthorized('invalid or revoked API key');
        principal = { kind: 'key', key };
      } else if (!anonymousRead) {
        throw unauthorized(
          'an API key is required: Authorization: Bearer <key> (grogne keys create)',
        );
      }
    } catch (err) {
      refused = err;
    }
    // Refused requests count too, against the address: guessing keys costs tokens.
    const caller = principal.kind === 'key' ? `key:${principal.key.id}` : `ip:${clientAddress(c)}`;
    const verdict = limiter.take(caller);
    const headers = rateLimitHeaders(verdict);
    if (!verdict.ok) {
      throw new Problem(
        429,
        `rate limit of ${verdict.limit} requests per minute reached; retry in ${verdict.retryAfterSeconds} s`,
        undefined,
        'rate-limited',
        headers,
      );
    }
    if (refused) throw refused;
    c.set('principal', principal);
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
  app.use('/v1/*', guard);
  app.use('/metrics', guard);
  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) =>
      problemResponse(
        c,
        new Problem(413, `the body is over ${BODY_LIMIT_BYTES} bytes`, undefined, 'body-too-large'),
      ),
  });
  // Only for methods whose routes read a body: bodyLimit looks at `c.req.raw.body`, which
  // makes @hono/node-server build a full WHATWG Request (an undici object, a stream, an
  // abort signal) for every GET too, about a tenth of a ranked list's CPU. No GET route
  // reads a body (route.ts reads one only when the operation declares it).
  app.use('/v1/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );

  const service = { tag: 'service', access: 'public' as const };
  route(
    r,
    { ...service, method: 'get', path: '/healthz', summary: 'Liveness', responses: { 200: 'ok' } },
    (c) => c.json({ status: 'ok', version: deps.version ?? null }),
  );
  route(
    r,
    {
      ...service,
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: database reachable and migrated',
      responses: { 200: 'ready', 503: 'not ready' },
    },
    (c) => {
      try {
        const pending = pendingMigrations(db);
        if (pending.length > 0) {
          throw new Problem(503, `${pending.length} database migration(s) pending`);
        }
        return c.json({ status: 'ready', posts: countPosts(db) });
      } catch (err) {
        if (err instanceof Problem) throw err;
        throw new Problem(503, `database unreachable: ${(err as Error).message}`);
      }
    },
  );
  route(
    r,
    {
      tag: 'service',
      access: 'read',
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics: requests, latency, posts, analyses, sources, crawl errors',
      produces: ['text/plain; version=0.0.4'],
      responses: { 200: 'text/plain; version=0.0.4', 401: 'no or invalid key' },
    },
    (c) => {
      const g = storeGauges(db);
      const text = metrics.render([
        gauge('grogne_posts', 'Posts stored.', [[{}, g.posts]]),
        gauge(
          'grogne_analyses',
          'Stored analyses by sentiment.',
          Object.entries(g.analysesBySentiment).map(([sentiment, n]) => [{ sentiment }, n]),
        ),
        gauge(
          'grogne_sources',
          'Sources by state (active, paused, disabled).',
          Object.entries(g.sourcesByState).map(([state, n]) => [{ state }, n]),
        ),
        gauge('grogne_crawl_errors', 'Sum of consecutive fetch errors over sources.', [
          [{}, g.crawlErrors],
        ]),
      ]);
      return c.body(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    },
  );

  postRoutes(r, db, now);
  brandRoutes(r, db, now);
  adminRoutes(r, db, now);
  route(
    r,
    {
      method: 'get',
      path: '/v1/exports',
      tag: 'exports',
      access: 'read',
      summary:
        'Every (post × brand) row the filters of /v1/posts select, streamed as CSV, JSON Lines or Parquet',
      description:
        'Authors are pseudonymised (keyed HMAC), and so are the members a URL names; clearAuthors=true is for admin keys. A key limited to some brands exports only their rows. No paging: the whole selection, read a page of the store at a time. docs/export.md.',
      query: exportQuerySchema,
      produces: Object.values(CONTENT_TYPES),
      responses: {
        200: 'the export (content type per format)',
        400: 'a parameter is invalid (errors name it)',
        401: 'no or invalid key',
        403: 'the key may not see this brand, or clearAuthors without an admin key',
        429: 'rate limit',
      },
    },
    (_c, { query, principal }) =>
      exportResponse({ db, authorSecret: deps.exportAuthorSecret, logError }, query, principal),
  );

  // Built once, on first request: the routes are all declared by then.
  let spec: string | null = null;
  route(
    r,
    {
      ...service,
      method: 'get',
      path: '/openapi.json',
      summary: 'This document',
      responses: { 200: 'OpenAPI 3.1' },
    },
    (c) => {
      spec ??= JSON.stringify(openApiDocument(r.operations, deps.version ?? null));
      return c.body(spec, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );
  route(
    r,
    {
      ...service,
      method: 'get',
      path: '/docs',
      summary: 'Readable API documentation',
      produces: ['text/html'],
      responses: { 200: 'HTML' },
    },
    (c) => c.html(DOCS_HTML),
  );

  app.notFound((c) =>
    problemResponse(c, new Problem(404, `no route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((err, c) => {
    const p = toProblem(err);
    if (p.status >= 500 && !(err instanceof Problem)) logError(err);
    return problemResponse(c, p);
  });
  return app;
}
