// When to poll a source next. Pure: the clock and the random source come in as arguments.
//
// | step | rule                                                        | why                                          |
// |------|-------------------------------------------------------------|----------------------------------------------|
// | 1    | base = interval (the source's configured seconds)           | the owner's intended cadence                 |
// | 2    | unchanged polls: base × 1.5^streak, at most 4 × interval    | a blog that posts monthly needn't be hit     |
// |      |                                                             | every 30 min; one change resets the streak   |
// | 3    | errors: base = interval × 2^(errors−1) × jitter 0.8–1.2,    | a failing host gets room to recover; jitter  |
// |      | (replaces step 2)                                           | spreads sources that failed in one outage    |
// | 4    | delay = max(base, RSS <ttl>, Cache-Control max-age,         | server hints only ever lengthen the wait:    |
// |      | Expires − now, Retry-After)                                 | coming back sooner would be ignoring them    |
// | 5    | clamp to [5 min, 24 h]                                      | never hammer; never forget a source a day    |
// | —    | shouldPause: errors ≥ N (10) stops polling until a human    | a dead source costs requests and log noise   |
// |      | looks                                                       |                                              |
//
// max-age wins over Expires when both are given (RFC 9111 §5.3). "no-store"/"no-cache" and a
// zero max-age say nothing about when the content changes, so they are no hint at all.

export const MIN_DELAY_MS = 5 * 60 * 1000;
export const MAX_DELAY_MS = 24 * 60 * 60 * 1000;
export const UNCHANGED_FACTOR = 1.5;
export const UNCHANGED_MAX_MULTIPLE = 4;
export const PAUSE_AFTER_ERRORS = 10;

export interface NextCheckInput {
  now: Date;
  /** Configured poll interval, in seconds (as in the config's `sources[].interval`). */
  interval: number;
  /** RSS <ttl>, in minutes. */
  ttlMinutes?: number | null;
  /** The Cache-Control response header, as sent. */
  cacheControl?: string | null;
  /** The Expires response header (HTTP date), as sent. */
  expires?: string | null;
  /** What the server asked for with Retry-After, in milliseconds. */
  retryAfterMs?: number | null;
  /** Polls in a row that brought nothing new (304, or no new item). */
  unchangedStreak: number;
  /** Failed polls in a row. */
  consecutiveErrors: number;
  /** 0..1; defaults to Math.random. Pass a seeded one for reproducible schedules. */
  random?: () => number;
}

export interface NextCheck {
  at: Date;
  reason: string;
}

/** max-age in ms from a Cache-Control header, or null when it gives no usable hint. */
export function maxAgeMs(cacheControl: string | null | undefined): number | null {
  if (!cacheControl) return null;
  const directives = cacheControl.toLowerCase();
  if (/(?:^|[,\s])(?:no-store|no-cache)(?:[,\s=]|$)/.test(directives)) return null;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(directives);
  if (!m) return null;
  const s = Number(m[1]);
  return s > 0 ? s * 1000 : null;
}

function expiresInMs(expires: string | null | undefined, now: Date): number | null {
  if (!expires) return null;
  const t = Date.parse(expires);
  // "Expires: 0" and past dates mean "already stale": no hint.
  if (!Number.isFinite(t) || t <= now.getTime()) return null;
  return t - now.getTime();
}

/** "90 min", "2 h", "1.5 h", "45 s": for reasons a person reads. */
export function formatDuration(ms: number): string {
  const round = (n: number) => String(Math.round(n * 10) / 10);
  if (ms < 60_000) return `${round(ms / 1000)} s`;
  if (ms < 2 * 60 * 60_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

/** When to poll a source next, and why, in words. */
export function nextCheck(input: NextCheckInput): NextCheck {
  const { now, unchangedStreak, consecutiveErrors } = input;
  const random = input.random ?? Math.random;
  const intervalMs = Math.max(0, input.interval) * 1000;

  let delay: number;
  let reason: string;
  if (consecutiveErrors > 0) {
    const jitter = 0.8 + 0.4 * Math.min(1, Math.max(0, random()));
    delay = intervalMs * 2 ** (consecutiveErrors - 1) * jitter;
    reason = `error back-off: ${consecutiveErrors} failed poll(s) in a row`;
  } else if (unchangedStreak > 0) {
    delay = Math.min(
      intervalMs * UNCHANGED_FACTOR ** unchangedStreak,
      intervalMs * UNCHANGED_MAX_MULTIPLE,
    );
    reason = `slowed down: unchanged ${unchangedStreak} poll(s) in a row`;
  } else {
    delay = intervalMs;
    reason = 'interval';
  }

  const maxAge = maxAgeMs(input.cacheControl);
  const hints: [string, number | null | undefined][] = [
    ['feed ttl', input.ttlMinutes && input.ttlMinutes > 0 ? input.ttlMinutes * 60_000 : null],
    ['Cache-Control max-age', maxAge],
    ['Expires', maxAge === null ? expiresInMs(input.expires, now) : null],
    ['Retry-After', input.retryAfterMs && input.retryAfterMs > 0 ? input.retryAfterMs : null],
  ];
  for (const [name, ms] of hints) {
    if (ms != null && ms > delay) {
      delay = ms;
      reason = `${name} asks for ${formatDuration(ms)}`;
    }
  }

  if (delay < MIN_DELAY_MS) {
    delay = MIN_DELAY_MS;
    reason = `${reason}; raised to the ${formatDuration(MIN_DELAY_MS)} minimum`;
  } else if (delay > MAX_DELAY_MS) {
    delay = MAX_DELAY_MS;
    reason = `${reason}; capped at ${formatDuration(MAX_DELAY_MS)}`;
  }
  return {
    at: new Date(now.getTime() + Math.round(delay)),
    reason: `${reason} → next poll in ${formatDuration(delay)}`,
  };
}

/** True when a source has failed often enough in a row to stop polling it. */
export function shouldPause(consecutiveErrors: number, n = PAUSE_AFTER_ERRORS): boolean {
  return consecutiveErrors >= n;
}
