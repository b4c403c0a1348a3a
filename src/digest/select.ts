// What goes into a digest, decided from the store's query results alone (no I/O, no clock):
// per brand, the window's top complaints with why each matters, the window's count against
// the trailing week, a spike flag, top topics and 14 days of counts.
import { priorityAt } from '../score/index.ts';
import type { Evidence } from '../types.ts';
import type { Lang } from './i18n.ts';

/** One candidate as the store returns it (see store/digest.ts). */
export interface CandidateInput {
  id: string;
  sourceId: string;
  sourceName: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  severity: { value: number; reasons: string[] };
  reach: { value: number; reasons: string[] };
  rank: number;
  categories: string[];
  grievances: { category: string; evidence: Evidence }[];
  evidence: Evidence[];
  /** The team's workflow (store/workflow.ts): who it is assigned to, how many notes. */
  assignee?: string | null;
  noteCount?: number;
}

export interface BrandInput {
  brand: { id: string; name: string };
  /** Best first, at most `top` (the store already applies limit and minSeverity). */
  candidates: CandidateInput[];
  /** Complaints dated in the window. */
  windowCount: number;
  /** Complaints dated in the 7 × 24 h before the window. */
  trailingCount: number;
  categories: { category: string; count: number }[];
  /** Oldest first. */
  daily: { key: string; count: number }[];
}

export interface SelectOptions {
  name: string;
  /** Local date of the send, YYYY-MM-DD. */
  date: string;
  language: Lang;
  timezone: string;
  /** ISO 8601 UTC bounds of the window. */
  since: string;
  until: string;
  windowHours: number;
  sendEmpty: boolean;
  /** Replaces an author's name (keyed HMAC); absent = names as published. */
  pseudonym?: (author: string) => string;
  apiBaseUrl?: string;
  halfLifeHours?: number;
  /** The digest's search, carried into the "more" links (q=…, search=…). */
  moreQuery?: Record<string, string>;
}

export interface DigestItem {
  id: string;
  title: string | null;
  source: { id: string; name: string | null };
  author: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  url: string | null;
  /** The post in the dashboard (its evidence, scores, workflow), when apiBaseUrl is set. */
  postUrl: string | null;
  severity: number;
  /** Why, the first few reasons of the score as src/score wrote them (English). */
  severityReasons: string[];
  reach: number;
  reachReasons: string[];
  /** Priority at the send instant, 0..100. */
  priority: number;
  categories: string[];
  /** The sentence around the key evidence, or the text's start. */
  quote: string;
  assignee: string | null;
  notes: number;
}

export interface BrandSection {
  brand: { id: string; name: string };
  items: DigestItem[];
  windowCount: number;
  /** Complaints a window of this length had on average over the trailing 7 days. */
  trailingAverage: number;
  spike: boolean;
  categories: { category: string; count: number }[];
  daily: { date: string; count: number }[];
  moreUrl: string | null;
}

export interface Digest {
  name: string;
  date: string;
  language: Lang;
  timezone: string;
  since: string;
  until: string;
  sections: BrandSection[];
  /** Items shown, over all brands. */
  total: number;
  /** True when there is nothing to show and the digest should not go out. */
  skip: boolean;
}

// Spike rule (docs/digest.md): the window holds at least SPIKE_MIN complaints and at least
// SPIKE_FACTOR times what a window of the same length averaged over the 7 days before it.
// The average is floored at 1 so that a quiet brand's first two complaints are not a "spike".
export const SPIKE_MIN = 3;
export const SPIKE_FACTOR = 2;
const QUOTE_MAX = 220;

export function isSpike(windowCount: number, trailingAverage: number): boolean {
  return windowCount >= SPIKE_MIN && windowCount >= SPIKE_FACTOR * Math.max(1, trailingAverage);
}

