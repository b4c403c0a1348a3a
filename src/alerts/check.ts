// One alert check, run after every crawl that stored something (src/pipeline.ts): for each
// watched brand, the rule (rule.ts) judges the last hours against the weeks before; a spike is
// stored once, keyed by its first hour, and a spike that goes on extends its alert instead of
// making a new one. Then every alert with a recipient still to serve is delivered (send.ts).
import type { AlertsConfig } from '../config.ts';
import {
  type AlertRow,
  brandIds,
  type ComplaintFilter,
  extendAlert,
  hourlyComplaints,
  insertAlert,
  latestAlert,
  recentComplaints,
} from '../store/alerts.ts';
import type { Db } from '../store/open.ts';
import { getSavedSearch } from '../store/saved-searches.ts';
import {
  DEFAULT_RULE,
  findSpikes,
  type HourlySeries,
  hourIndexOf,
  hourStart,
  type RuleOptions,
} from './rule.ts';
import { type AlertSendContext, deliverPending, type SendOutcome } from './send.ts';

const HOUR_MS = 3_600_000;
/** Post ids kept with an alert: enough to act on, bounded for a storm. */
const MAX_POSTS = 50;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function ruleOptionsOf(a: AlertsConfig): RuleOptions {
  return {
    ...DEFAULT_RULE,
    minCount: a.minCount,
    pValue: a.pValue,
    halfLifeHours: a.halfLifeHours,
  };
}

/** Whether the alert config has somewhere to send to (else alerts are stored only). */
export function hasChannels(a: AlertsConfig): boolean {
  return a.recipients.length + a.webhooks.length + a.teams.length > 0;
}

/**
 * What the rule counts: a brand's complaints (search null), or those of them a configured
 * search finds (alerts.searches), each watch with its own baseline and its own alerts.
 */
interface Watch {
  /** The saved search's name, the query, or both ("name + query"); null: the brand's own. */
  search: string | null;
  filter?: ComplaintFilter;
  /** The brands it applies to (a saved search's scope); undefined: every watched brand. */
  brands?: readonly string[];
}

/** The watches of the config; a saved search that does not exist is a problem, not a watch. */
function watchesOf(db: Db, a: AlertsConfig): { watches: Watch[]; problems: string[] } {
  const watches: Watch[] = [{ search: null }];
  const problems: string[] = [];
  a.searches.forEach((w, i) => {
    const search: string[] = [];
    let brands: readonly string[] | undefined;
    if (w.savedSearch !== undefined) {
      const saved = getSavedSearch(db, w.savedSearch);
      if (saved === null) {
        problems.push(
          `alerts.searches[${i}]: no saved search named "${w.savedSearch}" (GET /v1/searches lists them)`,
        );
        return;
      }
      search.push(saved.query);
      brands = saved.brands ?? undefined;
    }
    if (w.search !== undefined) search.push(w.search);
    const label = [w.savedSearch, w.search].filter((x) => x !== undefined).join(' + ');
    watches.push({ search: label, filter: { search }, brands });
  });
  return { watches, problems };
}

export interface Detection {
  /** The alerts created (not those extended). */
  created: AlertRow[];
  /** Watches that could not be checked, one line each. */
  problems: string[];
}

/** Finds and stores this check's spikes, for every watch of every watched brand. */
export function detectSpikes(db: Db, a: AlertsConfig, now: Date): Detection {
  const nowHour = hourIndexOf(now.getTime());
  const from = nowHour - a.lookbackHours + 1;
  const historyFrom = from - a.historyDays * 24;
  const at = now.toISOString();
  const sourcesBefore = new Date(now.getTime() - a.warmupHours * HOUR_MS).toISOString();
  const brands = a.brands.length > 0 ? a.brands : brandIds(db);
  const created: AlertRow[] = [];
  const { watches, problems } = watchesOf(db, a);
  for (const brand of brands) {
    for (const w of watches) {
      if (w.brands !== undefined && !w.brands.includes(brand)) continue;
      created.push(
        ...detectWatch(db, a, brand, w, { nowHour, from, historyFrom, at, sourcesBefore }),
      );
    }
  }
  return { created, problems };
}

