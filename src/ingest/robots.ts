// robots.txt: what a host lets grogne fetch and how slowly (RFC 9309, plus the Crawl-delay
// extension that many French hosting panels write). Parsing is pure; fetchRobots applies the
// RFC's status policy; RobotsCache keeps one answer per origin for a day.
import { RetryLaterError } from '../errors.ts';
import { matchesPath, type PathPattern, type StepMeter, toPathPattern } from './robots-match.ts';

/** Crawl-delay beyond this is capped: a host asking for 10 minutes would starve a daily poll. */
export const MAX_CRAWL_DELAY_MS = 30_000;
/** RFC 9309 §2.5: parse at least 500 KiB; we stop there. */
const MAX_ROBOTS_BYTES = 500 * 1024;
export const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;

interface Rule {
  allow: boolean;
  /** As written in the file: its length decides which matching rule wins. */
  pattern: string;
  compiled: PathPattern;
}

interface Group {
  /** Lowercase product tokens of the User-agent lines ("*" for everyone). */
  agents: string[];
  rules: Rule[];
  crawlDelayMs: number | null;
}

/** The product token of a User-Agent string: "grogne/0.1 (+https://…)" → "grogne". */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z_-]+/.exec(userAgent.trim())?.[0] ?? userAgent.trim()).toLowerCase();
}

// Non-ASCII in a pattern ("/forum/échanges") is compared with the percent-encoded path that
// URLs carry; "%2f"-style escapes are compared case-insensitively by upper-casing them.
function canonicalPath(p: string): string {
  let out = '';
  for (const ch of p) out += ch.charCodeAt(0) > 0x7e ? encodeURIComponent(ch) : ch;
  return out.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}

export class Robots {
  constructor(
    private readonly groups: Group[],
    /** Sitemap URLs the file lists (a way to find posts when a site has no feed). */
    readonly sitemaps: string[] = [],
  ) {}

  /** Everything allowed, no delay: what a 4xx (no robots.txt) means. */
  static allowAll(): Robots {
    return new Robots([]);
  }

  // RFC 9309 §2.2.1: the groups naming our product token, merged; else the "*" groups.
  private groupsFor(userAgent: string): Group[] {
    const token = productToken(userAgent);
    const named = this.groups.filter((g) => g.agents.includes(token));
    return named.length > 0 ? named : this.groups.filter((g) => g.agents.includes('*'));
  }

  /**
   * May `userAgent` fetch `pathOrUrl`? The longest matching pattern wins; on a tie Allow
   * wins (RFC 9309 §2.2.2: the least restrictive). A path or a full URL may be given.
   * `meter`, when given, counts the matcher's steps (see robots-match.ts).
   */
  isAllowed(pathOrUrl: string, userAgent: string, meter?: StepMeter): boolean {
    let path = pathOrUrl;
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) {
      const u = new URL(pathOrUrl);
      path = u.pathname + u.search;
    }
    path = canonicalPath(path || '/');
    if (path === '/robots.txt') return true;
    let best: Rule | null = null;
    for (const g of this.groupsFor(userAgent)) {
      for (const r of g.rules) {
        if (!matchesPath(r.compiled, path, meter)) continue;
        const longer = !best || r.pattern.length > best.pattern.length;
        const tieAllow = best && r.pattern.length === best.pattern.length && r.allow;
        if (longer || tieAllow) best = r;
      }
    }
    return best ? best.allow : true;
  }

  /** Milliseconds to wait between two requests, capped at 30 s; null when the file says none. */
  crawlDelay(userAgent: string): number | null {
    const delays = this.groupsFor(userAgent)
      .map((g) => g.crawlDelayMs)
      .filter((d): d is number => d !== null);
    return delays.length > 0 ? Math.max(...delays) : null;
  }
}

