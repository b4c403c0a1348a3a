// The HTTP API: a ranked, filterable list of complaints and everything known about each post.
// It reads through the store's query functions only and never crawls.
import { Hono } from 'hono';
import { pendingMigrations } from '../store/migrations.ts';
import type { Db } from '../store/open.ts';
import { countPosts, getPost, listBrands, listPosts, listSources } from '../store/read.ts';
import { presentDetail, presentSummary } from './present.ts';
import { Problem, problemResponse, toProblem } from './problem.ts';
import { parsePostsQuery } from './query.ts';

export interface AppDeps {
  db: Db;
  now?: () => Date;
  version?: string;
  /** Where unexpected errors go; they are never sent to the client. */
  logError?: (err: unknown) => void;
}

export function createApp(deps: AppDeps): Hono {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const logError = deps.logError ?? ((err: unknown) => console.error(err));
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ status: 'ok', version: deps.version ?? null }));

  app.get('/readyz', (c) => {
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
  });

  app.get('/v1/posts', (c) => {
    const parsed = parsePostsQuery(c.req.query());
    if (!parsed.ok) {
      const fields = parsed.errors.map((e) => e.field).join(', ');
      throw new Problem(400, `invalid query parameter: ${fields}`, parsed.errors, 'invalid-query');
    }
    const at = now();
    const page = listPosts(db, parsed.query);
    return c.json({
      items: page.items.map((p) => presentSummary(p, at)),
      nextCursor: page.nextCursor,
    });
  });

  app.get('/v1/posts/:id', (c) => {
    const id = c.req.param('id');
    const post = /^[0-9a-f]{16}$/.test(id) ? getPost(db, id) : null;
    if (!post) throw new Problem(404, `no post with id "${id}"`, undefined, 'post-not-found');
    return c.json(presentDetail(post, now()));
  });

  app.get('/v1/brands', (c) => c.json({ items: listBrands(db) }));
  app.get('/v1/sources', (c) => c.json({ items: listSources(db) }));

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
