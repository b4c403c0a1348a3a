// grogne's two trained models, read together from data/model/ (written by `npm run train`):
// the sentiment model (negative / neutral / positive) and the complaint model (complaint /
// other) with the P(complaint) threshold chosen at training.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Blend, MODEL_ONLY } from '../complaints/decide.ts';
import { COMPLAINT_DENSE_NAMES, SENTIMENT_DENSE_NAMES } from './dense.ts';
import type { LinearModel } from './linear.ts';
import { readModel } from './model-file.ts';

export const MODEL_DIR = fileURLToPath(new URL('../../../data/model/', import.meta.url));
export const SENTIMENT_FILE = 'sentiment.json';
export const COMPLAINT_FILE = 'complaint.json';

export interface Models {
  /** "sentiment version+complaint version", recorded with every analysis. */
  version: string;
  sentiment: LinearModel;
  complaint: LinearModel;
  /** How the complaint model and the rules decide together (decide.ts). */
  blend: Blend;
}

/** Reads both models from a directory (data/model/ by default). */
export function loadModels(dir: string = MODEL_DIR): Models {
  const sentimentPath = join(dir, SENTIMENT_FILE);
  const complaintPath = join(dir, COMPLAINT_FILE);
  for (const p of [sentimentPath, complaintPath]) {
    if (!existsSync(p)) throw new Error(`models: ${p} is missing: run npm run train`);
  }
  const s = readModel(sentimentPath, SENTIMENT_DENSE_NAMES, 'sentiment model');
  const c = readModel(complaintPath, COMPLAINT_DENSE_NAMES, 'complaint model');
  return {
    version: `${s.header.version}+${c.header.version}`,
    sentiment: s.linear,
    complaint: c.linear,
    blend: c.header.blend ?? MODEL_ONLY,
  };
}
