// The built command: `npm run build` compiles src/ to dist/, and bin/grogne.js runs dist/ when
// it is fresh. Each test works on a copy of the project (src, bin, the build script, with data
// and node_modules linked), so that the project's own dist/ is never rebuilt under a test
// that is running it.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-build-'));
  for (const p of ['src', 'bin', 'package.json', 'grogne.config.json']) {
    cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  }
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts/build.js'), join(dir, 'scripts/build.js'));
  symlinkSync(join(ROOT, 'data'), join(dir, 'data'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const run = (dir: string, args: string[], input = '') =>
  spawnSync(process.execPath, args, {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, GROGNE_CONFIG: '', GROGNE_FROM_SOURCE: '' },
  });

describe('npm run build', () => {
  it('compiles src/ so that grogne runs without it: data files, workers and all', () => {
    const dir = copyProject();
    const built = run(dir, ['scripts/build.js']);
    expect(built.status, built.stderr).toBe(0);
    // The dashboard is bundled beside the module that serves it; its sources are not compiled
    // for Node.
    const web = join(dir, 'dist/web/static');
    const manifest = JSON.parse(readFileSync(join(web, 'manifest.json'), 'utf8'));
    expect(manifest.script).toMatch(/^main-\w+\.js$/);
    for (const f of [manifest.script, manifest.style]) expect(existsSync(join(web, f))).toBe(true);
    expect(existsSync(join(dir, 'dist/web/client'))).toBe(false);
    const line = JSON.stringify({
      id: 'x',
      text: "SFR c'est l'enfer ! Trois semaines sans internet.",
    });
    const fromSource = run(dir, ['bin/grogne.js', 'analyze'], line);
    // Without src/, only dist/ can answer.
    renameSync(join(dir, 'src'), join(dir, 'src.away'));
    const fromDist = run(dir, ['bin/grogne.js', 'analyze'], line);
    expect(fromDist.status, fromDist.stderr).toBe(0);
    expect(JSON.parse(fromDist.stdout)).toEqual(JSON.parse(fromSource.stdout));
    expect(JSON.parse(fromDist.stdout)).toMatchObject({ complaint: true, lang: 'fra' });
    // The demo crawl analyses its feeds in worker threads started from dist/.
    const crawl = run(dir, ['bin/grogne.js', 'crawl']);
    expect(crawl.status, crawl.stderr).toBe(0);
    const db = new Database(join(dir, 'var/grogne.db'), { readonly: true });
    const n = (db.prepare('SELECT count(*) AS n FROM analyses').get() as { n: number }).n;
    db.close();
    expect(n).toBeGreaterThan(10);
  });

  it('is used only while no source is newer than it', () => {
    const dir = copyProject();
    expect(run(dir, ['scripts/build.js']).status).toBe(0);
    // A stand-in for the built entry point tells which one ran.
    writeFileSync(
      join(dir, 'dist/cli/main.js'),
      "export async function main() { process.stdout.write('from dist\\n'); return 0; }\n",
    );
    expect(run(dir, ['bin/grogne.js', '--version']).stdout).toBe('from dist\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'src/nlp/analyse.ts'), later, later);
    expect(run(dir, ['bin/grogne.js', '--version']).stdout).toMatch(/^grogne \d+\.\d+\.\d+/);
  });
});
