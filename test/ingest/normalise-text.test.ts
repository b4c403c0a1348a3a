// The fast path of normalise's HTML-to-text (src/ingest/inline-html.ts) must give exactly
// what the DOM path (src/ingest/text.ts) gives: on hand-made hard cases, on the demo feeds,
// and on every item of the feed corpora in ../shared/corpora.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/ingest/feed.ts';
import { fastHtmlToText, inlineHtmlText } from '../../src/ingest/inline-html.ts';
import { htmlToText } from '../../src/ingest/text.ts';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const SHARED = new URL('../../../shared/', import.meta.url);
const CORPORA = fileURLToPath(new URL('corpora/', SHARED));

describe('fastHtmlToText', () => {
  // Fragments the scanner reads itself: the output must be the DOM's, to the character.
  it.each([
    ['plain text', 'Free ne répond pas'],
    ['paragraphs', '<p>Ma box est en panne.</p><p>Le service client ne répond pas.</p>'],
    ['br and inline', 'SFR <b>c&#39;est</b> l&rsquo;enfer&nbsp;!<br/>Vraiment.<br>'],
    ['attributes', '<a href="https://x.fr/?a=1&amp;b=2" title=\'t\' rel=nofollow>lien</a> ici'],
    ['bare ampersand and angle', 'Orange & SFR < Free, <3 et a <= b'],
    ['nested lists', '<ul><li>un<ul><li>deux</li></ul></li><li>trois</li></ul>fin'],
    ['unclosed at the end', '<div>début <em>fin'],
    ['CR LF', 'ligne un\r\nligne deux\rtrois'],
    ['numeric refs', '&#233;t&#xE9; &#8364; &#x1F600;'],
    ['img is no text', 'avant<img src="a.png" alt="x">après'],
  ])('%s: same text as the DOM, without it', (_name, html) => {
    expect(inlineHtmlText(html) === null && /[<&]/.test(html)).toBe(false);
    expect(fastHtmlToText(html)).toBe(htmlToText(html));
  });

  // What only an HTML5 tree builder gets right is handed to it (null), and still agrees.
  it.each([
    ['implied </p>', '<p>un<p>deux</div>trois'],
    ['dd closes dt', '<dl><dd>a<dt>b</dd>c</dl>'],
    ['li closes li through a div', '<li>a<div>b<li>c</div>d'],
    ['misnested inline', '<b><i>x</b>y</i>'],
    ['table foster parenting', '<table>avant<tr><td>cellule</td></tr></table>'],
    ['script', 'a<script>var x = "<b>";</script>b'],
    ['comment', 'a<!-- b -->c'],
    ['unknown entity', 'a &foo; b &amp c'],
    ['C1 numeric ref', 'prix &#128; HT'],
    ['quote in an unquoted value', '<a title=x"y>z</a>'],
    ['link in a link', '<a href=1>a<a href=2>b</a>c</a>'],
  ])('%s: left to the DOM', (_name, html) => {
    expect(inlineHtmlText(html)).toBeNull();
    expect(fastHtmlToText(html)).toBe(htmlToText(html));
  });
});

/** Every string normalise turns into text: titles, authors, categories, item bodies. */
async function fragments(file: string): Promise<string[]> {
  try {
    const feed = await parseFeed(readFileSync(file, 'utf8'));
    return feed.items.flatMap((it) =>
      [it.html, it.title, it.author, ...it.categories].filter((s): s is string => !!s),
    );
  } catch {
    return [];
  }
}

function walk(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

function agree(strings: string[]) {
  const differ = strings.filter((s) => fastHtmlToText(s) !== htmlToText(s));
  const fast = strings.filter((s) => /[<&]/.test(s) && inlineHtmlText(s) !== null).length;
  const html = strings.filter((s) => /[<&]/.test(s)).length;
  return { differ, fast, html };
}

describe('fastHtmlToText on real feeds', () => {
  it('agrees with the DOM on every item of the demo feeds, and skips it for most', async () => {
    const files = readdirSync(DEMO).filter((f) => f.endsWith('.xml'));
    const strings = (await Promise.all(files.map((f) => fragments(join(DEMO, f))))).flat();
    const html = readFileSync(join(DEMO, 'forum-thread.html'), 'utf8');
    const r = agree([...strings, html]);
    expect(r.differ).toEqual([]);
    expect(r.fast / r.html).toBeGreaterThan(0.8);
  });

  describe.skipIf(!existsSync(CORPORA))('feed corpora (../shared/corpora absent: skipped)', () => {
    it('agrees with the DOM on every item of every corpus feed and page', async () => {
      const files = walk(CORPORA, '.xml');
      const strings = (await Promise.all(files.map(fragments))).flat();
      const pages = walk(CORPORA, '.html').map((f) => readFileSync(f, 'utf8'));
      const r = agree([...strings, ...pages]);
      console.info(
        `fast path: ${r.fast}/${r.html} HTML fragments of ${files.length} feeds and ${pages.length} pages`,
      );
      expect(r.differ.slice(0, 5)).toEqual([]);
    }, 120_000);
  });
});
