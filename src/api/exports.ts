// GET /v1/exports?format=csv|jsonl|parquet&<filters of /v1/posts>&fields=&bom=&clearAuthors=
// The export streamed as it is read: each chunk the client pulls reads one page of the store,
// so memory stays flat and the connection is free between chunks for other requests.
import { z } from 'zod';
import { FIELDS, selectFields } from '../export/fields.ts';
import { authorSecret } from '../export/pseudonym.ts';
import { CONTENT_TYPES, type ExportFormat, exportChunks, FORMATS } from '../export/stream.ts';
import type { ExportFilter } from '../store/export.ts';
import type { Db } from '../store/open.ts';
import { allowedBrands, forbidden, type Principal } from './auth.ts';
import { Problem } from './problem.ts';
import { bool, postsQuerySchema } from './query.ts';
import { visibleSearch, withSavedSearch } from './routes-searches.ts';

export interface ExportDeps {
  db: Db;
  /** export.authorSecret from the config; else the secret kept in the database. */
  authorSecret?: string;
  logError?: (err: unknown) => void;
}

// The filters of /v1/posts, without its paging and order (an export is every row, by post id).
const { sort: _s, limit: _l, cursor: _c, ...filters } = postsQuerySchema.shape;

/** The query of GET /v1/exports: what /openapi.json documents and what validates a request. */
export const exportQuerySchema = z
  .strictObject({
    format: z
      .enum(FORMATS as [ExportFormat, ...ExportFormat[]], {
        message: `expected one of ${FORMATS.join(', ')}`,
      })
      .describe('csv (RFC 4180), jsonl (one JSON object a line) or parquet'),
    fields: z
      .string()
      .max(2000)
      .optional()
      .describe(
        `comma-separated columns, in order; default all: ${FIELDS.map((f) => f.name).join(', ')}`,
      ),
    bom: bool.optional().describe('csv: start with a UTF-8 byte-order mark (for Excel)'),
    clearAuthors: bool
      .optional()
      .describe('admin keys only: author names in clear instead of pseudonyms'),
    ...filters,
  })
  .superRefine((q, ctx) => {
    if (q.target !== undefined && q.brand === undefined) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'needs a brand' });
    }
  });

export type ExportQuery = z.output<typeof exportQuerySchema>;

function invalid(field: string, message: string): Problem {
  return new Problem(
    400,
    `invalid query parameter: ${field}`,
    [{ field, message }],
    'invalid-query',
  );
}

export function exportResponse(
  deps: ExportDeps,
  query: ExportQuery,
  principal: Principal,
): Response {
  // `search` names a saved search, whose query and brands apply on top of the filters.
  const { format, fields: fieldList, bom, clearAuthors = false, search, ...filter } = query;
  let fields: ReturnType<typeof selectFields>;
  try {
    fields = selectFields(fieldList);
  } catch (err) {
    throw invalid('fields', (err as Error).message.replace(/^--fields: /, ''));
  }
  const scope = allowedBrands(principal);
  let scoped: ExportFilter = scope ? { ...filter, brands: scope } : filter;
  if (search !== undefined) {
    scoped = withSavedSearch(scoped, visibleSearch(deps.db, principal, search));
  }
  if (scope && filter.brand !== undefined && !scope.includes(filter.brand)) {
    throw forbidden(`this key may not see brand "${filter.brand}"`);
  }
  if (clearAuthors && !(principal.kind === 'key' && principal.key.role === 'admin')) {
    throw forbidden('clear author names are for admin keys only; exports are pseudonymised');
  }
  const secret = clearAuthors ? undefined : authorSecret(deps.db, deps.authorSecret).secret;
  const { chunks } = exportChunks({
    db: deps.db,
    format,
    filter: scoped,
    fields,
    clearAuthors,
    secret,
    bom: format === 'csv' && bom === true,
  });
  /** Set when the client went away: a pull waiting for its turn then stops there. */
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      // Each page is a synchronous read of the store (~10 ms). The server pulls the next chunk
      // as soon as the socket takes the last one, through promise callbacks alone: on a client
      // that reads fast (loopback, a LAN) that chain never let the event loop run, and every
      // other request waited for the whole export, or until the socket's buffer filled
      // (~250 ms to a first byte on loopback, measured with the client in the same process).
      // One turn of the event loop per page lets them in.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled) return;
      try {
        // A Parquet row group fills over several pages: read on until there is something to
        // send, or the stream would wait for a pull that never comes.
        for (;;) {
          const n = chunks.next();
          if (n.done) {
            ctrl.close();
            return;
          }
          for (const b of n.value) ctrl.enqueue(new Uint8Array(b.buffer, b.byteOffset, b.length));
          if (n.value.length > 0) return;
        }
      } catch (err) {
        deps.logError?.(err);
        ctrl.error(err);
      }
    },
    cancel() {
      cancelled = true;
      chunks.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="grogne-export.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
