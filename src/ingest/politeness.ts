// Crawl politeness: one request at a time per host, a pause between two requests to the same
// host, and a cap on fetches in flight overall. Small French blogs sit on shared hosting that
// bans an address after a burst; forums throttle hard. The clock and the timer are injected so
// that tests run on a fake clock and never wait.

export const DEFAULT_MIN_DELAY_MS = 3_000;
export const DEFAULT_MAX_CONCURRENT = 4;

export interface HostSchedulerOptions {
  /** Milliseconds since the epoch. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Pause between the end of one request and the start of the next to the same host. */
  minDelayMs?: number;
  /** Requests in flight at once, all hosts together. */
  maxConcurrent?: number;
  /**
   * Holds a host across processes (queue/host-lease.ts: a Redis lease): taken once this
   * process's turn on the host has come, before its request, and handed back after it with
   * the rest the host is owed, so that another process's next request waits that long too.
   * Without it, politeness holds within this process only.
   */
  lease?: HostLease;
}

/** A host held across processes: one holder at a time, released with the rest it is owed. */
export interface HostLease {
  /** Resolves once this process holds `host`; the returned function lets go of it. */
  acquire(host: string): Promise<(restMs: number) => Promise<void>>;
}

interface HostState {
  /** Tail of the host's queue: the next task starts once this settles. */
  tail: Promise<void>;
  /** Earliest time the next request to this host may start. */
  notBefore: number;
  /** robots.txt Crawl-delay, when it asks for more than minDelayMs. */
  crawlDelayMs: number | null;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The key requests are spaced by: host and port, lowercase ("forum.free.fr", "x.fr:8080"). */
export function hostKey(url: string): string {
  return new URL(url).host.toLowerCase();
}

export class HostScheduler {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly minDelayMs: number;
  private readonly maxConcurrent: number;
  private readonly lease: HostLease | undefined;
  private readonly hosts = new Map<string, HostState>();
  private active = 0;
  /** Tasks that passed their host's turn and wait for a global slot, first come first served. */
  private readonly waiting: (() => void)[] = [];

  constructor(opts: HostSchedulerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    this.minDelayMs = opts.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
    this.maxConcurrent = Math.max(1, opts.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    this.lease = opts.lease;
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { tail: Promise.resolve(), notBefore: 0, crawlDelayMs: null };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** Applies a robots.txt Crawl-delay (ms) to a host; the larger of it and minDelayMs wins. */
  setCrawlDelay(url: string, ms: number | null): void {
    this.state(hostKey(url)).crawlDelayMs = ms;
  }

  /** Delay that applies between two requests to the host of `url`. */
  delayFor(url: string): number {
    return Math.max(this.minDelayMs, this.state(hostKey(url)).crawlDelayMs ?? 0);
  }

  /**
   * Holds the host back until `until` (ms since the epoch) at least: what a 429 or 503 with
   * Retry-After asks for.
   */
  holdUntil(url: string, until: number): void {
    const s = this.state(hostKey(url));
    s.notBefore = Math.max(s.notBefore, until);
  }

  /** Requests in flight now (for metrics and tests). */
  get inFlight(): number {
    return this.active;
  }

  /**
   * Runs `task` when the host of `url` is free and rested and a global slot is open.
   * The task's result or error is passed through; either way the host rests afterwards.
   */
  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = hostKey(url);
    const s = this.state(host);
    const turn = s.tail.then(async () => {
      // Sleep before taking a global slot: a host that must rest does not block the others.
      for (let wait = s.notBefore - this.now(); wait > 0; wait = s.notBefore - this.now()) {
        await this.sleep(wait);
      }
      // Other processes' turns on the host (their rest included) come before the global slot:
      // waiting for them must not hold a slot that another host could use.
      const letGo = this.lease ? await this.lease.acquire(host) : null;
      try {
        await this.acquire();
        try {
          return await task();
        } finally {
          s.notBefore = Math.max(s.notBefore, this.now() + this.delayFor(url));
          this.release();
        }
      } finally {
        // The rest owed (the delay, or a Retry-After hold) goes with the lease to the others.
        await letGo?.(Math.max(0, s.notBefore - this.now())).catch(() => undefined);
      }
    });
    // The queue goes on whatever the task did; its error belongs to its caller only.
    s.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` does not change.
    if (next) next();
    else this.active--;
  }
}
