// Stopping a verb: the first SIGTERM asks it to stop; a second exits at once, through
// process.exit, so that 'exit' listeners (an export's temporary-file cleanup) still run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/stop-twice.ts', import.meta.url));

describe('a second stop signal', () => {
  it('exits at once with 143, its exit listeners run', async () => {
    const mark = join(mkdtempSync(join(tmpdir(), 'grogne-signal-')), 'mark');
    const child = spawn(process.execPath, [join(ROOT, 'bin/run-ts.js'), SCRIPT, mark], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (out.includes(text)) resolve();
        };
        child.stdout!.on('data', (d) => {
          out += d;
          check();
        });
        check();
      });
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (code, signal) => resolve([code, signal])),
    );
    await seen('ready');
    child.kill('SIGTERM');
    await seen('stopping');
    child.kill('SIGTERM');
    expect(await closed).toEqual([143, null]);
    expect(existsSync(mark)).toBe(true);
  });
});
