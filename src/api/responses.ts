// What each route answers, as zod schemas: /openapi.json documents them (openapi.ts) and
// test/api/responses.test.ts checks every real answer against the document, so that the spec
// and the server cannot drift. Schemas several answers share are registered in `components`
// under a name: the document puts them in components.schemas and refers to them, and a
// generated client (src/api/openapi-types.ts) names them.
import { z } from 'zod';
import { brandSchema, sourceSchema } from '../config.ts';

/** Shared response schemas, by the name the document gives them. */
export const components = z.registry<{ id: string; description?: string }>();

function named<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  components.add(schema, description ? { id, description } : { id });
  return schema;
}

/** A date as the store keeps it: ISO 8601 in UTC ("2024-05-09T08:30:00.000Z"). */
const isoTime = named(z.iso.datetime(), 'Timestamp', 'ISO 8601 date and time, UTC');
const sentiment = z.enum(['negative', 'neutral', 'positive']);
const count = z.number().int().min(0);

export const Explained = named(
  z.object({
    value: z.number(),
    components: z.record(z.string(), z.number()).describe('the parts the value is made of'),
    reasons: z.array(z.string()).describe('why, in words'),
    version: z.string().describe('the version of the formula'),
  }),
  'Explained',
  'A score with its components and reasons (docs/scoring.md)',
);

export const Evidence = named(
  z.object({
    start: z.number().int().describe('offset of the span in the analysed text'),
    end: z.number().int(),
    text: z.string(),
    reason: z.string(),
  }),
  'Evidence',
  'A span of the text and why it counts',
);

export const Actor = named(
  z.object({
    keyId: z.string().nullable(),
    name: z.string().nullable(),
  }),
  'Actor',
  'Who did it: the key id and its name',
);

const workflowFields = {
  handled: z.boolean(),
  handledAt: isoTime.nullable(),
  handledBy: Actor.nullable(),
  assignee: z.string().nullable(),
};

export const Workflow = named(
  z.object({ ...workflowFields, noteCount: count }),
  'Workflow',
  "The team's state on a post: handled (by whom, when), assignee, number of notes",
);

export const Note = named(
  z.object({
    id: z.number().int(),
    postId: z.string(),
    author: Actor,
    text: z.string(),
    createdAt: isoTime,
  }),
  'Note',
);

export const Feedback = named(
  z.object({
    id: z.number().int(),
    postId: z.string(),
    keyId: z.string().nullable(),
    createdAt: isoTime,
    sentiment: sentiment.optional(),
    complaint: z.boolean().optional(),
    target: z.string().nullable().optional(),
    note: z.string().optional(),
  }),
  'Feedback',
  "A person's correction of an analysis",
);

export const PostSummary = named(
  z.object({
    id: z.string(),
    source: z.string().describe('source id'),
    url: z.string().nullable(),
    title: z.string().nullable(),
    excerpt: z.string(),
    author: z.string().nullable(),
    publishedAt: isoTime.nullable(),
    lang: z.string().nullable().describe('ISO 639-3'),
    sentiment: sentiment.nullable(),
    complaint: z.boolean(),
    brands: z.array(z.object({ id: z.string(), target: z.boolean() })),
    categories: z.array(z.string()),
    severity: Explained,
    reach: Explained,
    priority: Explained.describe('as of the request'),
    workflow: Workflow,
  }),
  'PostSummary',
  'A post in a ranked list',
);

export const PostPage = z.object({
  items: z.array(PostSummary),
  nextCursor: z.string().nullable().describe('give it as cursor for the next page; null: last'),
  hasMore: z.boolean().describe('whether a next page exists (nextCursor is not null)'),
});

export const PostDetail = named(
  z.object({
    id: z.string(),
    source: z.object({ id: z.string(), name: z.string().nullable(), kind: z.string() }),
    guid: z.string().nullable(),
    url: z.string().nullable(),
    dedupKey: z.string(),
    title: z.string().nullable(),
    text: z.string(),
    author: z.string().nullable(),
    publishedAt: isoTime.nullable(),
    fetchedAt: isoTime,
    updatedAt: isoTime,
    lang: z.string().nullable(),
    langConfidence: z.number().nullable(),
    feedCategories: z.array(z.string()),
    engagement: z.object({
      comments: z.number().nullable(),
      replies: z.number().nullable(),
      views: z.number().nullable(),
      position: z.number().nullable(),
    }),
    malformed: z.boolean(),
    analysis: z
      .object({
        modelVersion: z.string(),
        sentiment,
        sentimentScore: z.number(),
        complaint: z.boolean(),
        complaintConfidence: z.number(),
        resolved: z.boolean(),
        categories: z.array(z.string()),
        grievances: z.array(z.object({ category: z.string(), evidence: Evidence })),
        acts: z.array(z.string()),
        evidence: z.array(Evidence),
        analysedAt: isoTime,
      })
      .nullable(),
    brands: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        target: z.boolean(),
        confidence: z.number(),
        sentiment,
        count: count,
        reasons: z.array(z.string()),
        spans: z.array(Evidence),
      }),
    ),
    severity: Explained.nullable(),
    reach: Explained.nullable(),
    priority: Explained.nullable(),
    scoring: z.object({ version: z.string(), scoredAt: isoTime }).nullable(),
    parentId: z.string().nullable(),
    childIds: z.array(z.string()),
    clusterId: z.string().nullable(),
    cluster: z.array(
      z.object({
        id: z.string(),
        source: z.string(),
        url: z.string().nullable(),
        title: z.string().nullable(),
      }),
    ),
    feedback: z.array(Feedback),
    workflow: z.object({ ...workflowFields, notes: z.array(Note) }),
  }),
  'PostDetail',
  'One post with everything known about it',
);

