// A broken item costs that item (or only its bad characters), never the whole feed. The
// fixtures are six French posts; each broken one differs from a clean feed by one defect, so
// what comes back is compared with what the clean feed gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.ts';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const now = new Date('2024-03-05T12:00:00Z');

async function posts(xml: string) {
  const parsed = await parseFeed(xml, 'https://decus.example.fr/flux.xml');
  return { parsed, posts: normaliseItems(parsed, { sourceId: 'decus', fetchedAt: now }) };
}

// The clean feed the broken fixtures were made from: invalid-char-ref.xml without its
// "&#x1F;" (which the repair drops, leaving the words around it).
const CLEAN = fixture('invalid-char-ref.xml').replace('&#x1F;', '');
const strip = <T extends { malformed: boolean }>(list: T[]) =>
  list.map(({ malformed: _, ...rest }) => rest);

describe('parseFeed recovers item by item', () => {
  it('a clean feed: nothing malformed, six posts', async () => {
    const { parsed, posts: clean } = await posts(CLEAN);
    expect(parsed.malformed).toBe(false);
    expect(parsed.lostItems).toBeUndefined();
    expect(clean.map((p) => p.guid)).toEqual(
      ['1', '2', '3', '4', '5', '6'].map((n) => `billet-${n}`),
    );
    expect(clean.every((p) => !p.malformed)).toBe(true);
  });

  // The user's case: one "&#x1F;" in a full-text feed used to make the parser refuse it whole.
  it('an invalid character reference: every post back, only the damaged one malformed', async () => {
    const [{ parsed, posts: got }, { posts: clean }] = await Promise.all([
      posts(fixture('invalid-char-ref.xml')),
      posts(CLEAN),
    ]);
    expect(parsed.malformed).toBe(true);
    expect(got.map((p) => [p.guid, p.malformed])).toEqual(
      clean.map((p) => [p.guid, p.guid === 'billet-3']),
    );
    expect(got[2]!.text).toBe('Quarante minutes d’attente, puis la ligne a coupé.');
    expect(strip(got)).toEqual(strip(clean));
  });

  // A CDATA section whose "]]>" lost its ">" runs on to the next item's "]]>": the parser
  // raises no error but swallows the next post. It is closed where its element ends.
  it('an unclosed CDATA: the swallowed post comes back, the damaged one malformed', async () => {
    const [{ posts: got }, { posts: clean }] = await Promise.all([
      posts(fixture('unclosed-cdata.xml')),
      posts(CLEAN),
    ]);
    expect(got.map((p) => [p.guid, p.malformed])).toEqual(
      clean.map((p) => [p.guid, p.guid === 'billet-2']),
    );
    expect(got[1]!.text).toBe(clean[1]!.text);
  });

  // An attribute whose closing quote is missing: no repair knows what was meant, so that
  // post is dropped and counted, and the five others are read.
  it('an item broken beyond repair: the other posts back, the loss counted', async () => {
    const { parsed, posts: got } = await posts(fixture('broken-item.xml'));
    const { posts: clean } = await posts(CLEAN);
    expect(parsed).toMatchObject({ malformed: true, lostItems: 1, title: 'Le blog des déçus' });
    expect(got.map((p) => p.guid)).toEqual([
      'billet-1',
      'billet-2',
      'billet-3',
      'billet-5',
      'billet-6',
    ]);
    expect(got.every((p) => !p.malformed)).toBe(true);
    expect(strip(got)).toEqual(strip(clean.filter((p) => p.guid !== 'billet-4')));
  });

  // Each reference XML forbids, in the third post's title, where the parser stops on it.
  it.each([
    ['a control character', '&#x1F;', 'Attente interminable'],
    ['NUL', '&#0;', 'Attente interminable'],
    ['past U+10FFFF', '&#x110000;', 'Attente \uFFFDinterminable'],
    ['a lone surrogate', '&#xD800;', 'Attente \uFFFDinterminable'],
    ['an emoji as a surrogate pair', '&#xD83D;&#xDE21;', 'Attente 😡interminable'],
    ['an undefined entity', '&nimporte;', 'Attente &nimporte;interminable'],
  ])('%s (%s) costs only that character', async (_label, ref, title) => {
    const xml = CLEAN.replace(
      '<title>Service client injoignable</title>',
      `<title>Attente ${ref}interminable</title>`,
    );
    const { posts: got } = await posts(xml);
    expect(got).toHaveLength(6);
    expect(got[2]).toMatchObject({ title, malformed: true });
    expect(got.filter((p) => p.malformed)).toHaveLength(1);
  });

  // Recovery cuts the feed at its items' start tags: one quoted inside a post's CDATA is text.
  it('a post quoting "<item>" in its CDATA is not cut in two', async () => {
    const quoting = fixture('invalid-char-ref.xml').replace(
      '<p>Trois jours sans Internet',
      '<p>Le flux affichait <item> en clair. Trois jours sans Internet',
    );
    const { posts: got } = await posts(quoting);
    expect(got.map((p) => p.guid)).toEqual(
      ['1', '2', '3', '4', '5', '6'].map((n) => `billet-${n}`),
    );
    // In HTML, "<item>" is an unknown tag: the text reads on without it.
    expect(got[0]!.text).toMatch(/^Le flux affichait en clair\. Trois jours/);
    expect(got.map((p) => p.malformed)).toEqual([false, false, true, false, false, false]);
  });

  it('a repair outside the items (the channel title) leaves the items unflagged', async () => {
    const { parsed, posts: got } = await posts(
      CLEAN.replace('Le blog des déçus', 'Orange & SFR : le blog des déçus'),
    );
    expect(parsed).toMatchObject({
      malformed: true,
      title: 'Orange & SFR : le blog des déçus',
    });
    expect(got).toHaveLength(6);
    expect(got.every((p) => !p.malformed)).toBe(true);
  });

  it('a feed whose every item is unreadable is refused, saying so', async () => {
    const broken = CLEAN.replace(/<guid>/g, '<enclosure url="x length="1"/><guid>');
    const err = await parseFeed(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toMatch(/^not a feed: broken XML .*none of its 6 items/);
  });
});

describe('a UTF-8 feed with one stray Latin-1 byte', () => {
  const bytes = readFileSync(new URL('../fixtures/feeds/stray-latin1-byte.xml', import.meta.url));

  it('decodes without mojibake and counts the repair', async () => {
    const decoded = decodeBody(bytes, 'application/rss+xml; charset=utf-8');
    expect(decoded).toMatchObject({ charset: 'utf-8', repaired: 1 });
    const { posts: got } = await posts(decoded.text);
    const text = got.map((p) => `${p.title}\n${p.text}`).join('\n');
    expect(text).not.toMatch(/Ã|Â|â€|\uFFFD/);
    expect(got[4]!.text).toBe('Le colis était « livré » alors que personne n’est passé.');
    expect(got[5]!.text).toBe('La box redémarre toute seule, c’est complètement absurde.');
  });
});
