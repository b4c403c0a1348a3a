// The dashboard at /: one HTML page and its assets (no CDN, no font: grogne often runs
// offline, and the page must never call out of the machine that serves it). The page reads
// and writes through the /v1 API with the key the user gives it (docs/dashboard.md).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import { CONTENT_SECURITY_POLICY } from '../api/csp.ts';
import { Problem } from '../api/problem.ts';
import type { ApiEnv } from '../api/route.ts';
import { type Bundle, bundleClient, readBuiltBundle } from './bundle.ts';
import { dashboardPage } from './page.ts';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

export interface DashboardOptions {
  /**
   * Where the bundle comes from; default: dist/web/static/ when this module runs built,
   * else the sources bundled in memory on the first request.
   */
  load?: () => Promise<Bundle>;
}

/** The built bundle beside this module (dist/web/static/), else the sources bundled now. */
export function defaultLoad(): Promise<Bundle> {
  const built = new URL('./static/', import.meta.url);
  if (existsSync(built)) {
    const bundle = readBuiltBundle(fileURLToPath(built));
    if (bundle) return Promise.resolve(bundle);
  }
  return bundleClient(fileURLToPath(new URL('./client/main.tsx', import.meta.url)));
}

export function dashboardRoutes(app: Hono<ApiEnv>, opts: DashboardOptions = {}): void {
  const load = opts.load ?? defaultLoad;
  // One bundle per app, made on first use; a failed bundling is tried again next time.
  let bundle: Promise<Bundle> | null = null;
  const current = () => {
    bundle ??= load().catch((err) => {
      bundle = null;
      throw err;
    });
    return bundle;
  };

  const page = async (c: Context<ApiEnv>) => {
    c.set('route', '/');
    const b = await current();
    return c.html(dashboardPage(b), 200, {
      // Always revalidated: a new build names new assets, which this page must point at.
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
  };
  app.get('/', page);

  app.get('/assets/:file', async (c) => {
    c.set('route', '/assets/:file');
    const name = c.req.param('file');
    const asset = (await current()).assets.find((a) => a.name === name);
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (!asset || !type) throw new Problem(404, `no dashboard asset "${name}"`);
    return c.body(asset.contents as Uint8Array<ArrayBuffer>, 200, {
      'content-type': type,
      // The name holds the content's hash: a changed file is a new name.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });
}
