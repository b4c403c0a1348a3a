// ETag and Cache-Control on JSON reads: a client that sends back the ETag it has
// (If-None-Match) gets a 304 without a body when nothing changed. Where the app knows what an
// answer depends on (for /v1: the store's generation, the key, the URL, the minute; see
// app.ts), the tag is made from that before the route runs, so that a 304 skips the query
// and a 200 is sent without reading its body back. Otherwise the tag is a hash of the
// answer's bytes.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

const JSON_TYPE = /^application\/json\b/i;

/** Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const mine = opaque(etag);
  return header.split(',').some((t) => opaque(t) === mine);
}

/**
 * A weak ETag for `content` (an answer's bytes, or what it is made of): a hash, so that it
 * tells nothing of it. Weak because the same JSON sent gzipped is not the same bytes (RFC
 * 9110 §8.8.1).
 */
export function weakTag(content: string): string {
  return `W/"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

export interface ConditionalOptions {
  /** Cache-Control of a 200 (and of its 304). */
  cacheControl: string;
  /**
   * The ETag of the 200 this request would get, known before the route runs from what the
   * answer depends on; null (or no validator): a hash of the answer's bytes once it is made.
   */
  validator?: (c: Context) => string | null;
}

/**
 * Vary: answers differ by key (Authorization) and, above 1 KiB, by encoding (compress() gzips
 * them for a client that accepts it). Named here, on the answer's own headers, because
 * compress() would otherwise add Accept-Encoding with c.header(), which rebuilds a finished
 * answer around a stream of its body: @hono/node-server then writes it chunk by chunk
 * instead of at once.
 */
const VARY = ['Authorization', 'Accept-Encoding'];

function cacheHeaders(headers: Headers, etag: string, cacheControl: string): void {
  headers.set('etag', etag);
  headers.set('cache-control', cacheControl);
  const vary = headers.get('vary');
  const missing = VARY.filter((h) => !vary?.toLowerCase().includes(h.toLowerCase()));
  if (missing.length > 0) headers.set('vary', [vary, ...missing].filter(Boolean).join(', '));
}

/**
 * For GET (and HEAD) answers of 200 in JSON: an ETag, the given Cache-Control, Vary, and a
 * 304 when If-None-Match names the ETag. Only JSON answers, which are built whole in memory:
 * a streamed export is never read here.
 */
export function conditionalJson(opts: ConditionalOptions): MiddlewareHandler {
  return async (c, next) => {
    // HEAD runs the GET route (Hono drops the body afterwards): it gets the same headers.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const ifNoneMatch = c.req.header('if-none-match');
    const known = opts.validator?.(c) ?? null;
    // "*" asks whether there is an answer at all, which only the route can tell.
    if (known !== null && ifNoneMatch?.trim() !== '*' && noneMatch(ifNoneMatch, known)) {
      const notModified = c.body(null, 304);
      cacheHeaders(notModified.headers, known, opts.cacheControl);
      return notModified;
    }
    await next();
    if (c.res.status !== 200 || !JSON_TYPE.test(c.res.headers.get('content-type') ?? '')) return;
    let etag = known;
    // The body is read back only when something needs it: the hash, or its length, which the
    // compressor needs to leave answers under 1 KiB alone and a HEAD answer states. A plain
    // GET with a known tag is sent as the route made it: reading a page of 50 posts back (to
    // text, hashed, then anew as an answer) cost about a fifth of its time through the app
    // (1M posts, unfiltered list, requests alternating between the app and the bare server
    // of `npm run bench api`: 0.72 of the bare server's speed with it, 0.89 without). Read
    // as text, not cloned: a cloned answer is a stream that @hono/node-server writes chunk
    // by chunk, while a string body is written at once.
    if (etag === null || c.req.method === 'HEAD' || c.req.header('accept-encoding') !== undefined) {
      const text = await c.res.text();
      etag ??= weakTag(text);
      const answer = new Response(text, { status: 200, headers: c.res.headers });
      c.res = undefined;
      c.res = answer;
      c.res.headers.set('content-length', String(Buffer.byteLength(text)));
    }
    cacheHeaders(c.res.headers, etag, opts.cacheControl);
    if (noneMatch(ifNoneMatch, etag)) {
      const headers = new Headers(c.res.headers);
      headers.delete('content-type');
      headers.delete('content-length');
      // Assigning c.res merges the previous answer's headers in: start from none.
      c.res = undefined;
      c.res = new Response(null, { status: 304, headers });
    }
  };
}