/** One watch of one brand: its spikes stored, or the alert they extend grown. */
function detectWatch(
  db: Db,
  a: AlertsConfig,
  brand: string,
  w: Watch,
  t: { nowHour: number; from: number; historyFrom: number; at: string; sourcesBefore: string },
): AlertRow[] {
  const { nowHour, from, historyFrom, at, sourcesBefore } = t;
  const o = ruleOptionsOf(a);
  const created: AlertRow[] = [];
  const counts = hourlyComplaints(db, brand, hourStart(historyFrom), hourStart(from), w.filter);
  const history: HourlySeries = {
    startHour: historyFrom,
    counts: Array.from(
      { length: from - historyFrom },
      (_, i) => counts.get(hourStart(historyFrom + i).slice(0, 13)) ?? 0,
    ),
  };
  const recent = recentComplaints(
    db,
    brand,
    hourStart(from),
    hourStart(nowHour + 1),
    sourcesBefore,
    w.filter,
  );
  const perHour = new Array<number>(a.lookbackHours).fill(0);
  for (const c of recent) {
    const i = hourIndexOf(Date.parse(c.at)) - from;
    if (i >= 0 && i < perHour.length) perHour[i]!++;
  }
  for (const s of findSpikes(history, { startHour: from, counts: perHour }, o)) {
    const windowStart = hourStart(s.startHour);
    const windowEnd = hourStart(s.endHour);
    const postIds = recent
      .filter((c) => c.at >= windowStart && c.at < windowEnd)
      .slice(0, MAX_POSTS)
      .map((c) => c.postId);
    // IMMEDIATE: the latest alert is read and then extended, or a new one stored, under the
    // write lock. Two crawl workers checking at once would otherwise both miss the other's
    // alert and store the same spike twice (with different first hours), sending it twice.
    const row = db
      .transaction((): AlertRow | null => {
        const last = latestAlert(db, brand, w.search);
        const gapStart = hourStart(s.startHour - a.mergeGapHours);
        // The same spike seen again, or going on: the alert grows, nothing new is sent.
        if (last && last.windowEnd >= gapStart && last.windowStart <= windowStart) {
          // Its count is recounted over the whole window (late posts included); its baseline
          // gains the expectation of the hours past the alert's end.
          const recount = hourlyComplaints(db, brand, last.windowStart, windowEnd, w.filter);
          const lastEnd = hourIndexOf(Date.parse(last.windowEnd));
          const added = s.hours.filter((h) => h.hour >= lastEnd);
          extendAlert(
            db,
            last.id,
            {
              windowEnd,
              count: [...recount.values()].reduce((x, y) => x + y, 0),
              baseline: round3(last.baseline + added.reduce((x, h) => x + h.expected, 0)),
              pValue: s.pValue,
              postIds: [...new Set([...last.postIds, ...postIds])].slice(0, MAX_POSTS),
            },
            at,
          );
          return null;
        }
        return insertAlert(
          db,
          {
            brand,
            search: w.search,
            windowStart,
            windowEnd,
            count: s.count,
            baseline: round3(s.baseline),
            pValue: s.pValue,
            postIds,
            state: hasChannels(a) ? 'pending' : 'stored',
          },
          at,
        );
      })
      .immediate();
    if (row) created.push(row);
  }
  return created;
}

export interface CheckResult extends Detection {
  outcomes: SendOutcome[];
}

/**
 * Runs one check: detect, store, deliver what is due. A delivery failure is recorded on its
 * alert (and retried by a later check), never thrown: a crawl must not fail for a webhook.
 */
export async function checkAlerts(ctx: AlertSendContext): Promise<CheckResult> {
  const a = ctx.config.alerts;
  if (!a.enabled) return { created: [], problems: [], outcomes: [] };
  const now = ctx.now ?? (() => new Date());
  const detection = detectSpikes(ctx.db, a, now());
  const outcomes = hasChannels(a) ? await deliverPending(ctx) : [];
  return { ...detection, outcomes };
}

/**
 * For the crawl: runs a check and returns what went wrong (a watch that could not be checked,
 * a delivery that failed, or the check itself), one line each, for the crawl's warnings.
 */
export async function alertsAfterCrawl(ctx: AlertSendContext): Promise<string[]> {
  try {
    const r = await checkAlerts(ctx);
    return [
      ...r.problems.map((p) => `alert check: ${p}`),
      ...r.outcomes
        .filter((o) => o.status !== 'sent')
        .map((o) => `alert ${o.alertId} to ${o.recipient}: ${o.status}: ${o.error ?? ''}`),
    ];
  } catch (err) {
    return [`alert check failed: ${err instanceof Error ? err.message : String(err)}`];
  }
}
