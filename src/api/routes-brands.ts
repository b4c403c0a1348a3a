// /v1/brands: the watched brands, and per brand a summary and a trend with spikes.
import { brandExists } from '../store/admin.ts';
import type { Db } from '../store/open.ts';
import { listBrands } from '../store/read.ts';
import { brandBuckets, brandNegatives, brandSummary } from '../store/stats.ts';
import { allowedBrands, requireBrand } from './auth.ts';
import { Problem } from './problem.ts';
import { BrandList, BrandSummary, Trend } from './responses.ts';
import { type Router, route } from './route.ts';
import { idParam, rangeQuery, trendQuery } from './schemas.ts';
import { buildTrend, floorTo, MAX_BUCKETS, SPIKE_WINDOW } from './trend.ts';

const DEFAULT_SPAN_MS = { day: 30 * 86_400_000, hour: 48 * 3_600_000 };
const STEP_MS = { day: 86_400_000, hour: 3_600_000 };

function knownBrand(db: Db, id: string): void {
  if (!brandExists(db, id)) {
    throw new Problem(404, `no brand with id "${id}"`, undefined, 'brand-not-found');
  }
}

export function brandRoutes(r: Router, db: Db, now: () => Date): void {
  route(
    r,
    {
      method: 'get',
      path: '/v1/brands',
      tag: 'brands',
      access: 'read',
      summary: 'Watched brands with mention and targeted counts (a reader key sees its brands)',
      responses: { 200: '{items}', 401: 'no or invalid key' },
      response: { 200: BrandList },
    },
    (c, { principal }) => {
      const allowed = allowedBrands(principal);
      const items = listBrands(db).filter((b) => !allowed || allowed.includes(b.id));
      return c.json({ items });
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/v1/brands/:id/summary',
      tag: 'brands',
      access: 'read',
      summary:
        'Counts, negative share, complaints, mean severity, top categories and sources over a period',
      params: idParam,
      query: rangeQuery,
      responses: {
        200: 'the summary',
        400: 'a parameter is invalid',
        401: 'no or invalid key',
        403: 'the key may not see this brand',
        404: 'no such brand',
      },
      response: { 200: BrandSummary },
    },
    (c, { params, query, principal }) => {
      requireBrand(principal, params.id);
      knownBrand(db, params.id);
      return c.json(brandSummary(db, params.id, query));
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/v1/brands/:id/trend',
      tag: 'brands',
      access: 'read',
      summary: 'Per day or hour: mentions, complaints, mean severity and a spike flag',
      description:
        'A bucket spikes when its complaints >= max(3, mean + 3·sd) of the 7 buckets before it.',
      params: idParam,
      query: trendQuery,
      responses: {
        200: '{brand, interval, buckets}',
        400: 'a parameter is invalid (or more than 1,000 buckets)',
        401: 'no or invalid key',
        403: 'the key may not see this brand',
        404: 'no such brand',
      },
      response: { 200: Trend },
    },
    (c, { params, query, principal }) => {
      requireBrand(principal, params.id);
      knownBrand(db, params.id);
      const { interval } = query;
      const until = query.until ? Date.parse(query.until) : now().getTime();
      const since = query.since ? Date.parse(query.since) : until - DEFAULT_SPAN_MS[interval];
      const buckets = Math.ceil((until - floorTo(since, interval)) / STEP_MS[interval]);
      if (buckets > MAX_BUCKETS || buckets < 1) {
        const message = `since..until must span 1 to ${MAX_BUCKETS} ${interval}s (got ${buckets})`;
        throw new Problem(400, message, [{ field: 'since', message }], 'invalid-query');
      }
      // Read SPIKE_WINDOW buckets before `since`, so the first buckets have their history.
      const from = floorTo(since, interval) - SPIKE_WINDOW * STEP_MS[interval];
      const fromIso = new Date(from).toISOString();
      const untilIso = new Date(until).toISOString();
      const rows = brandBuckets(db, params.id, interval, fromIso, untilIso);
      const negatives = brandNegatives(db, params.id, interval, fromIso, untilIso);
      return c.json({
        brand: params.id,
        interval,
        since: new Date(floorTo(since, interval)).toISOString(),
        until: new Date(until).toISOString(),
        buckets: buildTrend(rows, interval, since, until, negatives),
      });
    },
  );
}
