// Input validation: every query, path parameter and body goes through a zod schema, and a
// failure is a 400 problem+json whose errors name each field at fault.
import type { z } from 'zod';
import { type FieldIssue, Problem } from './problem.ts';

export type Place = 'query' | 'path' | 'body';

const SLUG: Record<Place, string> = {
  query: 'invalid-query',
  path: 'invalid-path',
  body: 'invalid-body',
};

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ field: k, message: 'unknown field' }));
    }
    const field = issue.path.map(String).join('.') || '(root)';
    return [{ field, message: issue.message }];
  });
}

export function invalid(place: Place, errors: FieldIssue[]): Problem {
  const what =
    place === 'query' ? 'query parameter' : place === 'path' ? 'path parameter' : 'field';
  const fields = errors.map((e) => e.field).join(', ');
  return new Problem(400, `invalid ${what}: ${fields}`, errors, SLUG[place]);
}

export function validate<S extends z.ZodType>(schema: S, raw: unknown, place: Place): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw invalid(place, issuesOf(r.error));
}
