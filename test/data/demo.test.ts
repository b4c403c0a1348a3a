// The demo corpus is what a newcomer sees first (`npm start` on a fresh clone), and
// data/demo/expected.json is what the end-to-end test ranks against: these checks keep the
// corpus, its labels and the default config in step when someone edits one of them.
import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveFrom } from '../../src/config.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const { config, baseDir } = loadConfig(`${ROOT}grogne.config.json`);

interface ExpectedPost {
  source: string;
  guid: string;
  url: string;
  published: string;
  lang: string;
  kind: string;
  brands: string[];
  complaint: boolean;
  target: string | null;
  severity: 'high' | 'medium' | 'low' | 'none';
  resolved: boolean;
  traps: string[];
}
const expected = JSON.parse(readFileSync(`${ROOT}data/demo/expected.json`, 'utf8')) as {
  highSeverityByBrand: Record<string, string[]>;
  posts: ExpectedPost[];
};

const sourceFile = (id: string): string => {
  const s = config.sources.find((x) => x.id === id);
  if (!s?.file) throw new Error(`no file source ${id}`);
  return readFileSync(resolveFrom(baseDir, s.file), 'utf8');
};

// The corpus covers 10–25 November 2026 (Paris time), so a date outside it is a typo.
const inWindow = (iso: string) =>
  iso >= '2026-11-09T23:00:00.000Z' && iso < '2026-11-25T23:00:00.000Z';

describe('default config', () => {
  it('points at the four demo files, offline, on loopback', () => {
    expect(config.sources.map((s) => [s.kind, s.file])).toEqual([
      ['feed', 'data/demo/blog-rss.xml'],
      ['feed', 'data/demo/blog-atom.xml'],
      ['forum', 'data/demo/forum-feed.xml'],
      ['forum', 'data/demo/forum-thread.html'],
    ]);
    expect(config.sources.every((s) => s.url === undefined && (s.audience ?? 0) > 0)).toBe(true);
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 8787 });
    expect(config.database).toBe('var/grogne.db');
  });

  // Orange and Free are everyday words; the config must say how to tell them apart.
  it.each(['orange', 'free'])('gives the ambiguous brand %s excludes and context words', (id) => {
    const b = config.brands.find((x) => x.id === id)!;
    expect(b.caseSensitive).toBe(true);
    expect(b.exclude.length).toBeGreaterThan(3);
    expect(b.context).toContain('box');
  });
});

describe('feeds of the demo corpus', () => {
  const parser = new Parser();
  it.each(['demo-blog-consommateur', 'demo-blog-octets', 'demo-forum-feed'])(
    '%s parses, and its items are exactly the labelled ones',
    async (id) => {
      const feed = await parser.parseString(sourceFile(id));
      const guids = feed.items.map((i) => i.guid ?? (i as { id?: string }).id);
      const labelled = expected.posts.filter((p) => p.source === id).map((p) => p.guid);
      expect(guids.sort()).toEqual([...labelled].sort());
      for (const item of feed.items) {
        expect(item.title, String(item.guid)).toBeTruthy();
        expect(item.creator ?? item.author, String(item.guid)).toBeTruthy();
        expect(inWindow(item.isoDate ?? ''), `${item.guid} ${item.isoDate}`).toBe(true);
      }
    },
  );
});

describe('saved forum thread', () => {
  const $ = load(sourceFile('demo-forum-thread'));
  const posts = $('div.post').toArray();

  it('is a prosilver page whose posts are the labelled ones, in order', () => {
    const ids = posts.map((p) => `p${$(p).attr('id')?.slice(1)}`);
    const labelled = expected.posts.filter((p) => p.source === 'demo-forum-thread');
    expect(ids).toEqual(labelled.map((p) => p.guid));
    expect($('h2.topic-title').text()).toContain('Free');
    expect($('div.pagination').first().text()).toContain(`${posts.length} messages`);
    expect($('.topic-views').text()).toMatch(/Vues\s*:\s*1\s?532/u);
  });

  it('gives each post an author, a machine date in the window and a body', () => {
    for (const p of posts) {
      const post = $(p);
      expect(post.find('p.author a.username, p.author a.username-coloured').text()).toBeTruthy();
      const when = new Date(post.find('p.author time').attr('datetime') ?? '').toISOString();
      expect(inWindow(when)).toBe(true);
      expect(post.find('div.content').text().trim().length).toBeGreaterThan(10);
    }
  });
});

describe('expected.json', () => {
  const posts = expected.posts;
  const watched = new Set(config.brands.map((b) => b.id));

  it('labels at least 44 posts over 5+ brands in 2+ sectors', () => {
    expect(posts.length).toBeGreaterThanOrEqual(44);
    const brands = new Set(posts.flatMap((p) => p.brands));
    expect(brands.size).toBeGreaterThanOrEqual(5);
    const sectors = new Set(config.brands.filter((b) => brands.has(b.id)).map((b) => b.sector));
    expect(sectors.size).toBeGreaterThanOrEqual(2);
    expect(new Set(posts.map((p) => p.guid)).size).toBe(posts.length);
  });

  it('keeps labels consistent: a target is a named, watched brand of a complaint', () => {
    for (const p of posts) {
      for (const b of p.brands) expect(watched.has(b), `${p.guid}: ${b}`).toBe(true);
      if (p.complaint) expect(p.brands, p.guid).toContain(p.target);
      else expect([p.target, p.severity], p.guid).toEqual([null, 'none']);
      if (p.resolved) expect(p.complaint, p.guid).toBe(true);
      expect(inWindow(p.published), p.guid).toBe(true);
    }
  });

  it('holds every kind of post and every trap the brief asks for', () => {
    const kinds = new Set(posts.map((p) => p.kind));
    for (const k of ['complaint-severe', 'complaint-mild', 'resolved', 'question', 'neutral'])
      expect(kinds).toContain(k);
    expect(kinds).toContain('praise');
    const traps = new Set(posts.flatMap((p) => p.traps));
    for (const t of ['sarcasm', 'negation', 'ambiguous-name', 'contrast', 'off-topic-negative'])
      expect(traps).toContain(t);
    expect(posts.some((p) => p.lang === 'eng')).toBe(true);
  });

  it('names, for each brand, leaders that are its own high-severity complaints', () => {
    for (const [brand, urls] of Object.entries(expected.highSeverityByBrand)) {
      for (const url of urls) {
        const p = posts.find((x) => x.url === url);
        expect([p?.target, p?.severity], url).toEqual([brand, 'high']);
      }
    }
  });
});
