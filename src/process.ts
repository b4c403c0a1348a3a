// Analyse then score a batch of ingested posts: the pure middle of the pipeline, shared by the
// wiring module (in-process) and the analysis workers (off the main thread), so that both
// compute the same thing.
import { clusterKey } from './ingest/cluster-key.ts';
import type { Analyzer } from './nlp/analyzer.ts';
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
  /** This thread's analyser (the watched brands and the models). */
  analyzer: Analyzer;
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
    const analysis = ctx.analyzer.analyse({
      text: post.text,
      title: post.title,
      brand: source.brand,
    });
    const scores = scorePost(post, analysis, source, ctx.now, ctx.halfLifeHours);
    return { post, analysis, scores, clusterKey: clusterKey(post.text) };
  });
}
