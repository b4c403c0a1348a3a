// Declares a route once: its documentation and its validation come from the same zod
// schemas, so /openapi.json cannot drift from what the server accepts.
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { type Access, authorize, type Principal } from './auth.ts';
import { Problem } from './problem.ts';
import { validate } from './validate.ts';

export interface ApiEnv {
  Variables: {
    principal: Principal;
    /** The route template that answered, for metrics ("/v1/posts/:id"). */
    route: string;
    /** X-Request-Id of this request (given by the client or a proxy, else generated). */
    requestId: string;
  };
}

export interface OperationDef<P, Q, B> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono path template: "/v1/posts/:id". */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Media types of a success answer; default application/json. */
  produces?: string[];
  /** Status code → what it means for this route. */
  responses: Record<number, string>;
  /**
   * Status code → the schema of the body answered with it (src/api/responses.ts): every success
   * status but 204; an error status only when it answers something else than a problem (/readyz).
   */
  response: Record<number, z.ZodType>;
}

export type Operation = OperationDef<z.ZodType, z.ZodType, z.ZodType>;

export interface Input<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  principal: Principal;
}

export interface Router {
  app: Hono<ApiEnv>;
  operations: Operation[];
  anonymousRead: boolean;
}

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new Problem(415, 'send the body as application/json', undefined, 'unsupported-media');
  }
  try {
    return await c.req.json();
  } catch {
    throw new Problem(
      400,
      'the body is not valid JSON',
      [{ field: '(body)', message: 'not valid JSON' }],
      'invalid-body',
    );
  }
}

export function route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
>(
  r: Router,
  def: OperationDef<P, Q, B>,
  handler: (c: Context<ApiEnv>, input: Input<P, Q, B>) => Response | Promise<Response>,
): void {
  r.operations.push(def as unknown as Operation);
  r.app.on(def.method.toUpperCase(), def.path, async (c) => {
    c.set('route', def.path);
    const principal = c.get('principal') ?? { kind: 'anonymous' };
    authorize(principal, def.access, r.anonymousRead);
    const params = def.params ? validate(def.params, c.req.param(), 'path') : {};
    const query = def.query ? validate(def.query, c.req.query(), 'query') : {};
    const body = def.body ? validate(def.body, await readJson(c), 'body') : undefined;
    return handler(c, { params, query, body, principal } as Input<P, Q, B>);
  });
}
