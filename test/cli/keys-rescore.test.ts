import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/auth.ts';
import { keysVerb } from '../../src/cli/keys.ts';
import { main } from '../../src/cli/main.ts';
import { rescoreAll, sourceBrandsOf } from '../../src/cli/rescore.ts';
import { brandSchema } from '../../src/config.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { putSource } from '../../src/store/admin.ts';
import { findKeyByHash, listKeys } from '../../src/store/keys.ts';
import { openStore } from '../../src/store/open.ts';
import { savePosts, syncSources } from '../../src/store/write.ts';
import { memoryIo } from '../helpers/io.ts';
import { item, NOW, source } from '../store/make.ts';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-keys-'));
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify({ database: 'g.db' }));
  return dir;
}

describe('grogne keys', () => {
  it('creates a key shown once and stored hashed, lists it, revokes it', async () => {
    const dir = project();
    const a = memoryIo(dir);
    const random = (n: number) => Buffer.alloc(n, 7);
    expect(
      await keysVerb(
        ['create', '--role', 'reader', '--brands', 'sfr,orange', '--name', 'dash'],
        a.io,
        { now: () => NOW, random },
      ),
    ).toBe(0);
    const key = a.stdout().trim();
    expect(key).toMatch(/^grg_[A-Za-z0-9_-]{32}$/);
    const db = openStore(join(dir, 'g.db'));
    expect(findKeyByHash(db, hashKey(key))).toMatchObject({
      role: 'reader',
      brands: ['sfr', 'orange'],
      name: 'dash',
    });
    expect(JSON.stringify(listKeys(db))).not.toContain(key);
    db.close();

    const l = memoryIo(dir);
    expect(await keysVerb(['list'], l.io)).toBe(0);
    expect(l.stdout()).toMatch(/key_07070707 +grg_\S+… +reader +sfr,orange/);
    expect(l.stdout()).not.toContain(key);

    const r = memoryIo(dir);
    expect(await keysVerb(['revoke', 'key_07070707'], r.io)).toBe(0);
    const db2 = openStore(join(dir, 'g.db'));
    expect(findKeyByHash(db2, hashKey(key))).toBeNull();
    db2.close();
  });

  it.each([
    [['create'], /--role/],
    [['create', '--role', 'god'], /--role/],
    [['create', '--role', 'reader', '--brands', 'SFR!'], /--brands/],
    [['revoke', 'nope'], /no live key/],
    [['rotate'], /create, list or revoke/],
  ])('%j exits 2 with one line', async (args, message) => {
    const f = memoryIo(project());
    expect(await main(['keys', ...args], f.io)).toBe(2);
    expect(f.stderr()).toMatch(message);
    expect(f.stderr().trim().split('\n')).toHaveLength(1);
  });
});

describe('rescore', () => {
  it('recomputes every score in batches, stores the version, keeps the analysis unless asked', () => {
    const db = openStore(':memory:');
    syncSources(db, [source('blog')]);
    savePosts(db, 'blog', [item('a'), item('b', {}, { acts: ['churn'] }), item('c')], () => NOW);
    db.exec("UPDATE scores SET severity = 0, scoring_version = 'old'");
    db.exec('UPDATE brand_mentions SET severity = 0');
    const batches: number[] = [];
    const counts = rescoreAll(db, {
      halfLifeHours: 48,
      batchSize: 2,
      now: () => NOW,
      onBatch: (n) => batches.push(n),
    });
    expect(counts).toMatchObject({ posts: 3, rescored: 3, reanalysed: 0, skipped: 0 });
    expect(batches).toEqual([2, 3]);
    const rows = db.prepare('SELECT severity, scoring_version AS v FROM scores').all() as {
      severity: number;
      v: string;
    }[];
    expect(rows.every((r) => r.severity > 0 && r.v === counts.scoringVersion)).toBe(true);
    const mentions = db.prepare('SELECT severity FROM brand_mentions').all() as {
      severity: number;
    }[];
    expect(mentions.every((m) => m.severity > 0)).toBe(true);
    expect(db.prepare('SELECT DISTINCT model_version AS m FROM analyses').all()).toEqual([
      { m: 'test-1' },
    ]);
  });

  it('with reanalyse, replaces the analysis with the current one', () => {
    const db = openStore(':memory:');
    syncSources(db, [source('blog')]);
    savePosts(
      db,
      'blog',
      [item('a', { text: 'SFR, je résilie, service client nul et facture fausse !' })],
      () => NOW,
    );
    const brands = [
      {
        id: 'sfr',
        name: 'SFR',
        aliases: ['SFR'],
        handles: [],
        caseSensitive: true,
        exclude: [],
        context: [],
        notWith: [],
      },
    ];
    const counts = rescoreAll(db, {
      halfLifeHours: 48,
      reanalyse: new Analyzer({ brands: brands.map((b) => brandSchema.parse(b)) }),
      now: () => NOW,
    });
    expect(counts).toMatchObject({ posts: 1, reanalysed: 1 });
    const m = db.prepare('SELECT model_version AS m FROM analyses').get() as { m: string };
    expect(m.m).not.toBe('test-1');
    expect(db.prepare('SELECT brand_id FROM brand_mentions').all()).toEqual([{ brand_id: 'sfr' }]);
  });

  // A review page added over the API is about its brand as much as one in the config file:
  // a reanalysis must aim its complaints at that brand too.
  it("takes each source's brand from the store, API-added sources included", () => {
    const db = openStore(':memory:');
    const config = { sources: [source('blog', { brand: 'sfr' })] };
    syncSources(db, config.sources);
    putSource(db, source('avis', { kind: 'page', brand: 'free' }), NOW.toISOString());
    expect([...sourceBrandsOf(db, config)]).toEqual([
      ['avis', 'free'],
      ['blog', 'sfr'],
    ]);
  });
});
