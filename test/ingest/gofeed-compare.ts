// Compares what parseFeed + normaliseItems make of gofeed's test inputs with the results gofeed
// itself must produce (../shared/corpora/gofeed, see its SOURCE.md). Only what grogne relies on
// is compared: item count, titles, links and dates. Absent keys in gofeed's JSON mean "zero
// value", so a field is compared only when the expectation states it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from '../../src/errors.ts';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';
import { htmlToText } from '../../src/ingest/text.ts';
import { canonicalUrl } from '../../src/ingest/url.ts';

type Raw = Record<string, unknown>;

export interface Case {
  /** Path of the input, relative to the corpus root. */
  input: string;
  expected: Raw;
}

export interface Verdict {
  input: string;
  /** What disagreed, one phrase each; empty when the file agrees. */
  problems: string[];
}

const BASE = 'http://example.org/feed.xml';
const NOW = new Date('2024-03-05T12:00:00Z');

/** Every gofeed input that has an expected JSON, with that JSON. */
export function gofeedCases(root: string): Case[] {
  const cases: Case[] = [];
  const data = join(root, 'testdata');
  const xmlDirs = [
    'parser/atom',
    'parser/rss',
    'translator/atom',
    'translator/rss',
    'extensions/dublincore',
    'extensions/itunes',
    'extensions/media',
  ];
  for (const dir of xmlDirs) {
    const abs = join(data, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) {
      const json = join(abs, f.replace(/\.xml$/, '.json'));
      if (!f.endsWith('.xml') || !existsSync(json)) continue;
      cases.push({ input: `${dir}/${f}`, expected: JSON.parse(readFileSync(json, 'utf8')) as Raw });
    }
  }
  for (const dir of ['parser/json', 'translator/json']) {
    const abs = join(data, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) {
      const exp = join(abs, f.replace(/\.json$/, '_expected.json'));
      if (!f.endsWith('.json') || f.endsWith('_expected.json') || !existsSync(exp)) continue;
      cases.push({ input: `${dir}/${f}`, expected: JSON.parse(readFileSync(exp, 'utf8')) as Raw });
    }
  }
  return cases;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The item link gofeed reports: `link`, `url`, or an Atom entry's alternate link. */
function expectedLink(it: Raw): string | null | undefined {
  if (typeof it.link === 'string') return it.link;
  if (typeof it.url === 'string') return it.url;
  const links = (Array.isArray(it.links) ? it.links : []) as Raw[];
  if (links.length === 0) return undefined;
  const alt = links.find((l) => !l.rel || l.rel === 'alternate');
  if (!alt) return undefined;
  return typeof alt.href === 'string' ? alt.href : null;
}

/** The instant gofeed parsed for the item: published first, updated when nothing else. */
function expectedDate(it: Raw): string | undefined {
  const parsed = it.publishedParsed ?? it.pubDateParsed ?? it.date_published;
  const raw = it.published ?? it.pubDate;
  const v = parsed ?? (raw === undefined ? it.updatedParsed : undefined);
  return typeof v === 'string' ? v : undefined;
}

function sameInstant(a: string | null, b: string): boolean {
  return a !== null && Date.parse(a) === Date.parse(b);
}

/** Runs one case through the parser and lists what disagrees with gofeed's result. */
export async function judge(root: string, c: Case): Promise<Verdict> {
  const problems: string[] = [];
  const bytes = readFileSync(join(root, 'testdata', c.input));
  const items = ((c.expected.items ?? c.expected.entries ?? []) as Raw[]).filter(Boolean);
  let posts: ReturnType<typeof normaliseItems>;
  try {
    const feed = await parseFeed(decodeBody(bytes).text, BASE);
    posts = normaliseItems(feed, { sourceId: 'g', fetchedAt: NOW, baseUrl: BASE });
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return { input: c.input, problems: [`refused: ${err.message}`] };
  }
  if (posts.length !== items.length) {
    problems.push(`count ${posts.length} ≠ ${items.length}`);
    return { input: c.input, problems };
  }
  items.forEach((it, i) => {
    const post = posts[i]!;
    // gofeed keeps a title's markup ("<p>Entry Title</p>"); grogne keeps the text a reader
    // sees, so the expectation is compared as text.
    const title = typeof it.title === 'string' ? squash(htmlToText(it.title)) : null;
    if (title !== null && title !== (post.title ?? '')) {
      problems.push(`title[${i}] ${JSON.stringify(post.title)} ≠ ${JSON.stringify(it.title)}`);
    }
    const link = expectedLink(it);
    if (link !== undefined) {
      const want = link === null ? null : canonicalUrl(link, BASE);
      if (want !== post.url) problems.push(`link[${i}] ${post.url} ≠ ${want}`);
    }
    const date = expectedDate(it);
    if (date !== undefined && !sameInstant(post.publishedAt, date)) {
      problems.push(`date[${i}] ${post.publishedAt} ≠ ${date}`);
    }
  });
  return { input: c.input, problems };
}

export interface UniversalCase {
  file: string;
  feedType?: string;
  feedTitle?: string;
  hasError?: boolean;
}

/** gofeed's format-detection table: a title where it parses, a refusal where it must fail. */
export async function judgeUniversal(root: string, u: UniversalCase): Promise<Verdict> {
  const bytes = readFileSync(join(root, u.file));
  try {
    const feed = await parseFeed(decodeBody(bytes).text, BASE);
    if (u.hasError) return { input: u.file, problems: ['parsed, but gofeed refuses it'] };
    const title = feed.title ? squash(feed.title) : null;
    return {
      input: u.file,
      problems:
        u.feedTitle && title !== u.feedTitle ? [`feed title ${title} ≠ ${u.feedTitle}`] : [],
    };
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return { input: u.file, problems: u.hasError ? [] : [`refused: ${err.message}`] };
  }
}
