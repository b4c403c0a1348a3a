// What `grogne rescore` reads back: stored posts with their analysis, in batches of rowid
// order, so a rescore of a large store never holds it all in memory.
import type {
  Analysis,
  BrandMention,
  Evidence,
  Grievance,
  Sentiment,
  SourceInfo,
} from '../types.ts';
import type { Db } from './open.ts';

export interface StoredForScoring {
  postId: string;
  /** The batch cursor: pass the last one back as `after`. */
  rowid: number;
  title: string | null;
  text: string;
  publishedAt: string | null;
  fetchedAt: string;
  /**
   * When a crawl last wrote the post: replaceScores leaves the post alone if this changed
   * since (a crawl in another process rewrote it meanwhile, with its own analysis and scores).
   */
  updatedAt: string;
  engagement: {
    comments: number | null;
    replies: number | null;
    views: number | null;
    position: number | null;
  };
  source: SourceInfo;
  /** Null for a post stored without an analysis. */
  analysis: Analysis | null;
}

interface Row {
  id: string;
  fts_rowid: number;
  title: string | null;
  text: string;
  published_at: string | null;
  fetched_at: string;
  updated_at: string;
  comments: number | null;
  replies: number | null;
  views: number | null;
  position: number | null;
  source_id: string;
  kind: SourceInfo['kind'];
  audience: number | null;
  lang: string | null;
  lang_confidence: number | null;
  model_version: string | null;
  sentiment: Sentiment | null;
  sentiment_score: number;
  complaint: number;
  complaint_confidence: number;
  resolved: number;
  categories_json: string;
  grievances_json: string;
  acts_json: string;
  evidence_json: string;
  mentions_json: string;
}

interface MentionJson {
  id: string;
  target: number;
  confidence: number;
  sentiment: Sentiment;
  count: number;
  reasons: string;
  spans: string;
}

export function readForScoring(db: Db, after: number, limit: number): StoredForScoring[] {
  const rows = db
    .prepare<[number, number], Row>(`
      SELECT p.id, p.fts_rowid, p.title, p.text, p.published_at, p.fetched_at, p.updated_at,
        p.comments,
        p.replies, p.views, p.position, p.source_id, s.kind, s.audience, p.lang,
        p.lang_confidence, a.model_version, a.sentiment, a.sentiment_score, a.complaint,
        a.complaint_confidence, a.resolved, a.categories_json, a.grievances_json, a.acts_json,
        a.evidence_json,
        (SELECT json_group_array(json_object('id', m.brand_id, 'target', m.target,
            'confidence', m.confidence, 'sentiment', m.sentiment, 'count', m.count,
            'reasons', m.reasons_json, 'spans', m.spans_json))
          FROM brand_mentions m WHERE m.post_id = p.id) AS mentions_json
      FROM posts p JOIN sources s ON s.id = p.source_id
        LEFT JOIN analyses a ON a.post_id = p.id
      WHERE p.fts_rowid > ? ORDER BY p.fts_rowid LIMIT ?`)
    .all(after, limit);
  return rows.map((r) => ({
    postId: r.id,
    rowid: r.fts_rowid,
    title: r.title,
    text: r.text,
    publishedAt: r.published_at,
    fetchedAt: r.fetched_at,
    updatedAt: r.updated_at,
    engagement: {
      comments: r.comments,
      replies: r.replies,
      views: r.views,
      position: r.position,
    },
    source: { id: r.source_id, kind: r.kind, audience: r.audience },
    analysis: r.model_version === null ? null : toAnalysis(r),
  }));
}

function toAnalysis(r: Row): Analysis {
  const mentions = JSON.parse(r.mentions_json) as MentionJson[];
  const brands: BrandMention[] = mentions.map((m) => ({
    id: m.id,
    target: m.target === 1,
    confidence: m.confidence,
    sentiment: m.sentiment,
    count: m.count,
    reasons: JSON.parse(m.reasons) as string[],
    spans: JSON.parse(m.spans) as Evidence[],
  }));
  return {
    lang: r.lang ?? 'und',
    langConfidence: r.lang_confidence ?? 0,
    sentiment: r.sentiment!,
    sentimentScore: r.sentiment_score,
    complaint: r.complaint === 1,
    complaintConfidence: r.complaint_confidence,
    resolved: r.resolved === 1,
    brands,
    categories: JSON.parse(r.categories_json) as string[],
    grievances: JSON.parse(r.grievances_json) as Grievance[],
    acts: JSON.parse(r.acts_json) as string[],
    evidence: JSON.parse(r.evidence_json) as Evidence[],
    modelVersion: r.model_version!,
  };
}
