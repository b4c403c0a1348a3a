// Builders for the shapes the store saves, with defaults a test overrides field by field.
import type { SourceConfig } from '../../src/config.ts';
import { scorePost } from '../../src/score/index.ts';
import type { SaveItem } from '../../src/store/write.ts';
import type { Analysis, BrandMention, IngestedPost } from '../../src/types.ts';

export const NOW = new Date('2024-05-10T12:00:00Z');

export function source(id: string, over: Partial<SourceConfig> = {}): SourceConfig {
  return { id, kind: 'feed', file: `${id}.xml`, interval: 1800, enabled: true, ...over };
}

export function post(key: string, over: Partial<IngestedPost> = {}): IngestedPost {
  return {
    sourceId: 'blog',
    guid: key,
    url: `https://example.fr/${key}`,
    dedupKey: key,
    title: `Titre ${key}`,
    text: `Texte du billet ${key}.`,
    author: 'Jean',
    publishedAt: '2024-05-09T10:00:00.000Z',
    fetchedAt: '2024-05-10T11:00:00.000Z',
    categories: [],
    engagement: { comments: null, replies: null, views: null, position: null },
    parentKey: null,
    malformed: false,
    ...over,
  };
}

export function mention(id: string, over: Partial<BrandMention> = {}): BrandMention {
  return {
    id,
    target: true,
    confidence: 0.9,
    sentiment: 'negative',
    count: 1,
    reasons: ['named in a complaint'],
    spans: [{ start: 0, end: 3, text: id.toUpperCase(), reason: 'alias' }],
    ...over,
  };
}

export function analysis(over: Partial<Analysis> = {}): Analysis {
  return {
    lang: 'fra',
    langConfidence: 0.99,
    sentiment: 'negative',
    sentimentScore: -0.6,
    complaint: true,
    complaintConfidence: 0.8,
    resolved: false,
    brands: [mention('sfr')],
    categories: ['billing'],
    grievances: [
      {
        category: 'billing',
        evidence: { start: 0, end: 7, text: 'facture', reason: 'billing word' },
      },
    ],
    acts: [],
    evidence: [{ start: 0, end: 7, text: 'facture', reason: 'billing word' }],
    modelVersion: 'test-1',
    ...over,
  };
}

/** A post, its analysis and the scores the real scorer gives them. */
export function item(
  key: string,
  p: Partial<IngestedPost> = {},
  a: Partial<Analysis> = {},
): SaveItem {
  const ingested = post(key, p);
  const analysed = analysis(a);
  return {
    post: ingested,
    analysis: analysed,
    scores: scorePost(
      ingested,
      analysed,
      { id: ingested.sourceId, kind: 'feed', audience: null },
      NOW,
    ),
  };
}
