// Errors as RFC 9457 problem details. Routes throw a Problem; the one app.onError renders it.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InputError } from '../errors.ts';
import { SearchSyntaxError } from '../search/parse.ts';
import { CursorError } from '../store/cursor.ts';

export interface FieldIssue {
  field: string;
  message: string;
  /** A search query's syntax error: the 0-based offset of the fault in the field's value. */
  position?: number;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldIssue[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class Problem extends Error {
  override name = 'Problem';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string,
    readonly errors?: FieldIssue[],
    /** A short slug for the type URI: "invalid-query", "post-not-found", … */
    readonly slug?: string,
    /** Headers the answer must carry (WWW-Authenticate, Retry-After, …). */
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

function typeUri(slug: string | undefined): string {
  // "about:blank" is RFC 9457's "no more than the status says"; a slug names a documented kind.
  return slug ? `https://grogne.dev/problems/${slug}` : 'about:blank';
}

export function problemResponse(c: Context, p: Problem): Response {
  const body: ProblemBody = {
    type: typeUri(p.slug),
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    detail: p.detail,
    instance: new URL(c.req.url).pathname,
  };
  if (p.errors && p.errors.length > 0) body.errors = p.errors;
  return c.body(JSON.stringify(body), p.status, {
    ...p.headers,
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

/** Maps anything thrown by a route to a Problem; unknown errors become a 500 without details. */
export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof CursorError) {
    return new Problem(
      400,
      err.message,
      [{ field: err.field, message: err.message }],
      'invalid-query',
    );
  }
  // The routes check queries first (search/schema.ts); this covers one that reached the store.
  if (err instanceof SearchSyntaxError) {
    return new Problem(
      400,
      `invalid search query: ${err.message}`,
      [{ field: 'q', message: err.message, position: err.position }],
      'invalid-query',
    );
  }
  if (err instanceof InputError) return new Problem(400, err.message, undefined, 'invalid-query');
  if (err instanceof HTTPException) {
    return new Problem(
      err.status as ContentfulStatusCode,
      err.message || TITLES[err.status] || 'Error',
    );
  }
  return new Problem(500, 'the server failed to answer; the error is logged');
}
