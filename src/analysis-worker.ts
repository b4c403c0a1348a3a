// One analysis worker: analyses and scores batches of posts off the main thread with
// processPosts (src/process.ts), the function the pipeline runs in-process for small batches.
import { parentPort, workerData } from 'node:worker_threads';
import type { BrandConfig } from './config.ts';
import { loadModel } from './nlp/model.ts';
import { type Processed, processPosts } from './process.ts';
import type { IngestedPost, SourceInfo } from './types.ts';

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
      const items = processPosts(req.posts, req.source, {
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
