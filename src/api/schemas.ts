// Input schemas of the routes other than GET /v1/posts (query.ts). Sources and brands are
// validated with the config file's own schemas (src/config.ts), plus the crawler's safety rules.
import { isIP } from 'node:net';
import { z } from 'zod';
import { brandSchema, sourceSchema } from '../config.ts';
import { isForbiddenAddress } from '../ingest/address.ts';
import { searchQuery } from '../search/schema.ts';
import { id, isoDate } from './query.ts';

export const idParam = z.object({ id });

const savedName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, "-" or "_", at most 64');
export const searchName = z.object({ name: savedName });

export const searchBody = z.strictObject({
  name: savedName.describe('how GET /v1/posts?search= and a digest name it'),
  query: searchQuery.describe('a query of the search language, as in GET /v1/posts?q='),
});

export const rangeQuery = z.strictObject({
  since: isoDate.optional().describe('ISO 8601, inclusive'),
  until: isoDate.optional().describe('ISO 8601, exclusive'),
});

export const trendQuery = z.strictObject({
  interval: z
    .enum(['day', 'hour'], { message: 'expected day or hour' })
    .default('day')
    .describe('bucket width, UTC'),
  since: isoDate
    .optional()
    .describe('ISO 8601; default: until minus 30 days (day) or 48 hours (hour)'),
  until: isoDate.optional().describe('ISO 8601, exclusive; default: now'),
});

export const feedbackBody = z
  .strictObject({
    sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
    complaint: z.boolean().optional(),
    target: id.nullable().optional().describe('the brand the complaint is aimed at; null: none'),
    note: z.string().max(2000).optional(),
  })
  .refine((f) => Object.keys(f).length > 0, {
    message: 'give at least one of sentiment, complaint, target, note',
    path: ['(body)'],
  });

/**
 * The crawler's rules for a source added over the API: a URL (a file path would let an API
 * client read the server's disk), http or https only, and no literal private, loopback,
 * link-local or CGNAT address. Host names are checked again when fetched (DNS may change).
 */
function safeSource(
  s: { url?: string | undefined; file?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (s.file !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['file'],
      message: 'sources added over the API need a url',
    });
    return;
  }
  // An unparseable URL ("http://[fe80::1%25eth0]/") is already an issue of the url check.
  if (s.url === undefined || !URL.canParse(s.url)) return;
  const u = new URL(s.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'only http and https URLs' });
    return;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isForbiddenAddress(host)) {
    ctx.addIssue({
      code: 'custom',
      path: ['url'],
      message: `${host} is a private, loopback, link-local or otherwise non-public address`,
    });
  }
}

export const sourceBody = sourceSchema.superRefine(safeSource);
export const brandBody = brandSchema.strict();

/** Every field optional and without its default, so a PATCH changes only what it names. */
function patchOf(shape: Record<string, z.ZodType>) {
  const out: Record<string, z.ZodType> = {};
  for (const [k, f] of Object.entries(shape)) {
    if (k === 'id') continue;
    const inner = f instanceof z.ZodDefault ? (f.unwrap() as z.ZodType) : f;
    out[k] = inner instanceof z.ZodOptional ? inner : inner.optional();
  }
  return z.strictObject(out);
}

export const sourcePatch = patchOf(sourceSchema.shape);
export const brandPatch = patchOf(brandSchema.shape);

export const workflowPatch = z
  .strictObject({
    handled: z.boolean().optional().describe('true: the team dealt with it; false: reopen'),
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe('who deals with it (a name or address); null unassigns'),
  })
  .refine((w) => w.handled !== undefined || w.assignee !== undefined, {
    message: 'give handled, assignee or both',
    path: ['(body)'],
  });

export const noteBody = z.strictObject({
  text: z.string().trim().min(1, 'a note needs text').max(2000),
});
