import { describe, expect, it } from 'vitest';
import { migrate, migrations, pendingMigrations } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open.ts';

describe('migrations', () => {
  it('records the latest version and leaves nothing pending', () => {
    const db = openStore(':memory:');
    const latest = migrations.at(-1)!.version;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(pendingMigrations(db)).toEqual([]);
  });

  it('is idempotent: migrating again changes nothing', () => {
    const db = openStore(':memory:');
    const v = db.pragma('user_version', { simple: true });
    expect(migrate(db)).toEqual({ from: v, to: v });
    expect(migrate(db)).toEqual({ from: v, to: v });
  });

  it('numbers steps 1, 2, 3… without gaps, each named', () => {
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name.length).toBeGreaterThan(0);
    });
  });

  it('refuses a database newer than this code', () => {
    const db = openStore(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/newer than this grogne/);
  });

  it('sets the pragmas the crawler and the API rely on', () => {
    const db = openStore(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });
});
