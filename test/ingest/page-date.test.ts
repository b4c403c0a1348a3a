import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/ingest/article.ts';
import type { DomDocument } from '../../src/ingest/extract.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';
import { pageDate } from '../../src/ingest/page-date.ts';

const now = new Date('2024-03-05T12:00:00Z');
const BODY = `<p>${'Trois semaines sans Internet, le service client de SFR ne rappelle jamais. '.repeat(8)}</p>
<p>${'J’ai envoyé une lettre recommandée, toujours aucune réponse à ce jour. '.repeat(6)}</p>`;

/** A French blog post page: `head` goes in <head>, `top` before the title, `meta` after it. */
function page(o: { head?: string; top?: string; meta?: string; lang?: string; body?: string }) {
  return `<!doctype html><html lang="${o.lang ?? 'fr-FR'}"><head><meta charset="utf-8">
<title>Ma box SFR en panne depuis trois semaines | Le blog de Camille</title>${o.head ?? ''}</head>
<body><header><h1 class="site-title"><a href="/">Le blog de Camille</a></h1></header>
<main>${o.top ?? ''}<article><h2 class="entry-title">Ma box SFR en panne depuis trois semaines</h2>
${o.meta ?? ''}<div class="entry-content">${o.body ?? BODY}</div></article></main></body></html>`;
}

/** The instant the page's date says, through parseArticle and normalise as a crawl does. */
function published(html: string): string | null {
  const parsed = parseArticle(html, 'https://camille.example.fr/2014/08/box-sfr/');
  return normaliseItems(parsed, { sourceId: 'blog', fetchedAt: now })[0]!.publishedAt;
}

const raw = (html: string) =>
  pageDate((parseHTML(html) as unknown as { document: DomDocument }).document, {
    locale: 'fr',
  });

describe('pageDate: declared dates', () => {
  // Each way CMSs and SEO plugins declare the publication date.
  it.each([
    [
      'og:article:published_time in name= and value= (a theme misspelling Open Graph)',
      '<meta name="og:article:published_time" value="2014-08-23T09:15:00+02:00">',
    ],
    [
      'article:published_time in property= and content=',
      '<meta property="article:published_time" content="2014-08-23T09:15:00+02:00">',
    ],
    [
      'itemprop datePublished on a meta',
      '<meta itemprop="datePublished" content="2014-08-23T09:15:00+02:00">',
    ],
    ['Dublin Core', '<meta name="DC.date.issued" content="2014-08-23T09:15:00+02:00">'],
    [
      'JSON-LD inside an @graph array (Yoast SEO)',
      `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Le blog de Camille","datePublished":"2009-01-01T00:00:00+01:00"},
        {"@type":"WebPage","datePublished":"2014-08-23T09:15:00+02:00"},
        {"@type":"BlogPosting","headline":"Ma box SFR","datePublished":"2014-08-23T09:15:00+02:00",
         "dateModified":"2016-01-02T10:00:00+01:00"}]}</script>`,
    ],
    [
      'JSON-LD dateCreated with a raw newline in a string (invalid JSON that CMSs emit)',
      '<script type="application/ld+json">{"@type":"Article","description":"ligne\nsuivante","dateCreated":"2014-08-23T09:15:00+02:00"}</script>',
    ],
  ])('%s', (_, head) => {
    expect(published(page({ head }))).toBe('2014-08-23T07:15:00.000Z');
  });

  it('prefers the published date to the modified one, wherever each is declared', () => {
    const head =
      '<meta property="article:modified_time" content="2016-01-02T10:00:00+01:00">' +
      '<meta name="og:article:published_time" value="2014-08-23T09:15:00+02:00">';
    expect(published(page({ head }))).toBe('2014-08-23T07:15:00.000Z');
    // Only a modified date: better than none.
    expect(
      published(
        page({
          head: '<meta property="article:modified_time" content="2016-01-02T10:00:00+01:00">',
        }),
      ),
    ).toBe('2016-01-02T09:00:00.000Z');
  });

  it('skips a declared value that is no date and goes on to the next source', () => {
    const head = '<meta property="article:published_time" content="{{ post.date }}">';
    const meta = '<time datetime="2014-08-23T09:15:00+02:00">23 août 2014</time>';
    expect(published(page({ head, meta }))).toBe('2014-08-23T07:15:00.000Z');
  });

  it.each([
    [
      '<time datetime>',
      '<p class="meta"><time datetime="2014-08-23T09:15">23 août 2014</time></p>',
    ],
    [
      'an itemprop element',
      '<span itemprop="datePublished" content="2014-08-23T09:15">23/08/2014</span>',
    ],
    [
      'an hAtom abbr (SPIP)',
      '<abbr class="published" title="2014-08-23T07:15:00Z">samedi 23 août 2014</abbr>',
    ],
  ])('reads %s', (_, meta) => {
    expect(published(page({ meta }))).toBe('2014-08-23T07:15:00.000Z');
  });
});

