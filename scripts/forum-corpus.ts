// How well grogne reads real forum thread pages it was never tuned on: a folder of saved pages
// and a manifest of what each holds (written by a person reading the page), run through the
// same decode → parse → normalise path as a crawl of a `forum` source. Prints, per page, the
// posts found against the posts the page holds, and on the checked posts whether the author,
// the text and the date are right; then the totals.
//
//   node bin/run-ts.js scripts/forum-corpus.ts DIR [--no-engines] [--json]
//
// DIR holds MANIFEST.json (or manifest.json):
//   { "cases": [ { "file", "engine", "lang", "origin", "license", "url"?,
//       "truth": { "posts": N, "firstPostDate"?: "as printed or ISO",
//                  "samples": [ { "index": 0, "author", "first8": "first words", "date"? } ] } } ] }
// A sample whose index is not a number (askbot's "comment-0") is not a post of the thread and
// is not checked. `--no-engines` measures repeated-structure detection alone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDate } from '../src/ingest/dates.ts';
import { decodeBody } from '../src/ingest/decode.ts';
import { parseThreadPage } from '../src/ingest/forum.ts';
import { normaliseDocument } from '../src/ingest/read-document.ts';
import type { IngestedPost } from '../src/types.ts';

/** The "now" of relative dates ("hier à 14:05") on every page. */
export const CORPUS_NOW = new Date('2026-06-01T12:00:00Z');

export interface CorpusSample {
  index: number | string;
  author: string;
  /** The post's first words, as the page prints them. */
  first8: string;
  /** The post's date as printed (or ISO); the first post's is the manifest's firstPostDate. */
  date?: string;
}

export interface CorpusCase {
  file: string;
  engine: string;
  lang: string;
  origin: string;
  license: string;
  /** Where the page was served; links are resolved against it (default: a made-up address). */
  url?: string;
  truth: { posts: number; firstPostDate?: string; samples: CorpusSample[] };
}

export interface PageScore {
  file: string;
  engine: string;
  lang: string;
  /** The format grogne read the page as ("phpbb", "detected", …), or the error. */
  read: string;
  found: number;
  expected: number;
  /** Posts found, counted against the page: a surplus counts as that many misses. */
  right: number;
  checked: number;
  authors: number;
  texts: number;
  dates: number;
  datesChecked: number;
  /** Posts that have a URL of their own (an anchor, or a post's own address). */
  withUrl: number;
  misses: string[];
}

