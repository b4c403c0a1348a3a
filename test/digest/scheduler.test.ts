// The scheduler with an injected clock and timer: days when the clocks change in Paris, the
// catch-up after downtime, and no double send. A real SMTP server receives the mails.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDigestScheduler } from '../../src/digest/scheduler.ts';
import type { Db } from '../../src/store/open.ts';
import { digestConfig, openTestStore, type Smtp, smtpDelivery, startSmtp } from './fixtures.ts';

let smtp: Smtp;
let db: Db;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.mails.length = 0;
  db = openTestStore();
});
afterEach(() => db.close());

/** Runs the scheduler from `from` to `to`, jumping the clock to each timer it sets. */
async function simulate(from: string, to: string, over: Record<string, unknown> = {}) {
  const clock = { t: Date.parse(from) };
  let pending: { fn: () => void; at: number } | null = null;
  const sent: { date: string; at: string }[] = [];
  const s = startDigestScheduler({
    db,
    config: digestConfig({ sendEmpty: true, ...over }, smtpDelivery(smtp.port)),
    now: () => new Date(clock.t),
    setTimer: (fn, ms) => {
      const timer = { fn, at: clock.t + ms };
      pending = timer;
      return () => {
        if (pending === timer) pending = null;
      };
    },
    onRun: (r) => {
      for (const o of r.outcomes)
        if (o.status === 'sent') sent.push({ date: r.date, at: new Date(clock.t).toISOString() });
    },
  });
  await s.settled();
  const end = Date.parse(to);
  let wakeups = 0;
  while (pending !== null && (pending as { at: number }).at <= end) {
    const p = pending as { fn: () => void; at: number };
    pending = null;
    clock.t = p.at;
    p.fn();
    await s.settled();
    wakeups++;
  }
  s.stop();
  return { sent, wakeups };
}

describe('digest scheduler', () => {
  it.each([
    // Spring forward: 08:00 CEST is 06:00 UTC; the day before, 08:00 CET is 07:00 UTC.
    [
      'spring forward',
      '2026-03-28T07:30:00Z',
      '2026-03-30T12:00:00Z',
      '2026-03-29',
      '2026-03-29T06:00:00.000Z',
    ],
    // Fall back: 08:00 CET is 07:00 UTC again, on a 25-hour day.
    [
      'fall back',
      '2026-10-24T06:30:00Z',
      '2026-10-26T12:00:00Z',
      '2026-10-25',
      '2026-10-25T07:00:00.000Z',
    ],
  ])(
    '%s: the 08:00 send happens once, at the right instant',
    async (_n, from, to, day, instant) => {
      const { sent } = await simulate(from, to);
      const onDay = sent.filter((x) => x.date === day);
      expect(onDay).toEqual([{ date: day, at: instant }]);
      // Every date between is sent exactly once.
      const dates = sent.map((x) => x.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect(smtp.mails).toHaveLength(sent.length);
    },
  );

  it('catches up only the latest missed digest after downtime, once', async () => {
    // Down for three days; back at 07:00 Paris on the 12th, before that day's send time.
    const { sent } = await simulate('2026-01-12T06:00:00Z', '2026-01-12T06:59:00Z');
    expect(sent).toEqual([{ date: '2026-01-11', at: '2026-01-12T06:00:00.000Z' }]);
    // A restart an hour later sends nothing more.
    const again = await simulate('2026-01-12T06:30:00Z', '2026-01-12T06:59:00Z');
    expect(again.sent).toEqual([]);
    // Back after today's send time: today's digest goes, yesterday's (already sent) does not.
    const later = await simulate('2026-01-12T09:00:00Z', '2026-01-12T10:00:00Z');
    expect(later.sent.map((x) => x.date)).toEqual(['2026-01-12']);
  });

  it('finishes a retry when it comes due', async () => {
    smtp.failNext(1);
    const { sent } = await simulate('2026-01-12T06:59:00Z', '2026-01-12T08:00:00Z', {
      recipients: ['cm@example.fr'],
    });
    // At start the catch-up of the 11th meets the 451; its retry comes due a minute later, at
    // 07:00 UTC, the very instant the 12th is due (08:00 Paris): both go then, once each.
    expect(sent).toEqual([
      { date: '2026-01-12', at: '2026-01-12T07:00:00.000Z' },
      { date: '2026-01-11', at: '2026-01-12T07:00:00.000Z' },
    ]);
    expect(smtp.mails).toHaveLength(2);
  });
});
