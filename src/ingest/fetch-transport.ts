// The crawler's own HTTP transport: node:http / node:https with a `lookup` that refuses
// forbidden addresses at the moment the socket connects. Checking a name with dns.lookup and
// then handing the URL to fetch() is not enough: fetch resolves the name again, and a hostile
// DNS server (rebinding) can answer a public address to the check and 127.0.0.1 or
// 169.254.169.254 to the connection. Here the socket connects to the very address that was
// checked. It returns a web Response so that fetch.ts treats it like fetch()'s answer.
import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import { SourceError } from '../errors.ts';
import { isForbiddenAddress } from './address.ts';

/** Resolves a hostname to its addresses (dns.lookup with all: true, or a test's stand-in). */
export type Lookup = (hostname: string) => Promise<string[]>;

/** Why a host was refused: names the address, so that the error says what was blocked. */
export function refusedAddress(host: string, bad: string | undefined): SourceError {
  return new SourceError(
    `${host}: refused, resolves to a private or reserved address (${bad}); if the host is yours (a local server), list it in crawl.allowPrivateHosts`,
  );
}

/**
 * A net.connect lookup over `lookup` that refuses the whole answer when any address in it is
 * forbidden (a hostile resolver may mix a public address with a private one), unless the
 * host is allowlisted. Node calls it with `all: true` when it races IPv4 and IPv6.
 */
export function guardedLookup(
  lookup: Lookup,
  allowPrivateHosts: readonly string[],
): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname)
      .then((addresses) => {
        const bad = addresses.find(isForbiddenAddress);
        if (!allowPrivateHosts.includes(hostname) && (bad || !addresses.length)) {
          throw refusedAddress(hostname, bad);
        }
        const asked = typeof options === 'number' ? options : (options?.family ?? 0);
        const family = asked === 'IPv4' ? 4 : asked === 'IPv6' ? 6 : Number(asked) || 0;
        const wanted = addresses
          .map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }))
          .filter((a) => !family || a.family === family);
        if (!wanted.length) {
          const err = new Error(`${hostname}: no address of family ${family}`);
          Object.assign(err, { code: 'ENOTFOUND' });
          throw err;
        }
        if (typeof options === 'object' && options?.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, ''));
  };
}

/** Inflates per Content-Encoding; the byte cap is counted on what this yields. */
function decoded(res: IncomingMessage): Readable {
  const codings = (res.headers['content-encoding'] ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (!codings.length) return res;
  // Codings apply in the order listed, so they are undone from the last. createUnzip reads
  // both gzip and zlib-wrapped deflate (what servers send for "deflate").
  const steps = codings.reverse().map((c) => {
    if (c === 'gzip' || c === 'x-gzip' || c === 'deflate') return createUnzip();
    if (c === 'br') return createBrotliDecompress();
    throw new SourceError(`unsupported Content-Encoding "${c}"`);
  });
  // pipeline destroys every stage when one fails or the reader cancels.
  return pipeline([res, ...steps], () => {}) as unknown as Readable;
}

function headersOf(res: IncomingMessage): Headers {
  const h = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      h.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header value that WHATWG Headers rejects is one we never read: skip it.
    }
  }
  return h;
}

export interface TransportOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  lookup: Lookup;
  allowPrivateHosts: readonly string[];
}

/** One GET, no redirect following (fetch.ts re-checks each hop), decompressed body. */
export function guardedRequest(url: URL, opts: TransportOptions): Promise<Response> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'GET',
      headers: { ...opts.headers, 'accept-encoding': 'gzip, deflate, br' },
      lookup: guardedLookup(opts.lookup, opts.allowPrivateHosts),
      // No pooled sockets: a socket kept alive for one call's allowlist must not serve another.
      agent: false,
    });
    let response: IncomingMessage | null = null;
    const abort = () => {
      const err = Object.assign(new Error('aborted'), { code: 'ABORT_ERR' });
      req.destroy(err);
      response?.destroy(err);
    };
    if (opts.signal.aborted) abort();
    opts.signal.addEventListener('abort', abort, { once: true });
    req.on('error', (err) => {
      opts.signal.removeEventListener('abort', abort);
      reject(err);
    });
    req.on('response', (res) => {
      response = res;
      res.on('close', () => opts.signal.removeEventListener('abort', abort));
      const status = res.statusCode ?? 0;
      const headers = headersOf(res);
      // A Response cannot carry a body for these statuses: drain and answer without one.
      if ([204, 205, 304].includes(status) || status < 200 || status > 599) {
        res.resume();
        resolve(
          new Response(null, { status: status >= 200 && status <= 599 ? status : 502, headers }),
        );
        return;
      }
      try {
        const body = Readable.toWeb(decoded(res)) as ReadableStream<Uint8Array>;
        resolve(new Response(body, { status, headers }));
      } catch (err) {
        res.destroy();
        reject(err);
      }
    });
    req.end();
  });
}
