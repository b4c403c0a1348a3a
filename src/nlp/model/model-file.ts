// The models on disk: a JSON header (classes, dense feature names, options, version,
// checksum) beside a little-endian Float32 file of dim × classes weights. Dense Float32 is
// 3 MB for 2^18 buckets × 3 classes and loads in a few milliseconds, smaller and faster than
// any JSON of sparse weights; no date inside, so that retraining is reproducible byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Blend } from '../complaints/decide.ts';
import type { LinearModel, TrainOptions } from './linear.ts';

/**
 * The on-disk format; /3 reads the analysis's tokens with the dense features of dense.ts. A
 * model of another format was trained on other features: retrain it.
 */
export const MODEL_FORMAT = 'grogne-logreg/3';

export interface ModelHeader {
  format: typeof MODEL_FORMAT;
  version: string;
  classes: string[];
  dim: number;
  /** Names of the dense features it was trained with: a changed list means retrain. */
  denseNames: string[];
  bias: number[];
  options: TrainOptions;
  /** The complaint model's vote with the rules, fitted at training (complaints/decide.ts). */
  blend?: Blend;
  weightsFile: string;
  sha256: string;
}

/** The header and weight bytes of a model. */
export function serialiseModel(model: LinearModel, weightsFile: string, blend?: Blend) {
  const bytes = Buffer.from(
    model.weights.buffer,
    model.weights.byteOffset,
    model.weights.byteLength,
  );
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const header: ModelHeader = {
    format: MODEL_FORMAT,
    version: `logreg-${sha256.slice(0, 12)}`,
    classes: model.classes,
    dim: model.dim,
    denseNames: model.denseNames,
    bias: Array.from(model.bias),
    options: model.options,
    ...(blend ? { blend } : {}),
    weightsFile,
    sha256,
  };
  return { header, bytes: Buffer.from(bytes) };
}

/** Writes `path` (the JSON header) and the Float32 weights beside it (same name, .f32). */
export function saveModel(model: LinearModel, path: string, blend?: Blend): ModelHeader {
  const weightsFile = `${basename(path).replace(/\.json$/, '')}.f32`;
  const { header, bytes } = serialiseModel(model, weightsFile, blend);
  writeFileSync(join(dirname(path), weightsFile), bytes);
  writeFileSync(path, `${JSON.stringify(header, null, 2)}\n`);
  return header;
}

/**
 * Reads a model header and its weights. A model trained with dense features whose names are
 * not the code's (`expectedNames`) fails loudly: retrain it rather than predict on shifted
 * features.
 */
export function readModel(path: string, expectedNames: readonly string[], what: string) {
  let header: ModelHeader;
  try {
    header = JSON.parse(readFileSync(path, 'utf8')) as ModelHeader;
  } catch (err) {
    throw new Error(`${what}: cannot read ${path}: ${(err as Error).message}`);
  }
  if (header.format !== MODEL_FORMAT) {
    throw new Error(
      `${what}: ${path}: format ${JSON.stringify(header.format)}, this grogne reads ${MODEL_FORMAT}: run npm run train`,
    );
  }
  if (header.denseNames.join(',') !== expectedNames.join(',')) {
    throw new Error(
      `${what}: ${path} was trained with dense features [${header.denseNames.join(', ')}] but the code now gives [${expectedNames.join(', ')}]: run npm run train`,
    );
  }
  const raw = readFileSync(join(dirname(path), header.weightsFile));
  const expected = header.dim * header.classes.length * 4;
  if (raw.byteLength !== expected) {
    throw new Error(
      `${what}: ${header.weightsFile}: ${raw.byteLength} bytes, expected ${expected}`,
    );
  }
  // Copy into an aligned buffer: a Buffer from readFileSync may sit at an odd offset.
  const weights = new Float32Array(expected / 4);
  new Uint8Array(weights.buffer).set(raw);
  const linear: LinearModel = {
    classes: header.classes,
    dim: header.dim,
    weights,
    bias: Float32Array.from(header.bias),
    denseNames: header.denseNames,
    options: header.options,
  };
  return { linear, header };
}
