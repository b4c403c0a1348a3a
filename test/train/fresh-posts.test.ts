import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBrands } from '../../src/cli/brands.ts';
import { InputError } from '../../src/errors.ts';
import { postDocs, trainablePostFiles } from '../../src/train/corpus.ts';
import { FRESH_DIR, isLockedTest, readPosts, splitFiles } from '../../src/train/posts.ts';

// The fresh locked posts (data/annotations/posts/fresh/, README there): written on other
// briefs than the dev, train and test posts, reported on and never trained or tuned on. These
// tests check the file keeps to the annotation guide (GUIDE.md) and that training cannot read
// it; they hold no figure of grogne's.
const FRESH_FILES = readdirSync(FRESH_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => join(FRESH_DIR, f));
const WATCHED = new Set(defaultBrands().map((b) => b.id));

describe('the fresh locked posts', () => {
  it('are named as locked test files', () => {
    expect(FRESH_FILES.length).toBeGreaterThan(0);
    for (const file of FRESH_FILES) expect(isLockedTest(file), file).toBe(true);
  });

  // readPosts checks every field's type and values, and rejects a brand id not watched.
  const posts = FRESH_FILES.flatMap((file) => readPosts(file, WATCHED));

  it('hold at least 200 posts with unique ids', () => {
    expect(posts.length).toBeGreaterThanOrEqual(200);
    const ids = posts.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // The guide's rules that tie one field to another (GUIDE.md sections 1–4).
  it.each(posts.map((p) => [p.id, p] as const))('%s keeps to the guide', (_, p) => {
    const ids = p.brands.map((b) => b.id);
    expect(new Set(ids).size, 'a brand listed twice').toBe(ids.length);
    // The page's brand is listed as if named.
    if (p.about) expect(ids).toContain(p.about);
    // Every complaint is negative.
    if (p.complaint) expect(p.sentiment).toBe('negative');
    // A post with no negativity has no target.
    if (p.sentiment !== 'negative') expect(p.brands.filter((b) => b.target)).toEqual([]);
    // Not a complaint: severity low.
    if (!p.complaint) expect(p.severity).toBe('low');
  });

  it('mix complaints, neutral and positive posts from every kind of source', () => {
    const count = (keep: (p: (typeof posts)[number]) => boolean) => posts.filter(keep).length;
    expect(count((p) => p.complaint)).toBeGreaterThan(posts.length * 0.3);
    expect(count((p) => p.sentiment === 'neutral')).toBeGreaterThan(posts.length * 0.2);
    expect(count((p) => p.sentiment === 'positive')).toBeGreaterThan(posts.length * 0.2);
    expect(new Set(posts.map((p) => p.source))).toEqual(
      new Set(['forum', 'blog', 'review', 'tweet', 'news', 'comment']),
    );
  });

  it('are never read by training', () => {
    // Training lists the posts folder itself, not its subfolders…
    expect(trainablePostFiles().filter((f) => f.startsWith(FRESH_DIR))).toEqual([]);
    // …and refuses a locked file it is handed.
    for (const file of FRESH_FILES) {
      expect(() => postDocs([file])).toThrow(InputError);
      expect(() => postDocs([file])).toThrow(/locked test file is never trained on/);
    }
  });

  it('stay apart from the locked test posts the earlier figures were measured on', () => {
    expect(splitFiles('test').filter((f) => f.startsWith(FRESH_DIR))).toEqual([]);
  });
});
