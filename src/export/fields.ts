// The export's schema: every field, its type and meaning, and how it is read from a stored row.
// The order here is the column order of every format; `--fields` picks and reorders.

import { InputError } from '../errors.ts';
import type { ExportRecord } from '../store/export.ts';
import type { Privacy } from './pseudonym.ts';

/**
 * string and timestamp are text (timestamps ISO 8601 UTC); list is a list of strings; json is a
 * JSON document (text in CSV and Parquet, an embedded value in JSON Lines).
 */
export type FieldType = 'string' | 'timestamp' | 'double' | 'bool' | 'list' | 'json';

export type FieldValue = string | number | boolean | string[] | null;

export interface Field {
  name: string;
  type: FieldType;
  /** Never null (Parquet REQUIRED). */
  required?: boolean;
  description: string;
  /** The stored column it comes from: CSV and JSON Lines write it without building `get`'s value. */
  column: keyof ExportRecord;
  /** The value; `privacy` pseudonymises what names a person (author, URL). */
  get(r: ExportRecord, privacy: Privacy): FieldValue;
}

const flag = (v: number | null): boolean | null => (v === null ? null : v === 1);
const list = (json: string | null): string[] => (json ? (JSON.parse(json) as string[]) : []);

export const FIELDS: readonly Field[] = [
  {
    name: 'postId',
    type: 'string',
    required: true,
    description: 'Post id (16 hex): stable for a (source, item) across crawls.',
    column: 'post_id',
    get: (r) => r.post_id,
  },
  {
    name: 'sourceId',
    type: 'string',
    required: true,
    description: 'Configured source the post was crawled from.',
    column: 'source_id',
    get: (r) => r.source_id,
  },
  {
    name: 'url',
    type: 'string',
    description:
      'Canonical URL of the post; in a pseudonymised export, the members it names (profile paths, author parameters, the author spelt in it) are replaced by their pseudonyms.',
    column: 'url',
    get: (r, privacy) => privacy.url(r.url, r.author),
  },
  {
    name: 'publishedAt',
    type: 'timestamp',
    description: 'Publication time (UTC); null when the source gave none that parsed.',
    column: 'published_at',
    get: (r) => r.published_at,
  },
  {
    name: 'fetchedAt',
    type: 'timestamp',
    required: true,
    description: 'Time grogne first fetched the post (UTC).',
    column: 'fetched_at',
    get: (r) => r.fetched_at,
  },
  {
    name: 'lang',
    type: 'string',
    description: 'Language, ISO 639-3 ("fra"), "und" when unsure.',
    column: 'lang',
    get: (r) => r.lang,
  },
  {
    name: 'title',
    type: 'string',
    description: 'Title, when the post has one.',
    column: 'title',
    get: (r) => r.title,
  },
  {
    name: 'text',
    type: 'string',
    required: true,
    description: 'Full plain text (HTML removed, NFC). Evidence offsets index into it.',
    column: 'text',
    get: (r) => r.text,
  },
  {
    name: 'author',
    type: 'string',
    description:
      'Author: a pseudonym (32 hex, HMAC-SHA256 of the name under a secret key) unless the export was made with clear authors.',
    column: 'author',
    get: (r, privacy) => privacy.author(r.author),
  },
  {
    name: 'brand',
    type: 'string',
    description: 'Brand mentioned (one row per post and brand); null when the post names none.',
    column: 'brand_id',
    get: (r) => r.brand_id,
  },
  {
    name: 'target',
    type: 'bool',
    description: 'The complaint (or negativity) is aimed at this brand, not merely naming it.',
    column: 'target',
    get: (r) => flag(r.target),
  },
  {
    name: 'brandSentiment',
    type: 'string',
    description: 'Sentiment towards this brand: negative, neutral or positive.',
    column: 'brand_sentiment',
    get: (r) => r.brand_sentiment,
  },
  {
    name: 'brandConfidence',
    type: 'double',
    description: '0..1: how sure the model is of `target`.',
    column: 'brand_confidence',
    get: (r) => r.brand_confidence,
  },
  {
    name: 'sentiment',
    type: 'string',
    description: 'Sentiment of the post: negative, neutral or positive.',
    column: 'sentiment',
    get: (r) => r.sentiment,
  },
  {
    name: 'sentimentScore',
    type: 'double',
    description: 'Sentiment score, −1 (very negative) to 1.',
    column: 'sentiment_score',
    get: (r) => r.sentiment_score,
  },
  {
    name: 'complaint',
    type: 'bool',
    description: 'The post is a complaint.',
    column: 'complaint',
    get: (r) => flag(r.complaint),
  },
  {
    name: 'complaintConfidence',
    type: 'double',
    description: '0..1: the model’s confidence that the post is a complaint.',
    column: 'complaint_confidence',
    get: (r) => r.complaint_confidence,
  },
  {
    name: 'resolved',
    type: 'bool',
    description: 'The text says the problem was solved.',
    column: 'resolved',
    get: (r) => flag(r.resolved),
  },
  {
    name: 'severity',
    type: 'double',
    description: 'Severity, 0–100 (docs/scoring.md).',
    column: 'severity',
    get: (r) => r.severity,
  },
  {
    name: 'reach',
    type: 'double',
    description: 'Estimated readers (docs/scoring.md).',
    column: 'reach',
    get: (r) => r.reach,
  },
  {
    name: 'priority',
    type: 'double',
    description: 'Priority at scoring time: severity × reach × recency (docs/scoring.md).',
    column: 'priority',
    get: (r) => r.priority,
  },
  {
    name: 'severityDetail',
    type: 'json',
    description: 'Severity explained: {value, components, reasons, version}.',
    column: 'severity_json',
    get: (r) => r.severity_json,
  },
  {
    name: 'reachDetail',
    type: 'json',
    description: 'Reach explained: {value, components, reasons, version}.',
    column: 'reach_json',
    get: (r) => r.reach_json,
  },
  {
    name: 'priorityDetail',
    type: 'json',
    description: 'Priority explained: {value, components, reasons, version}.',
    column: 'priority_json',
    get: (r) => r.priority_json,
  },
  {
    name: 'categories',
    type: 'list',
    description: 'Grievance categories found (billing, network, …).',
    column: 'categories_json',
    get: (r) => list(r.categories_json),
  },
  {
    name: 'acts',
    type: 'list',
    description: 'Acts that raise severity (churn, legal, insult, …).',
    column: 'acts_json',
    get: (r) => list(r.acts_json),
  },
  {
    name: 'evidence',
    type: 'json',
    description: 'Evidence spans of the post: [{start, end, text, reason}], offsets into `text`.',
    column: 'evidence_json',
    get: (r) => r.evidence_json,
  },
  {
    name: 'brandEvidence',
    type: 'json',
    description: 'Spans where this brand is named: [{start, end, text, reason}].',
    column: 'brand_spans_json',
    get: (r) => r.brand_spans_json,
  },
  {
    name: 'clusterId',
    type: 'string',
    description: 'Cluster of syndicated copies of the same text, when grouped.',
    column: 'cluster_id',
    get: (r) => r.cluster_id,
  },
  {
    name: 'parentId',
    type: 'string',
    description: 'Post this one replies to (forum reply, blog comment).',
    column: 'parent_id',
    get: (r) => r.parent_id,
  },
  {
    name: 'feedback',
    type: 'json',
    description:
      'Latest correction by a person: {sentiment, complaint, target, created_at}; null when none.',
    column: 'feedback_json',
    get: (r) => r.feedback_json,
  },
  {
    name: 'modelVersion',
    type: 'string',
    description: 'Version of the model that analysed the post.',
    column: 'model_version',
    get: (r) => r.model_version,
  },
  {
    name: 'scoringVersion',
    type: 'string',
    description: 'Version of the scoring formulas.',
    column: 'scoring_version',
    get: (r) => r.scoring_version,
  },
];

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** The fields named in "a,b,c" (in that order), or all of them. */
export function selectFields(spec: string | undefined): Field[] {
  if (spec === undefined || spec.trim() === '') return [...FIELDS];
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = names.filter((n) => !BY_NAME.has(n));
  if (unknown.length > 0) {
    throw new InputError(
      `--fields: unknown field ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${FIELDS.map((f) => f.name).join(', ')})`,
    );
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InputError(`--fields: "${dup}" named twice`);
  return names.map((n) => BY_NAME.get(n)!);
}
