// One analysis worker: analyses and scores batches of posts off the main thread. The same
// function runs in-process for small batches, so both paths compute the same thing: what
// processPosts in src/pipeline.ts computes (analyse, then scorePost).
import { parentPort, workerData } from 'node:worker_threads';
import type { BrandConfig } from './config.ts';
import { clusterKey } from './ingest/cluster-key.ts';
import { analyse } from './nlp/analyse.ts';
import { loadModel, type SentimentModel } from './nlp/model.ts';
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

export function processBatch(
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

/** What the pool gives a worker when it starts it. */
export interface WorkerSetup {
  grogneAnalysisWorker: true;
  brands: BrandConfig[];
  halfLifeHours: number;
  /** Model file to load; null for none (analyse then runs on the lexicon alone). */
  modelPath: string | null | undefined;
}

export interface BatchRequest {
  id: number;
  posts: IngestedPost[];
  source: SourceInfo;
  /** ISO 8601: a Date would arrive as a Date too, but a string keeps the message plain. */
  now: string;
}

export type BatchReply = { id: number; items: Processed[] } | { id: number; error: string };

const setup = workerData as WorkerSetup | null;
// Only a thread started by the pool serves batches; importing this file does nothing else.
if (parentPort && setup?.grogneAnalysisWorker) {
  const port = parentPort;
  const model =
    setup.modelPath === null
      ? undefined
      : loadModel(...((setup.modelPath ? [setup.modelPath] : []) as [string?]));
  port.on('message', (req: BatchRequest) => {
    let reply: BatchReply;
    try {
      const items = processBatch(req.posts, req.source, {
        brands: setup.brands,
        model,
        now: new Date(req.now),
        halfLifeHours: setup.halfLifeHours,
      });
      reply = { id: req.id, items };
    } catch (err) {
      reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
