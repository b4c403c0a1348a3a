// A single article page (a blog post without a feed) to a one-item ParsedFeed, through
// Mozilla Readability on a linkedom DOM (no browser, no script execution).
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { SourceError } from '../errors.ts';
import { describeDocument } from './feed.ts';
import { emptyItem, type ParsedFeed } from './parsed.ts';

export function parseArticle(html: string, pageUrl: string): ParsedFeed {
  const { document } = parseHTML(html);
  const published =
    document.querySelector('meta[property="article:published_time"]')?.getAttribute('content') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    null;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  // Readability types want a DOM Document; linkedom's is structurally close enough for it.
  const article = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
  ).parse();
  if (!article?.content) {
    throw new SourceError(`not an article: no readable content in ${describeDocument(html)}`);
  }
  const item = emptyItem();
  item.link = canonical ?? pageUrl;
  item.title = article.title || null;
  item.html = article.content;
  item.author = article.byline || null;
  item.date = article.publishedTime || published;
  item.position = null;
  return {
    format: 'article',
    title: article.title || null,
    link: pageUrl,
    items: [item],
    malformed: false,
  };
}
