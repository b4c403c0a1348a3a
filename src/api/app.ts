// The HTTP API: a ranked, filterable list of complaints, everything known about each post,
// brand summaries and trends, admin routes, metrics and the OpenAPI document. It reads and
// writes through the store's functions only and never crawls. Middleware order: metrics
// (sees every answer) → CORS → key and rate limit → body limit → the route.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { matchedRoutes } from 'hono/route';
import { CONTENT_TYPES } from '../export/stream.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { storeGeneration } from '../store/generation.ts';
import { findKeyByHash } from '../store/keys.ts';
import { pendingMigrations } from '../store/migrations.ts';
import type { Db } from '../store/open.ts';
import { countPosts } from '../store/read.ts';
import { sourceCounts, storeGauges } from '../store/stats.ts';
import { packageVersion } from '../version.ts';
import { type DashboardOptions, dashboardRoutes } from '../web/routes.ts';
import { bearerToken, hashKey, type Principal, unauthorized } from './auth.ts';
import { DOCS_HEADERS, DOCS_HTML, docsAssetRoutes } from './docs.ts';
import { exportQuerySchema, exportResponse } from './exports.ts';
import { conditionalJson, weakTag } from './http-cache.ts';
import { gauge, Registry, sourceFamilies } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { Problem, problemResponse, toProblem } from './problem.ts';
import { RateLimiter, rateLimitHeaders } from './rate-limit.ts';
import { REQUEST_ID_HEADER, requestId } from './request-id.ts';
import { Busy as BusyAnswer, Health, OpenApi, Ready, Text } from './responses.ts';
import { type ApiEnv, type Router, route } from './route.ts';
import { adminRoutes } from './routes-admin.ts';
import { alertRoutes } from './routes-alerts.ts';
import { brandRoutes } from './routes-brands.ts';
import { meRoutes } from './routes-me.ts';
import { postRoutes } from './routes-posts.ts';
import { searchRoutes } from './routes-searches.ts';
import { workflowRoutes } from './routes-workflow.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  db: Db;
  now?: () => Date;
  /** Shown by /healthz and /openapi.json; the package's version by default. */
  version?: string;
  /**
   * Request log (one info line per request) and unexpected errors with their stack; default:
   * warnings and errors only, as JSON lines on stderr.
   */
  log?: Logger;
  /** Also told of each unexpected error (they are never sent to the client). */
  logError?: (err: unknown) => void;
  /** Request ids for requests that bring none (X-Request-Id); random UUIDs by default. */
  generateRequestId?: () => string;
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
  /**
   * What keeps the process from being ready besides the database, for /readyz: `grogne start`
   * answers { status: 'crawling', … } until its first crawl has ended; null when ready.
   */
  readiness?: () => Busy | null;
  /** Where the dashboard served at / gets its assets (src/web/routes.ts). */
  dashboard?: DashboardOptions;
}

/** Why /readyz answers 503 while the database is fine (documented in docs/api.md). */
export interface Busy {
  status: 'crawling';
  /** Sources the first crawl covers, and how many of them are done. */
  sources: number;
  crawled: number;
}

function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * The route template a request matched even when a middleware answered before the route ran
 * (a 401 or 429 from the key guard): the last matched handler registered for a method, since
 * middleware is registered for ALL. "unmatched" when no route has this path and method.
 */
