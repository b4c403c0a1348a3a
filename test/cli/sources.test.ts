import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGrogne } from '../helpers/cli.ts';
import { rss, testBrands } from '../helpers/feeds.ts';
import { reply, serve, type TestServer } from '../helpers/http.ts';

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.close();
  srv = null;
});

function workspace(sources: object[], crawl: object = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-sources-'));
  const config = {
    brands: testBrands,
    sources,
    database: 'grogne.db',
    crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0, ...crawl },
  };
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify(config));
  return dir;
}

const site = {
  '/': reply(
    '<html><head><link rel="alternate" type="application/rss+xml" href="/flux"></head><body>Blog</body></html>',
    { 'content-type': 'text/html' },
  ),
  '/flux': reply(rss('Le blog de Léa', [{ guid: 'g1', title: 'SFR', body: 'SFR en panne.' }])),
};

type Row = { id: string; url: string; enabled: boolean; state: string; lastError: string | null };
const rows = async (dir: string) =>
  JSON.parse((await runGrogne(['sources', '--json'], { cwd: dir })).stdout) as Row[];

describe('grogne sources add', () => {
  it('finds the feed, adds it, and the next crawl crawls it', async () => {
    srv = await serve(site);
    const dir = workspace([]);
    const r = await runGrogne(['sources', 'add', `${srv.origin}/`, '--id', 'lea', '--yes'], {
      cwd: dir,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/found rss feed .*\/flux "Le blog de Léa": 1 items \(link\)/);
    // Added to the store, not the config: a config sync (any verb) keeps it enabled.
    expect((await rows(dir)).find((s) => s.id === 'lea')).toMatchObject({
      url: `${srv.origin}/flux`,
      enabled: true,
    });
    const c = await runGrogne(['crawl'], { cwd: dir });
    expect(c.stdout).toMatch(/\[1\/1\] lea: 1 items, 1 new/);
  });

  it('adds nothing unless confirmed', async () => {
    srv = await serve(site);
    const dir = workspace([]);
    const r = await runGrogne(['sources', 'add', `${srv.origin}/`], { cwd: dir, input: 'n\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not added/);
    expect(await rows(dir)).toEqual([]);
  });

  it('exits 2 with one line when the site has no feed', async () => {
    srv = await serve({ '/': reply('<html><body>rien</body></html>', {}) });
    const dir = workspace([]);
    const r = await runGrogne(['sources', 'add', `${srv.origin}/`, '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no feed found/);
  });
});

describe('grogne sources resume', () => {
  it('shows a paused source with its reason, and resumes it', async () => {
    srv = await serve({ '/flux': reply('panne', {}, 503) });
    const dir = workspace([{ id: 'blog', kind: 'feed', url: `${srv.origin}/flux` }], {
      pauseAfterErrors: 1,
    });
    const c = await runGrogne(['crawl'], { cwd: dir });
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/blog: error: .*HTTP 503 \(paused\)/);
    const list = await runGrogne(['sources'], { cwd: dir });
    expect(list.stdout).toMatch(/blog .*paused .*next paused .*error: paused after 1 failed poll/);
    const r = await runGrogne(['sources', 'resume', 'blog'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((await rows(dir))[0]).toMatchObject({ id: 'blog', state: 'active' });
    const unknown = await runGrogne(['sources', 'resume', 'nope'], { cwd: dir });
    expect(unknown.code).toBe(2);
  });
});
