// `grogne inspect FILE` as a user runs it. Without --kind it reads each document as what it
// is, and says so on stderr: every feed fixture as a feed, every forum page as a thread (its
// engine named), every article page as an article. A refusal is one clear line on stderr
// (exit 2, no stack trace) that says how to fix it.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type RunResult, runGrogne } from '../helpers/cli.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const FEEDS = `${FIXTURES}feeds/`;
const DEMO_THREAD = fileURLToPath(new URL('../../data/demo/forum-thread.html', import.meta.url));

interface Output {
  kind: string;
  read: string;
  items: { title: string | null; text: string; author?: string | null }[];
}

function read(r: RunResult): Output {
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Output;
}

function refusal(r: RunResult): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

// Feeds with a hard case each: the first item's title (and the warning on stderr when items
// were lost), or the refusal's wording.
const FEED_CASES: Record<
  string,
  { title: string; read: string; warning?: string } | { refused: RegExp }
> = {
  'bare-ampersand.xml': { title: 'Orange & Free, même combat', read: 'feed (RSS, 1 item)' },
  'bom-atom.xml': { title: 'Box Free en panne', read: 'feed (Atom, 1 item)' },
  'html-entities.xml': { title: 'Fibre coupée depuis une semaine !', read: 'feed (RSS, 1 item)' },
  'latin1-no-charset.xml': { title: 'Échec total', read: 'feed (RSS, 1 item)' },
  'jsonfeed.json': { title: 'Résiliation impossible', read: 'feed (JSON Feed, 2 items)' },
  'rdf-rss1.xml': { title: 'Réseau saturé', read: 'feed (RSS 1.0, 1 item)' },
  'rss091.xml': { title: 'Minitel en panne', read: 'feed (RSS, 1 item)' },
  'rss2-french.xml': { title: "SFR, c'est l'enfer !", read: 'feed (RSS, 3 items)' },
  'truncated.xml': { title: 'Début', read: 'feed (RSS, 1 item)' },
  'namespaced-dates.xml': {
    title: 'Bouygues : ligne coupée sans préavis',
    read: 'feed (RSS, 5 items)',
  },
  'invalid-char-ref.xml': { title: 'Fibre coupée depuis lundi', read: 'feed (RSS, 6 items)' },
  'unclosed-cdata.xml': { title: 'Fibre coupée depuis lundi', read: 'feed (RSS, 6 items)' },
  'broken-item.xml': {
    title: 'Fibre coupée depuis lundi',
    read: 'feed (RSS, 5 items)',
    warning: '1 item dropped: broken XML that could not be repaired',
  },
  'stray-latin1-byte.xml': { title: 'Fibre coupée depuis lundi', read: 'feed (RSS, 6 items)' },
  'discourse-posts-anchors.xml': {
    title: 'Box Internet coupée depuis trois jours',
    read: 'feed (RSS, 12 items)',
  },
  // A feed broken beyond repair is still a feed: no other reading is offered.
  'broken-beyond-repair.xml': { refused: /^grogne inspect: not a feed: broken XML/ },
};

// Thread pages: the engine told, and every post read.
const ONE_POST = 'forums/single-post-topic.html';
// A page of one post found by the class that names it a post (after forum.mfd.ru).
const ONE_POST_BY_CLASS = 'forums/single-post-by-class.html';
const THREADS: Record<string, string> = {
  'feeds/phpbb-thread.html': 'phpBB, 3 posts',
  'feeds/xenforo-thread.html': 'XenForo, 2 posts',
  'feeds/discourse-topic.json': 'Discourse, 2 posts',
  'forums/bold-author-thread.html':
    'no known engine, posts found by their repeated structure, 3 posts',
  'forums/custom-board-thread.html':
    'no known engine, posts found by their repeated structure, 3 posts',
  'forums/forumactif-topic.html': 'phpBB, 3 posts',
  'forums/jeuxvideo-topic.html':
    'no known engine, posts found by their repeated structure, 3 posts',
  'forums/flarum-discussion.html': 'Flarum, 3 posts',
  'forums/fluxbb-topic.html': 'FluxBB, 3 posts',
  'forums/hfr-sujet.html': 'forum.hardware.fr, 3 posts',
  'forums/invision-topic.html': 'Invision Community, 3 posts',
  'forums/mybb-thread.html': 'MyBB, 3 posts',
  'forums/nodebb-topic.html': 'NodeBB, 3 posts',
  'forums/phpbb2-subsilver-thread.html': 'phpBB 2, 3 posts',
  'forums/phpbb3-subsilver2-thread.html': 'phpBB, 3 posts',
  'forums/phpbb32-allanstyle-thread.html': 'phpBB, 2 posts',
  'forums/smf-thread.html': 'SMF, 4 posts',
  'forums/smf1-thread.html': 'SMF, 3 posts',
  'forums/vbulletin3-thread.html': 'vBulletin, 3 posts',
  'forums/vbulletin4-thread.html': 'vBulletin, 4 posts',
  'forums/vbulletin4-us-dates.html': 'vBulletin, 2 posts',
  'forums/vbulletin5-thread.html': 'vBulletin, 3 posts',
  'forums/xenforo1-thread.html': 'XenForo, 3 posts',
  'forums/news-comments-item.html':
    'no known engine, posts found by their repeated structure, 3 posts',
  'forums/nested-replies-topic.html':
    'no known engine, posts found by their repeated structure, 5 posts',
};

