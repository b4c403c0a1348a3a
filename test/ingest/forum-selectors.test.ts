import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { SourceError } from '../../src/errors.ts';
import { ingestSource } from '../../src/ingest/inspect.ts';
import { crawlableSources } from '../../src/pipeline.ts';
import { openStore } from '../../src/store/open.ts';
import { syncSources } from '../../src/store/write.ts';
import { serve, type TestServer } from '../helpers/http.ts';

const now = new Date('2024-03-05T12:00:00Z');

// A guestbook-like board: its author is plain text in a span, nothing links a profile or
// names an author, so neither an engine nor detection can tell who wrote what.
const GUESTBOOK = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Avis sur la mutuelle</title></head><body>
<h1>Avis sur la mutuelle Harmonie</h1>
<div class="billets">
  <div class="billet" id="b41"><span class="signe">Par Jacqueline</span> <em class="horodatage">le 3 mars 2024 à 14h05</em>
    <div class="mot">Remboursement des lunettes refusé trois fois, la mutuelle perd mes devis.</div></div>
  <div class="billet" id="b42"><span class="signe">Par Marcel</span> <em class="horodatage">le 4 mars 2024 à 9h12</em>
    <div class="mot">Même chose, six semaines pour un remboursement dentaire.</div></div>
</div></body></html>`;

const html = (name: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    name === 'guestbook'
      ? GUESTBOOK
      : readFileSync(new URL(`../fixtures/forums/${name}`, import.meta.url), 'utf8'),
  );
};

let srv: TestServer;
beforeAll(async () => {
  srv = await serve({
    '/avis': html('guestbook'),
    '/fil/877': html('custom-board-thread.html'),
  });
});
afterAll(() => srv.close());

/** A forum source as the configuration file gives it, read back from the store like a crawl. */
function configured(path: string, selectors?: object) {
  const config = parseConfig({
    sources: [
      {
        id: 'forum',
        kind: 'forum',
        url: `${srv.origin}${path}`,
        ...(selectors ? { selectors } : {}),
      },
    ],
    crawl: { allowPrivateHosts: ['127.0.0.1'] },
  });
  const db = openStore(':memory:');
  syncSources(db, config.sources);
  return crawlableSources({ db, config })[0]!;
}

const opts = {
  allowPrivateHosts: ['127.0.0.1'],
  now: () => now,
  timeoutMs: 5000,
  maxThreadPages: 1,
};

describe("a forum source's selectors, from the configuration to the posts", () => {
  it('reads nothing without selectors: the page is no thread grogne can read', async () => {
    await expect(ingestSource(configured('/avis'), '/', opts)).rejects.toThrow(SourceError);
  });

  it('reads the posts with them; the date left out is found as detection finds it', async () => {
    const source = configured('/avis', { post: 'div.billet', author: '.signe', body: '.mot' });
    expect(source.selectors?.post).toBe('div.billet');
    const out = await ingestSource(source, '/', opts);
    expect(out.fetch.format).toBe('generic');
    expect(out.posts.map((p) => [p.author, p.publishedAt, p.engagement.position])).toEqual([
      ['Jacqueline', '2024-03-03T13:05:00.000Z', 1],
      ['Marcel', '2024-03-04T08:12:00.000Z', 2],
    ]);
    expect(out.posts[0]!.text).toBe(
      'Remboursement des lunettes refusé trois fois, la mutuelle perd mes devis.',
    );
    expect(out.posts.map((p) => p.url)).toEqual([
      `${srv.origin}/avis#b41`,
      `${srv.origin}/avis#b42`,
    ]);
  });

  it('win over detection when both would read the page', async () => {
    const detected = await ingestSource(configured('/fil/877'), '/', opts);
    expect(detected.posts.map((p) => p.author)).toEqual(['Raymond P.', 'Anaïs', 'Raymond P.']);
    // This board's owner says the poster is the status line: the source's word goes.
    const mine = await ingestSource(
      configured('/fil/877', { post: '.contribution', author: '.statut', body: '.texte' }),
      '/',
      opts,
    );
    expect(mine.fetch.format).toBe('generic');
    expect(mine.posts.map((p) => p.author)).toEqual(['Retraité', 'Habituée', 'Retraité']);
  });

  it('are checked when the configuration is read', () => {
    expect(() =>
      parseConfig({
        sources: [
          { id: 'f', kind: 'forum', url: 'https://f.example.fr/t', selectors: { post: 'div[' } },
        ],
      }),
    ).toThrow(/selectors\.post/);
    expect(() =>
      parseConfig({
        sources: [
          { id: 'f', kind: 'feed', url: 'https://f.example.fr/rss', selectors: { post: 'div' } },
        ],
      }),
    ).toThrow(/selectors/);
  });
});
