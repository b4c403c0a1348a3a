// The OpenAPI 3.1 document, built from the operations the routes declared: their parameter and
// body schemas are the zod schemas that validate them (z.toJSONSchema, input side).
import { z } from 'zod';
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

export function openApiDocument(ops: Operation[], version: string | null): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(op.responses)) {
      responses[status] =
        Number(status) >= 400
          ? {
              description,
              content: {
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            }
          : Number(status) === 204
            ? { description }
            : {
                description,
                content: Object.fromEntries(
                  (op.produces ?? ['application/json']).map((type) => [type, {}]),
                ),
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
    if (op.access !== 'public') operation.security = [{ bearer: [] }];
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
      description:
        'Ranked French complaints about watched brands, with the reasons for each rank. See docs/api.md.',
    },
    paths,
    components: {
      schemas: { Problem: PROBLEM },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'grogne keys create' },
      },
    },
  };
}
