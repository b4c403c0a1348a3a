// One token bucket per caller (API key, else client address), in memory: capacity = the
// per-minute limit, refilled continuously. A burst may use the whole minute's allowance at
// once; after that requests pass at the sustained rate. Headers follow the IETF RateLimit
// header draft (RateLimit-Limit/-Remaining/-Reset) plus Retry-After on a 429.

export interface Verdict {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one request may pass (0 when ok). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full (idle) ones are dropped: bounds memory under many addresses. */
const MAX_BUCKETS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(caller: string): Verdict {
    const t = this.now();
    let b = this.buckets.get(caller);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(t);
      b = { tokens: this.perMinute, at: t };
      this.buckets.set(caller, b);
    } else {
      b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * this.perMs);
      b.at = t;
    }
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    return {
      ok,
      limit: this.perMinute,
      remaining: Math.floor(b.tokens),
      resetSeconds: Math.ceil((this.perMinute - b.tokens) / this.perMs / 1000),
      retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)),
    };
  }

  private prune(t: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.perMs >= this.perMinute) this.buckets.delete(k);
    }
  }
}

export function rateLimitHeaders(v: Verdict): Record<string, string> {
  const h: Record<string, string> = {
    'RateLimit-Limit': String(v.limit),
    'RateLimit-Remaining': String(v.remaining),
    'RateLimit-Reset': String(v.resetSeconds),
  };
  if (!v.ok) h['Retry-After'] = String(v.retryAfterSeconds);
  return h;
}
