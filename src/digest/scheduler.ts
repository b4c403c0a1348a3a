// Sends each digest when it is due, inside `grogne start`. The rule (docs/digest.md): at every
// wake-up, each digest's latest due date (today's if its send time has passed, else
// yesterday's) is sent if the ledger says it was not; so after downtime the one most recent
// missed digest is caught up, once, and older missed days are not. Retries that come due are
// finished too. The clock and the timer are injected, so tests step through DST days at once.
import type { Config } from '../config.ts';
import { nextRetryAt, pendingDates } from '../store/digest-sends.ts';
import type { Db } from '../store/open.ts';
import { dueDate, nextSendAfter } from './calendar.ts';
import { type RunResult, runDigest, type SendContext } from './send.ts';

export type SetTimer = (fn: () => void, ms: number) => () => void;

export interface SchedulerOptions extends Omit<SendContext, 'now' | 'baseDir'> {
  db: Db;
  config: Config;
  baseDir?: string;
  now?: () => Date;
  /** Schedules `fn` after `ms`; returns a cancel function. Default: an unref'd setTimeout. */
  setTimer?: SetTimer;
  /** Longest sleep between wake-ups, so a changed wall clock or a missed timer heals. */
  maxSleepMs?: number;
  /** Told of every run that did something (sent, failed, retried). */
  onRun?: (r: RunResult) => void;
  /** Told of an error that stopped a run; the scheduler goes on. */
  onError?: (err: unknown, digest: string) => void;
}

export interface DigestScheduler {
  stop(): void;
  /** Runs one wake-up now (also what the timer calls). */
  tick(): Promise<void>;
  /** Resolves when the wake-up in progress, if any, has finished. */
  settled(): Promise<void>;
  /** When the next wake-up is planned (ms since epoch), or null once stopped. */
  nextWakeAt(): number | null;
}

const defaultTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

export function startDigestScheduler(o: SchedulerOptions): DigestScheduler {
  const now = o.now ?? (() => new Date());
  const setTimer = o.setTimer ?? defaultTimer;
  const maxSleep = o.maxSleepMs ?? 15 * 60_000;
  const staleMs = (o.staleMinutes ?? 15) * 60_000;
  const ctx: SendContext = { ...o, baseDir: o.baseDir ?? '.', now };
  let cancel: (() => void) | null = null;
  let wakeAt: number | null = null;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const work = async () => {
    const t = now().getTime();
    const jobs = new Map<string, { name: string; date: string }>();
    for (const d of o.config.digests)
      jobs.set(`${d.name}\n${dueDate(t, d)}`, { name: d.name, date: dueDate(t, d) });
    const staleBefore = new Date(t - staleMs).toISOString();
    for (const p of pendingDates(o.db, new Date(t).toISOString(), staleBefore)) {
      jobs.set(`${p.digest}\n${p.date}`, { name: p.digest, date: p.date });
    }
    for (const job of jobs.values()) {
      const d = o.config.digests.find((x) => x.name === job.name);
      if (!d || stopped) continue;
      try {
        const r = await runDigest(ctx, d, job.date);
        if (r.outcomes.length > 0) o.onRun?.(r);
      } catch (err) {
        o.onError?.(err, d.name);
      }
    }
  };

  const plan = () => {
    if (stopped) return;
    const t = now().getTime();
    let next = t + maxSleep;
    for (const d of o.config.digests) next = Math.min(next, nextSendAfter(t, d).at);
    const retry = nextRetryAt(o.db);
    if (retry !== null) next = Math.min(next, Math.max(t, Date.parse(retry)));
    wakeAt = next;
    cancel?.();
    cancel = setTimer(() => void tick(), Math.max(0, next - t));
  };

  const tick = (): Promise<void> => {
    cancel?.();
    cancel = null;
    // Wake-ups never overlap: a timer firing during a slow send waits for it.
    current = current
      .then(work)
      .catch((err) => o.onError?.(err, '*'))
      .finally(plan);
    return current;
  };

  if (o.config.digests.length > 0) void tick();
  return {
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
      wakeAt = null;
    },
    tick,
    settled: () => current,
    nextWakeAt: () => wakeAt,
  };
}
