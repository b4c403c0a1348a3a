// Every stored forum post has a URL that opens at that post: the engine's own link or the
// page's anchor for the post, or, when the page gives a post no anchor (jeuxvideo.com,
// Flarum), a text fragment of the post's own first words. Crawled over loopback and stored
// in SQLite as `grogne crawl` does.
import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { crawlAll } from '../../src/pipeline.ts';
import { openStore } from '../../src/store/open.ts';
import { syncSources } from '../../src/store/write.ts';
import { testBrands } from '../helpers/feeds.ts';
import { reply, serve, type TestServer } from '../helpers/http.ts';

const PAGES = ['jeuxvideo-topic.html', 'forumactif-topic.html', 'bold-author-thread.html'];
const fixture = (f: string) =>
  readFileSync(new URL(`../fixtures/forums/${f}`, import.meta.url), 'utf8')
    // Served here, the page is its own address: its canonical link would point elsewhere.
    .replace(/<link rel="canonical"[^>]*>/, '');

let srv: TestServer;
beforeAll(async () => {
  srv = await serve(
    Object.fromEntries(
      PAGES.map((f) => [
        `/${f}`,
        reply(fixture(f), { 'content-type': 'text/html; charset=utf-8' }),
      ]),
    ),
  );
});
afterAll(() => srv.close());

describe('stored forum posts open at themselves', () => {
  it('each URL names an element of its page or words of its own post', async () => {
    const config = parseConfig({
      brands: testBrands,
      sources: PAGES.map((f, i) => ({ id: `f${i}`, kind: 'forum', url: `${srv.origin}/${f}` })),
      crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0, maxThreadPages: 1 },
    });
    const db = openStore(':memory:');
    syncSources(db, config.sources);
    const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
    await crawlAll({
      db,
      config,
      baseDir: '/',
      analyzer,
      now: () => new Date(),
      random: () => 0.5,
    });
    const rows = db.prepare('SELECT source_id, url, text FROM posts').all() as {
      source_id: string;
      url: string;
      text: string;
    }[];
    db.close();
    expect(rows).toHaveLength(9);
    for (const { source_id, url, text } of rows) {
      const u = new URL(url);
      const page = cheerio.load(fixture(PAGES[Number(source_id.slice(1))]!));
      if (u.hash.startsWith('#:~:text=')) {
        const words = decodeURIComponent(u.hash.slice('#:~:text='.length));
        expect(text.replace(/\s+/g, ' ')).toContain(words);
      } else {
        const anchor = u.hash.slice(1);
        expect(anchor).not.toBe('');
        expect(
          page(`[id="${anchor}"], a[name="${anchor}"], a[href$="#${anchor}"]`).length,
        ).toBeGreaterThan(0);
      }
    }
  }, 60_000);
});
