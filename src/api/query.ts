// The query string of GET /v1/posts, validated once; each error names the parameter at fault.
import { z } from 'zod';
import { searchQuery } from '../search/schema.ts';
import type { PostQuery } from '../store/read.ts';

// YYYY, YYYY-MM or YYYY-MM-DD, then optionally a time (T or a space) and a UTC offset. Four
// digits of year keep every date, and the trend's arithmetic around it, inside what Date holds.
const ISO_8601 =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?)?)?$/i;

const EXPECTED = 'expected an ISO 8601 date, e.g. 2024-05-01 or 2024-05-01T08:30:00Z';

/** Why `s` is not a date of the calendar, or null when it is one. */
export function isoDateProblem(s: string): string | null {
  const m = ISO_8601.exec(s);
  if (!m) return EXPECTED;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (month < 1 || month > 12) return `${s}: there is no month ${month}`;
  // Date.parse would roll 2024-02-30 over to 1 March: the day must exist in its month.
  const days = new Date(Date.UTC(year!, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${s}: month ${month} of ${year} has ${days} days`;
  if (hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) {
    return `${s}: the time is out of range`;
  }
  return Number.isNaN(Date.parse(s)) ? EXPECTED : null;
}

export const isoDate = z
  .string()
  .superRefine((s, ctx) => {
    const problem = isoDateProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
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
    q: searchQuery
      .optional()
      .describe(
        'search language: words (every form: facture finds factures, facturée), "exact phrases", OR or |, NOT or -, parentheses, brand:, source:, author:, title:, lang:; case and accents ignored. E.g. (facture OR "prélèvement abusif") -brand:free. A syntax error is a 400 whose errors[0].position is the offset at fault',
      ),
    search: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected the name of a saved search')
      .optional()
      .describe(
        'the name of a saved search (GET /v1/searches): its query, and q if given, both apply',
      ),
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
    handled: bool.optional().describe('only posts marked handled (true) or not (false)'),
    assignee: z.string().min(1).max(100).optional().describe('only posts assigned to this person'),
  })
  .superRefine((q, ctx) => {
    if (q.target !== undefined && q.brand === undefined) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'needs a brand' });
    }
  });

export type PostsQueryInput = z.output<typeof postsQuerySchema>;

/** The store query for validated parameters (`search`, a saved search's name, left out). */
export function toPostQuery(q: PostsQueryInput): PostQuery {
  const { target, search: _search, ...rest } = q;
  const query: PostQuery = { ...rest };
  if (target !== undefined) query.target = target;
  return query;
}
