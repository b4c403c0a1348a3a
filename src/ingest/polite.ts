// Every request of a crawl goes through here: it waits its turn on the host (politeness.ts),
// asks robots.txt first when the target is a page (robots.ts), and passes a 429/503
// Retry-After on to the whole host, so that the host's other sources wait too. robots.txt
// itself is fetched with grogne's safe fetch (fetch.ts), so its private-address rules apply.
import { RetryLaterError, SourceError } from '../errors.ts';
import { type FetchOptions, type FetchResult, fetchSource, guardedFetch } from './fetch.ts';
import { HostScheduler } from './politeness.ts';
import { RobotsCache } from './robots.ts';

export interface PoliteOptions {
  /** The base fetch policy: user agent, timeout, cap, private-host allowlist, fetch. */
  fetch: FetchOptions;
  scheduler?: HostScheduler;
  robots?: RobotsCache;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

export interface PoliteRequest {
  /** Ask robots.txt first: pages, forum threads and articles do; feeds are meant for robots. */
  robots?: boolean;
  etag?: string | null;
  lastModified?: string | null;
}

/**
 * A fetch-shaped function over fetchSource, for fetchRobots: HTTP errors come back as
 * responses (fetchRobots reads 4xx as "no rules" and 5xx/429 as "try later") instead of
 * being thrown, while refused addresses and network failures still throw.
 */
export function safeFetchFor(opts: FetchOptions): typeof globalThis.fetch {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    let last: Response | null = null;
    // Without an injected fetch, requests go through the guarded transport (connect-time checks).
    const inner = opts.fetch ?? guardedFetch(opts);
    const spy: typeof globalThis.fetch = async (u, init) => {
      last = await inner(u, init);
      return last;
    };
    try {
      const r = await fetchSource({ url }, { ...opts, fetch: spy, etag: null, lastModified: null });
      if (r.status === 'not-modified') return new Response(null, { status: 304 });
      return new Response(new Uint8Array(r.body), {
        status: 200,
        headers: r.contentType ? { 'content-type': r.contentType } : {},
      });
    } catch (err) {
      const res = last as Response | null;
      if (
        res &&
        res.status >= 400 &&
        (err instanceof SourceError || err instanceof RetryLaterError)
      )
        return new Response(null, {
          status: res.status,
          headers: { 'retry-after': res.headers.get('retry-after') ?? '' },
        });
      throw err;
    }
  };
}

export class PoliteFetcher {
  readonly scheduler: HostScheduler;
  readonly robots: RobotsCache;
  private readonly base: FetchOptions;
  private readonly now: () => number;
  private readonly userAgent: string;

  constructor(opts: PoliteOptions) {
    this.base = opts.fetch;
    this.now = opts.now ?? Date.now;
    this.userAgent = opts.fetch.userAgent ?? 'grogne';
    this.scheduler = opts.scheduler ?? new HostScheduler({ now: this.now });
    const safe = safeFetchFor(opts.fetch);
    // robots.txt waits its turn on the host like any other request.
    const scheduled: typeof globalThis.fetch = (input, init) =>
      this.scheduler.run(String(input), () => safe(input, init));
    this.robots =
      opts.robots ??
      new RobotsCache({
        fetch: scheduled,
        now: this.now,
        userAgent: this.userAgent,
        timeoutMs: opts.fetch.timeoutMs,
      });
  }

  /** Throws SourceError when robots.txt forbids `url`; sets the host's Crawl-delay. */
  async checkRobots(url: string): Promise<void> {
    const rules = await this.robots.get(url);
    this.scheduler.setCrawlDelay(url, rules.crawlDelay(this.userAgent));
    if (!rules.isAllowed(url, this.userAgent)) {
      throw new SourceError(`${url}: disallowed by robots.txt`);
    }
  }

  /** Fetches `target` under the crawl's rules; local files skip the host queue. */
  async fetch(target: { url?: string; file?: string }, req: PoliteRequest = {}) {
    const opts: FetchOptions = { ...this.base, etag: req.etag, lastModified: req.lastModified };
    if (!target.url) return fetchSource(target, opts);
    const url = target.url;
    if (req.robots) await this.checkRobots(url);
    return this.scheduler.run(url, async (): Promise<FetchResult> => {
      try {
        return await fetchSource(target, opts);
      } catch (err) {
        // A 429 or 503 speaks for the whole host: hold it, not just this source.
        if (err instanceof RetryLaterError && err.retryAfterMs) {
          this.scheduler.holdUntil(url, this.now() + err.retryAfterMs);
        }
        throw err;
      }
    });
  }
}
