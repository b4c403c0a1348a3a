import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestVerb } from '../../src/cli/digest.ts';
import { main } from '../../src/cli/main.ts';
import { getSend } from '../../src/store/digest-sends.ts';
import { openStore } from '../../src/store/open.ts';
import { openTestStore, seedComplaints, tempDir } from '../digest/fixtures.ts';
import { runGrogne } from '../helpers/cli.ts';
import { memoryIo } from '../helpers/io.ts';

function setup(recipients = ['cm@example.fr']) {
  const dir = tempDir();
  const config = {
    brands: [{ id: 'sfr', name: 'SFR' }],
    sources: [{ id: 'blog', kind: 'feed', file: 'blog.xml', name: 'Le blog' }],
    database: 'g.db',
    digests: [{ name: 'matin', brands: ['sfr'], recipients }],
  };
  writeFileSync(join(dir, 'grogne.config.json'), JSON.stringify(config));
  const db = openTestStore(join(dir, 'g.db'));
  seedComplaints(db);
  db.close();
  return { dir, ...memoryIo(dir) };
}

// 09:00 in Paris on the spring-forward day: the 2026-03-29 digest is due.
const now = () => new Date('2026-03-29T07:00:00.000Z');

describe('grogne digest', () => {
  it('previews with --dry-run and records nothing', async () => {
    const t = setup();
    expect(await digestVerb(['--dry-run'], t.io, now)).toBe(0);
    expect(t.stdout()).toContain('# matin 2026-03-29');
    expect(t.stdout()).toContain('Réseau SFR en panne');
    await digestVerb(['status'], t.io, now);
    expect(t.stdout()).toContain('no sends yet');
  });

  it('sends once to the outbox by default, then says it was sent; status shows it', async () => {
    const t = setup();
    expect(await digestVerb([], t.io, now)).toBe(0);
    expect(t.stdout()).toContain('matin 2026-03-29 → cm@example.fr (outbox): sent');
    expect(readdirSync(join(t.dir, 'var/outbox'))).toHaveLength(2);
    expect(await digestVerb([], t.io, now)).toBe(0);
    expect(t.stdout()).toContain('matin 2026-03-29: already sent');
    await digestVerb(['status'], t.io, now);
    expect(t.stdout()).toMatch(/2026-03-29 cm@example.fr: sent \(attempts 1/);
    expect(t.stdout()).toContain('next 2026-03-30 at 2026-03-30T06:00:00.000Z');
  });

  it('writes a chosen date to --out without recording it', async () => {
    const t = setup();
    const out = join(t.dir, 'preview');
    expect(await digestVerb(['--date', '2026-03-29', '--out', out], t.io, now)).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'grogne.matin.2026-03-29.preview.eml',
      'grogne.matin.2026-03-29.preview.html',
    ]);
  });

  it.each([
    [['--date', '29/03/2026'], '--date: expected YYYY-MM-DD'],
    [['--name', 'soir'], '--name: no digest "soir"'],
    [['bogus'], 'unexpected argument'],
  ])('exits 2 on %j', async (args, message) => {
    const t = setup();
    expect(await main(['digest', ...args], t.io)).toBe(2);
    expect(t.stderr()).toContain(message);
  });

  it('sends each mail once when two processes run the same day at once', async () => {
    const recipients = ['a@example.fr', 'b@example.fr', 'c@example.fr', 'd@example.fr'];
    const t = setup(recipients);
    const args = ['digest', '--config', join(t.dir, 'grogne.config.json'), '--date', '2026-03-29'];
    const runs = await Promise.all([
      runGrogne(args, { cwd: t.dir }),
      runGrogne(args, { cwd: t.dir }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // Each recipient's line says "sent" in one run; the other run found it done.
    const sentLines = runs.flatMap((r) =>
      r.stdout.split('\n').filter((l) => /→ .*: sent$/.test(l)),
    );
    expect(sentLines.map((l) => /→ (\S+)/.exec(l)![1]).sort()).toEqual(recipients);
    // One mail per recipient in the outbox (a .eml and a .html each), one ledger row sent.
    expect(readdirSync(join(t.dir, 'var/outbox'))).toHaveLength(2 * recipients.length);
    const db = openStore(join(t.dir, 'g.db'));
    try {
      for (const recipient of recipients) {
        expect(getSend(db, { digest: 'matin', date: '2026-03-29', recipient })).toMatchObject({
          status: 'sent',
          attempts: 1,
        });
      }
    } finally {
      db.close();
    }
  }, 60_000);
});
