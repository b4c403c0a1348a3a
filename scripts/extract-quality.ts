// How much article text extraction keeps, and how much page furniture it lets through, on the
// French pages of ../shared/corpora/pages-fr (read in place, never copied). Prints a Markdown
// table, one row per page, and the totals:
//
//   node bin/run-ts.js scripts/extract-quality.ts [--corpus DIR]
//
// Two kinds of expectation, as the corpus's SOURCE.md describes them:
// - trafilatura pages: `with` chunks that must appear in the text, `without` chunks
//   (boilerplate, related links, comments) that must not; substring match, spaces collapsed.
// - readability pages: the article Readability.js extracts (expected.html); we report the
//   share of its words that our text keeps (recall) and the share of our words that are its
//   (precision), as multisets of lower-case words.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../src/ingest/extract.ts';

export interface PageCase {
  id: string;
  url: string;
  html: string;
  with: string[];
  without: string[];
  /** The whole expected article text, when the corpus gives one (readability pages). */
  expectedText: string | null;
}

export interface PageScore {
  id: string;
  withKept: number;
  withTotal: number;
  withoutLeaked: number;
  withoutTotal: number;
  missing: string[];
  leaked: string[];
  /** Word recall and precision against expectedText; null without one. */
  recall: number | null;
  precision: number | null;
}

export const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The default corpus folder, as the project finds ../shared. */
export const PAGES_FR = new URL('../../shared/corpora/pages-fr/', import.meta.url);

// Pages are UTF-8 except one windows-1252 page; decoding is not what is measured here.
function readPage(file: URL): string {
  const bytes = readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Every page of the corpus that has an expectation; [] when the corpus is absent. */
export function pageCases(root: URL = PAGES_FR): PageCase[] {
  const indexFile = new URL('INDEX.json', root);
  if (!existsSync(indexFile)) return [];
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { id: string; url: string | null }[];
  const cases: PageCase[] = [];
  for (const p of index) {
    const dir = new URL(`${p.id}/`, root);
    const html = readPage(new URL('source.html', dir));
    const expectedJson = new URL('expected.json', dir);
    if (existsSync(expectedJson)) {
      const e = JSON.parse(readFileSync(expectedJson, 'utf8')).evaldata;
      if (!e) continue; // no upstream expectation for this page
      const withChunks = (e.with ?? []) as string[];
      const without = (e.without ?? []) as string[];
      cases.push({
        id: p.id,
        url: p.url ?? '',
        html,
        with: withChunks,
        without,
        expectedText: null,
      });
    } else {
      // Readability's own pages: relative URLs resolve against its fake host.
      const { document } = parseHTML(readFileSync(new URL('expected.html', dir), 'utf8'));
      const text = flat(document.documentElement?.textContent ?? '');
      cases.push({
        id: p.id,
        url: 'http://fakehost/test/page.html',
        html,
        with: [text.slice(0, 60), text.slice(-60)],
        without: [],
        expectedText: text,
      });
    }
  }
  return cases;
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Recall and precision of `got` against `expected`, as multisets of words. */
export function wordOverlap(expected: string, got: string): { recall: number; precision: number } {
  const want = new Map<string, number>();
  const e = words(expected);
  const g = words(got);
  for (const w of e) want.set(w, (want.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of g) {
    const n = want.get(w) ?? 0;
    if (n > 0) {
      common++;
      want.set(w, n - 1);
    }
  }
  return {
    recall: e.length ? common / e.length : 1,
    precision: g.length ? common / g.length : e.length ? 0 : 1,
  };
}

/** Scores one extracted text against its page's expectations. */
export function scorePage(c: PageCase, extracted: string): PageScore {
  const text = flat(extracted);
  const missing = c.with.filter((w) => !text.includes(flat(w)));
  const leaked = c.without.filter((w) => text.includes(flat(w)));
  const overlap = c.expectedText === null ? null : wordOverlap(c.expectedText, text);
  return {
    id: c.id,
    withKept: c.with.length - missing.length,
    withTotal: c.with.length,
    withoutLeaked: leaked.length,
    withoutTotal: c.without.length,
    missing,
    leaked,
    recall: overlap?.recall ?? null,
    precision: overlap?.precision ?? null,
  };
}

export function measure(root: URL = PAGES_FR): PageScore[] {
  return pageCases(root).map((c) => scorePage(c, extractArticle(c.html, c.url).text));
}

const pct = (x: number | null) => (x === null ? '' : `${(100 * x).toFixed(1)}%`);

function report(scores: PageScore[]): string {
  const rows = scores.map(
    (s) =>
      `| ${s.id} | ${s.withKept}/${s.withTotal} | ${s.withoutLeaked}/${s.withoutTotal} | ${pct(s.recall)} | ${pct(s.precision)} |`,
  );
  const sum = (f: (s: PageScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const clean = scores.filter((s) => s.withKept === s.withTotal && s.withoutLeaked === 0).length;
  const details = scores
    .filter((s) => s.missing.length || s.leaked.length)
    .map(
      (s) => `- ${s.id}: missing ${JSON.stringify(s.missing)} leaked ${JSON.stringify(s.leaked)}`,
    );
  return [
    '| page | with kept | without leaked | word recall | word precision |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `pages fully right: ${clean}/${scores.length}; "with" chunks kept: ${sum((s) => s.withKept)}/${sum((s) => s.withTotal)}; "without" chunks leaked: ${sum((s) => s.withoutLeaked)}/${sum((s) => s.withoutTotal)}`,
    ...details,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--corpus');
  const root = at > 0 ? pathToFileURL(`${resolve(process.argv[at + 1] ?? '.')}/`) : PAGES_FR;
  const scores = measure(root);
  if (!scores.length) {
    process.stderr.write(`extract-quality: no pages-fr corpus at ${root.pathname}\n`);
    process.exit(1);
  }
  process.stdout.write(`${report(scores)}\n`);
}
