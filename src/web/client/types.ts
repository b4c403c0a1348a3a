// The shapes of the /v1 answers the dashboard reads (docs/api.md), as far as it uses them.

export type Sentiment = 'negative' | 'neutral' | 'positive';

export interface Explained {
  value: number;
  components: Record<string, number>;
  reasons: string[];
  version: string;
}

export interface Actor {
  keyId: string | null;
  name: string | null;
}

export interface Workflow {
  handled: boolean;
  handledAt: string | null;
  handledBy: Actor | null;
  assignee: string | null;
  noteCount?: number;
}

export interface Note {
  id: number;
  author: Actor;
  text: string;
  createdAt: string;
}

export interface PostSummary {
  id: string;
  source: string;
  url: string | null;
  title: string | null;
  excerpt: string;
  author: string | null;
  publishedAt: string | null;
  lang: string | null;
  sentiment: Sentiment | null;
  complaint: boolean | null;
  brands: { id: string; target: boolean }[];
  categories: string[];
  severity: Explained;
  reach: Explained;
  priority: Explained;
  workflow: Workflow;
}

export interface Evidence {
  start: number;
  end: number;
  text: string;
  reason: string;
}

export interface PostDetail {
  id: string;
  source: { id: string; name: string | null; kind: string };
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  lang: string | null;
  analysis: {
    sentiment: Sentiment;
    sentimentScore: number;
    complaint: boolean;
    complaintConfidence: number;
    categories: string[];
    grievances: { category: string; evidence: Evidence }[];
    acts: string[];
    evidence: Evidence[];
  } | null;
  brands: {
    id: string;
    name: string | null;
    target: boolean;
    sentiment: Sentiment;
    reasons: string[];
    spans: Evidence[];
  }[];
  severity: Explained | null;
  reach: Explained | null;
  priority: Explained | null;
  feedback: Feedback[];
  workflow: Workflow & { notes: Note[] };
}

/** A person's correction of the analysis (POST /v1/posts/:id/feedback): what the body may say. */
export interface FeedbackInput {
  sentiment?: Sentiment;
  complaint?: boolean;
  /** The brand the complaint is really aimed at; null: none. */
  target?: string | null;
  note?: string;
}

export interface Feedback extends FeedbackInput {
  id: number;
  postId: string;
  keyId: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Brand {
  id: string;
  name: string;
  posts: number;
  targeted: number;
}

export interface Source {
  id: string;
  kind: string;
  url: string | null;
  name: string | null;
  enabled: boolean;
  state: 'active' | 'paused';
  consecutiveErrors: number;
  lastError: string | null;
  lastFetchAt: string | null;
  lastOkAt: string | null;
  nextCheckAt: string | null;
  posts: number;
}

export interface TrendBucket {
  start: string;
  mentions: number;
  complaints: number;
  negative: number;
  meanSeverity: number | null;
  spike: boolean;
  spikeThreshold: number;
}

export interface Trend {
  brand: string;
  interval: 'day' | 'hour';
  since: string;
  until: string;
  buckets: TrendBucket[];
}

export interface BrandSummary {
  brand: string;
  mentions: number;
  targeted: number;
  complaints: number;
  negativeShare: number | null;
  meanSeverity: number | null;
}

export interface Alert {
  id: number;
  brand: string;
  windowStart: string;
  windowEnd: string;
  count: number;
  baseline: number;
  pValue: number;
  state: string;
  posts: {
    id: string;
    title: string | null;
    url: string | null;
    source: string;
    severity: number;
  }[];
}

export interface Me {
  key: {
    id: string;
    prefix: string;
    name: string | null;
    role: 'reader' | 'editor' | 'admin';
    brands: string[] | null;
  } | null;
  may: { edit: boolean; admin: boolean };
}