describe('grogne inspect without --kind: feeds', () => {
  it('covers every feed fixture', () => {
    const feeds = readdirSync(FEEDS).filter((f) => !/thread|topic|not-a-feed/.test(f));
    expect(Object.keys(FEED_CASES).sort()).toEqual(feeds.sort());
  });

  it.each(Object.entries(FEED_CASES))(
    '%s',
    async (name, want) => {
      const r = await runGrogne(['inspect', `${FEEDS}${name}`]);
      if ('title' in want) {
        const out = read(r);
        const warning = want.warning ? `warning: ${want.warning}\n` : '';
        expect(r.stderr).toBe(`detected: ${want.read}\n${warning}`);
        expect(out.kind).toBe('feed');
        expect(out.read).toBe(want.read);
        expect(out.items[0]?.title).toBe(want.title);
      } else {
        expect(refusal(r)).toMatch(want.refused);
      }
    },
    30_000,
  );
});

describe('grogne inspect without --kind: forum threads', () => {
  it('covers every forum fixture', () => {
    const forums = readdirSync(`${FIXTURES}forums`).map((f) => `forums/${f}`);
    const inFeeds = readdirSync(FEEDS)
      .filter((f) => /thread|topic/.test(f) && f !== 'generic-thread.html')
      .map((f) => `feeds/${f}`);
    expect(Object.keys(THREADS).sort()).toEqual(
      [...forums, ...inFeeds].filter((f) => f !== ONE_POST && f !== ONE_POST_BY_CLASS).sort(),
    );
  });

  // One post of an unknown engine is indistinguishable from an article with its author box:
  // a guess reads it as one, words intact; --kind thread (and a forum source) reads the post.
  it('reads a thread of one post of an unknown engine as an article, or as a thread when told', async () => {
    const guessed = await runGrogne(['inspect', `${FIXTURES}${ONE_POST}`]);
    expect(guessed.stderr).toBe('detected: article\n');
    expect(read(guessed).items[0]!.text).toContain("J'ai reçu deux prélèvements EDF");
    const told = read(await runGrogne(['inspect', `${FIXTURES}${ONE_POST}`, '--kind', 'thread']));
    expect(told.items.map((p) => p.author)).toEqual(['Odile B.']);
    const byClass = await runGrogne(['inspect', `${FIXTURES}${ONE_POST_BY_CLASS}`]);
    expect(byClass.stderr).toBe('detected: article\n');
    const byClassTold = read(
      await runGrogne(['inspect', `${FIXTURES}${ONE_POST_BY_CLASS}`, '--kind', 'thread']),
    );
    expect(byClassTold.items.map((p) => p.author)).toEqual(['Josiane_R']);
  }, 30_000);

  it.each(Object.entries(THREADS))(
    '%s',
    async (name, what) => {
      const r = await runGrogne(['inspect', `${FIXTURES}${name}`]);
      const out = read(r);
      expect(r.stderr).toBe(`detected: forum thread (${what})\n`);
      expect(out.kind).toBe('thread');
      expect(out.items).toHaveLength(Number(/(\d+) posts\)?$/.exec(what)![1]));
      expect(out.items.every((p) => p.text.length > 0)).toBe(true);
    },
    30_000,
  );

  it("reads the demo's long thread", async () => {
    const r = await runGrogne(['inspect', DEMO_THREAD]);
    expect(read(r).items).toHaveLength(12);
    expect(r.stderr).toBe('detected: forum thread (phpBB, 12 posts)\n');
  }, 30_000);
});

