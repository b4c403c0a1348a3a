// The newcomer's path: `grogne start` on the bundled demo corpus, then the API's ranked list.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startGrogne } from '../helpers/cli.ts';

interface Expected {
  published: string;
  severity: 'high' | 'medium' | 'low' | 'none';
  complaint: boolean;
  target: string | null;
  title: string;
  kind: string;
}
interface Explained {
  value: number;
  reasons: string[];
  components: Record<string, number>;
}
interface Item {
  id: string;
  title: string | null;
  publishedAt: string | null;
  severity: Explained;
  reach: Explained;
  priority: Explained;
  brands: { id: string; target: boolean }[];
}

const expected = JSON.parse(readFileSync(join(ROOT, 'data/demo/expected.json'), 'utf8')) as {
  posts: Expected[];
};
const byDate = new Map(expected.posts.map((p) => [new Date(p.published).toISOString(), p]));
const label = (i: Item) => byDate.get(i.publishedAt ?? '');

let child: Awaited<ReturnType<typeof startGrogne>>['child'] | undefined;
let base = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-demo-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'grogne.config.json'), 'utf8'));
  for (const s of config.sources) if (s.file) s.file = join(ROOT, s.file);
  config.database = join(dir, 'grogne.db');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const started = await startGrogne(
    ['start', '--config', join(dir, 'config.json'), '--port', '0', '--no-poll'],
    // The API listens first; the ranked lists are complete once the first crawl has ended.
    /listening on (http:\/\/\S+)[\s\S]*crawled \d+ sources/,
  );
  child = started.child;
  base = started.match[1]!;
}, 30_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

async function get(path: string) {
  const res = await fetch(`${base}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Item[]; nextCursor: string | null };
}

describe('grogne start on the demo corpus', () => {
  it('serves the worst complaints first, each score with its reasons', async () => {
    const { items } = await get('/v1/posts?limit=10');
    expect(items).toHaveLength(10);
    for (let i = 1; i < items.length; i++) {
      expect(items[i]!.priority.value).toBeLessThanOrEqual(items[i - 1]!.priority.value);
    }
    for (const it of items) {
      for (const s of [it.severity, it.reach, it.priority]) {
        expect(s.reasons.length).toBeGreaterThan(0);
        expect(Object.keys(s.components).length).toBeGreaterThan(0);
      }
      expect(label(it), `no label for ${it.title} ${it.publishedAt}`).toBeDefined();
    }
    const top5 = items.slice(0, 5).map(label);
    expect(top5.filter((l) => l?.severity === 'high').length).toBeGreaterThanOrEqual(4);
    // Praise, neutral news, fruit juice and film reviews never reach the top ten.
    const noneInTop = items.map(label).filter((l) => l?.severity === 'none');
    expect(noneInTop.map((l) => l?.title)).toEqual([]);
  });

  it('keeps resolved complaints and negativity about no brand out of the top twenty', async () => {
    const { items } = await get('/v1/posts?limit=20');
    const low = items.map(label).filter((l) => l?.kind === 'resolved' || l?.kind === 'trap');
    expect(low.map((l) => l?.title)).toEqual([]);
  });

  it('filters by brand and blames the brand at fault', async () => {
    const { items } = await get('/v1/posts?brand=sfr&limit=5');
    expect(items.length).toBeGreaterThan(0);
    const first = label(items[0]!);
    expect(first?.target).toBe('sfr');
    expect(first?.severity).toBe('high');
    expect(items[0]!.brands).toContainEqual(expect.objectContaining({ id: 'sfr', target: true }));
  });

  it('serves the dashboard at /, with its script', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const script = /src="(assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script, 'the page names its script').toBeDefined();
    const js = await fetch(`${base}/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});
