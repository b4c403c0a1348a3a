#!/usr/bin/env node
// Compiles src/ to dist/ once, so that `grogne` starts in plain Node instead of compiling
// TypeScript at every run (2–6 s cold through tsx). esbuild comes with tsx, a dependency, so
// the build needs no dev dependency and runs on `npm ci --omit=dev` too. Each file is
// compiled on its own, dist/ mirroring src/ file for file: paths that code resolves from
// import.meta.url (data/model, data/lexicon, package.json, the worker's entry) stay right.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
// Taken before reading any source: a file saved during the build makes dist/ stale.
const startedAt = Date.now();

// The dashboard's browser code (src/web/client/) is bundled apart, below.
const client = join(src, 'web', 'client');
const entryPoints = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
  .filter((e) => !`${e.parentPath}/`.startsWith(`${client}/`))
  .map((e) => join(e.parentPath, e.name));

// "bundle" only so that the resolver runs: every import stays an import, a relative one
// renamed from .ts to .js. The output is one .js file per source file.
const keepImports = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const rel = args.path.startsWith('./') || args.path.startsWith('../');
      return { path: rel ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: dist,
  outbase: src,
  bundle: true,
  plugins: [keepImports],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The worker's entry under src/ registers tsx; built, it runs JavaScript directly.
writeFileSync(
  join(dist, 'analysis-worker.boot.js'),
  "// Entry of an analysis worker thread (built: no loader needed).\nawait import('./analysis-worker.js');\n",
);
// The dashboard: one script and one stylesheet, hashed, beside dist/web/routes.js which serves
// them. The bundling is the one the server runs from the sources (src/web/bundle.ts).
const { bundleClient, MANIFEST } = await import(pathToFileURL(join(dist, 'web', 'bundle.js')).href);
const web = await bundleClient(join(client, 'main.tsx'));
const staticDir = join(dist, 'web', 'static');
mkdirSync(staticDir, { recursive: true });
for (const a of web.assets) writeFileSync(join(staticDir, a.name), a.contents);
writeFileSync(
  join(staticDir, MANIFEST),
  `${JSON.stringify({ script: web.script, style: web.style }, null, 2)}\n`,
);
writeFileSync(
  join(dist, 'BUILD.json'),
  `${JSON.stringify({ builtAt: startedAt, files: entryPoints.length }, null, 2)}\n`,
);
process.stdout.write(
  `grogne: compiled ${entryPoints.length} files of ${relative(root, src)}/ to ${relative(root, dist)}/ and bundled the dashboard (${web.assets.map((a) => `${a.name} ${Math.round(a.contents.length / 1024)} KiB`).join(', ')}) in ${Date.now() - startedAt} ms\n`,
);
