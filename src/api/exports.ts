// GET /v1/exports?format=csv|jsonl|parquet&<filters of /v1/posts>&fields=&bom=&clearAuthors=
// The export streamed as it is read: each chunk the client pulls reads one page of the store,
// so memory stays flat and the connection is free between chunks for other requests.
import type { Context } from 'hono';
import { selectFields } from '../export/fields.ts';
import { authorSecret } from '../export/pseudonym.ts';
import { CONTENT_TYPES, type ExportFormat, exportChunks, FORMATS } from '../export/stream.ts';
import type { ExportFilter } from '../store/export.ts';
import type { Db } from '../store/open.ts';
import { allowedBrands, forbidden, type Principal } from './auth.ts';
import { Problem } from './problem.ts';
import { postsQuerySchema, toPostQuery } from './query.ts';
import { visibleSearch, withSavedSearch } from './routes-searches.ts';
import { validate } from './validate.ts';

export interface ExportDeps {
  db: Db;
  /** export.authorSecret from the config; else the secret kept in the database. */
  authorSecret?: string;
  logError?: (err: unknown) => void;
}

const OWN_PARAMS = ['format', 'fields', 'bom', 'clearAuthors'];
const TRUE = new Set(['true', '1']);
const BOOL = new Set(['true', 'false', '1', '0']);

// The auth middleware keeps who is asking in the context; read it without depending on how
// the app's Variables are typed. Absent (no auth wired) = anonymous.
function principalOf(c: Context): Principal {
  const vars = c.var as Record<string, unknown>;
  const p = (vars.principal ?? vars.auth) as Principal | undefined;
  return p && typeof p === 'object' && 'kind' in p ? p : { kind: 'anonymous' };
}

function invalid(field: string, message: string): Problem {
  return new Problem(
    400,
    `invalid query parameter: ${field}`,
    [{ field, message }],
    'invalid-query',
  );
}

export function exportResponse(c: Context, deps: ExportDeps): Response {
  const query = c.req.query();
  const format = query.format as ExportFormat | undefined;
  if (!format || !FORMATS.includes(format)) {
    throw invalid('format', `expected one of ${FORMATS.join(', ')}`);
  }
  for (const b of ['bom', 'clearAuthors']) {
    if (query[b] !== undefined && !BOOL.has(query[b]!)) throw invalid(b, 'expected true or false');
  }
  let fields: ReturnType<typeof selectFields>;
  try {
    fields = selectFields(query.fields);
  } catch (err) {
    throw invalid('fields', (err as Error).message.replace(/^--fields: /, ''));
  }
  const filterParams = Object.fromEntries(
    Object.entries(query).filter(([k]) => !OWN_PARAMS.includes(k)),
  );
  for (const k of ['limit', 'cursor', 'sort']) {
    if (k in filterParams) throw invalid(k, 'unknown parameter');
  }
  const validated = validate(postsQuerySchema, filterParams, 'query');
  const { limit: _l, sort: _s, cursor: _c, ...filter } = toPostQuery(validated);
  const principal = principalOf(c);
  const scope = allowedBrands(principal);
  let scoped: ExportFilter = scope ? { ...filter, brands: scope } : filter;
  if (validated.search !== undefined) {
    scoped = withSavedSearch(scoped, visibleSearch(deps.db, principal, validated.search));
  }
  if (scope && filter.brand !== undefined && !scope.includes(filter.brand)) {
    throw forbidden(`this key may not see brand "${filter.brand}"`);
  }
  const clearAuthors = TRUE.has(query.clearAuthors ?? '');
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
    bom: format === 'csv' && TRUE.has(query.bom ?? ''),
  });
  const body = new ReadableStream<Uint8Array>({
    pull(ctrl) {
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
