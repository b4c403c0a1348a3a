// The OpenAPI 3.1 document, built from the operations the routes declared: their parameter and
// body schemas are the zod schemas that validate them (z.toJSONSchema, input side).
import { z } from 'zod';
import { components } from './responses.ts';
import type { Operation } from './route.ts';

const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          position: {
            type: 'integer',
            description: 'a search query syntax error: 0-based offset of the fault in the value',
          },
        },
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

function parameters(op: Operation): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema) as {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

/** Where a schema's shared parts go: `#/$defs/X` of zod's output becomes a component. */
const COMPONENT_REF = '#/components/schemas/';

/** Rewrites zod's `#/$defs/X` references to `#/components/schemas/X`, in place. */
function pointAtComponents(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) pointAtComponents(n);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.$ref === 'string' && o.$ref.startsWith('#/$defs/')) {
      o.$ref = COMPONENT_REF + o.$ref.slice('#/$defs/'.length);
    }
    for (const v of Object.values(o)) pointAtComponents(v);
  }
}

/**
 * The JSON Schema of what a route answers (output side): its parts registered in `components`
 * are moved to `shared` and referred to. A name given to two different schemas is an error.
 */
function responseSchema(
  schema: z.ZodType,
  shared: Record<string, unknown>,
): Record<string, unknown> {
  const s = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    metadata: components,
  }) as Record<string, unknown>;
  delete s.$schema;
  const defs = (s.$defs ?? {}) as Record<string, unknown>;
  delete s.$defs;
  pointAtComponents(s);
  for (const [name, def] of Object.entries(defs)) {
    pointAtComponents(def);
    const known = shared[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(def)) {
      throw new Error(`two different response schemas are named ${name}`);
    }
    shared[name] = def;
  }
  return s;
}

export const TAGS: { name: string; description: string }[] = [
  { name: 'posts', description: 'The ranked list of posts, one post, feedback on its analysis' },
  { name: 'workflow', description: "Handled, assignee and notes: the team's state on a post" },
  { name: 'brands', description: 'Watched brands, their summary and trend' },
  { name: 'alerts', description: 'Complaint spikes found after each crawl (docs/alerts.md)' },
  { name: 'searches', description: 'Saved searches of the search language' },
  { name: 'sources', description: 'Where posts come from, and their health' },
  { name: 'exports', description: 'Scored datasets as CSV, JSON Lines or Parquet' },
  { name: 'service', description: 'Health, readiness, metrics, this document, the caller' },
];

/** Errors that the key guard of /v1 and /metrics may answer before any route runs. */
const GUARDED: Record<number, string> = {
  401: 'no or invalid key',
  429: 'rate limit: retry after Retry-After seconds',
};

/** Headers of a JSON read that may be answered 304 (http-cache.ts). */
const CONDITIONAL_HEADERS = {
  ETag: {
    description: 'a tag of this answer: send it back as If-None-Match to get a 304 when unchanged',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description:
      'private, no-cache (/v1: keep it, but ask again) or public, no-cache (this document)',
    schema: { type: 'string' },
  },
};
const LOCATION_HEADER = {
  Location: {
    description: 'where what was created is read',
    required: true,
    schema: { type: 'string' },
  },
};

export function openApiDocument(ops: Operation[], version: string | null): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const shared: Record<string, unknown> = {};
  for (const op of ops) {
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const guarded = op.path.startsWith('/v1/') || op.path === '/metrics';
    const conditional =
      op.method === 'get' &&
      (op.path.startsWith('/v1/') || op.path === '/openapi.json') &&
      (op.produces ?? ['application/json']).every((t) => t.startsWith('application/json'));
    const declared: Record<number, string> = guarded
      ? { ...op.responses, ...GUARDED }
      : { ...op.responses };
    if (conditional) {
      declared[304] = 'not modified: If-None-Match names the ETag the answer would have';
    }
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(declared)) {
      const code = Number(status);
      const schema = op.response[code];
      if (code >= 200 && code < 300 && code !== 204 && !schema) {
        throw new Error(`${op.method} ${op.path} answers ${code} without a response schema`);
      }
      const body = schema ? responseSchema(schema, shared) : undefined;
      const content: Record<string, unknown> = {};
      if (code >= 400) {
        content['application/problem+json'] = { schema: { $ref: `${COMPONENT_REF}Problem` } };
        if (body) content['application/json'] = { schema: body };
      } else if (body) {
        for (const type of op.produces ?? ['application/json']) {
          content[type] = { schema: body };
        }
      }
      const headers =
        code === 201
          ? LOCATION_HEADER
          : code === 200 && conditional
            ? CONDITIONAL_HEADERS
            : code === 304
              ? { ETag: CONDITIONAL_HEADERS.ETag }
              : undefined;
      responses[status] = {
        description,
        ...(headers ? { headers } : {}),
        ...(Object.keys(content).length > 0 ? { content } : {}),
      };
    }
    const operation: Record<string, unknown> = {
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch?: string) => (ch ?? '').toUpperCase())}`,
      summary: op.summary,
      tags: [op.tag],
      parameters: parameters(op),
      responses,
      'x-access': op.access,
    };
    if (op.description) operation.description = op.description;
    operation.security = op.access === 'public' ? [] : [{ bearer: [] }];
    if (op.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(op.body) } },
      };
    }
    paths[path] ??= {};
    paths[path]![op.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'grogne API',
      version: version ?? '0.1.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Ranked French complaints about watched brands, with the reasons for each rank. See docs/api.md.',
    },
    servers: [{ url: '/', description: 'this server' }],
    security: [{ bearer: [] }],
    tags: TAGS,
    paths,
    components: {
      schemas: { Problem: PROBLEM, ...Object.fromEntries(Object.entries(shared).sort()) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'grogne keys create' },
      },
    },
  };
}
