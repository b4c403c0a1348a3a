// A feed that lists its whole archive: 100,000 items served over real HTTP on loopback. Ingest
// keeps the newest crawl.maxItemsPerFetch of them (cut before the XML is parsed, so the DOM
// never holds the rest) and says how many it dropped; a body over crawl.maxBodyBytes is a
// SourceError naming the setting. Peak RSS before/after: docs/operations.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, parseConfig } from '../../src/config.ts';
import { SourceError } from '../../src/errors.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { ingestSource } from '../../src/ingest/inspect.ts';
import { keepNewest, xmlItemMs } from '../../src/ingest/item-cap.ts';
import { serve, type TestServer } from '../helpers/http.ts';

const N = 100_000;
const T0 = Date.UTC(2024, 0, 1);
const NOW = new Date('2024-06-01T00:00:00Z');

// Oldest first, as some archives list them: keeping the first items would keep the oldest.
function hugeRss(n: number): string {
  const parts = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>'];
  for (let i = 0; i < n; i++) {
    const date = new Date(T0 + i * 60_000).toUTCString();
    parts.push(`<item><guid>p${i}</guid><pubDate>${date}</pubDate><title>Avis ${i}</title></item>`);
  }
  parts.push('</channel></rss>');
  return parts.join('\n');
}

let server: TestServer;
let body: string;
beforeAll(async () => {
  body = hugeRss(N);
  server = await serve({
    '/archive.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    },
  });
});
afterAll(() => server.close());

const source = (url: string) => ({
  id: 'archive',
  kind: 'feed' as const,
  url,
  interval: 1800,
  enabled: true,
});

describe('a 100,000-item feed', () => {
  it('keeps the newest 5,000 by default and reports the 95,000 dropped', async () => {
    const result = await ingestSource(source(`${server.origin}/archive.xml`), '/', {
      allowPrivateHosts: ['127.0.0.1'],
      now: () => NOW,
    });
    expect(result.posts).toHaveLength(5_000);
    const guids = result.posts.map((p) => p.guid);
    expect(guids[0]).toBe(`p${N - 5_000}`);
    expect(guids.at(-1)).toBe(`p${N - 1}`);
    expect(result.warnings).toContain(
      '95000 of 100000 items dropped: over crawl.maxItemsPerFetch (5000), the newest 5000 kept',
    );
    expect(result.reading?.summary).toBe('feed (RSS, 5000 items)');
  }, 60_000);

  it('honours a smaller cap', async () => {
    const result = await ingestSource(source(`${server.origin}/archive.xml`), '/', {
      allowPrivateHosts: ['127.0.0.1'],
      now: () => NOW,
      maxItems: 3,
    });
    expect(result.posts.map((p) => p.guid)).toEqual([`p${N - 3}`, `p${N - 2}`, `p${N - 1}`]);
    expect(result.warnings?.[0]).toMatch(/^99997 of 100000 items dropped/);
  }, 60_000);

  it('is refused whole, naming the setting, when over crawl.maxBodyBytes', async () => {
    const err = await ingestSource(source(`${server.origin}/archive.xml`), '/', {
      allowPrivateHosts: ['127.0.0.1'],
      maxBytes: 1024 * 1024,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toMatch(/1048576-byte cap; raise crawl\.maxBodyBytes/);
  });
});

describe('which items are the newest', () => {
  // Undated items rank below dated ones; ties keep the document's order (newest first, by
  // custom, so the first of them win).
  it.each([
    [[3, null, 1, 2], 2, [3, 2]],
    [[null, null, null], 2, [null, null]],
    [[1, null, 5], 2, [1, 5]],
  ])('keepNewest(%j, %i) keeps %j', (times, max, kept) => {
    expect(keepNewest(times, max, (t) => t).kept).toEqual(kept);
  });

  it('reads the date of an item from its markup, whatever the element', () => {
    const ms = (xml: string) => xmlItemMs(xml, NOW);
    expect(ms('<item><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>')).toBe(T0);
    expect(ms('<entry><updated>2024-01-01T00:00:00Z</updated></entry>')).toBe(T0);
    expect(ms('<item><dc:date><![CDATA[2024-01-01T00:00:00Z]]></dc:date></item>')).toBe(T0);
    expect(ms('<item><title>Sans date</title></item>')).toBeNull();
  });

  it('caps a JSON Feed and an Atom feed the same way', async () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [1, 3, 2].map((d) => ({ id: `j${d}`, date_published: `2024-01-0${d}T00:00:00Z` })),
    });
    const jf = await parseFeed(json, null, { maxItems: 2 });
    expect(jf.items.map((i) => i.guid)).toEqual(['j3', 'j2']);
    expect(jf.droppedItems).toBe(1);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${[2, 1, 3]
      .map((d) => `<entry><id>a${d}</id><updated>2024-01-0${d}T00:00:00Z</updated></entry>`)
      .join('')}</feed>`;
    const af = await parseFeed(atom, null, { maxItems: 2 });
    expect(af.items.map((i) => i.guid)).toEqual(['a2', 'a3']);
    expect(af.droppedItems).toBe(1);
  });
});

describe('crawl.maxItemsPerFetch', () => {
  it('defaults to 5,000 and is a positive integer', () => {
    expect(configSchema.parse({}).crawl.maxItemsPerFetch).toBe(5_000);
    expect(() => parseConfig({ crawl: { maxItemsPerFetch: 0 } })).toThrow(
      /crawl\.maxItemsPerFetch/,
    );
    expect(() => parseConfig({ crawl: { maxItemPerFetch: 10 } })).toThrow(/maxItemsPerFetch/);
  });
});
