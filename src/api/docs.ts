// GET /docs: the interactive API reference, Swagger UI (swagger-ui-dist) reading /openapi.json,
// served from this server alone: grogne often runs offline, and the page's CSP keeps every
// request it makes on the server itself (no CDN, no font, no validator badge, no inline script).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { Problem } from './problem.ts';
import type { ApiEnv } from './route.ts';

/** Swagger UI's files that the page loads, with their media types. */
const DIST_FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * Swagger UI's settings: the document next to the page, no call to swagger.io's validator,
 * the base layout (the standalone one has a box to load any URL). A file, not an inline
 * script: the CSP allows scripts from this server only.
 */
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    layout: 'BaseLayout',
    presets: [SwaggerUIBundle.presets.apis],
    displayRequestDuration: true,
    persistAuthorization: false,
  });
});
`;

// Paths relative to /docs, so that the page works behind a proxy that mounts grogne under a prefix.
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>grogne API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<noscript>This reference needs JavaScript; the document itself is <a href="openapi.json">openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;

export const DOCS_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/** The folder of swagger-ui-dist, as Node resolves it from here. */
function distFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** GET /docs/{file}: Swagger UI's files and its settings. */
export function docsAssetRoutes(app: Hono<ApiEnv>): void {
  // Read on first use and kept for the app's life (the bundle is 1.8 MB).
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  app.get('/docs/:file', (c) => {
    c.set('route', '/docs/:file');
    const name = c.req.param('file');
    const headers = {
      // Not hashed names: a day, then asked again (an upgrade shows within a day).
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    };
    if (name === 'init.js') {
      return c.body(INIT_JS, 200, {
        ...headers,
        'content-type': DIST_FILES['swagger-ui-bundle.js']!,
      });
    }
    const type = DIST_FILES[name];
    if (!type) throw new Problem(404, `no file "${name}" in the API reference`);
    let bytes = files.get(name);
    if (!bytes) {
      bytes = new Uint8Array(readFileSync(join(distFolder(), name)));
      files.set(name, bytes);
    }
    return c.body(bytes, 200, { ...headers, 'content-type': type });
  });
}
