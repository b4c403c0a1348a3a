// The shapes that the pipeline's stages hand to each other. Each stage owns its module;
// these are the contracts between them (see ../shared/DESIGN.md and docs/).

/** What ingest makes of one item of a source: a feed entry, a forum post, a page. */
export interface IngestedPost {
  sourceId: string;
  /** The item's own identifier (RSS guid, Atom id, forum post id), when it has one. */
  guid: string | null;
  /** Canonical URL of the post, when known. */
  url: string | null;
  /** guid, else normalised link, else content hash: the key under which a crawl dedups. */
  dedupKey: string;
  title: string | null;
  /** Plain text, HTML removed, whitespace collapsed, NFC. */
  text: string;
  author: string | null;
  /** ISO 8601 UTC, or null when the date could not be parsed (never "now"). */
  publishedAt: string | null;
  /** ISO 8601 UTC. */
  fetchedAt: string;
  categories: string[];
  engagement: Engagement;
  /** Dedup key of the post this one replies to or comments (forum reply, blog comment). */
  parentKey: string | null;
  /**
   * True when the item had to be repaired to be read (broken XML in it, or bytes of its
   * document that were not in the document's charset): it may be incomplete. Items of a
   * broken feed that were read as served stay false.
   */
  malformed: boolean;
}

export interface Engagement {
  /** Comments on a blog post (slash:comments). */
  comments: number | null;
  /** Replies in the thread this post belongs to. */
  replies: number | null;
  /** Views of the thread this post belongs to. */
  views: number | null;
  /** 1-based position in its thread (1 = the opening post). */
  position: number | null;
}

/** A span of the analysed text, with offsets into the text given to analyse. */
export interface Evidence {
  start: number;
  end: number;
  text: string;
  reason: string;
}

export type Sentiment = 'negative' | 'neutral' | 'positive';

export interface BrandMention {
  id: string;
  /** True when the complaint (or the negativity) is aimed at this brand. */
  target: boolean;
  /** 0..1: how sure grogne is of `target`. */
  confidence: number;
  /** Sentiment expressed towards this brand, when it can be told apart. */
  sentiment: Sentiment;
  count: number;
  reasons: string[];
  spans: Evidence[];
}

export interface Grievance {
  category: string;
  evidence: Evidence;
}

/** The analysis of one text: the `grogne analyze` contract (DESIGN.md) and then some. */
export interface Analysis {
  /** ISO 639-3, or "und" when unsure. */
  lang: string;
  langConfidence: number;
  sentiment: Sentiment;
  /** −1..1 */
  sentimentScore: number;
  complaint: boolean;
  /** 0..1 */
  complaintConfidence: number;
  /** True when the text says the problem was solved ("problème réglé, merci"). */
  resolved: boolean;
  brands: BrandMention[];
  categories: string[];
  grievances: Grievance[];
  /** Acts that raise severity: churn, legal, call-to-avoid, insult, repeat_contact, money, duration. */
  acts: string[];
  evidence: Evidence[];
  modelVersion: string;
}

/** A number with the parts it is made of and why, in words. */
export interface Explained {
  value: number;
  components: Record<string, number>;
  reasons: string[];
  version: string;
}

export interface Scores {
  severity: Explained;
  reach: Explained;
  priority: Explained;
}

/** What the scorer needs to know of a source. */
export interface SourceInfo {
  id: string;
  kind: 'feed' | 'forum' | 'page';
  audience: number | null;
  /** The brand the source is about (config `sources[].brand`), when it has one. */
  brand?: string | null;
}
