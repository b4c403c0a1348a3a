import { describe, expect, it } from 'vitest';
import { enrichPosts } from '../../src/ingest/enrich.ts';
import type { IngestedPost } from '../../src/types.ts';

const now = new Date('2024-03-05T12:00:00Z');
const URL_A = 'https://camille.example.fr/2014/08/box-sfr/';

function teaser(publishedAt: string | null): IngestedPost {
  return {
    sourceId: 'blog',
    guid: null,
    url: URL_A,
    dedupKey: URL_A,
    title: 'Ma box SFR en panne',
    text: 'Trois semaines sans Internet […]',
    author: null,
    publishedAt,
    fetchedAt: now.toISOString(),
    categories: [],
    engagement: { comments: null, replies: null, views: null, position: null },
    parentKey: null,
    malformed: false,
  };
}

// The article page: Blogger-style, the date in a French heading above the post title.
const PAGE = `<!doctype html><html lang="fr"><head><title>Le blog de Camille: Ma box SFR en panne</title></head>
<body><h1>Le blog de Camille</h1><h2 class="date-header"><span>samedi 23 août 2014</span></h2>
<div class="post"><h3 class="post-title">Ma box SFR en panne</h3><div class="post-body">
<p>${'Trois semaines sans Internet, le service client ne rappelle jamais. '.repeat(10)}</p>
</div></div></body></html>`;

async function enrich(post: IngestedPost) {
  return enrichPosts([post], {
    sourceId: 'blog',
    fetchedAt: now,
    fullText: 'auto',
    comments: false,
    maxFetches: 5,
    commentFeeds: new Map(),
    fetchPage: async () => PAGE,
    fetchFeed: async () => '',
  });
}

describe('enrichPosts and dates', () => {
  it('gives a feed item without a date the one its article page shows', async () => {
    const out = await enrich(teaser(null));
    expect(out.fullTexts).toBe(1);
    expect(out.posts[0]!.publishedAt).toBe('2014-08-22T22:00:00.000Z');
    expect(out.posts[0]!.text).toContain('le service client ne rappelle jamais');
  });

  it("keeps the feed's own date when it has one", async () => {
    const out = await enrich(teaser('2014-08-23T07:15:00.000Z'));
    expect(out.posts[0]!.publishedAt).toBe('2014-08-23T07:15:00.000Z');
  });
});

describe('enrichPosts and comment feeds', () => {
  // A WordPress comment feed: each comment links to the article plus "#comment-N", and some
  // themes repeat the article itself first. The repeat goes; every comment stays, under its
  // own URL.
  const COMMENTS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Commentaires sur : Ma box SFR en panne</title>
<link>${URL_A}</link>
<item><title>Ma box SFR en panne</title><link>${URL_A}</link><description>Trois semaines sans Internet</description></item>
<item><title>Par : Marc</title><link>${URL_A}#comment-41</link><description>Pareil chez moi, SFR ne rappelle jamais.</description></item>
<item><title>Par : Inès</title><link>${URL_A}#comment-42</link><description>Free m'a fait le même coup l'an dernier.</description></item>
</channel></rss>`;

  it('keeps each comment, linked to its anchor, and skips the repeated article', async () => {
    const out = await enrichPosts([teaser('2014-08-23T07:15:00.000Z')], {
      sourceId: 'blog',
      fetchedAt: now,
      fullText: 'never',
      comments: true,
      maxFetches: 5,
      commentFeeds: new Map([[URL_A, `${URL_A}feed/`]]),
      fetchPage: async () => PAGE,
      fetchFeed: async () => COMMENTS,
    });
    expect(out.comments).toBe(2);
    expect(out.posts.slice(1).map((p) => [p.url, p.parentKey])).toEqual([
      [`${URL_A}#comment-41`, URL_A],
      [`${URL_A}#comment-42`, URL_A],
    ]);
  });

  // A comment feed is capped like the source's own document: the newest comments are kept
  // and the source's outcome says how many were dropped.
  it('keeps the newest comments of a comment feed over crawl.maxItemsPerFetch', async () => {
    const out = await enrichPosts([teaser('2014-08-23T07:15:00.000Z')], {
      sourceId: 'blog',
      fetchedAt: now,
      fullText: 'never',
      comments: true,
      maxFetches: 5,
      maxItems: 2,
      commentFeeds: new Map([[URL_A, `${URL_A}feed/`]]),
      fetchPage: async () => PAGE,
      fetchFeed: async () => COMMENTS,
    });
    // Undated: the first two in the feed's order, the repeated article and comment 41.
    expect(out.posts.slice(1).map((p) => p.url)).toEqual([`${URL_A}#comment-41`]);
    expect(out.errors).toEqual([
      `comments ${URL_A}feed/: 1 of 3 items dropped: over crawl.maxItemsPerFetch (2), the newest 2 kept`,
    ]);
  });
});
