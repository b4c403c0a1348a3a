// `grogne import`: the real verb through main(), with a temporary config and store.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { manyItems, rss, testBrands } from '../helpers/feeds.ts';
import { memoryIo } from '../helpers/io.ts';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const DEMO_RSS = join(DEMO, 'blog-rss.xml');
const DEMO_RSS_POSTS = 12;

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-import-'));
  const config = {
    brands: testBrands,
    sources: [{ id: 'archive', kind: 'feed', file: 'archive.xml', audience: 500 }],
    database: 'grogne.db',
  };
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

async function run(dir: string, args: string[]) {
  const m = memoryIo(dir);
  const code = await main(['import', ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

function query<T>(dir: string, sql: string): T[] {
  const db = new Database(join(dir, 'grogne.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const postCount = (dir: string) =>
  query<{ n: number }>(dir, 'SELECT COUNT(*) AS n FROM posts')[0]!.n;
const lines = (s: string) => s.trim().split('\n').filter(Boolean);

describe('grogne import', () => {
  it('imports a feed file into the source, once however often it is imported', async () => {
    const dir = workspace();
    const r = await run(dir, ['--source', 'archive', '--workers', '1', DEMO_RSS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `${DEMO_RSS}: ${DEMO_RSS_POSTS} posts, ${DEMO_RSS_POSTS} new, 0 updated\n`,
    );
    expect(r.stdout).toMatch(
      /^imported 1 documents into archive: 12 posts, 12 new, 0 updated, 0 unchanged, 0 failed \(\d+ posts\/s, 1 commits\)\n$/,
    );
    const rows = query<{ source_id: string; n: number; scored: number }>(
      dir,
      `SELECT source_id, COUNT(*) AS n, (SELECT COUNT(*) FROM scores) AS scored
       FROM posts GROUP BY source_id`,
    );
    expect(rows).toEqual([{ source_id: 'archive', n: DEMO_RSS_POSTS, scored: DEMO_RSS_POSTS }]);

    const again = await run(dir, ['-s', 'archive', DEMO_RSS]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/12 posts, 0 new, 0 updated, 12 unchanged, 0 failed/);
    expect(postCount(dir)).toBe(DEMO_RSS_POSTS);
  }, 60_000);

  it('imports the feed files of a directory in name order, decoded as fetched feeds are', async () => {
    const dir = workspace();
    const archive = join(dir, 'saved');
    mkdirSync(join(archive, 'older'), { recursive: true });
    copyFileSync(join(DEMO, 'forum-feed.xml'), join(archive, 'b-forum.rss'));
    copyFileSync(join(DEMO, 'blog-atom.xml'), join(archive, 'c-blog.atom'));
    // A windows-1252 feed that says so in its XML declaration only.
    const latin = rss('Café', manyItems(2)).replace('UTF-8', 'windows-1252');
    writeFileSync(
      join(archive, 'a-latin.xml'),
      iconv.encode(latin.replace('<title>Café</title>', '<title>Café crème</title>'), 'win1252'),
    );
    writeFileSync(join(archive, 'notes.txt'), 'pas un flux');
    copyFileSync(DEMO_RSS, join(archive, 'older', 'ignored.xml'));

    const r = await run(dir, ['--source', 'archive', '--batch', '5', 'saved']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr).map((l) => l.split(':')[0])).toEqual([
      join('saved', 'a-latin.xml'),
      join('saved', 'b-forum.rss'),
      join('saved', 'c-blog.atom'),
    ]);
    expect(r.stdout).toMatch(/imported 3 documents into archive: 26 posts, 26 new/);
    expect(postCount(dir)).toBe(26);
    // The windows-1252 file's accents survive the decoding.
    const latinTexts = query<{ text: string }>(
      dir,
      "SELECT text FROM posts WHERE guid LIKE 'item-%' ORDER BY guid",
    ).map((r) => r.text);
    expect(latinTexts).toHaveLength(2);
    expect(latinTexts.join(' ')).toMatch(/répond pas.*je résilie/);
    expect(latinTexts.join(' ')).not.toMatch(/[\uFFFDÃ]/);
  }, 60_000);

  // Files are decoded as fetched feeds are: one stray Latin-1 byte in a UTF-8 feed is
  // repaired in place, and its posts are stored flagged malformed, without mojibake.
  it('stores the posts of a feed with a stray byte flagged malformed, in proper French', async () => {
    const dir = workspace();
    const file = fileURLToPath(new URL('../fixtures/feeds/stray-latin1-byte.xml', import.meta.url));
    const r = await run(dir, ['--source', 'archive', '--workers', '1', file]);
    expect(r.code).toBe(0);
    const rows = query<{ text: string; malformed: number }>(
      dir,
      'SELECT text, malformed FROM posts ORDER BY guid',
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((p) => p.malformed === 1)).toBe(true);
    expect(rows.map((p) => p.text).join('\n')).not.toMatch(/Ã|Â|\uFFFD/);
    expect(rows[4]!.text).toBe('Le colis était « livré » alors que personne n’est passé.');
  }, 60_000);

  it('names an unknown source in one line and exits 2, storing nothing', async () => {
    const dir = workspace();
    const r = await run(dir, ['--source', 'inconnue', DEMO_RSS]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['grogne import: unknown source "inconnue"']);
    expect(r.stdout).toBe('');
    expect(postCount(dir)).toBe(0);
  });

  it('names a missing path and exits 2 before reading anything', async () => {
    const dir = workspace();
    const r = await run(dir, ['--source', 'archive', DEMO_RSS, 'nulle-part.xml']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['grogne import: no such file or directory: nulle-part.xml']);
  });

  it('reports a file that is no feed, stores the others and exits 1', async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'page.html'),
      '<!doctype html><html><body><p>Bonjour</p></body></html>',
    );
    writeFileSync(join(dir, 'blog.xml'), rss('Blog', manyItems(4)));
    const r = await run(dir, ['--source', 'archive', 'page.html', 'blog.xml']);
    expect(r.code).toBe(1);
    const err = lines(r.stderr);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/^page\.html: error: .+/);
    expect(err[1]).toBe('blog.xml: 4 posts, 4 new, 0 updated');
    expect(r.stdout).toMatch(/imported 2 documents into archive: 4 posts, 4 new, .* 1 failed/);
    expect(postCount(dir)).toBe(4);
  }, 60_000);

  it('rejects a missing --source with exit 2', async () => {
    const r = await run(workspace(), [DEMO_RSS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--source ID is required/);
  });

  it('prints its help', async () => {
    const r = await run(workspace(), ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: grogne import --source ID/);
    expect(r.stdout).toMatch(/\*\.xml, \*\.rss, \*\.atom/);
  });
});
