#!/usr/bin/env node
// The `grogne` command. It runs the compiled dist/ (`npm run build`, done by `npm install` and
// `npm ci`) when dist/ is newer than every file of src/; otherwise — no build yet, or a
// source edited since — it runs the TypeScript sources through tsx's loader, slower to start
// (1–6 s) but never stale.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

function builtAt() {
  try {
    const stamp = JSON.parse(readFileSync(new URL('dist/BUILD.json', root), 'utf8'));
    return typeof stamp.builtAt === 'number' ? stamp.builtAt : null;
  } catch {
    return null;
  }
}

/** True when dist/ was built after the last change to src/ (or when there is no src/). */
function distIsFresh() {
  const at = builtAt();
  if (at === null || !existsSync(new URL('dist/cli/main.js', root))) return false;
  const src = fileURLToPath(new URL('src/', root));
  if (!existsSync(src)) return true;
  // Directories too: a deleted or renamed source changes its directory's mtime.
  if (statSync(src).mtimeMs > at) return false;
  for (const e of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (statSync(`${e.parentPath}/${e.name}`).mtimeMs > at) return false;
  }
  return true;
}

let main;
if (process.env.GROGNE_FROM_SOURCE !== '1' && distIsFresh()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
