import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnalysisPool, defaultPoolSize } from '../src/analysis-pool.ts';
import { loadConfig } from '../src/config.ts';
import { parseFeed } from '../src/ingest/feed.ts';
import { normaliseItems } from '../src/ingest/normalise.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { processPosts } from '../src/pipeline.ts';
import { postId, prepareItem } from '../src/store/write.ts';
import type { IngestedPost } from '../src/types.ts';

const demo = new URL('../data/demo/', import.meta.url);
const { config } = loadConfig(new URL('../grogne.config.json', import.meta.url).pathname);
const now = new Date('2026-11-26T08:00:00Z');
const source = { id: 'demo', kind: 'feed' as const, audience: 1000 };

async function demoPosts(): Promise<IngestedPost[]> {
  const files = readdirSync(demo).filter((f) => /\.xml$/.test(f));
  const posts: IngestedPost[] = [];
  for (const f of files) {
    const parsed = await parseFeed(readFileSync(new URL(f, demo), 'utf8'));
    posts.push(...normaliseItems(parsed, { sourceId: 'demo', fetchedAt: now }));
  }
  return posts;
}

describe('createAnalysisPool', () => {
  const ctx = { brands: config.brands, halfLifeHours: 48 };
  const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
  // Every batch goes to the threads (inProcessBelow 1), in small chunks across two workers.
  const pool = createAnalysisPool({ ...ctx, size: 2, inProcessBelow: 1, chunkSize: 7 });
  afterAll(() => pool.close());

  it('gives what processPosts gives, in the same order, for the demo corpus', async () => {
    const posts = await demoPosts();
    expect(posts.length).toBeGreaterThan(20);
    const expected = processPosts(posts, source, { analyzer, halfLifeHours: 48, now });
    const got = await pool.process(posts, source, now);
    expect(got).toEqual(expected);
    // The corpus has complaints, so the comparison covers non-trivial analyses.
    expect(got.some((r) => r.analysis.complaint)).toBe(true);
  }, 60_000);

  it('runs small batches in-process with the same results', async () => {
    const posts = (await demoPosts()).slice(0, 5);
    const small = createAnalysisPool({ ...ctx, size: 1, inProcessBelow: 10 });
    const got = await small.process(posts, source, now);
    await small.close();
    expect(got).toEqual(processPosts(posts, source, { analyzer, halfLifeHours: 48, now }));
  });

  it('handles concurrent batches and empty ones', async () => {
    const posts = await demoPosts();
    const [a, b, c] = await Promise.all([
      pool.process(posts.slice(0, 10), source, now),
      pool.process(posts.slice(10, 30), source, now),
      pool.process([], source, now),
    ]);
    expect(a.map((r) => r.post.dedupKey)).toEqual(posts.slice(0, 10).map((p) => p.dedupKey));
    expect(b.map((r) => r.post.dedupKey)).toEqual(posts.slice(10, 30).map((p) => p.dedupKey));
    expect(c).toEqual([]);
  }, 60_000);

  it('parses, normalises, analyses and scores a feed document as the main thread would', async () => {
    const xml = readFileSync(new URL('blog-rss.xml', demo), 'utf8');
    const posts = normaliseItems(await parseFeed(xml), { sourceId: 'demo', fetchedAt: now });
    const expected = processPosts(posts, source, { analyzer, halfLifeHours: 48, now });
    const [got, again] = await Promise.all([
      pool.processDocument({ xml, fetchedAt: now }, source),
      pool.processDocument({ xml, fetchedAt: now }, source),
    ]);
    expect(got).toEqual(expected);
    expect(again).toEqual(expected);
  }, 60_000);

  it('prepares a feed document as rows for the writer, under the source id it is given', async () => {
    const xml = readFileSync(new URL('blog-rss.xml', demo), 'utf8');
    const posts = normaliseItems(await parseFeed(xml), { sourceId: 'demo', fetchedAt: now });
    const items = processPosts(posts, source, { analyzer, halfLifeHours: 48, now });
    const got = await pool.prepareDocument({ xml, fetchedAt: now }, source, 'saved-as');
    expect(got).toEqual(items.map((i) => prepareItem('saved-as', i)));
    // Ids derive from the source the rows are saved under, not from the analysis' source.
    expect(got[0]!.post).toMatchObject({
      sourceId: 'saved-as',
      id: postId('saved-as', posts[0]!.dedupKey),
    });
    await expect(
      pool.prepareDocument({ xml: 'pas un flux', fetchedAt: now }, source, 'x'),
    ).rejects.toThrow(/analysis worker/);
  }, 60_000);

  it('reports a document that does not parse as an error, and goes on serving', async () => {
    await expect(
      pool.processDocument({ xml: 'pas un flux', fetchedAt: now }, source),
    ).rejects.toThrow(/analysis worker/);
    const posts = (await demoPosts()).slice(0, 3);
    expect(await pool.process(posts, source, now)).toHaveLength(3);
  }, 60_000);

  it('sizes itself to one thread per core, at least one, and refuses work once closed', async () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
    expect(createAnalysisPool({ ...ctx }).size).toBe(defaultPoolSize());
    const p = createAnalysisPool({ ...ctx, size: 0 });
    expect(p.size).toBe(1);
    await p.close();
    await expect(p.process([], source, now)).rejects.toThrow(/closed/);
    await expect(p.processDocument({ xml: '', fetchedAt: now }, source)).rejects.toThrow(/closed/);
    await expect(p.prepareDocument({ xml: '', fetchedAt: now }, source, 'demo')).rejects.toThrow(
      /closed/,
    );
  });
});
