import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaintCategories, complaintCounts, digestCandidates } from '../../src/store/digest.ts';
import {
  claimSend,
  getSend,
  markFailed,
  markSent,
  pendingDates,
  recordEmpty,
} from '../../src/store/digest-sends.ts';
import type { Db } from '../../src/store/open.ts';
import { openStore } from '../../src/store/open.ts';
import { openTestStore, seedComplaints, tempDir } from '../digest/fixtures.ts';

const WINDOW = { since: '2026-03-28T06:00:00.000Z', until: '2026-03-29T06:00:00.000Z' };
let db: Db;
beforeEach(() => {
  db = openTestStore();
  seedComplaints(db);
});
afterEach(() => db.close());

describe('digestCandidates', () => {
  it('lists the window complaints aimed at the brand, worst first', () => {
    const ids = digestCandidates(db, { brand: 'sfr', ...WINDOW, minSeverity: 0, limit: 10 }).map(
      (c) => c.id,
    );
    // Untargeted mentions, other brands and posts outside the window are left out.
    expect(ids).toHaveLength(3);
    const titles = digestCandidates(db, { brand: 'sfr', ...WINDOW, minSeverity: 0, limit: 10 }).map(
      (c) => c.title,
    );
    expect(titles).toEqual([
      '<script>alert(1)</script>',
      'Réseau SFR en panne',
      'Petit souci de facture SFR',
    ]);
  });

  it.each([
    ['limit', { limit: 1 }, 1],
    ['min severity above all', { minSeverity: 101 }, 0],
    ['a post first seen in the window counts though published before it', {}, 3],
  ])('%s', (_name, over, n) => {
    const rows = digestCandidates(db, {
      brand: 'sfr',
      ...WINDOW,
      minSeverity: 0,
      limit: 10,
      ...over,
    });
    expect(rows).toHaveLength(n);
  });

  it('takes a post fetched in the window even when it was published before', () => {
    const rows = digestCandidates(db, {
      brand: 'sfr',
      since: '2026-03-20T10:30:00.000Z',
      until: '2026-03-20T12:00:00.000Z',
      minSeverity: 0,
      limit: 10,
    });
    expect(rows.map((r) => r.title)).toEqual(['Vieille plainte']);
  });
});

describe('complaint counts and categories', () => {
  it('counts targeted complaints per bucket, in the buckets order', () => {
    const counts = complaintCounts(db, 'sfr', [
      { key: 'b', start: '2026-03-28T00:00:00.000Z', end: '2026-03-29T00:00:00.000Z' },
      { key: 'a', start: '2026-03-20T00:00:00.000Z', end: '2026-03-21T00:00:00.000Z' },
      { key: 'c', start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
    ]);
    expect(counts).toEqual([
      { key: 'b', count: 3 },
      { key: 'a', count: 1 },
      { key: 'c', count: 0 },
    ]);
  });

  it('ranks categories by frequency, ties by name', () => {
    // mild: billing; worst: billing + network; middle: network.
    expect(complaintCategories(db, 'sfr', WINDOW.since, WINDOW.until)).toEqual([
      { category: 'billing', count: 2 },
      { category: 'network', count: 2 },
    ]);
  });
});

describe('digest_sends: once only', () => {
  const key = { digest: 'matin', date: '2026-03-29', recipient: 'cm@example.fr' };
  const at = (iso: string, by = 'a') => ({ by, now: iso, staleBefore: '2026-03-29T05:45:00.000Z' });

  it('gives a row to one claimer only, across two connections to one file', () => {
    const file = `${tempDir()}/g.db`;
    const one = openStore(file);
    const two = openStore(file);
    try {
      const wins = [
        claimSend(one, key, at('2026-03-29T06:00:00.000Z', 'one')),
        claimSend(two, key, at('2026-03-29T06:00:00.000Z', 'two')),
      ];
      expect(wins).toEqual([true, false]);
    } finally {
      one.close();
      two.close();
    }
  });

  it('lets a stale claim be taken over, not a fresh one', () => {
    expect(claimSend(db, key, at('2026-03-29T05:00:00.000Z', 'crashed'))).toBe(true);
    expect(
      claimSend(db, key, {
        ...at('2026-03-29T05:30:00.000Z', 'b'),
        staleBefore: '2026-03-29T04:59:00.000Z',
      }),
    ).toBe(false);
    expect(claimSend(db, key, at('2026-03-29T06:00:00.000Z', 'b'))).toBe(true);
    expect(getSend(db, key)).toMatchObject({ status: 'sending', attempts: 2, claimedBy: 'b' });
    // The crashed claimer cannot overwrite the new owner's outcome.
    markSent(db, key, 'crashed', '2026-03-29T06:01:00.000Z');
    expect(getSend(db, key)?.status).toBe('sending');
  });

  it('retries only once the retry time has come, and never after a send', () => {
    claimSend(db, key, at('2026-03-29T06:00:00.000Z'));
    markFailed(db, key, 'a', 'smtp 451', '2026-03-29T06:01:00.000Z');
    expect(claimSend(db, key, at('2026-03-29T06:00:30.000Z'))).toBe(false);
    expect(pendingDates(db, '2026-03-29T06:01:00.000Z', '2026-03-29T05:45:00.000Z')).toEqual([
      { digest: 'matin', date: '2026-03-29' },
    ]);
    expect(claimSend(db, key, at('2026-03-29T06:01:00.000Z'))).toBe(true);
    markSent(db, key, 'a', '2026-03-29T06:01:01.000Z');
    expect(getSend(db, key)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(claimSend(db, key, at('2026-03-30T06:00:00.000Z'))).toBe(false);
  });

  it('records an empty digest once', () => {
    expect(recordEmpty(db, key, '2026-03-29T06:00:00.000Z')).toBe(true);
    expect(recordEmpty(db, key, '2026-03-29T06:00:00.000Z')).toBe(false);
    expect(claimSend(db, key, at('2026-03-29T06:00:00.000Z'))).toBe(false);
  });
});
