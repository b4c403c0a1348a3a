// The dashboard's browser code, bundled by esbuild (the compiler scripts/build.js already uses,
// installed with tsx): one minified script and one stylesheet, named by their content's hash
// so that they can be cached for good. `npm run build` writes them to dist/web/static/ at
// install; a server running from the sources bundles them in memory instead (routes.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

export interface Asset {
  /** File name, hash included: "main-3FJ2K4QX.js". */
  name: string;
  contents: Uint8Array;
}

export interface Bundle {
  assets: Asset[];
  /** The names of the entry script and its stylesheet, for the page's <script> and <link>. */
  script: string;
  style: string;
}

/** Written beside the assets by the build: which file is the script, which the stylesheet. */
export const MANIFEST = 'manifest.json';

/** Bundles the client whose entry is `entry` (src/web/client/main.tsx), in memory. */
export async function bundleClient(entry: string): Promise<Bundle> {
  // Loaded only when bundling: a built server never needs esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: '/', // names only: nothing is written
    entryNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // The MIT notices of what the script bundles travel with it.
    banner: {
      js: '/*! grogne dashboard. Bundles preact (MIT, (c) 2015-present Jason Miller) and uPlot (MIT, (c) 2022 Leon Sorokin). */',
      css: '/*! grogne dashboard. Includes uPlot styles (MIT, (c) 2022 Leon Sorokin). */',
    },
    legalComments: 'eof',
    logLevel: 'warning',
  });
  const assets = result.outputFiles.map((f) => ({ name: basename(f.path), contents: f.contents }));
  const script = assets.find((a) => extname(a.name) === '.js')?.name;
  const style = assets.find((a) => extname(a.name) === '.css')?.name;
  if (!script || !style) throw new Error(`bundling ${entry} gave no script or no stylesheet`);
  return { assets, script, style };
}

/** The bundle that `npm run build` wrote to `dir`, or null when there is none. */
export function readBuiltBundle(dir: string): Bundle | null {
  let manifest: { script: string; style: string };
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  const assets = readdirSync(dir)
    .filter((name) => name !== MANIFEST)
    .map((name) => ({ name, contents: readFileSync(join(dir, name)) }));
  return { assets, script: manifest.script, style: manifest.style };
}
