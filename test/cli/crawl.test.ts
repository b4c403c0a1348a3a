import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runGrogne } from '../helpers/cli.ts';
import { manyItems, rss, testBrands } from '../helpers/feeds.ts';

function workspace(sources: object[], files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-crawl-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const config = { brands: testBrands, sources, database: 'grogne.db' };
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

const counts = (dir: string) => {
  const db = new Database(join(dir, 'grogne.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT (SELECT count(*) FROM posts) AS posts,
                (SELECT count(DISTINCT source_id || char(10) || dedup_key) FROM posts) AS keys,
                (SELECT count(*) FROM posts p WHERE NOT EXISTS
                   (SELECT 1 FROM analyses a WHERE a.post_id = p.id)
                   OR NOT EXISTS (SELECT 1 FROM scores s WHERE s.post_id = p.id)) AS incomplete`,
      )
      .get() as { posts: number; keys: number; incomplete: number };
  } finally {
    db.close();
  }
};

describe('grogne crawl', () => {
  it('stores a feed once, however often it is crawled', async () => {
    const dir = workspace([{ id: 'blog', kind: 'feed', file: 'blog.xml' }], {
      'blog.xml': rss('Blog', manyItems(12)),
    });
    const first = await runGrogne(['crawl'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\[1\/1\] blog: 12 items, 12 new, 0 updated/);
    expect(first.stdout).toMatch(/crawled 1 sources: 12 fetched, 12 new, 0 updated, 0 errors/);
    const second = await runGrogne(['crawl'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/blog: 12 items, 0 new, 0 updated/);
    expect(counts(dir)).toEqual({ posts: 12, keys: 12, incomplete: 0 });
  });

  it('updates an edited item in place', async () => {
    const items = manyItems(3);
    const dir = workspace([{ id: 'blog', kind: 'feed', file: 'blog.xml' }], {
      'blog.xml': rss('Blog', items),
    });
    await runGrogne(['crawl'], { cwd: dir });
    items[1] = { ...items[1]!, body: `${items[1]!.body} Mise à jour : toujours rien.` };
    writeFileSync(join(dir, 'blog.xml'), rss('Blog', items));
    const r = await runGrogne(['crawl'], { cwd: dir });
    expect(r.stdout).toMatch(/blog: 3 items, 0 new, 1 updated/);
    expect(counts(dir).posts).toBe(3);
  });

  // One line per failing source, naming the cause; the other sources are still crawled.
  it('reports a missing file and a file that is no feed, and crawls the rest', async () => {
    const dir = workspace(
      [
        { id: 'absent', kind: 'feed', file: 'nulle-part.xml' },
        { id: 'pas-un-flux', kind: 'feed', file: 'page.html' },
        { id: 'blog', kind: 'feed', file: 'blog.xml' },
      ],
      {
        'page.html': '<!doctype html><html><body><p>Bonjour, ceci est une page.</p></body></html>',
        'blog.xml': rss('Blog', manyItems(4)),
      },
    );
    const r = await runGrogne(['crawl'], { cwd: dir });
    expect(r.code).toBe(1);
    const errLines = r.stderr.trim().split('\n');
    expect(errLines).toHaveLength(2);
    expect(errLines[0]).toMatch(/absent: error: .*nulle-part\.xml/);
    expect(errLines[1]).toMatch(/pas-un-flux: error: .*not a feed/i);
    expect(r.stdout).toMatch(/blog: 4 items, 4 new/);
    expect(r.stdout).toMatch(/2 errors/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const sources = await runGrogne(['sources', '--json'], { cwd: dir });
    const rows = JSON.parse(sources.stdout) as { id: string; lastError: string | null }[];
    expect(rows.find((s) => s.id === 'absent')?.lastError).toMatch(/nulle-part\.xml/);
    expect(rows.find((s) => s.id === 'blog')?.lastError ?? null).toBeNull();
  });

  it('exits 2 with one line naming the field of a malformed config', async () => {
    const dir = workspace([{ id: 'blog', kind: 'rss', file: 'blog.xml' }], {});
    const r = await runGrogne(['crawl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/sources\[0\]\.kind/);
    expect(r.stderr).toMatch(/"rss"/);
  });

  it('exits 2 when there is no config to read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-empty-'));
    const r = await runGrogne(['crawl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no grogne\.config\.json/);
  });

  // SIGKILL in the middle of a crawl: posts are written in transactions of whole posts (post,
  // analysis, score), and a source's fetch is recorded only once all its posts are committed,
  // so the database holds whole posts, every source marked fetched holds all of its own, and
  // a second crawl completes the rest without duplicates.
  it('survives SIGKILL mid-crawl: no half-written post, no duplicate', async () => {
    const sources = Array.from({ length: 6 }, (_, i) => ({
      id: `blog-${i}`,
      kind: 'feed',
      file: `blog-${i}.xml`,
    }));
    const files = Object.fromEntries(
      sources.map((s, i) => [s.file, rss(`Blog ${i}`, manyItems(400, `b${i}`))]),
    );
    const dir = workspace(sources, files);
    const child = spawn(process.execPath, [BIN, 'crawl'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('[1/6]')) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const partial = counts(dir);
    expect(partial.incomplete).toBe(0);
    expect(partial.posts).toBeLessThan(2400);
    const finished = /\[1\/6\] (blog-\d)/.exec(out)?.[1];
    const check = new Database(join(dir, 'grogne.db'), { readonly: true });
    const perSource = check
      .prepare(
        `SELECT s.id, s.last_ok_at AS ok, (SELECT count(*) FROM posts p WHERE p.source_id = s.id) AS n
         FROM sources s`,
      )
      .all() as { id: string; ok: string | null; n: number }[];
    check.close();
    // The source reported done holds all its posts, as does every source recorded as fetched.
    expect(perSource.find((s) => s.id === finished)?.n).toBe(400);
    for (const s of perSource.filter((x) => x.ok !== null)) expect(s.n).toBe(400);
    const again = await runGrogne(['crawl'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(counts(dir)).toEqual({ posts: 2400, keys: 2400, incomplete: 0 });
    const db = new Database(join(dir, 'grogne.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // Two crawls of 2,400 posts in child processes: ~20 s each on a busy 2-core machine.
  }, 120_000);
});

describe('grogne --help', () => {
  it.each(['start', 'crawl', 'serve', 'analyze', 'inspect', 'migrate', 'sources', 'eval'])(
    '%s --help prints its usage',
    async (verb) => {
      const r = await runGrogne([verb, '--help'], { cwd: ROOT });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`usage: grogne ${verb}`));
    },
  );

  it('an unknown verb exits 2', async () => {
    const r = await runGrogne(['fouiller']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown verb "fouiller"/);
  });
});
