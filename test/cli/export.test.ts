import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/gen.ts';
import { seedDb } from '../export/seed.ts';
import { BIN, runGrogne } from '../helpers/cli.ts';

function project(db: (path: string) => { close(): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-export-cli-'));
  db(join(dir, 'grogne.db')).close();
  const sources = ['blog', 'forum', 'blog-a', 'blog-b', 'forum-a', 'forum-b'].map((id) => ({
    id,
    kind: id.startsWith('forum') ? 'forum' : 'feed',
    file: `${id}.xml`,
  }));
  writeFileSync(
    join(dir, 'grogne.config.json'),
    JSON.stringify({ database: 'grogne.db', sources }),
  );
  return dir;
}

describe('grogne export', () => {
  let dir: string;
  beforeAll(() => {
    dir = project((p) => seedDb(p));
  });

  it('writes the file and its card, leaving no temporary file', async () => {
    const r = await runGrogne(['export', '--format', 'csv', '--out', 'out.csv', '--bom'], {
      cwd: dir,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 5 rows \(4 posts/);
    const csv = readFileSync(join(dir, 'out.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('c’est l’enfer');
    const card = JSON.parse(readFileSync(join(dir, 'out.csv.card.json'), 'utf8'));
    expect(card).toMatchObject({ format: 'csv', counts: { rows: 5, posts: 4 } });
    expect(card.authors.mode).toBe('pseudonymised');
    expect(card.csv.formulaInjection).toMatch(/apostrophe/);
    expect(card.fields.map((f: { name: string }) => f.name)).toContain('severityDetail');
    const md = readFileSync(join(dir, 'out.csv.card.md'), 'utf8');
    expect(md).toMatch(/# Dataset card: out.csv/);
    expect(md).toMatch(/\| sfr \| 2 \| 2 \|/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it.each(['csv', 'jsonl'])('gives byte-identical %s files on a second run', async (format) => {
    const a = await runGrogne(['export', '-f', format, '-o', `a.${format}`, '--brand', 'sfr'], {
      cwd: dir,
    });
    const b = await runGrogne(['export', '-f', format, '-o', `b.${format}`, '--brand', 'sfr'], {
      cwd: dir,
    });
    expect([a.code, b.code]).toEqual([0, 0]);
    const fa = readFileSync(join(dir, `a.${format}`));
    expect(fa.equals(readFileSync(join(dir, `b.${format}`)))).toBe(true);
    expect(fa.toString('utf8')).not.toContain('Rémi');
    const card = JSON.parse(readFileSync(join(dir, `a.${format}.card.json`), 'utf8'));
    expect(card.filters).toEqual({ brand: 'sfr' });
  });

  it('gives clear author names with --clear-authors', async () => {
    const r = await runGrogne(
      ['export', '-f', 'jsonl', '-o', 'clear.jsonl', '--clear-authors', '--fields', 'author'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'clear.jsonl'), 'utf8')).toContain('"author":"Rémi Côté"');
  });

  // Bad input: exit 2 and one line naming the flag at fault.
  const bad: [string[], RegExp][] = [
    [['--format', 'xlsx', '--out', 'x'], /--format: expected one of csv, jsonl, parquet/],
    [['--format', 'csv'], /--out FILE is required/],
    [['-f', 'csv', '-o', 'x', '--min-severity', '200'], /--min-severity: expected a number/],
    [['-f', 'csv', '-o', 'x', '--since', 'hier'], /--since: expected an ISO 8601 date/],
    [['-f', 'csv', '-o', 'x', '--fields', 'postId,nope'], /--fields: unknown field "nope"/],
    [['-f', 'jsonl', '-o', 'x', '--bom'], /--bom only applies to --format csv/],
  ];
  it.each(bad)('refuses %j', async (args, message) => {
    const r = await runGrogne(['export', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('grogne export, interrupted', () => {
  let dir: string;
  beforeAll(() => {
    dir = project((p) => generate(p, 20_000, 40));
  }, 120_000);

  function startExport(out: string, format = 'jsonl') {
    const child = spawn(
      process.execPath,
      [BIN, 'export', '-f', format, '-o', out, '--progress-every', '250'],
      { cwd: dir, env: { ...process.env, GROGNE_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const progressed = new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => {
        err += d;
        if (/export: [\d,]+\/24,000 rows/.test(err)) resolve();
      });
      child.on('close', (code) => reject(new Error(`exited ${code} before progress: ${err}`)));
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    return { child, progressed, closed };
  }

  it('leaves no file under the final name when killed mid-export', async () => {
    const { child, progressed, closed } = startExport('killed.jsonl');
    await progressed;
    child.kill('SIGKILL');
    await closed;
    expect(existsSync(join(dir, 'killed.jsonl'))).toBe(false);
    expect(existsSync(join(dir, 'killed.jsonl.card.json'))).toBe(false);
  });

  it('removes its temporary file too when stopped with SIGTERM', async () => {
    const { child, progressed, closed } = startExport('stopped.jsonl');
    await progressed;
    child.kill('SIGTERM');
    expect(await closed).toBe(130);
    expect(readdirSync(dir).filter((f) => f.startsWith('stopped.jsonl'))).toEqual([]);
  });

  // An impatient operator (or a supervisor) signals twice: the second signal used to find no
  // listener and kill the process with its Parquet .tmp file still there.
  it('removes its temporary file when signalled twice mid-export', async () => {
    const { child, progressed, closed } = startExport('twice.parquet', 'parquet');
    await progressed;
    child.kill('SIGTERM');
    child.kill('SIGTERM');
    expect([130, 143]).toContain(await closed);
    expect(readdirSync(dir).filter((f) => f.startsWith('twice.parquet'))).toEqual([]);
  });

  it('shows progress on stderr and finishes when left alone', async () => {
    const r = await runGrogne(['export', '-f', 'csv', '-o', 'all.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    // Not a terminal: a line at each tenth of the rows (counted at page ends), each with
    // done/total, the rate and the time left; the last says how long it took.
    const progress = r.stderr.trim().split('\n');
    expect(progress).toHaveLength(10);
    expect(progress[0]).toMatch(/^export: 2,400\/24,000 rows \(10%\), [\d,.]+ rows\/s, .+ left$/);
    expect(progress[9]).toMatch(/^export: 24,000\/24,000 rows \(100%\), [\d,.]+ rows\/s, done in /);
    expect(r.stdout).toMatch(/wrote 24000 rows \(20000 posts/);
  });
});
