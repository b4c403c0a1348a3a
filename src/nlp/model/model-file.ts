// The models on disk: a JSON header (classes, options, version, checksum) beside a
// little-endian Float32 file of dim × classes weights. Dense Float32 is 3 MB for 2^18 buckets
// × 3 classes and loads in a few milliseconds, smaller and faster than any JSON of sparse
// weights; no date inside, so that retraining is reproducible byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LEXICON_FEATURE_NAMES } from '../sentiment/sentiment.ts';
import type { LinearModel, TrainOptions } from './model.ts';

/**
 * The on-disk format; /2 reads the tokens of tokens.ts with linear counts (features.ts). A
 * model of another format was trained on other features: retrain it.
 */
export const MODEL_FORMAT = 'grogne-logreg/2';

export interface ModelHeader {
  format: typeof MODEL_FORMAT;
  version: string;
  classes: string[];
  dim: number;
  lexiconCount: number;
  /** Names of the lexicon features it was trained with: a changed list means retrain. */
  lexiconNames: string[];
  bias: number[];
  options: TrainOptions;
  weightsFile: string;
  sha256: string;
}

/** The header and weight bytes of a model; no date inside, so that retraining is reproducible. */
export function serialiseModel(
  model: LinearModel,
  weightsFile: string,
  denseNames: readonly string[] = LEXICON_FEATURE_NAMES,
) {
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
    lexiconCount: model.lexiconCount,
    lexiconNames: model.lexiconCount > 0 ? [...denseNames] : [],
    bias: Array.from(model.bias),
    options: model.options,
    weightsFile,
    sha256,
  };
  return { header, bytes: Buffer.from(bytes) };
}

/** Writes `path` (the JSON header) and the Float32 weights beside it (same name, .f32). */
export function saveModel(
  model: LinearModel,
  path: string,
  denseNames: readonly string[] = LEXICON_FEATURE_NAMES,
): ModelHeader {
  const weightsFile = `${basename(path).replace(/\.json$/, '')}.f32`;
  const { header, bytes } = serialiseModel(model, weightsFile, denseNames);
  writeFileSync(join(dirname(path), weightsFile), bytes);
  writeFileSync(path, `${JSON.stringify(header, null, 2)}\n`);
  return header;
}

/**
 * Reads a model header and its Float32 weights. A model trained with dense features whose
 * names no longer match the code's (`expectedNames`) fails loudly: retrain it
 * (`npm run train`) rather than predict on shifted features.
 */
export function readLinear(
  path: string,
  expectedNames: readonly string[],
  what = 'sentiment model',
): { linear: LinearModel; header: ModelHeader } {
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
  if (header.lexiconCount > 0 && header.lexiconNames.join(',') !== expectedNames.join(',')) {
    throw new Error(
      `${what}: ${path} was trained with dense features [${header.lexiconNames.join(', ')}] but the code now gives [${expectedNames.join(', ')}]: run npm run train`,
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
    lexiconCount: header.lexiconCount,
    options: header.options,
  };
  return { linear, header };
}
