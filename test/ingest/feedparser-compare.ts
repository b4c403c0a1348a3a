// Measures parseFeed + normaliseItems against the simple expectations of feedparser's test
// corpus (../shared/corpora/feedparser/INDEX.json). feedparser's `Expect:` lines are Python
// over its own result dict; only the simple ones translate to what grogne produces: the feed's
// title and link, an entry's title and link, the entry count, and the detected encoding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from '../../src/errors.ts';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';
import { htmlToText } from '../../src/ingest/text.ts';
import { canonicalUrl } from '../../src/ingest/url.ts';

export interface IndexEntry {
  path: string;
  description: string | null;
  expect: string | null;
  http_headers: Record<string, string>;
  skip_unless: string | null;
}

export type Field =
  | 'feed.title'
  | 'feed.link'
  | 'entry.title'
  | 'entry.link'
  | 'count'
  | 'encoding';

export interface Simple {
  field: Field;
  /** Entry index, for entry fields. */
  index: number;
  value: string | number;
}

const FIELD =
  /^(?:not bozo and )?(feed\['(title|link)'\]|entries\[(\d+)\]\['(title|link)'\]|len\(entries\)|encoding) == (.+)$/;

/** Reads a Python string literal ('…', "…", u'…'), or an int; null for anything else. */
export function pyLiteral(src: string): string | number | null {
  const s = src.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^u?(['"])(.*)\1$/s.exec(s);
  if (!m) return null;
  const body = m[2]!;
  if (new RegExp(`(^|[^\\\\])${m[1]}`).test(body)) return null; // two literals joined
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (/^[uxU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/** The expectation as a comparison grogne can make, or null when it is not a simple one. */
export function simpleExpectation(expect: string | null): Simple | null {
  const m = FIELD.exec((expect ?? '').trim());
  if (!m) return null;
  const value = pyLiteral(m[5]!);
  if (value === null) return null;
  if (m[2]) return { field: m[2] === 'title' ? 'feed.title' : 'feed.link', index: 0, value };
  if (m[3]) {
    return { field: m[4] === 'title' ? 'entry.title' : 'entry.link', index: Number(m[3]), value };
  }
  return { field: m[1] === 'encoding' ? 'encoding' : 'count', index: 0, value };
}

const text = (s: string | null | undefined) =>
  htmlToText(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

// grogne reads ISO-8859-1 and ASCII as windows-1252 (what browsers do), and names UTF-16/32
// by their byte order; feedparser's names for the same decoders are accepted as equal.
function sameCharset(ours: string, theirs: string): boolean {
  const n = (c: string) =>
    c
      .toLowerCase()
      .replace(/^(iso-8859-1|us-ascii|ascii|latin-?1|cp1252)$/, 'windows-1252')
      .replace(/^(utf-(16|32))(le|be)$/, '$1');
  return n(ours) === n(theirs);
}

/** Null when grogne agrees with the expectation; otherwise what it found instead. */
export async function disagreement(root: string, e: IndexEntry, s: Simple): Promise<string | null> {
  const bytes = readFileSync(join(root, e.path));
  const contentType =
    Object.entries(e.http_headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ??
    null;
  const decoded = decodeBody(bytes, contentType);
  if (s.field === 'encoding') {
    return sameCharset(decoded.charset, String(s.value)) ? null : `encoding ${decoded.charset}`;
  }
  const base = 'http://127.0.0.1/feed.xml';
  let feed: Awaited<ReturnType<typeof parseFeed>>;
  try {
    feed = await parseFeed(decoded.text, base);
  } catch (err) {
    if (err instanceof SourceError) return `refused: ${err.message}`;
    throw err;
  }
  const posts = normaliseItems(feed, { sourceId: 'f', fetchedAt: new Date(0), baseUrl: base });
  const want = String(s.value);
  const got = (() => {
    switch (s.field) {
      case 'count':
        return String(posts.length);
      case 'feed.title':
        return text(feed.title);
      case 'entry.title':
        return posts[s.index]?.title ?? '';
      case 'feed.link':
        return canonicalUrl(feed.link, base) ?? '';
      case 'entry.link':
        return posts[s.index]?.url ?? '';
    }
  })();
  const expected = s.field.endsWith('link')
    ? (canonicalUrl(want, base) ?? want)
    : s.field.endsWith('title')
      ? text(want)
      : want;
  return got === expected
    ? null
    : `${s.field} ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`;
}
