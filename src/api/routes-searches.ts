// /v1/searches: saved searches. Any key may save one; it is kept with that key's brands and
// only keys that may see all of them see it (an unscoped search: unscoped keys only). A saved
// search is run by name: GET /v1/posts?search=NAME, the export's search=NAME, a digest's
// `search` in the config.

import type { Db } from '../store/open.ts';
import {
  deleteSavedSearch,
  getSavedSearch,
  insertSavedSearch,
  listSavedSearches,
  type SavedSearch,
} from '../store/saved-searches.ts';
import { allowedBrands, type Principal } from './auth.ts';
import { Problem } from './problem.ts';
import { SavedSearchList, SavedSearch as SavedSearchSchema } from './responses.ts';
import { type Router, route } from './route.ts';
import { searchBody, searchName } from './schemas.ts';

/** Whether `p` may see (and run) `s`: every brand it is limited to is one `p` may see. */
export function canSeeSearch(p: Principal, s: SavedSearch): boolean {
  const allowed = allowedBrands(p);
  if (allowed === undefined) return true;
  // A search saved without a scope would show a scoped key what it may not see.
  if (s.brands === null) return false;
  return s.brands.every((b) => allowed.includes(b));
}

const notFound = (name: string) =>
  new Problem(404, `no saved search named "${name}"`, undefined, 'search-not-found');

/** The saved search `name` as `p` may run it; a 404 when it does not exist or `p` may not see it. */
export function visibleSearch(db: Db, p: Principal, name: string): SavedSearch {
  const s = getSavedSearch(db, name);
  if (!s || !canSeeSearch(p, s)) throw notFound(name);
  return s;
}

/**
 * A list's filter with a saved search applied: its query ANDed with `q`, its brands
 * intersected with the ones the list is already limited to.
 */
export function withSavedSearch<T extends { q?: string | readonly string[]; brands?: string[] }>(
  filter: T,
  s: SavedSearch,
): T {
  const out = { ...filter, q: [s.query, ...(filter.q === undefined ? [] : [filter.q].flat())] };
  if (s.brands !== null) {
    const saved = s.brands;
    out.brands = filter.brands ? filter.brands.filter((b) => saved.includes(b)) : [...saved];
  }
  return out;
}

const present = (s: SavedSearch) => ({
  name: s.name,
  query: s.query,
  brands: s.brands,
  keyId: s.keyId,
  createdAt: s.createdAt,
});

export function searchRoutes(r: Router, db: Db, now: () => Date): void {
  route(
    r,
    {
      method: 'get',
      path: '/v1/searches',
      tag: 'searches',
      access: 'read',
      summary: 'Saved searches this key may run',
      responses: { 200: '{items}', 401: 'no or invalid key' },
      response: { 200: SavedSearchList },
    },
    (c, { principal }) =>
      c.json({
        items: listSavedSearches(db)
          .filter((s) => canSeeSearch(principal, s))
          .map(present),
      }),
  );

  route(
    r,
    {
      method: 'post',
      path: '/v1/searches',
      tag: 'searches',
      access: 'write',
      summary:
        "Save a search under a name; it keeps the key's brands, and runs within them whoever runs it",
      body: searchBody,
      responses: {
        201: 'the saved search',
        400: 'a field is invalid; a query syntax error names its position (errors[].position)',
        401: 'no or invalid key',
        409: 'the name is taken',
        413: 'body over 64 KiB',
      },
      response: { 201: SavedSearchSchema },
    },
    (c, { body, principal }) => {
      const saved: SavedSearch = {
        name: body.name,
        query: body.query,
        brands: allowedBrands(principal) ?? null,
        keyId: principal.kind === 'key' ? principal.key.id : null,
        createdAt: now().toISOString(),
      };
      if (!insertSavedSearch(db, saved)) {
        throw new Problem(
          409,
          `a saved search named "${body.name}" exists: delete it first, or pick another name`,
          undefined,
          'search-exists',
        );
      }
      return c.json(present(saved), 201, {
        location: `/v1/searches/${encodeURIComponent(saved.name)}`,
      });
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/v1/searches/:name',
      tag: 'searches',
      access: 'read',
      summary: 'One saved search',
      params: searchName,
      responses: { 200: 'the saved search', 401: 'no or invalid key', 404: 'no such search' },
      response: { 200: SavedSearchSchema },
    },
    (c, { params, principal }) => c.json(present(visibleSearch(db, principal, params.name))),
  );

  route(
    r,
    {
      method: 'delete',
      path: '/v1/searches/:name',
      tag: 'searches',
      access: 'write',
      summary: 'Delete a saved search (admin keys: any; other keys: one they may see)',
      params: searchName,
      responses: { 204: 'deleted', 401: 'no or invalid key', 404: 'no such search' },
      response: {},
    },
    (c, { params, principal }) => {
      visibleSearch(db, principal, params.name);
      deleteSavedSearch(db, params.name);
      return c.body(null, 204);
    },
  );
}
