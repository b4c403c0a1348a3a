// What grogne's models learn from, as one list of documents: the labelled sets of
// ../shared/datasets (reviews, political tweets, tweets about Free with the team's gold
// labels) and the team's annotated posts (data/annotations/posts: train-* and dev-*, never
// the locked test-*). Each document carries the labels it has (sentiment, complaint), the
// group it belongs to (for cross-validation that keeps a writer's or a set's rows together)
// and its weight.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.ts';
import type { AnalyseInput } from '../nlp/analyse.ts';
import { prng, shuffleInPlace } from '../nlp/model/random.ts';
import { isLockedTest, POSTS_DIR, readPosts } from './posts.ts';

export const SHARED_DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
export const FREE_GOLD = fileURLToPath(
  new URL('../../data/annotations/freemobile-gold.jsonl', import.meta.url),
);

export interface Doc {
  /** Where it comes from: "allocine-sample/train", "freemobile-gold", "posts/dev-b3"… */
  set: string;
  /** Rows of one group stay on one side of a cross-validation split. */
  group: string;
  input: AnalyseInput;
  /** Target distribution over negative / neutral / positive, when labelled. */
  sentiment?: Record<string, number>;
  complaint?: boolean;
  /** How much the document counts in training (see DOMAIN_WEIGHTS). */
  weight: number;
}

/** Sentiment sets read from ../shared/datasets ({"text", "label"} rows). */
export const SENTIMENT_SETS = [
  'allocine-sample/train.jsonl',
  'allocine-series/train.jsonl',
  'allocine-series/dev.jsonl',
  'amazon-books-fr/reviews.jsonl',
  'deft2017/train.jsonl',
];
/** Held out: read by evaluation, never by training. */
export const HELD_OUT_SETS = ['allocine-sample/test.jsonl', 'allocine-series/test.jsonl'];

/**
 * Reviews and political tweets as non-complaint rows for the complaint model: negativity
 * with no customer experience (a bad film, a minister), long enthusiastic text. A seeded
 * sample per set, train splits only, cut at 1,200 characters.
 */
export const NON_COMPLAINT_SAMPLES: Readonly<Record<string, number>> = {
  'allocine-sample/train.jsonl': 200,
  'allocine-series/train.jsonl': 200,
  'amazon-books-fr/reviews.jsonl': 200,
  'deft2017/train.jsonl': 300,
};

/**
 * Domain weights: the annotated posts and the Free tweets are the text grogne reads in use;
 * film and book reviews teach polarity but not customer talk. Chosen on the dev posts
 * (leave-one-writer-out), never on the locked test.
 */
export const DOMAIN_WEIGHTS = { posts: 3, free: 1, reviews: 1, deft: 1 };

function target(label: string): Record<string, number> | null {
  if (label === 'objective' || label === 'neutral') return { neutral: 1 };
  if (label === 'mixed') return { negative: 0.5, positive: 0.5 };
  if (label === 'negative' || label === 'positive') return { [label]: 1 };
  return null;
}

function jsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The sentiment rows of one shared set. */
export function sharedRows(set: string, dir = SHARED_DATASETS): { text: string; label: string }[] {
  return jsonLines(join(dir, set)).map((o) => ({ text: String(o.text), label: String(o.label) }));
}

export const freeTweetsPath = (dir = SHARED_DATASETS) =>
  join(dir, 'freemobile-tweets/tweets.jsonl');

/** The Free gold tweets: ids and labels joined with the shared texts. */
export function freeGold(textsPath = freeTweetsPath(), gold = FREE_GOLD): Doc[] {
  if (!existsSync(gold) || !existsSync(textsPath)) return [];
  const texts = new Map(jsonLines(textsPath).map((t) => [String(t.id), String(t.text)]));
  const docs: Doc[] = [];
  for (const [i, g] of jsonLines(gold).entries()) {
    const text = texts.get(String(g.id));
    if (text === undefined) continue;
    docs.push({
      set: 'freemobile-gold',
      // Ten groups of tweets, by line, for cross-validation.
      group: `free-${i % 10}`,
      // The corpus was gathered around Free: the source's brand.
      input: { text, brand: 'free' },
      sentiment: target(String(g.sentiment)) ?? undefined,
      complaint: g.complaint === true,
      weight: DOMAIN_WEIGHTS.free,
    });
  }
  return docs;
}

/** The annotated posts of the given files (never a locked test file). */
export function postDocs(files: readonly string[]): Doc[] {
  const docs: Doc[] = [];
  for (const file of files) {
    if (isLockedTest(file)) throw new InputError(`${file}: a locked test file is never trained on`);
    const name = file
      .split('/')
      .pop()!
      .replace(/\.jsonl$/, '');
    for (const p of readPosts(file)) {
      docs.push({
        set: `posts/${name}`,
        group: `posts/${name}`,
        input: { text: p.text, title: p.title, brand: p.about },
        sentiment: { [p.sentiment]: 1 },
        complaint: p.complaint,
        weight: DOMAIN_WEIGHTS.posts,
      });
    }
  }
  return docs;
}

/** The dev and train files of the annotated posts, sorted. */
export function trainablePostFiles(dir = POSTS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^(?:dev|train)-.*\.jsonl$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export interface CorpusOptions {
  sharedDir?: string;
  postFiles?: readonly string[];
  /** Leave these sets out (cross-validation, ablations). */
  exclude?: (doc: Doc) => boolean;
}

/** Every training document; the shared sets are skipped when ../shared is absent. */
export function loadCorpus(o: CorpusOptions = {}): Doc[] {
  const dir = o.sharedDir ?? SHARED_DATASETS;
  const docs: Doc[] = [];
  if (existsSync(dir)) {
    for (const set of SENTIMENT_SETS) {
      const rows = sharedRows(set, dir);
      const name = set.replace(/\.jsonl$/, '');
      const isDeft = set.startsWith('deft');
      for (const r of rows) {
        const t = target(r.label);
        if (!t) continue;
        docs.push({
          set: name,
          group: name,
          input: { text: r.text },
          sentiment: t,
          weight: isDeft ? DOMAIN_WEIGHTS.deft : DOMAIN_WEIGHTS.reviews,
        });
      }
      const sample = NON_COMPLAINT_SAMPLES[set];
      if (sample) {
        const random = prng(7 + SENTIMENT_SETS.indexOf(set));
        const picked = shuffleInPlace([...rows], random).slice(0, sample);
        for (const r of picked) {
          docs.push({
            set: `${name}#non-complaints`,
            group: name,
            input: { text: r.text.slice(0, 1200) },
            complaint: false,
            weight: isDeft ? DOMAIN_WEIGHTS.deft : DOMAIN_WEIGHTS.reviews,
          });
        }
      }
    }
    docs.push(...freeGold(freeTweetsPath(dir)));
  }
  docs.push(...postDocs(o.postFiles ?? trainablePostFiles()));
  return o.exclude ? docs.filter((d) => !o.exclude!(d)) : docs;
}
