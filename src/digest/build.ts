// Gathers one digest from the store: the queries of store/digest.ts, then the pure selection.
import { type BrandConfig, ConfigError, type DigestConfig } from '../config.ts';
import { complaintCategories, complaintCounts, digestCandidates } from '../store/digest.ts';
import type { Db } from '../store/open.ts';
import { getSavedSearch } from '../store/saved-searches.ts';
import { workflowOf } from '../store/workflow.ts';
import { daysBefore, windowOf } from './calendar.ts';
import { type BrandInput, type Digest, selectDigest } from './select.ts';

const HOUR_MS = 3_600_000;
const CHART_DAYS = 14;

export interface BuildOptions {
  /** Brands of the configuration, for their display names. */
  brands: readonly Pick<BrandConfig, 'id' | 'name'>[];
  /** Needed when the digest pseudonymises authors. */
  pseudonym?: (author: string) => string;
  halfLifeHours?: number;
}

/**
 * The digest's search and saved search as one filter of its candidates. A saved search that
 * does not exist (deleted since the config was written) stops the digest rather than send
 * every complaint in its place.
 */
function searchFilter(db: Db, d: DigestConfig): { search?: string[]; searchBrands?: string[] } {
  if (d.savedSearch === undefined) return d.search === undefined ? {} : { search: [d.search] };
  const saved = getSavedSearch(db, d.savedSearch);
  if (!saved) {
    throw new ConfigError(
      `digest "${d.name}": savedSearch: no saved search named "${d.savedSearch}" (GET /v1/searches lists them)`,
    );
  }
  const search = d.search === undefined ? [saved.query] : [saved.query, d.search];
  return saved.brands === null ? { search } : { search, searchBrands: saved.brands };
}

/** The digest `d` for local date `date` (YYYY-MM-DD). Reads only. */
export function buildDigest(db: Db, d: DigestConfig, date: string, o: BuildOptions): Digest {
  // Refuse rather than leak: a digest promised without names must not fall back to names.
  if (d.pseudonymiseAuthors && !o.pseudonym) {
    throw new ConfigError(
      `digest "${d.name}": pseudonymiseAuthors needs delivery.pseudonymKey (or GROGNE_PSEUDONYM_KEY)`,
    );
  }
  const filter = searchFilter(db, d);
  const { since, until } = windowOf(date, d);
  const iso = (ms: number) => new Date(ms).toISOString();
  const names = new Map(o.brands.map((b) => [b.id, b.name]));
  // No brand listed: every configured brand.
  const ids = d.brands.length > 0 ? d.brands : o.brands.map((b) => b.id);
  const chart = daysBefore(date, d.timezone, CHART_DAYS);
  const window = { key: 'window', start: iso(since), end: iso(until) };
  const trailing = { key: 'trailing', start: iso(since - 7 * 24 * HOUR_MS), end: iso(since) };
  const inputs = ids.map((id): BrandInput => {
    const counts = complaintCounts(db, id, [...chart, window, trailing]);
    const byKey = new Map(counts.map((c) => [c.key, c.count]));
    const candidates = digestCandidates(db, {
      brand: id,
      since: iso(since),
      until: iso(until),
      minSeverity: d.minSeverity,
      limit: d.top,
      ...filter,
    });
    const workflow = workflowOf(
      db,
      candidates.map((c) => c.id),
    );
    return {
      brand: { id, name: names.get(id) ?? id },
      candidates: candidates.map((c) => {
        const w = workflow.get(c.id);
        return { ...c, assignee: w?.assignee ?? null, noteCount: w?.noteCount ?? 0 };
      }),
      windowCount: byKey.get('window') ?? 0,
      trailingCount: byKey.get('trailing') ?? 0,
      categories: complaintCategories(db, id, iso(since), iso(until)),
      daily: chart.map((c) => ({ key: c.key, count: byKey.get(c.key) ?? 0 })),
    };
  });
  return selectDigest(inputs, {
    name: d.name,
    date,
    language: d.language,
    timezone: d.timezone,
    since: iso(since),
    until: iso(until),
    windowHours: d.windowHours,
    sendEmpty: d.sendEmpty,
    pseudonym: d.pseudonymiseAuthors ? o.pseudonym : undefined,
    apiBaseUrl: d.apiBaseUrl,
    halfLifeHours: o.halfLifeHours,
    moreQuery: {
      ...(d.search === undefined ? {} : { q: d.search }),
      ...(d.savedSearch === undefined ? {} : { search: d.savedSearch }),
    },
  });
}
