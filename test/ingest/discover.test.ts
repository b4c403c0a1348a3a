import { describe, expect, it } from 'vitest';
import {
  discoverFeeds,
  WELL_KNOWN_FEED_PATHS,
  wellKnownFeedUrls,
} from '../../src/ingest/discover.ts';

const page = (head: string) =>
  `<!doctype html><html lang="fr"><head>${head}</head><body></body></html>`;

describe('discoverFeeds', () => {
  it('a WordPress blog: main feed then comments feed, REST API link ignored', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" title="Mon blog &raquo; Flux" href="https://blog.example.fr/feed/" />
      <link rel="alternate" type="application/rss+xml" title="Mon blog &raquo; Flux des commentaires" href="https://blog.example.fr/comments/feed/" />
      <link rel="alternate" type="application/json" href="https://blog.example.fr/wp-json/wp/v2/posts/42" />
      <link rel="stylesheet" href="/style.css" />`);
    expect(discoverFeeds(html, 'https://blog.example.fr/2026/11/ma-box/')).toEqual([
      {
        url: 'https://blog.example.fr/feed/',
        type: 'application/rss+xml',
        title: 'Mon blog » Flux',
      },
      {
        url: 'https://blog.example.fr/comments/feed/',
        type: 'application/rss+xml',
        title: 'Mon blog » Flux des commentaires',
      },
    ]);
  });

  // Hard cases: relative hrefs, <base>, odd casing and parameters, duplicates, bad schemes.
  it.each<[string, string, string, { url: string; type: string }[]]>([
    [
      'relative href resolves against the page',
      '<link rel="alternate" type="application/atom+xml" href="atom.xml">',
      'https://x.fr/blog/post.html',
      [{ url: 'https://x.fr/blog/atom.xml', type: 'application/atom+xml' }],
    ],
    [
      'relative href resolves against <base>',
      '<base href="https://cdn.x.fr/site/"><link rel="alternate" type="application/rss+xml" href="rss.xml">',
      'https://x.fr/blog/post.html',
      [{ url: 'https://cdn.x.fr/site/rss.xml', type: 'application/rss+xml' }],
    ],
    [
      'relative <base> resolves against the page',
      '<base href="/forum/"><link rel="alternate" type="application/rss+xml" href="feed.php">',
      'https://x.fr/a/b',
      [{ url: 'https://x.fr/forum/feed.php', type: 'application/rss+xml' }],
    ],
    [
      'JSON Feed, mixed-case type with a charset, multi-token rel',
      '<link rel="Alternate home" type="Application/Feed+JSON; charset=utf-8" href="/feed.json">',
      'https://x.fr/',
      [{ url: 'https://x.fr/feed.json', type: 'application/feed+json' }],
    ],
    [
      'the same feed twice is listed once',
      '<link rel="alternate" type="application/rss+xml" href="/rss"><link rel="alternate" type="application/rss+xml" href="https://x.fr/rss">',
      'https://x.fr/',
      [{ url: 'https://x.fr/rss', type: 'application/rss+xml' }],
    ],
    [
      'non-http links and other alternates are skipped',
      '<link rel="alternate" type="application/rss+xml" href="javascript:void(0)"><link rel="alternate" hreflang="en" href="/en/"><link rel="alternate" type="text/html" href="/m/">',
      'https://x.fr/',
      [],
    ],
    ['no links at all', '', 'https://x.fr/', []],
  ])('%s', (_, head, pageUrl, expected) => {
    expect(discoverFeeds(page(head), pageUrl).map(({ url, type }) => ({ url, type }))).toEqual(
      expected,
    );
  });

  it('a title-less link has a null title', () => {
    const [feed] = discoverFeeds(
      page('<link rel="alternate" type="application/atom+xml" href="/atom.xml">'),
      'https://x.fr/',
    );
    expect(feed?.title).toBeNull();
  });
});

describe('WELL_KNOWN_FEED_PATHS', () => {
  it('covers the blog and forum engines, WordPress first', () => {
    expect(WELL_KNOWN_FEED_PATHS[0]).toBe('/feed');
    for (const p of [
      '/feeds/posts/default',
      '/spip.php?page=backend',
      '/feed.php',
      '/index.php?action=.xml',
      '/latest.rss',
      '/forums/-/index.rss',
    ]) {
      expect(WELL_KNOWN_FEED_PATHS).toContain(p);
    }
  });

  it('resolves against the site root, keeping the query strings', () => {
    const urls = wellKnownFeedUrls('https://forum.example.fr/viewtopic.php?t=12');
    expect(urls).toHaveLength(WELL_KNOWN_FEED_PATHS.length);
    expect(urls).toContain('https://forum.example.fr/feed.php');
    expect(urls).toContain('https://forum.example.fr/?feed=rss2');
    expect(urls).toContain('https://forum.example.fr/index.php?action=.xml');
  });
});
