// What a document is read as when nothing says (a `page` source, `grogne inspect` without
// --kind), and how a source that reads the wrong kind is told to fix its configuration.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceError, WrongKindError } from '../../src/errors.ts';
import { describeReading, kindOf, readAs } from '../../src/ingest/read-as.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const hasCorpora = existsSync(CORPORA);
if (!hasCorpora) console.warn(`skipping the corpus cases of read-as: ${CORPORA} is absent`);
const URL_ = 'https://example.fr/page';
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

/** Every source.html of the French article pages (Readability's and trafilatura's tests). */
function articlePages(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === 'source.html') out.push(join(dir, e.name));
    }
  };
  walk(join(CORPORA, 'pages-fr'));
  return out.sort();
}

describe.skipIf(!hasCorpora)('auto on real pages', () => {
  // A third of these pages repeat blocks that look like posts (related articles with their
  // authors and dates, comment teasers, a tweet widget): each is still one article.
  it('reads every French article page as an article', async () => {
    const pages = articlePages();
    expect(pages.length).toBeGreaterThanOrEqual(30);
    const kinds = await Promise.all(
      pages.map(async (p) => {
        const parsed = await readAs('auto', readFileSync(p, 'utf8'), URL_);
        return `${p.slice(CORPORA.length)}: ${kindOf(parsed)}`;
      }),
    );
    expect(kinds.filter((k) => !k.endsWith(': article'))).toEqual([]);
  });

  // Engines grogne has no recipe for: found by their repeated post structure.
  it.each([
    ['vbulletin-sa-showthread.html', 40],
    ['askbot-perceval-question.html', 2],
  ])('reads the real forum page %s as a thread of %i posts', async (file, posts) => {
    const text = readFileSync(join(CORPORA, 'forums-real', file), 'utf8');
    const parsed = await readAs('auto', text, URL_);
    expect(kindOf(parsed)).toBe('thread');
    expect(parsed.items).toHaveLength(posts);
  });
});

describe('auto on fixtures', () => {
  it.each([
    ['feeds/rss2-french.xml', 'feed (RSS, 3 items)'],
    ['feeds/jsonfeed.json', 'feed (JSON Feed, 2 items)'],
    ['feeds/discourse-topic.json', 'forum thread (Discourse, 2 posts)'],
    ['forums/smf-thread.html', 'forum thread (SMF, 4 posts)'],
    [
      'forums/custom-board-thread.html',
      'forum thread (no known engine, posts found by their repeated structure, 3 posts)',
    ],
    ['pages/article-with-related-posts.html', 'article'],
  ])('%s: %s', async (file, summary) => {
    expect(describeReading(await readAs('auto', fixture(file), URL_))).toBe(summary);
  });

  it("takes the source's selectors over detection", async () => {
    const parsed = await readAs('page', fixture('feeds/generic-thread.html'), URL_, {
      post: '.msg',
      body: '.txt',
      author: '.who',
    });
    expect(describeReading(parsed)).toBe("forum thread (the source's selectors, 2 posts)");
    expect(parsed.items.map((i) => i.author)).toEqual(['Alain', 'Bea']);
  });
});

// A crawl stores and prints these messages: each says what the document is and how the
// source's configuration fixes it.
describe('the wrong kind, for a configured source', () => {
  it.each([
    [
      'feed',
      'feeds/not-a-feed.html',
      'feed',
      'not a feed: an HTML page; if the site has a feed, give its address (grogne sources add SITE looks for one); else set the source\'s "kind" to "page"',
    ],
    [
      'forum',
      'feeds/not-a-feed.html',
      'thread',
      'not a forum thread: no posts found in an HTML page; give the source "selectors" for its posts ({"post": "<CSS selector of one post>"}), or set its "kind" to "page" if it is an article',
    ],
    [
      'feed',
      'feeds/discourse-topic.json',
      'feed',
      'not a feed: JSON without a JSON Feed version; if the site has a feed',
    ],
  ] as const)('%s source given %s', async (as, file, tried, message) => {
    const failure = await readAs(as, fixture(file), URL_).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WrongKindError);
    expect((failure as WrongKindError).tried).toBe(tried);
    expect((failure as Error).message.startsWith(message)).toBe(true);
  });

  it('a page that is none of the three asks for selectors', async () => {
    const failure = await readAs('page', '<html><body></body></html>', URL_).catch((e) => e);
    expect(failure).toBeInstanceOf(WrongKindError);
    expect((failure as Error).message).toBe(
      'not a feed, a forum thread or an article: no posts and no readable text in an HTML page; if it is a forum thread, give the source "selectors" for its posts ({"post": "<CSS selector of one post>"})',
    );
  });

  // Broken XML is a broken feed, not another kind of document: no kind would fix it.
  it('a feed broken beyond repair stays a feed error', async () => {
    for (const as of ['feed', 'page', 'auto'] as const) {
      const failure = await readAs(as, fixture('feeds/broken-beyond-repair.xml'), URL_).catch(
        (e) => e,
      );
      expect(failure).toBeInstanceOf(SourceError);
      expect(failure).not.toBeInstanceOf(WrongKindError);
      expect((failure as Error).message).toMatch(/^not a feed: broken XML/);
    }
  });
});
