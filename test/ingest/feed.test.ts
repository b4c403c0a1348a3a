import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.ts';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const SHARED = new URL('../../../shared/', import.meta.url);
const now = new Date('2024-03-05T12:00:00Z');

async function load(name: string) {
  const parsed = await parseFeed(decodeBody(readFileSync(join(FIXTURES, name))).text);
  const posts = normaliseItems(parsed, {
    sourceId: 'blog',
    fetchedAt: now,
    baseUrl: 'https://feeds.example.fr/flux.xml',
  });
  return { parsed, posts };
}

describe('parseFeed + normaliseItems on French fixtures', () => {
  it('reads RSS 2.0 with content:encoded, dc:creator, slash:comments and categories', async () => {
    const { parsed, posts } = await load('rss2-french.xml');
    expect(parsed.format).toBe('rss');
    const [first, second, third] = posts;
    expect(first).toMatchObject({
      guid: 'blog-example-42',
      dedupKey: 'blog-example-42',
      title: "SFR, c'est l'enfer !",
      author: 'Jérôme',
      publishedAt: '2012-10-18T17:21:00.000Z',
      categories: ['Télécoms', 'Coup de gueule'],
      malformed: false,
    });
    expect(first!.engagement.comments).toBe(37);
    // Relative link resolved against the feed's site; host lowercased; utm_* and #fragment gone.
    expect(first!.url).toBe('https://blog.example.fr/2012/10/sfr-enfer?id=7');
    // Paragraphs and <br> become lines; script and style vanish.
    expect(first!.text).toBe(
      "Mon téléphone est arrivé défectueux.\nPas de SMS,\npas d'appels à l'étranger.",
    );
    // No guid: the canonical link (fbclid dropped) is the key. Unreadable date: null, not now.
    expect(second!.dedupKey).toBe('https://blog.example.fr/2012/11/sans-guid');
    expect(second!.publishedAt).toBeNull();
    // Neither guid nor link: a content hash.
    expect(third!.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  // Each broken or unusual document, named after its quirk, and what must survive of it.
  it.each([
    [
      'bare-ampersand.xml',
      true,
      'Orange & Free, même combat',
      'Box en panne & hotline injoignable.',
    ],
    // sax (under xml2js) knows the HTML entities itself, so this one needs no repair.
    [
      'html-entities.xml',
      false,
      'Fibre coupée depuis une semaine !',
      '« C’est l’œuvre du diable », 49 € par mois.',
    ],
    ['bom-atom.xml', false, 'Box Free en panne', 'Trois jours sans Internet.'],
    [
      'latin1-no-charset.xml',
      false,
      'Échec total',
      'Le café est froid, l’œuvre est ratée, 10 € perdus.',
    ],
    [
      'jsonfeed.json',
      false,
      'Résiliation impossible',
      'Trois lettres recommandées, aucune réponse.',
    ],
    ['rdf-rss1.xml', false, 'Réseau saturé', 'Plus de 4G le soir.'],
    ['rss091.xml', false, 'Minitel en panne', '3615 ne répond plus.'],
    // Cut off mid-item (a body cap, a dropped connection): open elements are closed.
    ['truncated.xml', true, 'Début', ''],
  ])('%s → malformed=%s, French text intact', async (name, malformed, title, text) => {
    const { posts } = await load(name);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.malformed).toBe(malformed);
    expect(posts[0]!.title).toBe(title);
    expect(posts[0]!.text).toContain(text);
  });

  it('reads Atom authors, categories and dates with offsets', async () => {
    const { parsed, posts } = await load('bom-atom.xml');
    expect(parsed.format).toBe('atom');
    expect(posts[0]).toMatchObject({
      guid: 'urn:atom:bom:1',
      author: 'Amélie',
      categories: ['Internet'],
      publishedAt: '2024-03-03T13:05:00.000Z',
    });
  });

  // Dates under any prefix bound to Atom or Dublin Core (.NET's a10:updated, dcterms under
  // its own prefix, Atom under a prefix declared on the item), the publication date before
  // the last change; an "updated" in another namespace is no date of the item; a numeric
  // date reads in the channel's <language>.
  it('reads namespaced item dates by their namespace, not their prefix', async () => {
    const { parsed, posts } = await load('namespaced-dates.xml');
    expect(parsed.lang).toBe('fr-fr');
    expect(posts.map((p) => p.publishedAt)).toEqual([
      '2016-06-15T13:03:00.000Z',
      '2016-06-14T09:00:00.000Z',
      '2016-06-13T08:00:00.000Z',
      null,
      '2016-06-05T12:05:00.000Z',
    ]);
  });

  it('reads JSON Feed authors, tags and items without a title', async () => {
    const { parsed, posts } = await load('jsonfeed.json');
    expect(parsed.format).toBe('jsonfeed');
    expect(posts.map((p) => p.dedupKey)).toEqual(['json-1', 'json-2']);
    expect(posts[0]).toMatchObject({ author: 'Chloé', categories: ['résiliation'] });
    expect(posts[1]!.text).toBe('Facture double ce mois-ci.');
  });

  // What is not a feed says what it looks like, as a SourceError (the CLI exits 2 on it).
  it.each([
    ['not-a-feed.html', /^not a feed: an HTML page$/],
    ['broken-beyond-repair.xml', /^not a feed: broken XML/],
  ])('%s is refused with a clear SourceError', async (name, message) => {
    const err = await load(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    ['{"hello": "world"}', /JSON without a JSON Feed version/],
    ['', /an empty document/],
    ['<?xml version="1.0"?><html-ish><a/></html-ish>', /root is <html-ish>/],
  ])('refuses %j', async (text, message) => {
    await expect(parseFeed(text)).rejects.toThrow(message);
  });

  it('never expands external entities (XXE)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&x;</title><guid>1</guid></item></channel></rss>`;
    const out = await parseFeed(xxe).catch((e: Error) => e);
    const text = JSON.stringify(out instanceof Error ? out.message : out);
    expect(text).not.toContain('root:');
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const CORPORA = [
  fileURLToPath(new URL('corpora/feedparser/tests/', SHARED)),
  fileURLToPath(new URL('corpora/gofeed/testdata/', SHARED)),
];

describe.skipIf(!CORPORA.every((d) => existsSync(d)))(
  'feedparser and gofeed corpora (../shared/corpora): no uncaught exception',
  () => {
    it('parses every file or refuses it with a SourceError', async () => {
      const files = CORPORA.flatMap(walk).filter((f) => /\.(xml|json|rss|atom)$/i.test(f));
      let parsed = 0;
      let refused = 0;
      let malformed = 0;
      const crashes: string[] = [];
      for (const f of files) {
        try {
          const feed = await parseFeed(decodeBody(readFileSync(f)).text);
          normaliseItems(feed, { sourceId: 'c', fetchedAt: now, baseUrl: 'http://example.org/' });
          parsed++;
          if (feed.malformed) malformed++;
        } catch (err) {
          if (err instanceof SourceError) refused++;
          else crashes.push(`${f}: ${(err as Error).stack}`);
        }
      }
      console.info(
        `corpora: ${files.length} files, ${parsed} parsed (${malformed} repaired), ${refused} refused`,
      );
      expect(crashes, crashes.slice(0, 5).join('\n')).toEqual([]);
    });
  },
);
