// The query string of GET /v1/posts, validated once; each error names the parameter at fault.
import { z } from 'zod';
import type { PostQuery } from '../store/read.ts';

export const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date, e.g. 2024-05-01')
  // Stored dates are ISO UTC strings: normalising makes string comparison a date comparison.
  .transform((s) => new Date(s).toISOString());

export const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((s) => s === 'true' || s === '1');

export const id = z.string().min(1).max(64);

export const postsQuerySchema = z
  .strictObject({
    brand: id.optional().describe('brand id: posts that mention it'),
    target: bool
      .optional()
      .describe('with brand: only posts whose complaint is (true) or is not (false) aimed at it'),
    since: isoDate.optional().describe('published (else fetched) at or after'),
    until: isoDate.optional().describe('published (else fetched) before'),
    minSeverity: z.coerce
      .number({ message: 'expected a number from 0 to 100' })
      .min(0, 'expected a number from 0 to 100')
      .max(100, 'expected a number from 0 to 100')
      .optional(),
    complaint: bool.optional(),
    sentiment: z
      .enum(['negative', 'neutral', 'positive'], {
        message: 'expected one of negative, neutral, positive',
      })
      .optional(),
    lang: z
      .string()
      .regex(/^[a-z]{3}$/, 'expected an ISO 639-3 code, e.g. fra')
      .optional(),
    source: id.optional(),
    category: z.string().min(1).max(64).optional().describe('grievance category, e.g. billing'),
    q: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('full-text words, all required; case and accents ignored'),
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
    cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
  })
  .superRefine((q, ctx) => {
    if (q.target !== undefined && q.brand === undefined) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'needs a brand' });
    }
  });

export type PostsQueryInput = z.output<typeof postsQuerySchema>;

/** The store query for validated parameters. */
export function toPostQuery(q: PostsQueryInput): PostQuery {
  const { target, ...rest } = q;
  const query: PostQuery = { ...rest };
  if (target !== undefined) query.target = target;
  return query;
}
