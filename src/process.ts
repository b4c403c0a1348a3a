// Analyse then score a batch of ingested posts: the pure middle of the pipeline, shared by the
// wiring module (in-process) and the analysis workers (off the main thread), so that both
// compute the same thing.
import type { BrandConfig } from './config.ts';
import { clusterKey } from './ingest/cluster-key.ts';
import { analyse } from './nlp/analyse.ts';
import type { SentimentModel } from './nlp/model/model.ts';
import { scorePost } from './score/index.ts';
import type { Analysis, IngestedPost, Scores, SourceInfo } from './types.ts';

export interface Processed {
  post: IngestedPost;
  analysis: Analysis;
  scores: Scores;
  /** Groups syndicated copies of one text (see src/ingest/cluster-key.ts). */
  clusterKey: string | null;
}

export interface BatchContext {
  brands: BrandConfig[];
  model?: SentimentModel;
  now: Date;
  halfLifeHours: number;
}

/** Analyses and scores ingested posts; pure apart from the clock it is given. */
export function processPosts(
  posts: IngestedPost[],
  source: SourceInfo,
  ctx: BatchContext,
): Processed[] {
  return posts.map((post) => {
    const analysis = analyse(
      { text: post.text, title: post.title },
      { brands: ctx.brands, model: ctx.model },
    );
    const scores = scorePost(post, analysis, source, ctx.now, ctx.halfLifeHours);
    return { post, analysis, scores, clusterKey: clusterKey(post.text) };
  });
}
