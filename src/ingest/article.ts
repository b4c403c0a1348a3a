// A single article page (a blog post without a feed) to a one-item ParsedFeed. The text is
// extractArticle's (Readability on a linkedom DOM, page furniture removed), so a page read as
// a source and a page fetched for a feed item's full text give the same words.
import { SourceError } from '../errors.ts';
import { extractArticle } from './extract.ts';
import { describeDocument } from './feed.ts';
import { emptyItem, type ParsedFeed } from './parsed.ts';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Lines of plain text as the HTML that normalise turns back into the same lines. */
const linesToHtml = (text: string) =>
  text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');

/** Throws SourceError when Readability finds no article on the page. */
export function parseArticle(html: string, pageUrl: string): ParsedFeed {
  const article = extractArticle(html, pageUrl);
  if (!article.readable) {
    throw new SourceError(`not an article: no readable content in ${describeDocument(html)}`);
  }
  const item = emptyItem();
  item.link = article.canonical ?? pageUrl;
  item.title = article.title;
  item.html = linesToHtml(article.text);
  item.author = article.byline;
  item.date = article.published;
  item.position = null;
  return {
    format: 'article',
    title: article.title,
    link: pageUrl,
    lang: article.lang,
    items: [item],
    malformed: false,
  };
}