/** Parses a robots.txt body. Never throws: unknown lines and bad values are skipped. */
export function parseRobots(text: string): Robots {
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  // Consecutive User-agent lines share one group; the first rule line closes the list.
  let collectingAgents = false;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      if (!collectingAgents || !current) {
        current = { agents: [], rules: [], crawlDelayMs: null };
        groups.push(current);
      }
      current.agents.push(value === '*' ? '*' : productToken(value));
      collectingAgents = true;
      continue;
    }
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (!current) continue; // rules before any User-agent belong to nobody
    collectingAgents = false;
    if (key === 'allow' || key === 'disallow') {
      // "Disallow:" with nothing after it allows everything: it is not a rule.
      if (!value) continue;
      const pattern = value.startsWith('/') || value.startsWith('*') ? value : `/${value}`;
      current.rules.push({
        allow: key === 'allow',
        pattern,
        compiled: toPathPattern(canonicalPath(pattern)),
      });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value.replace(',', '.'));
      if (Number.isFinite(seconds) && seconds >= 0) {
        current.crawlDelayMs = Math.min(Math.round(seconds * 1000), MAX_CRAWL_DELAY_MS);
      }
    }
  }
  return new Robots(groups, sitemaps);
}

export interface FetchRobotsOptions {
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch (reads a Retry-After date; dates cache entries). */
  now?: () => number;
  userAgent?: string;
  timeoutMs?: number;
}

/** The robots.txt address for any URL of a host. */
export function robotsUrl(url: string): string {
  return new URL('/robots.txt', url).href;
}

// Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3).
function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s)) return s >= 0 ? s * 1000 : null;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * Fetches and parses a host's robots.txt. A 4xx means there are no rules (everything
 * allowed); a 5xx, a 429, a timeout or a network failure throws RetryLaterError: the RFC
 * says to assume a full disallow, so nothing on the host is fetched until it answers.
 */
export async function fetchRobots(url: string, opts: FetchRobotsOptions = {}): Promise<Robots> {
  const {
    fetch = globalThis.fetch,
    userAgent = 'grogne',
    timeoutMs = 20_000,
    now = Date.now,
  } = opts;
  const target = robotsUrl(url);
  let res: Response;
  try {
    res = await fetch(target, {
      headers: { 'user-agent': userAgent, accept: 'text/plain, */*;q=0.5' },
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message;
    throw new RetryLaterError(`robots.txt of ${new URL(target).host}: ${why}`);
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    throw new RetryLaterError(
      `robots.txt of ${new URL(target).host}: HTTP ${res.status}`,
      retryAfterMs(res.headers.get('retry-after'), now()),
    );
  }
  if (res.status >= 400) {
    await res.body?.cancel();
    return Robots.allowAll();
  }
  const bytes = new Uint8Array(await res.arrayBuffer()).subarray(0, MAX_ROBOTS_BYTES);
  return parseRobots(new TextDecoder('utf-8').decode(bytes));
}

export interface RobotsCacheOptions extends FetchRobotsOptions {
  ttlMs?: number;
}

/** One Robots per origin, refetched after the TTL; concurrent asks share one request. */
export class RobotsCache {
  private readonly entries = new Map<string, { robots: Robots; fetchedAt: number }>();
  private readonly pending = new Map<string, Promise<Robots>>();
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(private readonly opts: RobotsCacheOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.ttlMs = opts.ttlMs ?? ROBOTS_TTL_MS;
  }

  /** The rules for the host of `url`; throws RetryLaterError when they cannot be had now. */
  async get(url: string): Promise<Robots> {
    const origin = new URL(url).origin;
    const hit = this.entries.get(origin);
    if (hit && this.now() - hit.fetchedAt < this.ttlMs) return hit.robots;
    const inFlight = this.pending.get(origin);
    if (inFlight) return inFlight;
    const p = fetchRobots(url, this.opts)
      .then((robots) => {
        this.entries.set(origin, { robots, fetchedAt: this.now() });
        return robots;
      })
      .finally(() => this.pending.delete(origin));
    this.pending.set(origin, p);
    return p;
  }

  /** Convenience: is `url` allowed for `userAgent`? */
  async isAllowed(url: string, userAgent: string): Promise<boolean> {
    return (await this.get(url)).isAllowed(url, userAgent);
  }
}
