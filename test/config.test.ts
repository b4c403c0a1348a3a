import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config.ts';

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
