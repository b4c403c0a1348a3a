import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../digest/fixtures.ts';
import { memoryIo } from '../helpers/io.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// The README's digest step, as a newcomer types it after crawling the demo: the date it names
// must hold complaints, whatever day the command is run.
describe("the README's demo digest", () => {
  it('previews complaints on the date the README gives', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const date = /grogne digest --dry-run --date (\d{4}-\d{2}-\d{2})/.exec(readme)?.[1];
    expect(date, 'the README names a --date for the digest step').toBeDefined();
    const dir = tempDir();
    const config = JSON.parse(readFileSync(join(ROOT, 'grogne.config.json'), 'utf8'));
    for (const s of config.sources) if (s.file) s.file = join(ROOT, s.file);
    config.database = join(dir, 'grogne.db');
    const path = join(dir, 'grogne.config.json');
    writeFileSync(path, JSON.stringify(config));
    const crawl = memoryIo(dir);
    expect(await main(['crawl', '--config', path], crawl.io)).toBe(0);
    const t = memoryIo(dir);
    expect(await main(['digest', '--dry-run', '--date', date!, '--config', path], t.io)).toBe(0);
    expect(t.stdout()).toContain(`# matin ${date}`);
    expect(t.stdout()).not.toContain('empty: would not be sent');
    expect(t.stdout()).toMatch(/\d+ réclamations? à traiter/);
  }, 60_000);
});
