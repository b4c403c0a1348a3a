// A single article page (a blog post without a feed) to a one-item ParsedFeed, through
// Mozilla Readability on a linkedom DOM (no browser, no script execution).
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { SourceError } from '../errors.ts';
import { type DomDocument, pageLang } from './extract.ts';
import { describeDocument } from './feed.ts';
import { pageDate } from './page-date.ts';
import { emptyItem, type ParsedFeed } from './parsed.ts';

/**
 * Drops what a page prints before its <!DOCTYPE> (script tags a CMS plugin emits first):
 * linkedom then builds an empty <html> and the whole page is lost.
 */
function fromDoctype(html: string): string {
  const at = html.search(/<!doctype\s/i);
  return at > 0 && !/<(?:html|body)[\s>]/i.test(html.slice(0, at)) ? html.slice(at) : html;
}

export function parseArticle(html: string, pageUrl: string): ParsedFeed {
  const { document } = parseHTML(fromDoctype(html));
  // Read before Readability runs: it strips the page down to the article's body.
  const dom = document as unknown as DomDocument;
  const lang = pageLang(dom);
  const published = pageDate(dom, { locale: lang });
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
  item.date = published ?? (article.publishedTime || null);
  item.position = null;
  return {
    format: 'article',
    title: article.title || null,
    link: pageUrl,
    lang,
    items: [item],
    malformed: false,
  };
}
