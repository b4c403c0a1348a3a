// Admin routes: add, change and remove sources and brands. Bodies are validated with the
// config file's schemas (src/config.ts); sources also with the crawler's address rules.
import type { z } from 'zod';
import type { BrandConfig, SourceConfig } from '../config.ts';
import {
  brandExists,
  deleteBrand,
  deleteSource,
  getBrandConfig,
  getSourceConfig,
  putBrand,
  putSource,
  sourceExists,
} from '../store/admin.ts';
import type { Db } from '../store/open.ts';
import { listSources } from '../store/read.ts';
import { allowedBrands, requireBrand } from './auth.ts';
import { Problem } from './problem.ts';
import { redactSource } from './redact.ts';
import { Brand, Source, SourceList } from './responses.ts';
import { type Router, route } from './route.ts';
import { brandBody, brandPatch, idParam, sourceBody, sourcePatch } from './schemas.ts';
import { validate } from './validate.ts';

const ERRORS = {
  400: 'a field is invalid (errors name it)',
  401: 'no or invalid key',
  403: 'not an admin key',
  413: 'body over 64 KiB',
};

type Kind = 'source' | 'brand';

function conflict(kind: Kind, id: string) {
  return new Problem(
    409,
    `a ${kind} with id "${id}" exists: PATCH it`,
    undefined,
    `${kind}-exists`,
  );
}
function missing(kind: Kind, id: string) {
  return new Problem(404, `no ${kind} with id "${id}"`, undefined, `${kind}-not-found`);
}

export function adminRoutes(r: Router, db: Db, now: () => Date): void {
  route(
    r,
    {
      method: 'get',
      path: '/v1/sources',
      tag: 'sources',
      access: 'read',
      summary:
        'Sources with their fetch state, errors and post counts; for admin keys, their options, file paths and URL credentials too',
      description:
        'A key limited to some brands sees the sources about one of them or about no brand, and counts only the posts it may see.',
      responses: { 200: '{items}', 401: 'no or invalid key' },
      response: { 200: SourceList },
    },
    (c, { principal }) => {
      // Options (selectors, brand…), file paths and credentials are admin matters.
      const admin = principal.kind === 'key' && principal.key.role === 'admin';
      const brands = allowedBrands(principal);
      const items = listSources(db, brands ? { brands } : {}).map(({ options, ...s }) =>
        admin ? { ...s, options } : redactSource(s),
      );
      return c.json({ items });
    },
  );

  const crud = <T extends SourceConfig | BrandConfig>(
    kind: Kind,
    path: string,
    body: z.ZodType<T>,
    patch: z.ZodType<Record<string, unknown>>,
    answer: z.ZodType,
    /** Who may read one: sources hold paths and credentials (admin); a brand, its readers. */
    read: 'admin' | 'read',
    ops: {
      exists(id: string): boolean;
      get(id: string): T | null;
      put(value: T): void;
      remove(id: string): boolean;
    },
  ) => {
    route(
      r,
      {
        method: 'post',
        path,
        tag: `${kind}s`,
        access: 'admin',
        summary: `Add a ${kind} (the config file's ${kind} schema)`,
        body,
        responses: { 201: `the ${kind}`, ...ERRORS, 409: 'the id exists' },
        response: { 201: answer },
      },
      (c, { body: value }) => {
        if (ops.exists(value.id)) throw conflict(kind, value.id);
        ops.put(value);
        return c.json(ops.get(value.id), 201, {
          location: `${path}/${encodeURIComponent(value.id)}`,
        });
      },
    );
    route(
      r,
      {
        method: 'get',
        path: `${path}/:id`,
        tag: `${kind}s`,
        access: read,
        summary: `A ${kind} as configured (the config file's ${kind} schema)`,
        params: idParam,
        responses: {
          200: `the ${kind}`,
          401: ERRORS[401],
          403: read === 'admin' ? ERRORS[403] : 'the key may not see this brand',
          404: `no such ${kind}`,
        },
        response: { 200: answer },
      },
      (c, { params, principal }) => {
        if (read !== 'admin') requireBrand(principal, params.id);
        const current = ops.get(params.id);
        if (!current) throw missing(kind, params.id);
        return c.json(current);
      },
    );
    route(
      r,
      {
        method: 'patch',
        path: `${path}/:id`,
        tag: `${kind}s`,
        access: 'admin',
        summary: `Change some fields of a ${kind}; the result is validated whole`,
        params: idParam,
        body: patch,
        responses: { 200: `the ${kind}`, ...ERRORS, 404: `no such ${kind}` },
        response: { 200: answer },
      },
      (c, { params, body: changes }) => {
        const current = ops.get(params.id);
        if (!current) throw missing(kind, params.id);
        const merged = validate(body, { ...current, ...changes, id: params.id }, 'body');
        ops.put(merged);
        return c.json(ops.get(params.id));
      },
    );
    route(
      r,
      {
        method: 'delete',
        path: `${path}/:id`,
        tag: `${kind}s`,
        access: 'admin',
        summary:
          kind === 'source'
            ? 'Remove a source and its posts'
            : 'Remove a brand and its mentions (posts stay)',
        params: idParam,
        responses: { 204: 'removed', 401: ERRORS[401], 403: ERRORS[403], 404: `no such ${kind}` },
        response: {},
      },
      (c, { params }) => {
        if (!ops.remove(params.id)) throw missing(kind, params.id);
        return c.body(null, 204);
      },
    );
  };

  crud<SourceConfig>('source', '/v1/sources', sourceBody, sourcePatch, Source, 'admin', {
    exists: (id) => sourceExists(db, id),
    get: (id) => getSourceConfig(db, id),
    put: (s) => putSource(db, s, now().toISOString()),
    remove: (id) => deleteSource(db, id),
  });
  crud<BrandConfig>('brand', '/v1/brands', brandBody, brandPatch, Brand, 'read', {
    exists: (id) => brandExists(db, id),
    get: (id) => getBrandConfig(db, id),
    put: (b) => putBrand(db, b),
    remove: (id) => deleteBrand(db, id),
  });
}
