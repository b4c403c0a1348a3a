// ETag and Cache-Control on JSON reads: a client that sends back the ETag it has
// (If-None-Match) gets a 304 without a body when nothing changed. The tag is a hash of the
// answer's bytes, so it changes with whatever the answer depends on: new posts, a teammate's
// workflow change, the key's brands, the hour (priority decays with age).
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const JSON_TYPE = /^application\/json\b/i;

/** Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const mine = opaque(etag);
  return header.split(',').some((t) => opaque(t) === mine);
}

export interface ConditionalOptions {
  /** Cache-Control of a 200 (and of its 304). */
  cacheControl: string;
}

/**
 * For GET (and HEAD) answers of 200 in JSON: an ETag, the given Cache-Control, `Vary:
 * Authorization` (answers differ by key), and a 304 when If-None-Match names the ETag. Only
 * JSON answers, which are built whole in memory: a streamed export is never read here.
 */
export function conditionalJson(opts: ConditionalOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // HEAD runs the GET route (Hono drops the body afterwards): it gets the same headers.
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.res.status !== 200) return;
    if (!JSON_TYPE.test(c.res.headers.get('content-type') ?? '')) return;
    // Read as text and answered anew with that text, not cloned: a cloned answer is a stream
    // that @hono/node-server writes chunk by chunk, while a string body is written at once
    // (`npm run bench api` at 1M posts, unfiltered list through Hono: 0.65 of the bare
    // server's req/s with the clone).
    const text = await c.res.text();
    // Weak: the same JSON sent gzipped is not the same bytes (RFC 9110 §8.8.1).
    const etag = `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
    const answer = new Response(text, { status: 200, headers: c.res.headers });
    c.res = undefined;
    c.res = answer;
    c.res.headers.set('etag', etag);
    // Known now: lets the compressor leave small answers alone (it skips those under 1 KiB).
    c.res.headers.set('content-length', String(Buffer.byteLength(text)));
    c.res.headers.set('cache-control', opts.cacheControl);
    const vary = c.res.headers.get('vary');
    if (!vary || !/\bauthorization\b/i.test(vary)) {
      c.res.headers.set('vary', vary ? `${vary}, Authorization` : 'Authorization');
    }
    if (noneMatch(c.req.header('if-none-match'), etag)) {
      const headers = new Headers(c.res.headers);
      headers.delete('content-type');
      headers.delete('content-length');
      // Assigning c.res merges the previous answer's headers in: start from none.
      c.res = undefined;
      c.res = new Response(null, { status: 304, headers });
    }
  };
}
