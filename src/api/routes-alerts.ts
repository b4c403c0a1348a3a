// /v1/alerts: the spikes that the alert check found (docs/alerts.md), newest first, for the
// dashboard and whoever missed the message. A key limited to some brands sees their alerts only.
import { z } from 'zod';
import { alertPosts, listAlerts } from '../store/alerts.ts';
import type { Db } from '../store/open.ts';
import { allowedBrands, requireBrand } from './auth.ts';
import { id, isoDate } from './query.ts';
import { AlertList } from './responses.ts';
import { type Router, route } from './route.ts';

const alertsQuery = z.strictObject({
  brand: id.optional().describe('only this brand'),
  since: isoDate.optional().describe('alerts whose window ends at or after this date'),
  limit: z.coerce
    .number({ message: 'expected an integer from 1 to 200' })
    .int('expected an integer from 1 to 200')
    .min(1, 'expected an integer from 1 to 200')
    .max(200, 'expected an integer from 1 to 200')
    .default(50),
});

export function alertRoutes(r: Router, db: Db): void {
  route(
    r,
    {
      method: 'get',
      path: '/v1/alerts',
      tag: 'alerts',
      access: 'read',
      summary: 'Complaint spikes per brand, newest first, with the posts that make each one',
      query: alertsQuery,
      responses: {
        200: '{items, hasMore}: hasMore says that more alerts than limit match',
        400: 'a parameter is invalid (errors name it)',
        401: 'no or invalid key',
        403: 'the key may not see this brand',
      },
      response: { 200: AlertList },
    },
    (c, { query, principal }) => {
      if (query.brand !== undefined) requireBrand(principal, query.brand);
      // One more than asked: whether there are more to see.
      const rows = listAlerts(db, {
        brand: query.brand,
        brands: allowedBrands(principal),
        since: query.since,
        limit: query.limit + 1,
      });
      const items = rows
        .slice(0, query.limit)
        .map(({ postIds, ...a }) => ({ ...a, posts: alertPosts(db, postIds) }));
      return c.json({ items, hasMore: rows.length > query.limit });
    },
  );
}
