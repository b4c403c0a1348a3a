// A configuration with a misspelt key, as a user runs grogne with it: every verb that reads
// the config refuses it with exit code 2, one line per bad key naming its full path and the
// key it was probably meant to be, and touches nothing (no database is created, neither the
// one meant nor the default one the misspelling would have fallen back to).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGrogne } from '../helpers/cli.ts';

const FEED = new URL('../fixtures/feeds/rss091.xml', import.meta.url).pathname;

const BAD = {
  brands: [{ id: 'sfr', name: 'SFR', alias: ['SFR', 'RED by SFR'] }],
  sources: [{ id: 'blog', kind: 'feed', file: FEED }],
  databse: 'mine.db',
  api: { prot: 8080 },
};

const PROBLEMS = [
  'brands[0]: unknown key "alias" (did you mean "aliases"?)',
  'unknown key "databse" (did you mean "database"?)',
  'api: unknown key "prot" (did you mean "port"?)',
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-badconfig-'));
  made.push(dir);
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify(BAD, null, 2));
  return dir;
}

// Each verb that loads the config, with the arguments it needs to get that far.
const VERBS: string[][] = [
  ['start', '--port', '0'],
  ['crawl'],
  ['serve', '--port', '0'],
  ['migrate'],
  ['sources'],
  ['sources', 'resume', 'blog'],
  ['sources', 'add', 'https://example.fr/', '--yes'],
  ['import', '--source', 'blog', FEED],
  ['rescore'],
  ['keys', 'list'],
  ['digest', '--dry-run'],
  ['export', '--format', 'csv', '--out', 'out.csv'],
  ['analyze'],
  ['inspect', FEED],
];

describe('a config with unknown keys', () => {
  it.each(VERBS.map((v) => [v.join(' '), v]))(
    'grogne %s exits 2 naming each bad key, and stores nothing',
    async (_, args) => {
      const dir = workspace();
      const r = await runGrogne(args as string[], {
        cwd: dir,
        input: '{"text":"x"}\n',
        timeoutMs: 20_000,
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const verb = (args as string[])[0];
      const file = join(dir, 'grogne.config.json');
      expect(r.stderr.trimEnd().split('\n')).toEqual(
        PROBLEMS.map((p) => `grogne ${verb}: ${file}: ${p}`),
      );
      expect(readdirSync(dir)).toEqual(['grogne.config.json']);
    },
    30_000,
  );

  it('is refused the same through --config and GROGNE_CONFIG', async () => {
    const dir = workspace();
    const file = join(dir, 'grogne.config.json');
    const ways: { args: string[]; env: Record<string, string> }[] = [
      { args: ['migrate', '--config', file], env: {} },
      { args: ['migrate'], env: { GROGNE_CONFIG: file } },
    ];
    for (const opts of ways) {
      const r = await runGrogne(opts.args, { cwd: tmpdir(), env: opts.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`grogne migrate: ${file}: unknown key "databse"`);
      expect(readdirSync(dir)).toEqual(['grogne.config.json']);
    }
  }, 30_000);
});