describe('pageDate: the date a reader sees near the title', () => {
  // Wall-clock dates without a time: midnight in Paris (CEST in August).
  const AUG_23 = '2014-08-22T22:00:00.000Z';

  it.each([
    // Blogger: the date header comes before the post title, the blog's name is the <h1>.
    [
      'a French heading above the title',
      { top: '<h2 class="date-header"><span>samedi 23 août 2014</span></h2>' },
    ],
    ['a bare <h2> date', { top: '<h2>23 août 2014</h2>' }],
    // SPIP, Drupal: the date beside the author's name, in a span of its own.
    [
      'a byline with the author',
      { meta: '<div class="info">Par <a href="/auteur/camille">Camille</a> | 23 août 2014</div>' },
    ],
    ['a "publié le" line', { meta: '<p><small>Publié le 23/08/2014 à 9h15</small></p>' }],
    [
      'a weekday and ordinal',
      { meta: '<div class="publication"> samedi 23 août 2014, par Camille</div>' },
    ],
  ])('%s', (_, parts) => {
    const got = published(page(parts));
    // Some carry a time (9h15 Paris = 07:15Z), the others midnight: both are 23 August.
    expect([AUG_23, '2014-08-23T07:15:00.000Z']).toContain(got);
  });

  it('takes the publication date before an "updated" line, and never a date in the prose', () => {
    const meta =
      '<p class="maj">Article mis à jour le 7 janvier 2016.</p><span class="date">23 août 2014</span>';
    const body = `<p>Le 6 août 2014, j’ai signé chez SFR. ${'Depuis, rien ne marche. '.repeat(10)}</p>`;
    expect(published(page({ meta, body }))).toBe(AUG_23);
    expect(raw(page({ meta: '<p>Mis à jour le 7 janvier 2016</p>' }))).toBe('7 janvier 2016');
  });

  it('ignores the dates of sidebars, comments and related posts', () => {
    const top =
      '<div class="widget_recent_entries"><ul><li>Orange et moi — 2 juin 2014</li></ul></div>';
    const body = `${BODY}<div id="comments"><ol class="commentlist"><li>Paul, 24 août 2014 : pareil !</li></ol></div>`;
    expect(published(page({ top, body }))).toBeNull();
  });

  it('reads numeric dates in the page language', () => {
    const meta = '<p class="date">06/05/2016</p>';
    expect(published(page({ meta }))).toBe('2016-05-05T22:00:00.000Z'); // 6 May
    expect(published(page({ meta, lang: 'en-US' }))).toBe('2016-06-04T22:00:00.000Z'); // June 5
  });

  it('finds the title by the page title when the first <h1> is the logo', () => {
    const html = page({ meta: '<span class="date">23 août 2014</span>' }).replace(
      '<h1 class="site-title"><a href="/">Le blog de Camille</a></h1>',
      '<h1><a href="/"><img src="logo.png" alt="Camille"></a></h1><p>2 juin 2014</p>',
    );
    expect(published(html)).toBe(AUG_23);
  });

  it('gives null for a page that shows no date', () => {
    expect(published(page({}))).toBeNull();
  });

  it('reads a page that prints scripts before its doctype', () => {
    const html = `<script src="jquery.js"></script>\n${page({ meta: '<p>Publié le 2014-08-23</p>' })}`;
    expect(published(html)).toBe(AUG_23);
  });
});
