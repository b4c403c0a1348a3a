// scripts/forum-corpus.ts measures grogne's forum extraction on a folder of real saved thread
// pages and their manifest. Here it runs on ../shared/corpora/forums-real; skipped, saying so,
// when ../shared is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { byEngine, readManifest, report, scoreCorpus, totals } from '../../scripts/forum-corpus.ts';

const REAL = fileURLToPath(new URL('../../../shared/corpora/forums-real/', import.meta.url));
const present = existsSync(REAL) && readManifest(REAL) !== null;
if (!present) console.log('forum corpus: ../shared/corpora/forums-real is absent; skipped');

describe.skipIf(!present)('forum corpus measure on ../shared/corpora/forums-real', () => {
  it('finds every post, and the checked authors, texts and dates', () => {
    const scores = scoreCorpus(REAL)!;
    console.log(report(scores));
    const t = totals(scores);
    expect(t.pages).toBe(readManifest(REAL)!.length);
    expect(t.right).toBe(t.expected);
    expect(t.texts).toBe(t.checked);
    expect(t.dates).toBe(t.datesChecked);
    // Discourse's author is its display name ("Raymond Hill"), where the manifest names the
    // username ("gorhill"): two checked posts.
    expect(t.authors).toBeGreaterThanOrEqual(t.checked - 2);
    // Every post opens at itself: an anchor, its own address or a text fragment.
    expect(t.withUrl).toBe(t.posts);
  });

  it('sums each engine apart, and the engines add up to the whole', () => {
    const scores = scoreCorpus(REAL)!;
    const engines = byEngine(scores);
    expect(engines.map(([e]) => e)).toEqual([...new Set(readManifest(REAL)!.map((c) => c.engine))]);
    const t = totals(scores);
    expect(engines.reduce((n, [, x]) => n + x.expected, 0)).toBe(t.expected);
    expect(engines.reduce((n, [, x]) => n + x.checked, 0)).toBe(t.checked);
    expect(report(scores)).toContain('| engine | pages | posts found |');
  });

  it('by repeated-structure detection alone, the HTML pages read the same', () => {
    const scores = scoreCorpus(REAL, false)!.filter((s) => !s.file.endsWith('.json'));
    const t = totals(scores);
    expect(t.right).toBe(t.expected);
    expect(t.authors).toBe(t.checked);
    expect(t.texts).toBe(t.checked);
  });
});

describe('forum corpus measure without a manifest', () => {
  it('says the folder has none', () => {
    expect(readManifest(fileURLToPath(new URL('.', import.meta.url)))).toBeNull();
    expect(scoreCorpus(fileURLToPath(new URL('.', import.meta.url)))).toBeNull();
  });
});