function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? createLogger({ stream: process.stderr, level: 'warn' });
  const anonymousRead = deps.anonymousRead ?? false;
  const limiter = new RateLimiter(deps.rateLimitPerMinute ?? 600, () => now().getTime());
  const clientAddress = deps.clientAddress ?? socketAddress;
  const metrics = deps.metrics ?? new Registry();
  const version = deps.version ?? packageVersion();
  const app = new Hono<ApiEnv>();
  const r: Router = { app, operations: [], anonymousRead };

  // First, so that it sees every answer, refusals and errors included.
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    const id = requestId(c.req.header(REQUEST_ID_HEADER), deps.generateRequestId);
    c.set('requestId', id);
    await next();
    const seconds = (performance.now() - t0) / 1000;
    const route = c.get('route') ?? routeTemplate(c);
    const status = c.res.status;
    metrics.requests.inc({ route, method: c.req.method, status: String(status) });
    metrics.latency.observe({ route }, seconds);
    c.res.headers.set(REQUEST_ID_HEADER, id);
    // The path without its query: search terms and cursors stay out of the logs.
    const fields = {
      reqId: id,
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
    };
    // /readyz's 503 is an answer ("still crawling"), not a failure of the server.
    if (status >= 500 && route !== '/readyz') log.error(fields, 'request');
    else log.info(fields, 'request');
  });

  // A known path asked with another method: 405 with Allow, not 404 (docs/api.md).
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        problemResponse(
          c,
          new Problem(
            405,
            `${c.req.path} answers ${methods.join(', ')}, not ${c.req.method}`,
            undefined,
            'method-not-allowed',
            { allow: methods.join(', ') },
          ),
        ),
    }),
  );
  // gzip or deflate when the client accepts it, for text and JSON over 1 KiB: the demo's 56
  // posts in one page are 87.7 KB of JSON, 16.5 KB gzipped. Outside the ETag below, which
  // hashes the JSON itself.
  app.use('*', compress());

  if (deps.cors && deps.cors.length > 0) {
    app.use(
      '*',
      cors({
        origin: deps.cors,
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
        exposeHeaders: [
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'RateLimit-Reset',
          'Retry-After',
          'ETag',
          'Location',
        ],
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
  // What a /v1 answer is made of: the store's rows (whose generation changes with every
  // committed write, from this process or another), the key (its role and brands are rows
  // too), the request's path and query, and grogne's version. And the time: priority is
  // shown as of the request (present.ts) and moves by a tenth of a point every few minutes at
  // most, so the tag also changes with each minute. Exports stream and carry no tag.
  const storeTag = (c: Context<ApiEnv>): string | null => {
    if (c.req.path === '/v1/exports') return null;
    const p = c.get('principal');
    const url = c.req.url;
    return weakTag(
      [
        version,
        storeGeneration(db),
        Math.floor(now().getTime() / 60_000),
        p.kind === 'key' ? `key ${p.key.id}` : 'anonymous',
        url.slice(url.indexOf('/', url.indexOf('://') + 3)),
      ].join('\n'),
    );
  };
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
  // Answers depend on the key and change with each crawl and each teammate's edit: a browser
  // may keep them (private) but asks again every time (no-cache), and gets a 304 when its
  // copy is still right. The document changes only with a new version of grogne.
  app.use('/v1/*', conditionalJson({ cacheControl: 'private, no-cache', validator: storeTag }));
  app.use('/openapi.json', conditionalJson({ cacheControl: 'public, no-cache' }));

  const service = { tag: 'service', access: 'public' as const };
  route(
    r,
    {
      ...service,
      method: 'get',
      path: '/healthz',
      summary: 'Liveness',
      responses: { 200: 'ok' },
      response: { 200: Health },
    },
    (c) => c.json({ status: 'ok', version }),
  );
  route(
    r,
    {
      ...service,
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: database reachable and migrated, first crawl ended',
      responses: { 200: 'ready', 503: 'not ready (migrations, database, or still crawling)' },
      response: { 200: Ready, 503: BusyAnswer },
    },
    (c) => {
      try {
        const pending = pendingMigrations(db);
        if (pending.length > 0) {
          throw new Problem(503, `${pending.length} database migration(s) pending`);
        }
        // Serving already, but what it serves is not complete yet: probes wait, people may read.
        const busy = deps.readiness?.();
        if (busy) return c.json({ ...busy, posts: countPosts(db) }, 503);
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
      response: { 200: Text },
    },
    (c) => {
      const g = storeGauges(db);
      const text = metrics.render([
        ...sourceFamilies(sourceCounts(db)),
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
  workflowRoutes(r, db, now);
  alertRoutes(r, db);
  brandRoutes(r, db, now);
  adminRoutes(r, db, now);
  searchRoutes(r, db, now);
  meRoutes(r);
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
      response: { 200: Text },
    },
    (c, { query, principal }) =>
      exportResponse(
        {
          db,
          authorSecret: deps.exportAuthorSecret,
          logError: (err) => {
            log.error({ reqId: c.get('requestId'), err }, 'export failed while streaming');
            deps.logError?.(err);
          },
        },
        query,
        principal,
      ),
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
      response: { 200: OpenApi },
    },
    (c) => {
      spec ??= JSON.stringify(openApiDocument(r.operations, version));
      return c.body(spec, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );
  route(
    r,
    {
      ...service,
      method: 'get',
      path: '/docs',
      summary: 'Interactive API reference (Swagger UI, served by this server)',
      produces: ['text/html'],
      responses: { 200: 'HTML' },
      response: { 200: Text },
    },
    (c) => c.html(DOCS_HTML, 200, { ...DOCS_HEADERS, 'cache-control': 'no-cache' }),
  );
  docsAssetRoutes(app);

  dashboardRoutes(app, deps.dashboard);

  app.notFound((c) =>
    problemResponse(c, new Problem(404, `no route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((err, c) => {
    const p = toProblem(err);
    if (p.status >= 500 && !(err instanceof Problem)) {
      log.error(
        { reqId: c.get('requestId'), method: c.req.method, path: c.req.path, err },
        'unexpected error',
      );
      deps.logError?.(err);
    }
    return problemResponse(c, p);
  });
  return app;
}
