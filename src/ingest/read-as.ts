// How a fetched document is read: as its source's kind says, or, when nothing says (a `page`
// source, `grogne inspect` without --kind), by what it turns out to be: a feed, a forum thread
// or an article. And what was read, in a line a user can check ("forum thread (phpBB, 12
// posts)").
import * as cheerio from 'cheerio';
import type { SourceConfig } from '../config.ts';
import { SourceError, WrongKindError } from '../errors.ts';
import { parseArticle } from './article.ts';
import { describeDocument, type FeedParseOptions, looksLikeFeed, parseFeed } from './feed.ts';
import { type ParsedThread, parseThreadPage, type ThreadSelectors } from './forum.ts';
import type { ParsedFeed } from './parsed.ts';

/** What a document is read as. */
export type DocumentKind = 'feed' | 'thread' | 'article';

/**
 * How to read a document: a source kind (`forum` takes a feed or a thread, `page` anything),
 * one reading forced, or `auto`, which is `page`'s guess.
 */
export type ReadAs = SourceConfig['kind'] | DocumentKind | 'auto';

// Posts found by repeated structure alone may be a page's side blocks (related articles,
// comment teasers, author boxes, a tweet widget) rather than a thread. On the French article
// pages of ../shared/corpora/pages-fr, such "threads" hold at most 23% of the article's text,
// or are one post (the article itself) and a widget holding under 1%; the forum threads of
// unknown engines (forums-real, test/fixtures/forums/custom-board-thread.html) hold 100% or
// more of it, and their longest post at most 84% of the posts' text.
const THREAD_SHARE = 0.5;
const ONE_POST_SHARE = 0.95;

/** How a source's configuration fixes a document that is not what it was read as. */
const SOURCE_FIX: Record<WrongKindError['tried'], string> = {
  feed: 'if the site has a feed, give its address (grogne sources add SITE looks for one); else set the source\'s "kind" to "page"',
  thread:
    'give the source "selectors" for its posts ({"post": "<CSS selector of one post>"}), or set its "kind" to "page" if it is an article',
  article: 'set the source\'s "kind" to "feed" or "forum"',
  any: 'if it is a forum thread, give the source "selectors" for its posts ({"post": "<CSS selector of one post>"})',
};

const FEED_FORMATS = new Set(['rss', 'atom', 'rdf', 'jsonfeed']);

// What each format is called where users see it.
const NAMES: Record<string, string> = {
  rss: 'RSS',
  atom: 'Atom',
  rdf: 'RSS 1.0',
  jsonfeed: 'JSON Feed',
  phpbb: 'phpBB',
  phpbb2: 'phpBB 2',
  xenforo: 'XenForo',
  smf: 'SMF',
  vbulletin: 'vBulletin',
  invision: 'Invision Community',
  discourse: 'Discourse',
  nodebb: 'NodeBB',
  flarum: 'Flarum',
  fluxbb: 'FluxBB',
  punbb: 'PunBB',
  mybb: 'MyBB',
  hfr: 'forum.hardware.fr',
  generic: "the source's selectors",
  detected: 'no known engine, posts found by their repeated structure',
};

export function kindOf(parsed: ParsedFeed): DocumentKind {
  if (FEED_FORMATS.has(parsed.format)) return 'feed';
  return parsed.format === 'article' ? 'article' : 'thread';
}

/** One line saying what was read: "feed (RSS, 3 items)", "forum thread (phpBB, 12 posts)". */
export function describeReading(parsed: ParsedFeed): string {
  const kind = kindOf(parsed);
  if (kind === 'article') return 'article';
  const name = NAMES[parsed.format] ?? parsed.format;
  const n = parsed.items.length;
  if (kind === 'feed') return `feed (${name}, ${n} item${n === 1 ? '' : 's'})`;
  return `forum thread (${name}, ${n} post${n === 1 ? '' : 's'})`;
}

function textLength(html: string | null): number {
  return html ? cheerio.load(html).root().text().replace(/\s+/g, ' ').trim().length : 0;
}

/** Markup that an article could be read from (not plain text, JSON or some other XML). */
function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|article|main|p|div)[\s>]/i.test(text);
}

/** Runs one reading; a SourceError from it becomes null, other errors go on. */
async function attempt<T>(read: () => T | Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof SourceError) return null;
    throw err;
  }
}

/** The same failure, with how the source's configuration can fix it. */
function wrongKind(err: unknown, tried: WrongKindError['tried']): unknown {
  return err instanceof SourceError && !(err instanceof WrongKindError)
    ? new WrongKindError(err.message, tried, SOURCE_FIX[tried])
    : err;
}

/**
 * A thread whose engine is known or whose posts the source's selectors point at is a thread.
 * Posts found by repeated structure alone make a thread when they hold most of the page's
 * article text and no one post holds nearly all of it; else the page is an article with side
 * blocks. Null when it is neither.
 */
async function guessPage(
  text: string,
  url: string,
  selectors: ThreadSelectors | undefined,
): Promise<ParsedFeed | null> {
  const thread = await attempt<ParsedThread>(() => parseThreadPage(text, url, { selectors }));
  if (thread && thread.format !== 'detected') return thread;
  const article = looksLikeHtml(text) ? await attempt(() => parseArticle(text, url)) : null;
  if (!thread) return article;
  if (!article) return thread;
  const lengths = thread.items.map((item) => textLength(item.html));
  const posts = lengths.reduce((a, b) => a + b, 0);
  if (Math.max(...lengths) > ONE_POST_SHARE * posts) return article;
  return posts >= THREAD_SHARE * textLength(article.items[0]?.html ?? null) ? thread : article;
}

/**
 * Parses a document as `as` says. Throws WrongKindError when the document is not of that kind
 * (its message says how to fix the source), SourceError when it is but cannot be read (a feed
 * broken beyond repair).
 */
export async function readAs(
  as: ReadAs,
  text: string,
  url: string,
  selectors?: ThreadSelectors,
  feedOptions: FeedParseOptions = {},
): Promise<ParsedFeed> {
  // A forum may serve a feed of its new posts, and a page source may be a feed.
  const feed = as === 'feed' || (as !== 'thread' && as !== 'article' && looksLikeFeed(text));
  try {
    if (feed) return await parseFeed(text, url, feedOptions);
  } catch (err) {
    // Broken XML is still a feed: only a document that does not look like one is the wrong kind.
    throw looksLikeFeed(text) ? err : wrongKind(err, 'feed');
  }
  if (as === 'forum' || as === 'thread') {
    try {
      return parseThreadPage(text, url, { selectors });
    } catch (err) {
      throw wrongKind(err, 'thread');
    }
  }
  if (as === 'article') {
    try {
      return parseArticle(text, url);
    } catch (err) {
      throw wrongKind(err, 'article');
    }
  }
  const guessed = await guessPage(text, url, selectors);
  if (guessed) return guessed;
  const what = describeDocument(text);
  const problem = looksLikeHtml(text)
    ? `not a feed, a forum thread or an article: no posts and no readable text in ${what}`
    : `not a feed, a forum thread or an article: ${what}`;
  throw new WrongKindError(problem, 'any', SOURCE_FIX.any);
}