export const WorkflowState = Workflow;

export const Brand = named(brandSchema, 'Brand', "A watched brand (the config file's schema)");
export const Source = named(sourceSchema, 'Source', "A source (the config file's schema)");

export const BrandList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      config: Brand,
      posts: count.describe('posts that mention it'),
      targeted: count.describe('posts whose complaint or negativity is aimed at it'),
    }),
  ),
});

export const BrandSummary = z.object({
  brand: z.string(),
  since: isoTime.nullable(),
  until: isoTime.nullable(),
  mentions: count,
  targeted: count,
  complaints: count,
  negativeShare: z.number().min(0).max(1).nullable(),
  meanSeverity: z.number().nullable(),
  topCategories: z.array(z.object({ category: z.string(), posts: count })),
  topSources: z.array(z.object({ source: z.string(), posts: count })),
});

export const Trend = z.object({
  brand: z.string(),
  interval: z.enum(['day', 'hour']),
  since: isoTime,
  until: isoTime,
  buckets: z.array(
    z.object({
      start: isoTime.describe('start of the bucket, UTC'),
      mentions: count,
      complaints: count,
      negative: count.describe('mentions whose sentiment towards the brand is negative'),
      meanSeverity: z.number().nullable(),
      spike: z.boolean(),
      spikeThreshold: z.number().describe('the complaints a spike needed in this bucket'),
    }),
  ),
});

const sourceRow = {
  id: z.string(),
  kind: z.enum(['feed', 'forum', 'page']),
  url: z.string().nullable(),
  file: z.string().nullable().describe('"(redacted)" unless the key is an admin key'),
  name: z.string().nullable(),
  audience: z.number().nullable(),
  intervalSeconds: z.number().int(),
  enabled: z.boolean(),
  state: z.enum(['active', 'paused']),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  nextCheckAt: isoTime.nullable(),
  consecutiveErrors: count,
  lastError: z.string().nullable(),
  lastFetchAt: isoTime.nullable(),
  lastOkAt: isoTime.nullable(),
  createdAt: isoTime,
  posts: count,
};

// The options of a source: the config schema's fields that have no column of their own.
const {
  id: _i,
  kind: _k,
  url: _u,
  file: _f,
  name: _n,
  audience: _a,
  ...optionFields
} = sourceSchema.shape;
const { interval: _iv, enabled: _e, ...sourceOptions } = optionFields;

export const SourceList = z.object({
  items: z.array(
    z.object({
      ...sourceRow,
      options: z
        .object(sourceOptions)
        .nullable()
        .optional()
        .describe('admin keys only: fullText, comments, brand, selectors'),
    }),
  ),
});

export const AlertList = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      brand: z.string(),
      search: z
        .string()
        .nullable()
        .describe("the watch's saved search name or query; null: all the brand's complaints"),
      windowStart: isoTime,
      windowEnd: isoTime,
      count: count,
      baseline: z.number().describe('complaints the baseline expected over the window'),
      pValue: z.number(),
      state: z.enum(['pending', 'sent', 'failed', 'stored']),
      createdAt: isoTime,
      updatedAt: isoTime,
      sentAt: isoTime.nullable(),
      posts: z.array(
        z.object({
          id: z.string(),
          title: z.string().nullable(),
          url: z.string().nullable(),
          source: z.string(),
          severity: z.number(),
        }),
      ),
    }),
  ),
  hasMore: z.boolean().describe('whether more alerts than limit match'),
});

export const SavedSearch = named(
  z.object({
    name: z.string(),
    query: z.string(),
    brands: z.array(z.string()).nullable().describe('the brands it runs within; null: every one'),
    keyId: z.string().nullable(),
    createdAt: isoTime,
  }),
  'SavedSearch',
);

export const SavedSearchList = z.object({ items: z.array(SavedSearch) });

export const Me = z.object({
  key: z
    .object({
      id: z.string(),
      prefix: z.string(),
      name: z.string().nullable(),
      role: z.enum(['reader', 'editor', 'admin']),
      brands: z.array(z.string()).nullable(),
    })
    .nullable(),
  may: z.object({
    /** Mark posts handled, assign them, add notes (editor and admin keys). */
    edit: z.boolean(),
    /** Manage keys and sources (admin keys). */
    admin: z.boolean(),
    /** Correct an analysis (POST /v1/posts/{id}/feedback): any key. */
    feedback: z.boolean(),
  }),
});

export const Health = z.object({ status: z.literal('ok'), version: z.string() });
export const Ready = z.object({ status: z.literal('ready'), posts: count });
export const Busy = z.object({
  status: z.literal('crawling'),
  sources: count.describe('sources the first crawl covers'),
  crawled: count.describe('of them, done'),
  posts: count,
});

/** A body that is not JSON (CSV, Parquet, Prometheus text, HTML). */
export const Text = z.string();

export const OpenApi = z
  .object({ openapi: z.string(), info: z.object({}).loose(), paths: z.object({}).loose() })
  .loose();
