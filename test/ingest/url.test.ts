import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { parseThreadPage } from '../../src/ingest/forum.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';
import { canonicalUrl } from '../../src/ingest/url.ts';

describe('canonicalUrl: fragments', () => {
  // The anchors forum engines and blogs give each post or comment: kept, or every post of a
  // page shares one URL and opens at the top of the thread.
  it.each([
    ['Discourse posts.rss', 'https://forum.example.fr/t/box-coupee/4812#post_12'],
    ['phpBB', 'https://forum.example.fr/viewtopic.php?t=12#p1234'],
    ['SMF', 'https://forum.example.fr/index.php?topic=9.0#msg567'],
    ['SMF (page ids)', 'https://forum.example.fr/index.php?topic=9.0#msg_567'],
    ['vBulletin', 'https://forum.example.fr/showthread.php?t=5#post98765'],
    ['XenForo', 'https://forum.example.fr/threads/fibre.77/#post-123'],
    ['WordPress comment', 'https://blog.example.fr/2024/03/colis-perdu/#comment-89'],
    ['Blogger comment', 'https://x.blogspot.com/2023/02/free.html?showComment=1#c4821'],
    ['IPB', 'https://forum.example.fr/topic/5-panne/#entry123'],
    ['Invision post element', 'https://forum.example.fr/topic/5-panne/#elComment_881001'],
  ])('keeps a post anchor: %s', (_, url) => {
    expect(canonicalUrl(url)).toBe(url);
  });

  // Places in a page and trackers: dropped, so one article read from two places is one URL.
  it.each([
    ['AT Internet tracker', 'https://www.example.fr/article.html#xtor=RSS-3'],
    ['empty fragment', 'https://www.example.fr/article.html#'],
    ['"read more" anchor', 'https://www.example.fr/article.html#more-1234'],
    ['comment form', 'https://www.example.fr/article.html#respond'],
    ['comments section', 'https://www.example.fr/article.html#commentaires'],
    ['utm in the fragment', 'https://www.example.fr/article.html#utm_source=rss'],
  ])('drops %s', (_, url) => {
    expect(canonicalUrl(url)).toBe('https://www.example.fr/article.html');
  });

  it('drops tracking parameters and keeps the post anchor', () => {
    expect(
      canonicalUrl('https://Forum.Example.fr/t/box/4812?utm_source=newsletter&u=3#post_7'),
    ).toBe('https://forum.example.fr/t/box/4812?u=3#post_7');
  });
});

describe('Discourse posts.rss', () => {
  const xml = readFileSync(
    new URL('../fixtures/feeds/discourse-posts-anchors.xml', import.meta.url),
  );
  const read = async (withGuids: boolean) => {
    const text = decodeBody(xml).text;
    const parsed = await parseFeed(
      withGuids ? text : text.replace(/<guid[^>]*>[^<]*<\/guid>/g, ''),
    );
    return normaliseItems(parsed, {
      sourceId: 'forum',
      fetchedAt: new Date('2025-01-14T12:00:00Z'),
      baseUrl: 'https://forum.operateurs.example.fr/posts.rss',
    });
  };

  it('gives each post its own URL, opening at the post', async () => {
    const posts = await read(true);
    expect(posts).toHaveLength(12);
    expect(new Set(posts.map((p) => p.url)).size).toBe(12);
    expect(posts[1]!.url).toBe(
      'https://forum.operateurs.example.fr/t/box-internet-coupee-depuis-trois-jours/4812#post_2',
    );
  });

  it('without guids, the dedup keys still tell the posts apart', async () => {
    const posts = await read(false);
    expect(posts.every((p) => p.guid === null)).toBe(true);
    expect(new Set(posts.map((p) => p.dedupKey)).size).toBe(12);
  });
});

describe('forum thread pages', () => {
  // Each engine's post anchor survives normalisation: one URL per post, not one per page.
  it.each([
    ['feeds/phpbb-thread.html', 3],
    ['feeds/xenforo-thread.html', 2],
    ['forums/smf-thread.html', 4],
    ['forums/vbulletin4-thread.html', 4],
    ['forums/invision-topic.html', 3],
  ])('%s: %i posts, as many URLs', (file, count) => {
    const html = decodeBody(readFileSync(new URL(`../fixtures/${file}`, import.meta.url))).text;
    const url = 'https://forum.example.fr/viewtopic.php?t=42';
    const posts = normaliseItems(parseThreadPage(html, url), {
      sourceId: 'forum',
      fetchedAt: new Date('2025-01-14T12:00:00Z'),
      baseUrl: url,
    });
    expect(posts).toHaveLength(count);
    expect(new Set(posts.map((p) => p.url)).size).toBe(count);
  });
});