describe('grogne inspect without --kind: articles', () => {
  const pages = readdirSync(`${FIXTURES}pages`).filter((f) => f.endsWith('.html'));

  // Each page's own text is what is read, not the side blocks that repeat like posts.
  it.each(pages)(
    '%s',
    async (name) => {
      const r = await runGrogne(['inspect', `${FIXTURES}pages/${name}`]);
      const out = read(r);
      expect(r.stderr).toBe('detected: article\n');
      expect(out.kind).toBe('article');
      expect(out.items).toHaveLength(1);
    },
    30_000,
  );

  it('reads a blog post as one article, not its "related posts" as a thread', async () => {
    const out = read(
      await runGrogne(['inspect', `${FIXTURES}pages/article-with-related-posts.html`]),
    );
    expect(out.items[0]!.text).toMatch(/^Le 19 février, ma connexion a coupé/);
    expect(out.items[0]!.text).not.toContain('La portabilité en trois étapes');
  }, 30_000);

  it('reads a page with a few words as an article too', async () => {
    const r = await runGrogne(['inspect', `${FEEDS}not-a-feed.html`]);
    expect(read(r).items[0]!.text).toMatch(/^Bienvenue sur notre site/);
    expect(r.stderr).toBe('detected: article\n');
  }, 30_000);
});

describe('grogne inspect refusals say how to fix them', () => {
  it.each([
    [
      ['--kind', 'feed', `${FEEDS}not-a-feed.html`],
      /^grogne inspect: not a feed: an HTML page; leave --kind out to detect what it is, or pass --kind thread or --kind article$/,
    ],
    [
      ['--kind', 'thread', `${FEEDS}not-a-feed.html`],
      /not a forum thread: no posts found in an HTML page; if it is an article, pass --kind article; if it is a forum thread grogne cannot read, give its source "selectors" in the config/,
    ],
    [
      ['--kind', 'article', `${FEEDS}rss091.xml`],
      /not an article: .*<rss>; pass --kind thread or --kind feed/,
    ],
    [
      ['--kind', 'sujet', `${FEEDS}rss091.xml`],
      /--kind: expected feed, thread, article, forum, page \(or none, to detect\), got "sujet"/,
    ],
  ])(
    'inspect %j',
    async (args, message) => {
      expect(refusal(await runGrogne(['inspect', ...args]))).toMatch(message);
    },
    30_000,
  );

  it('a document that is none of the three: force a reading or give selectors', async () => {
    const r = await runGrogne([
      'inspect',
      fileURLToPath(new URL('../../LICENSE', import.meta.url)),
    ]);
    expect(refusal(r)).toMatch(
      /^grogne inspect: not a feed, a forum thread or an article: text starting "MIT License.*"; force a reading with --kind thread\|article\|feed, or, for a forum thread grogne cannot read, give its source "selectors" in the config/,
    );
  }, 30_000);
});

// The fix the refusals suggest: a source with its selectors, inspected through its config.
describe("grogne inspect with a configured source's selectors", () => {
  it('reads a forum that detection cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-inspect-'));
    try {
      copyFileSync(`${FEEDS}generic-thread.html`, join(dir, 'fil.html'));
      const source = { id: 'maison', kind: 'forum', file: 'fil.html' };
      const selectors = { post: '.msg', body: '.txt', author: '.who', date: '.quand' };
      writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify({ sources: [source] }));
      // Without selectors: no posts, so the page is read as an article.
      expect((await runGrogne(['inspect', 'fil.html'], { cwd: dir })).stderr).toBe(
        'detected: article\n',
      );
      writeFileSync(
        join(dir, 'grogne.config.json'),
        JSON.stringify({ sources: [{ ...source, selectors }] }),
      );
      const r = await runGrogne(['inspect', 'fil.html'], { cwd: dir });
      const out = read(r);
      expect(r.stderr).toBe(
        'selectors: those of source "maison"\ndetected: forum thread (the source\'s selectors, 2 posts)\n',
      );
      expect(out.items.map((p) => p.text)).toEqual(["Free m'a facturé deux fois.", 'Moi aussi !']);
      expect(readdirSync(dir).sort()).toEqual(['fil.html', 'grogne.config.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
