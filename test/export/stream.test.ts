import { createHmac } from 'node:crypto';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { selectFields } from '../../src/export/fields.ts';
import {
  authorSecret,
  pseudonymiser,
  pseudonymiseUrl,
  SECRET_META_KEY,
} from '../../src/export/pseudonym.ts';
import { type ExportOptions, exportChunks } from '../../src/export/stream.ts';
import { getMeta } from '../../src/store/settings.ts';
import { savePosts } from '../../src/store/write.ts';
import { item, NOW } from '../store/make.ts';
import { IDS, seedDb } from './seed.ts';

const SECRET = 'a-test-secret-of-some-length';

function text(o: Partial<ExportOptions> & Pick<ExportOptions, 'db'>) {
  const { chunks, stats } = exportChunks({ format: 'jsonl', filter: {}, secret: SECRET, ...o });
  let s = '';
  for (const batch of chunks) for (const c of batch) s += c.toString('utf8');
  return { s, stats };
}

function rows(o: Partial<ExportOptions> & Pick<ExportOptions, 'db'>) {
  return text(o)
    .s.trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('export rows', () => {
  it('gives one row per post and brand, a null-brand row for a post naming none', () => {
    const db = seedDb();
    const got = rows({ db }).map((r) => [r.postId, r.brand, r.target]);
    expect(got).toContainEqual([IDS.both, 'orange', false]);
    expect(got).toContainEqual([IDS.both, 'sfr', true]);
    expect(got).toContainEqual([IDS.none, null, null]);
    expect(got).toHaveLength(5);
  });

  it('orders rows by post id then brand, a unique key', () => {
    const keys = rows({ db: seedDb() }).map((r) => `${r.postId}/${r.brand ?? ''}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  // Each filter of /v1/posts narrows the export the same way.
  const cases: [string, ExportOptions['filter'], string[]][] = [
    [
      'brand keeps only that brand’s rows',
      { brand: 'sfr' },
      [`${IDS.enfer}/sfr`, `${IDS.both}/sfr`],
    ],
    ['brand + target=false', { brand: 'orange', target: false }, [`${IDS.both}/orange`]],
    ['complaint=false', { complaint: false }, [`${IDS.none}/`]],
    ['source', { source: 'blog' }, [`${IDS.enfer}/sfr`, `${IDS.formula}/orange`]],
    ['full text, accents folded', { q: 'galere' }, [`${IDS.both}/orange`, `${IDS.both}/sfr`]],
    ['category', { category: 'network' }, [`${IDS.enfer}/sfr`]],
    [
      'a key’s brands scope the rows',
      { brands: ['orange'] },
      [`${IDS.both}/orange`, `${IDS.formula}/orange`],
    ],
    ['brand outside the scope gives nothing', { brands: ['orange'], brand: 'sfr' }, []],
    [
      'since (publication, else fetch date)',
      { since: '2024-05-10T00:00:00.000Z' },
      [`${IDS.both}/orange`, `${IDS.both}/sfr`],
    ],
  ];
  it.each(cases)('%s', (_name, filter, want) => {
    const got = rows({ db: seedDb(), filter }).map((r) => `${r.postId}/${r.brand ?? ''}`);
    expect(got.sort()).toEqual([...want].sort());
  });

  it('keeps French text, quotes and line breaks intact in JSON Lines', () => {
    const enfer = rows({ db: seedDb() }).find((r) => r.postId === IDS.enfer)!;
    expect(enfer.text).toBe(
      'Téléphone défectueux, pas de SMS, facture "salée", bref:\nSFR c’est l’enfer !',
    );
    expect(enfer.title).toBe('SFR, « c’est l’enfer » !');
  });

  it('embeds scores with their components and reasons, evidence and feedback', () => {
    const enfer = rows({ db: seedDb() }).find((r) => r.postId === IDS.enfer)!;
    const sev = enfer.severityDetail as { value: number; components: object; reasons: string[] };
    expect(sev.value).toBe(enfer.severity);
    expect(Object.keys(sev.components).length).toBeGreaterThan(0);
    expect(sev.reasons.length).toBeGreaterThan(0);
    expect(enfer.categories).toEqual(['billing', 'network']);
    expect((enfer.evidence as { text: string }[])[0]!.text).toBe('facture');
    expect(enfer.modelVersion).toBe('test-1');
    expect(enfer.scoringVersion).toMatch(/^score-/);
    // The feedback table comes with the API's migration; when present, its label is exported.
    if (enfer.feedback !== null) {
      expect(enfer.feedback).toMatchObject({ sentiment: 'negative', complaint: true });
    }
  });

  it('selects and orders fields with --fields, and refuses unknown ones', () => {
    const got = rows({ db: seedDb(), fields: selectFields('brand,postId') });
    expect(Object.keys(got[0]!)).toEqual(['brand', 'postId']);
    expect(() => selectFields('postId,nope')).toThrow(/unknown field "nope"/);
  });

  it('counts labels per post and brands per row for the card', () => {
    const { stats } = text({ db: seedDb() });
    expect(stats).toMatchObject({ rows: 5, posts: 4 });
    expect(stats.sentiment).toEqual({ negative: 3, positive: 1 });
    expect(stats.complaint).toEqual({ true: 3, false: 1 });
    expect(stats.brands.sfr).toEqual({ rows: 2, targeted: 2 });
    expect(stats.brands.orange).toEqual({ rows: 2, targeted: 1 });
    expect(stats.sources).toEqual({ blog: 2, forum: 2 });
  });
});

describe('pseudonymised authors', () => {
  it('replaces a name by its keyed HMAC, the same for the same name', () => {
    const got = rows({ db: seedDb() });
    const enfer = got.find((r) => r.postId === IDS.enfer)!;
    const both = got.find((r) => r.postId === IDS.both)!;
    const expected = createHmac('sha256', SECRET).update('Rémi Côté').digest('hex').slice(0, 32);
    expect(enfer.author).toBe(expected);
    expect(both.author).toBe(enfer.author);
    expect(text({ db: seedDb() }).s).not.toContain('Rémi');
    expect(got.find((r) => r.postId === IDS.none)!.author).toBeNull();
  });

  it('differs under another secret, and gives names only when asked', () => {
    const a = pseudonymiser('secret-one-secret-one')('Rémi Côté');
    const b = pseudonymiser('secret-two-secret-two')('Rémi Côté');
    expect(a).not.toBe(b);
    const clear = rows({ db: seedDb(), clearAuthors: true, secret: undefined });
    expect(clear.find((r) => r.postId === IDS.enfer)!.author).toBe('Rémi Côté');
  });

  // A profile URL names its member as surely as the author column: pseudonymised too, in
  // every format.
  it('pseudonymises the members that post URLs name', async () => {
    const db = seedDb();
    const urls = {
      xenforo: 'https://forum.example.fr/members/jeanpierre.dupuis75/posts/12',
      discourse: 'https://forum.example.fr/u/gaston_lagaffe_1957/activity',
      wordpress: 'https://blog.example.fr/?author=Marie-Curie%20Sklodowska&p=3',
      slug: 'https://forum.example.fr/t/lucie-martin-raconte/12#post_3',
      plain: 'https://blog.example.fr/2024/03/sfr-panne/',
    };
    savePosts(
      db,
      'forum',
      [
        item('xenforo', { sourceId: 'forum', url: urls.xenforo, author: 'jeanpierre.dupuis75' }),
        item('discourse', { sourceId: 'forum', url: urls.discourse, author: 'Gaston' }),
        item('wordpress', { sourceId: 'forum', url: urls.wordpress, author: null }),
        item('slug', { sourceId: 'forum', url: urls.slug, author: 'Lucie Martin' }),
        item('plain', { sourceId: 'forum', url: urls.plain, author: 'Jean' }),
      ],
      () => NOW,
    );
    const names = ['jeanpierre', 'gaston', 'marie', 'curie', 'lucie', 'martin'];
    for (const format of ['jsonl', 'csv', 'parquet'] as const) {
      const { chunks } = exportChunks({ db, format, filter: {}, secret: SECRET });
      const parts: Buffer[] = [];
      for (const batch of chunks) parts.push(...batch);
      const buf = Buffer.concat(parts);
      // Parquet's pages are encoded: read its url column back.
      const out =
        format === 'parquet'
          ? JSON.stringify(
              await parquetReadObjects({
                file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length),
                columns: ['url'],
              }),
            )
          : buf.toString('utf8');
      for (const n of names) expect(out.toLowerCase(), `${format}: ${n}`).not.toContain(n);
      expect(out, format).toContain(urls.plain);
    }
    const pseudo = pseudonymiser(SECRET);
    expect(pseudonymiseUrl(urls.xenforo, 'jeanpierre.dupuis75', pseudo)).toBe(
      `https://forum.example.fr/members/${pseudo('jeanpierre.dupuis75')}/posts/12`,
    );
    expect(pseudonymiseUrl(urls.slug, 'Lucie Martin', pseudo)).toBe(
      `https://forum.example.fr/t/${pseudo('Lucie Martin')}-raconte/12#post_3`,
    );
    // Clear exports keep URLs as published.
    const clear = rows({ db, clearAuthors: true, secret: undefined });
    expect(clear.map((r) => r.url)).toContain(urls.xenforo);
  });

  it('generates a secret once, keeps it in the meta table, prefers the configured one', () => {
    const db = seedDb();
    let calls = 0;
    const make = () => `generated-${++calls}-secret-value`;
    const first = authorSecret(db, undefined, make);
    const second = authorSecret(db, undefined, make);
    expect(first).toEqual({ secret: 'generated-1-secret-value', origin: 'database' });
    expect(second.secret).toBe(first.secret);
    expect(getMeta(db, SECRET_META_KEY)).toBe(first.secret);
    expect(authorSecret(db, 'configured-secret-123', make)).toEqual({
      secret: 'configured-secret-123',
      origin: 'config',
    });
    expect(text({ db, secret: first.secret }).s).not.toContain(first.secret);
  });
});

describe('determinism', () => {
  it.each(['csv', 'jsonl'] as const)('gives byte-identical %s for the same database', (format) => {
    const a = text({ db: seedDb(), format }).s;
    const b = text({ db: seedDb(), format, pageSize: 1 }).s;
    expect(b).toBe(a);
    expect(a.length).toBeGreaterThan(0);
  });
});
