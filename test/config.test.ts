import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig, parseConfig } from '../src/config.ts';
import { closestKey, editDistance } from '../src/config-issues.ts';

describe('parseConfig', () => {
  it('fills defaults for an empty object', () => {
    const c = parseConfig({});
    expect(c.api).toMatchObject({ host: '127.0.0.1', port: 8787, auth: 'off-on-loopback' });
    expect(c.database).toBe('var/grogne.db');
    expect(c.scoring.halfLifeHours).toBe(48);
  });

  // Each error names the field path and shows the bad value, so a user can fix it at once.
  it.each([
    [{ sources: [{ id: 'a', kind: 'rss', file: 'x.xml' }] }, 'sources[0].kind', '"rss"'],
    [{ sources: [{ id: 'a', kind: 'feed' }] }, 'sources[0].url', 'give exactly one'],
    [
      { sources: [{ id: 'a', kind: 'feed', url: 'pas une url' }] },
      'sources[0].url',
      '"pas une url"',
    ],
    [{ brands: [{ id: 'SFR', name: 'SFR' }] }, 'brands[0].id', '"SFR"'],
    [{ brands: [{ id: 'sfr', name: 'SFR', handles: ['SFR'] }] }, 'brands[0].handles[0]', '"SFR"'],
    [{ api: { port: 70000 } }, 'api.port', '70000'],
    [{ digests: [{ name: 'matin', time: '25:00' }] }, 'digests[0].time', '"25:00"'],
    // a digest's search is parsed when the config is read, and says where it breaks
    [
      { digests: [{ name: 'matin', search: 'facture (OR' }] },
      'digests[0].search: expected a word',
      'at position 9',
    ],
    [
      { digests: [{ name: 'matin', search: 'marque:sfr' }] },
      'unknown field "marque:"',
      '"marque:sfr"',
    ],
  ])('rejects %j naming %s', (raw, path, value) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    try {
      parseConfig(raw);
    } catch (err) {
      expect((err as Error).message).toContain(path);
      expect((err as Error).message).toContain(value);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('rejects duplicate source ids', () => {
    const s = { kind: 'feed', file: 'a.xml' };
    expect(() =>
      parseConfig({
        sources: [
          { id: 'a', ...s },
          { id: 'a', ...s },
        ],
      }),
    ).toThrow(/sources\[1\]\.id: duplicate id "a"/);
  });
});

// An unknown key is a misspelt setting until proven otherwise: ignored, it would keep the
// default it meant to change (a second database, the API on the wrong port). Every object of
// the schema refuses them, naming the full path and the key it was probably meant to be.
describe('unknown keys', () => {
  const feed = { id: 'a', kind: 'feed', url: 'https://example.fr/feed.xml' };
  it.each([
    [{ databse: 'mine.db' }, 'config: unknown key "databse" (did you mean "database"?)'],
    [{ api: { prot: 8080 } }, 'config: api: unknown key "prot" (did you mean "port"?)'],
    [
      { brands: [{ id: 'sfr', name: 'SFR', alias: ['SFR'] }] },
      'config: brands[0]: unknown key "alias" (did you mean "aliases"?)',
    ],
    [
      { sources: [feed, { ...feed, id: 'b', intervall: 60 }] },
      'config: sources[1]: unknown key "intervall" (did you mean "interval"?)',
    ],
    [
      { sources: [{ ...feed, kind: 'forum', selectors: { post: '.p', bdy: '.b' } }] },
      'config: sources[0].selectors: unknown key "bdy" (did you mean "body"?)',
    ],
    [
      { crawl: { userAgnet: 'x' } },
      'config: crawl: unknown key "userAgnet" (did you mean "userAgent"?)',
    ],
    [
      { scoring: { halfLife: 24 } },
      'config: scoring: unknown key "halfLife" (did you mean "halfLifeHours"?)',
    ],
    [
      { digests: [{ name: 'matin', recipient: ['a@b.fr'] }] },
      'config: digests[0]: unknown key "recipient" (did you mean "recipients"?)',
    ],
    [
      { delivery: { smtp: { host: 'h', from: 'a@b.fr', password: 'x' } } },
      'config: delivery.smtp: unknown key "password" (did you mean "pass"?)',
    ],
    [
      { export: { authorSecrets: 'x'.repeat(16) } },
      'config: export: unknown key "authorSecrets" (did you mean "authorSecret"?)',
    ],
    // Nothing near: no suggestion rather than a wrong one.
    [{ webhooks: [] }, 'config: unknown key "webhooks"'],
  ])('refuses %j', (raw, line) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(
      new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
  });

  it('says every problem, one line each, in the order of the file', () => {
    const raw = {
      databse: 'mine.db',
      brands: [{ id: 'SFR', nme: 'SFR' }],
      api: { prot: 8080, port: 'x' },
    };
    expect(() => parseConfig(raw, 'grogne.config.json')).toThrow(ConfigError);
    let lines: string[] = [];
    try {
      parseConfig(raw, 'grogne.config.json');
    } catch (err) {
      lines = (err as Error).message.split('\n');
    }
    expect(lines).toEqual([
      'grogne.config.json: unknown key "databse" (did you mean "database"?)',
      'grogne.config.json: brands[0].id: lowercase letters, digits, "-" or "_", at most 64 (got "SFR")',
      // The missing "name" is not reported apart: the misspelt key explains it.
      'grogne.config.json: brands[0]: unknown key "nme" (did you mean "name"?)',
      'grogne.config.json: api: unknown key "prot" (did you mean "port"?)',
      'grogne.config.json: api.port: Invalid input: expected number, received string (got "x")',
    ]);
  });

  // The demo's config, and every JSON example of a config in the docs, as a user copies it.
  it('keeps every configuration the project ships valid', () => {
    const root = new URL('../', import.meta.url);
    expect(() => loadConfig(new URL('grogne.config.json', root).pathname)).not.toThrow();
    const docs = ['README.md', ...readdirSync(new URL('docs/', root)).map((f) => `docs/${f}`)];
    let examples = 0;
    for (const doc of docs.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(new URL(doc, root), 'utf8');
      for (const [, block] of text.matchAll(/^```json\n([\s\S]*?)^```$/gm)) {
        const raw = JSON.parse(block!) as Record<string, unknown>;
        if (!Object.keys(raw).some((k) => k in configSchema.shape)) continue;
        expect(() => parseConfig(raw, doc)).not.toThrow();
        examples++;
      }
    }
    expect(examples).toBeGreaterThanOrEqual(2);
  });
});

describe('closestKey', () => {
  it.each([
    ['databse', 'database'],
    ['prot', 'port'],
    ['alias', 'aliases'],
    ['Database', 'database'],
    ['surces', 'sources'],
    ['foo', null],
    ['timeout', 'timeoutMs'],
    ['xyz', null],
  ])('%s → %s', (key, want) => {
    const known = ['brands', 'sources', 'database', 'api', 'port', 'host', 'aliases', 'timeoutMs'];
    expect(closestKey(key, known)).toBe(want);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('databse', 'database')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-config-'));

  it('names a missing file', () => {
    expect(() => loadConfig(join(dir, 'absent.json'))).toThrow(
      /absent\.json: cannot read config file: no such file/,
    );
  });

  it('names a file that is not JSON', () => {
    const f = join(dir, 'broken.json');
    writeFileSync(f, '{ "sources": [ }');
    expect(() => loadConfig(f)).toThrow(/broken\.json: not valid JSON/);
  });

  it('resolves relative paths against the config file', () => {
    const f = join(dir, 'ok.json');
    writeFileSync(f, JSON.stringify({ sources: [{ id: 'a', kind: 'feed', file: 'a.xml' }] }));
    expect(loadConfig(f).baseDir).toBe(dir);
  });
});