/** The manifest of a corpus folder; null when the folder has none. */
export function readManifest(dir: string): CorpusCase[] | null {
  const name = ['MANIFEST.json', 'manifest.json'].find((n) => existsSync(join(dir, n)));
  if (!name) return null;
  const m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { cases: CorpusCase[] };
  return m.cases;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
// Curly and straight apostrophes and quotes are the same words to a reader.
const words = (s: string) =>
  oneLine(s)
    .replace(/[’‘]/g, "'")
    .replace(/[“”«»]/g, '"')
    .toLowerCase();

function expectedDate(s: CorpusSample, c: CorpusCase): string | null | undefined {
  const printed = s.date ?? (s.index === 0 ? c.truth.firstPostDate : undefined);
  if (printed === undefined) return undefined;
  return parseDate(printed, { now: CORPUS_NOW })?.toISOString() ?? null;
}

/** Reads one saved page as a crawl of a forum source would, and scores it. */
export function scorePage(dir: string, c: CorpusCase, engines = true): PageScore {
  const url = c.url ?? `https://forum.example.org/saved/${encodeURIComponent(c.file)}`;
  let posts: IngestedPost[] = [];
  let read: string;
  try {
    // As a crawl of a forum source reads a thread page (read-document.ts), with the engines'
    // fast paths switched off on demand.
    const decoded = decodeBody(readFileSync(join(dir, c.file)));
    const parsed = parseThreadPage(decoded.text, url, { engines });
    posts = normaliseDocument(
      { parsed, text: decoded.text, charset: decoded.charset, warnings: [] },
      url,
      { sourceId: 'corpus', fetchedAt: CORPUS_NOW },
    ).posts;
    read = parsed.format;
  } catch (e) {
    read = `error: ${(e as Error).message.slice(0, 60)}`;
  }
  const expected = c.truth.posts;
  const s: PageScore = {
    file: c.file,
    engine: c.engine,
    lang: c.lang,
    read,
    found: posts.length,
    expected,
    right: posts.length > expected ? Math.max(0, 2 * expected - posts.length) : posts.length,
    checked: 0,
    authors: 0,
    texts: 0,
    dates: 0,
    datesChecked: 0,
    withUrl: posts.filter((p) => p.url && (p.url.includes('#') || p.url !== url)).length,
    misses: [],
  };
  for (const sample of c.truth.samples) {
    if (typeof sample.index !== 'number') continue;
    const p = posts[sample.index];
    s.checked++;
    if (p?.author && words(p.author) === words(sample.author)) s.authors++;
    else s.misses.push(`#${sample.index} author ${JSON.stringify(p?.author ?? null)}`);
    if (p && words(p.text).includes(words(sample.first8))) s.texts++;
    else s.misses.push(`#${sample.index} text ${JSON.stringify(p?.text.slice(0, 50) ?? null)}`);
    const date = expectedDate(sample, c);
    if (date !== undefined) {
      s.datesChecked++;
      if (p && p.publishedAt === date) s.dates++;
      else s.misses.push(`#${sample.index} date ${p?.publishedAt ?? null} (want ${date})`);
    }
  }
  return s;
}

export interface CorpusTotals {
  pages: number;
  engines: number;
  french: number;
  right: number;
  expected: number;
  checked: number;
  authors: number;
  texts: number;
  dates: number;
  datesChecked: number;
  /** Checked posts whose author, text and date (when checked) are all right. */
  allRight: number;
  posts: number;
  withUrl: number;
}

export function totals(scores: PageScore[]): CorpusTotals {
  const sum = (f: (s: PageScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  return {
    pages: scores.length,
    engines: new Set(scores.map((s) => s.engine)).size,
    french: scores.filter((s) => s.lang === 'fr').length,
    right: sum((s) => s.right),
    expected: sum((s) => s.expected),
    checked: sum((s) => s.checked),
    authors: sum((s) => s.authors),
    texts: sum((s) => s.texts),
    dates: sum((s) => s.dates),
    datesChecked: sum((s) => s.datesChecked),
    allRight: sum((s) => s.checked - new Set(s.misses.map((m) => m.split(' ')[0])).size),
    posts: sum((s) => s.found),
    withUrl: sum((s) => s.withUrl),
  };
}

/** The totals of each engine's pages, engines in the order they first appear. */
export function byEngine(scores: PageScore[]): [string, CorpusTotals][] {
  const engines = [...new Set(scores.map((s) => s.engine))];
  return engines.map((e) => [e, totals(scores.filter((s) => s.engine === e))]);
}

/** Every page of a corpus folder, scored; null when the folder has no manifest. */
export function scoreCorpus(dir: string, engines = true): PageScore[] | null {
  return readManifest(dir)?.map((c) => scorePage(dir, c, engines)) ?? null;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');

export function report(scores: PageScore[]): string {
  const rows = scores.map(
    (s) =>
      `| ${s.file} | ${s.engine} | ${s.lang} | ${s.read} | ${s.found}/${s.expected} | ` +
      `${s.authors}/${s.checked} | ${s.texts}/${s.checked} | ${s.dates}/${s.datesChecked} | ` +
      `${s.misses.join('; ')} |`,
  );
  const t = totals(scores);
  const engines = byEngine(scores).map(
    ([e, x]) =>
      `| ${e} | ${x.pages} | ${pct(x.right, x.expected)} | ${pct(x.authors, x.checked)} | ` +
      `${pct(x.texts, x.checked)} | ${pct(x.dates, x.datesChecked)} | ${pct(x.allRight, x.checked)} |`,
  );
  return [
    '| page | engine | lang | read as | posts | author | text | date | misses |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| engine | pages | posts found | author | text | date | all right |',
    '|---|---|---|---|---|---|---|',
    ...engines,
    '',
    `${t.pages} pages, ${t.engines} engines, ${t.french} French`,
    `posts found ${t.right}/${t.expected} (${pct(t.right, t.expected)})`,
    `checked posts: author ${t.authors}/${t.checked} (${pct(t.authors, t.checked)}), ` +
      `text ${t.texts}/${t.checked} (${pct(t.texts, t.checked)}), ` +
      `date ${t.dates}/${t.datesChecked} (${pct(t.dates, t.datesChecked)}), ` +
      `all right ${t.allRight}/${t.checked} (${pct(t.allRight, t.checked)})`,
    `posts with a URL of their own ${t.withUrl}/${t.posts} (${pct(t.withUrl, t.posts)})`,
  ].join('\n');
}

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: forum-corpus.ts DIR [--no-engines] [--json]\n');
    return 2;
  }
  const folder = resolve(dir);
  if (!existsSync(folder) || !readdirSync(folder).length) {
    process.stderr.write(`forum-corpus: ${folder} is absent or empty\n`);
    return 2;
  }
  const scores = scoreCorpus(folder, !argv.includes('--no-engines'));
  if (!scores) {
    process.stderr.write(`forum-corpus: no MANIFEST.json or manifest.json in ${folder}\n`);
    return 2;
  }
  process.stdout.write(
    `${argv.includes('--json') ? JSON.stringify({ scores, totals: totals(scores) }, null, 1) : report(scores)}\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2));
}
