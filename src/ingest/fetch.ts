// The HTTP policy of the crawler, in one place: what we send (User-Agent, conditional GET),
// where we refuse to go (non-http(s), private addresses, endless redirects), how much we read
// (one deadline, a byte cap), and what each failure means for the caller (errors.ts: retry
// later, or stop this source). Only this file and the store do I/O.
import { lookup as dnsLookup } from 'node:dns/promises';
import { readFile, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { pathToFileURL } from 'node:url';
import { RetryLaterError, SourceError } from '../errors.ts';
import { isForbiddenAddress } from './address.ts';
import { guardedRequest, type Lookup, refusedAddress } from './fetch-transport.ts';

export type { Lookup } from './fetch-transport.ts';

/**
 * A fetch-compatible GET through the guarded transport: every connection checks the address it
 * connects to. For callers that speak fetch (robots.txt) yet must keep the safety rules.
 */
export function guardedFetch(opts: FetchOptions): typeof globalThis.fetch {
  return (input, init) =>
    guardedRequest(new URL(input instanceof Request ? input.url : String(input)), {
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      signal: init?.signal ?? new AbortController().signal,
      lookup: opts.lookup ?? defaultLookup,
      allowPrivateHosts: opts.allowPrivateHosts ?? [],
    });
}

export const DEFAULT_USER_AGENT = 'grogne/0.1 (+https://github.com/grogne/grogne)';

export interface CacheHeaders {
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  expires: string | null;
}

export type FetchResult =
  | ({ status: 'ok'; body: Buffer; contentType: string | null; finalUrl: string } & CacheHeaders)
  | ({ status: 'not-modified'; finalUrl: string } & CacheHeaders);

export interface FetchOptions {
  /**
   * Replaces grogne's own transport (tests, robots.txt spies). The connect-time address check
   * is then this function's business: only the pre-connect lookup below still applies.
   */
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  timeoutMs?: number;
  maxBytes?: number;
  userAgent?: string;
  etag?: string | null;
  lastModified?: string | null;
  /** Hostnames allowed to resolve to private or loopback addresses (local test servers). */
  allowPrivateHosts?: string[];
  maxRedirects?: number;
  /**
   * Resolves a hostname to its addresses; defaults to dns.lookup. Without an injected fetch,
   * the socket connects to an address this returned, checked at that moment.
   */
  lookup?: Lookup;
}

export const defaultLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Refuses what may not be fetched before any byte is sent: other schemes, forbidden IP
 * literals (a socket given an IP never calls a lookup), and, when a caller's fetch does the
 * connecting, what the name resolves to now. Our own transport checks names at connect time.
 */
async function checkHost(url: URL, opts: FetchOptions): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SourceError(`${url.href}: only http and https URLs are fetched`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if ((opts.allowPrivateHosts ?? []).includes(host)) return;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else if (!opts.fetch) return;
  else {
    try {
      addresses = await (opts.lookup ?? defaultLookup)(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // EAI_AGAIN is a resolver hiccup; ENOTFOUND means the name does not exist.
      if (code === 'ENOTFOUND') throw new SourceError(`${host}: host not found`);
      throw new RetryLaterError(`${host}: DNS lookup failed (${code ?? String(err)})`);
    }
  }
  const bad = addresses.find(isForbiddenAddress);
  if (bad || !addresses.length) throw refusedAddress(host, bad);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

function cacheHeaders(h: Headers): CacheHeaders {
  return {
    etag: h.get('etag'),
    lastModified: h.get('last-modified'),
    cacheControl: h.get('cache-control'),
    expires: h.get('expires'),
  };
}

/** Past the cap, the fix is the setting, when the source is meant to be that large. */
const RAISE_CAP = 'raise crawl.maxBodyBytes if this source is meant to be that large';

async function readCapped(res: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  // Content-Length counts compressed bytes; only trust it to refuse early, never to accept.
  if (!res.headers.get('content-encoding') && declared > maxBytes) {
    await res.body?.cancel();
    throw new SourceError(
      `${url}: body of ${declared} bytes exceeds the ${maxBytes}-byte cap; ${RAISE_CAP}`,
    );
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // Counted after decompression (the transport inflates gzip/br), so a zip bomb stops here.
    if (total > maxBytes) {
      await reader.cancel();
      throw new SourceError(`${url}: body exceeds the ${maxBytes}-byte cap; ${RAISE_CAP}`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function classifyNetworkError(
  err: unknown,
  url: string,
  timedOut: boolean,
  timeoutMs: number,
): Error {
  if (err instanceof SourceError || err instanceof RetryLaterError) return err;
  if (timedOut) return new RetryLaterError(`${url}: timed out after ${timeoutMs} ms`);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND') return new SourceError(`${url}: host not found`);
  if (code === 'CERT_HAS_EXPIRED' || /CERT|SSL|TLS/.test(code ?? '')) {
    return new SourceError(`${url}: TLS error (${code})`);
  }
  return new RetryLaterError(`${url}: network error (${code ?? cause?.message ?? String(err)})`);
}

async function readLocal(file: string, maxBytes: number): Promise<FetchResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new SourceError(`${file}: not a file`);
    if (info.size > maxBytes) {
      throw new SourceError(
        `${file}: ${info.size} bytes exceeds the ${maxBytes}-byte cap; ${RAISE_CAP}`,
      );
    }
    const body = await readFile(file);
    return {
      status: 'ok',
      body,
      contentType: null,
      finalUrl: pathToFileURL(file).href,
      etag: null,
      lastModified: info.mtime.toUTCString(),
      cacheControl: null,
      expires: null,
    };
  } catch (err) {
    if (err instanceof SourceError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new SourceError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`,
    );
  }
}

/** Fetches a URL (or reads a local file) under the crawler's policy; see FetchOptions. */
export async function fetchSource(
  target: { url?: string; file?: string },
  opts: FetchOptions = {},
): Promise<FetchResult> {
  const maxBytes = opts.maxBytes ?? 15 * 1024 * 1024;
  if (target.file) return readLocal(target.file, maxBytes);
  if (!target.url) throw new SourceError('a source needs a url or a file');
  const now = opts.now ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    accept:
      'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
    'accept-language': 'fr, en;q=0.5',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;

  // One deadline for the whole exchange, redirects and body included.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    clearTimeout(timer);
    throw new SourceError(`${target.url}: not a valid URL`);
  }
  try {
    for (let hop = 0; ; hop++) {
      await checkHost(url, opts);
      const res = opts.fetch
        ? await opts.fetch(url, { headers, redirect: 'manual', signal: controller.signal })
        : await guardedRequest(url, {
            headers,
            signal: controller.signal,
            lookup: opts.lookup ?? defaultLookup,
            allowPrivateHosts: opts.allowPrivateHosts ?? [],
          });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) throw new SourceError(`${url.href}: HTTP ${res.status} without Location`);
        if (hop >= maxRedirects) {
          throw new SourceError(`${target.url}: more than ${maxRedirects} redirects`);
        }
        url = new URL(location, url);
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { status: 'not-modified', finalUrl: url.href, ...cacheHeaders(res.headers) };
      }
      if (res.status === 408 || res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        throw new RetryLaterError(
          `${url.href}: HTTP ${res.status}`,
          retryAfterMs(res.headers.get('retry-after'), now()),
        );
      }
      if (res.status >= 400 || res.status < 200) {
        await res.body?.cancel();
        throw new SourceError(`${url.href}: HTTP ${res.status}`);
      }
      const body = await readCapped(res, maxBytes, url.href);
      return {
        status: 'ok',
        body,
        contentType: res.headers.get('content-type'),
        finalUrl: url.href,
        ...cacheHeaders(res.headers),
      };
    }
  } catch (err) {
    throw classifyNetworkError(err, target.url, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
