// The team's annotated posts (data/annotations/posts/, guide in its GUIDE.md): one record per
// post with sentiment, complaint, brands and targets, severity band, resolved and sarcasm.
// Files named test-*.jsonl are the locked test split: evaluation reads them, training never.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { readJsonLines } from './jsonl.ts';

export const POSTS_DIR = fileURLToPath(new URL('../../data/annotations/posts/', import.meta.url));

export const SEVERITY_BANDS = ['low', 'mid', 'high'] as const;
export type SeverityBand = (typeof SEVERITY_BANDS)[number];

export const postRecordSchema = z
  .object({
    id: z.string().min(1),
    source: z.enum(['forum', 'blog', 'review', 'tweet', 'news', 'comment']),
    about: z.string().min(1).nullable(),
    title: z.string().nullable(),
    text: z.string().min(1),
    sentiment: z.enum(['negative', 'neutral', 'positive']),
    complaint: z.boolean(),
    brands: z.array(z.object({ id: z.string().min(1), target: z.boolean() }).strict()),
    severity: z.enum(SEVERITY_BANDS),
    resolved: z.boolean(),
    sarcasm: z.boolean(),
    phenomena: z.array(z.string()),
  })
  .strict();

export type PostRecord = z.infer<typeof postRecordSchema>;

/** Whether a file belongs to the locked test split (by its name: test-*.jsonl). */
export const isLockedTest = (path: string) => basename(path).startsWith('test-');

/**
 * Reads annotated posts; a bad line is an InputError naming the file, the line and the field.
 * `knownBrands`, when given, rejects a brand id that is not watched.
 */
export function readPosts(path: string, knownBrands?: ReadonlySet<string>): PostRecord[] {
  return readJsonLines(path, (obj, where) => {
    const r = postRecordSchema.safeParse(obj);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new InputError(`${where}: ${issue.path.join('.') || 'record'}: ${issue.message}`);
    }
    for (const id of [...r.data.brands.map((b) => b.id), ...(r.data.about ? [r.data.about] : [])]) {
      if (knownBrands && !knownBrands.has(id))
        throw new InputError(`${where}: unknown brand "${id}"`);
    }
    return r.data;
  });
}

/** Whether a JSONL file holds annotated posts rather than {"text", "label"} rows. */
export function looksLikePosts(path: string): boolean {
  const first = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => l.trim());
  if (!first) return false;
  try {
    const o = JSON.parse(first) as Record<string, unknown>;
    return typeof o.complaint === 'boolean' && Array.isArray(o.brands);
  } catch {
    return false;
  }
}

/**
 * The fresh locked posts: a second locked set, written on other briefs than the dev and test
 * posts (data/annotations/posts/fresh/README.md). A subfolder, so that splitFiles('test')
 * and training, which list the posts folder itself, never read it; its files are named
 * test-*.jsonl, so that training refuses them even when handed one.
 */
export const FRESH_DIR = join(POSTS_DIR, 'fresh');

/** The files of one split in a posts directory, sorted. */
export function splitFiles(split: 'dev' | 'test', dir = POSTS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${split}-`) && f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}
