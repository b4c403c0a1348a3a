// The query string of GET /v1/posts, validated once; each error names the parameter at fault.
import { z } from 'zod';
import type { PostQuery } from '../store/read.ts';
import type { FieldIssue } from './problem.ts';

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date, e.g. 2024-05-01')
  // Stored dates are ISO UTC strings: normalising makes string comparison a date comparison.
  .transform((s) => new Date(s).toISOString());

const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((s) => s === 'true' || s === '1');

const id = z.string().min(1).max(64);

export const postsQuerySchema = z.strictObject({
  brand: id.optional(),
  target: bool.optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  minSeverity: z.coerce
    .number({ message: 'expected a number from 0 to 100' })
    .min(0, 'expected a number from 0 to 100')
    .max(100, 'expected a number from 0 to 100')
    .optional(),
  complaint: bool.optional(),
  lang: z
    .string()
    .regex(/^[a-z]{3}$/, 'expected an ISO 639-3 code, e.g. fra')
    .optional(),
  source: id.optional(),
  category: z.string().min(1).max(64).optional(),
  q: z.string().min(1).max(200).optional(),
  sort: z
    .enum(['priority', 'severity', 'reach', 'published'], {
      message: 'expected one of priority, severity, reach, published',
    })
    .optional(),
  limit: z.coerce
    .number({ message: 'expected an integer from 1 to 200' })
    .int('expected an integer from 1 to 200')
    .min(1, 'expected an integer from 1 to 200')
    .max(200, 'expected an integer from 1 to 200')
    .default(20),
  cursor: z.string().min(1).max(500).optional(),
});

export type ParsedPostsQuery = { ok: true; query: PostQuery } | { ok: false; errors: FieldIssue[] };

export function parsePostsQuery(raw: Record<string, string>): ParsedPostsQuery {
  const r = postsQuerySchema.safeParse(raw);
  if (r.success) {
    const { target, ...rest } = r.data;
    if (target !== undefined && rest.brand === undefined) {
      return { ok: false, errors: [{ field: 'target', message: 'needs a brand' }] };
    }
    const query: PostQuery = { ...rest };
    if (target !== undefined) query.target = target;
    return { ok: true, query };
  }
  const errors = r.error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ field: k, message: 'unknown parameter' }));
    }
    return [{ field: String(issue.path[0] ?? '(query)'), message: issue.message }];
  });
  return { ok: false, errors };
}