export function selectDigest(brands: BrandInput[], o: SelectOptions): Digest {
  const at = new Date(o.until);
  const sections = brands.map((b): BrandSection => {
    const trailingAverage = ((b.trailingCount / 7) * o.windowHours) / 24;
    return {
      brand: b.brand,
      items: b.candidates.map((c) => toItem(c, o, at)),
      windowCount: b.windowCount,
      trailingAverage: Math.round(trailingAverage * 10) / 10,
      spike: isSpike(b.windowCount, trailingAverage),
      categories: b.categories,
      daily: b.daily.map((d) => ({ date: d.key, count: d.count })),
      moreUrl: o.apiBaseUrl
        ? moreUrl(o.apiBaseUrl, b.brand.id, o.since, o.until, o.moreQuery)
        : null,
    };
  });
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  return {
    name: o.name,
    date: o.date,
    language: o.language,
    timezone: o.timezone,
    since: o.since,
    until: o.until,
    sections,
    total,
    skip: total === 0 && !o.sendEmpty,
  };
}

function toItem(c: CandidateInput, o: SelectOptions, at: Date): DigestItem {
  return {
    id: c.id,
    title: c.title,
    source: { id: c.sourceId, name: c.sourceName },
    author: c.author === null ? null : o.pseudonym ? o.pseudonym(c.author) : c.author,
    publishedAt: c.publishedAt,
    fetchedAt: c.fetchedAt,
    url: c.url,
    postUrl: o.apiBaseUrl ? `${trimSlash(o.apiBaseUrl)}/#/post/${encodeURIComponent(c.id)}` : null,
    severity: Math.round(c.severity.value),
    severityReasons: c.severity.reasons.slice(0, 3),
    reach: Math.round(c.reach.value),
    reachReasons: c.reach.reasons.slice(0, 2),
    priority: priorityAt(c.rank, at, o.halfLifeHours ?? 48),
    categories: c.categories,
    quote: quoteOf(c),
    assignee: c.assignee ?? null,
    notes: c.noteCount ?? 0,
  };
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/**
 * The brand's complaints of the digest's days in the dashboard's list (`#/?…`, docs/dashboard.md),
 * with the digest's search: the list's dates are whole days, both included, so the link
 * covers the days the window touches.
 */
function moreUrl(
  base: string,
  brand: string,
  since: string,
  until: string,
  extra: Record<string, string> = {},
): string {
  const lastDay = new Date(Date.parse(until) - 1).toISOString().slice(0, 10);
  const q = new URLSearchParams({
    brand,
    complaint: 'true',
    since: since.slice(0, 10),
    until: lastDay,
    ...extra,
  });
  return `${trimSlash(base)}/#/?${q}`;
}

// The key evidence: an act (churn, legal action, call to avoid…) weighs most, then a
// grievance, then the longest other span. Title evidence is skipped: the title is shown anyway.
function keyEvidence(c: CandidateInput): Evidence | null {
  const body = c.evidence.filter((e) => !e.reason.startsWith('title'));
  const act = body.find((e) => e.reason.startsWith('act:'));
  if (act) return act;
  const grievance = c.grievances.find((g) => !g.evidence.reason.startsWith('title'));
  if (grievance) return grievance.evidence;
  return body.reduce<Evidence | null>(
    (best, e) => (best === null || e.text.length > best.text.length ? e : best),
    null,
  );
}

/** The sentence of `text` holding the key evidence, cut to QUOTE_MAX characters. */
export function quoteOf(c: Pick<CandidateInput, 'text' | 'evidence' | 'grievances'>): string {
  const text = c.text;
  const e = keyEvidence(c as CandidateInput);
  let start = 0;
  let end = text.length;
  if (e) {
    const at = text.slice(e.start, e.end) === e.text ? e.start : text.indexOf(e.text);
    if (at >= 0) {
      const before = Math.max(
        text.lastIndexOf('. ', at),
        text.lastIndexOf('! ', at),
        text.lastIndexOf('? ', at),
        text.lastIndexOf('\n', at),
      );
      start = before + 1;
      const after = text.slice(at + e.text.length).search(/[.!?](\s|$)|\n/);
      end = after < 0 ? text.length : at + e.text.length + after + 1;
      // A long sentence is cut around the evidence, keeping it in view.
      if (end - start > QUOTE_MAX) start = Math.max(start, at - Math.floor(QUOTE_MAX / 3));
    }
  }
  const cutStart = start > 0 && !/[.!?\n]\s*$/.test(text.slice(0, start));
  const cutEnd = end - start > QUOTE_MAX;
  if (cutEnd) end = start + QUOTE_MAX;
  const quote = text.slice(start, end).trim();
  return `${cutStart ? '…' : ''}${quote}${cutEnd ? '…' : ''}`;
}
