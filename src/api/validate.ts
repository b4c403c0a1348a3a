// Input validation: every query, path parameter and body goes through a zod schema, and a
// failure is a 400 problem+json whose errors name each field at fault.
import type { z } from 'zod';
import { unknownKeys } from '../config-issues.ts';
import { type FieldIssue, Problem } from './problem.ts';

export type Place = 'query' | 'path' | 'body';

const SLUG: Record<Place, string> = {
  query: 'invalid-query',
  path: 'invalid-path',
  body: 'invalid-body',
};

/**
 * One entry per field at fault. An unknown field is named by its full path, with the known
 * field it was probably meant to be when `schema` knows one near it ("alias" → "aliases").
 */
export function issuesOf(error: z.ZodError, schema?: z.ZodType): FieldIssue[] {
  const unknown = schema ? unknownKeys(schema, error.issues) : [];
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => {
        const suggestion = unknown.find(
          (u) => u.key === k && u.path.join('.') === issue.path.join('.'),
        )?.suggestion;
        return {
          field: [...issue.path, k].map(String).join('.'),
          message: suggestion ? `unknown field (did you mean "${suggestion}"?)` : 'unknown field',
        };
      });
    }
    const field = issue.path.map(String).join('.') || '(root)';
    const position = issue.code === 'custom' ? issue.params?.position : undefined;
    return typeof position === 'number'
      ? [{ field, message: issue.message, position }]
      : [{ field, message: issue.message }];
  });
}

export function invalid(place: Place, errors: FieldIssue[]): Problem {
  const what =
    place === 'query' ? 'query parameter' : place === 'path' ? 'path parameter' : 'field';
  const fields = errors.map((e) => e.field).join(', ');
  // A search syntax error is worth its words in the detail: it says where the query breaks.
  const located = errors.find((e) => e.position !== undefined);
  const detail = located
    ? `invalid ${what}: ${fields}: ${located.message}`
    : `invalid ${what}: ${fields}`;
  return new Problem(400, detail, errors, SLUG[place]);
}

export function validate<S extends z.ZodType>(schema: S, raw: unknown, place: Place): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw invalid(place, issuesOf(r.error, schema));
}
