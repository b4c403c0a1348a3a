// The models on disk: a JSON header (classes, dense feature names, options, version,
// checksum) beside a little-endian binary file of the model's non-zero rows: for each, its
// row number (Uint32) then its weight per class (Float32). Training touches only the buckets
// its documents fill (about a quarter of 2^20 for the sentiment model, a tenth for the
// complaint model), so the rows file is 4–8× smaller than the dense table it loads into, and
// reads in a few milliseconds; no date inside, so that retraining is reproducible byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Blend } from '../complaints/decide.ts';
import type { LinearModel, TrainOptions } from './linear.ts';

/**
 * The on-disk format; /4 reads the analysis's tokens hashed into 2^20 buckets with the dense
 * features of dense.ts, its weights stored as non-zero rows. A model of another format was
 * trained on other features: retrain it.
 */
export const MODEL_FORMAT = 'grogne-logreg/4';

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
  /** Rows of the weights file (the model's rows with a non-zero weight). */
  rows: number;
  /** Of the weights file's bytes. */
  sha256: string;
}

/** The rows file of a model: each row with a non-zero weight, as its number then its weights. */
function rowsOf(model: LinearModel): { bytes: Buffer; rows: number } {
  const k = model.classes.length;
  const w = model.weights;
  const kept: number[] = [];
  for (let r = 0; r < model.dim; r++) {
    for (let c = 0; c < k; c++) {
      if (w[r * k + c] !== 0) {
        kept.push(r);
        break;
      }
    }
  }
  const bytes = Buffer.alloc(kept.length * 4 * (1 + k));
  let at = 0;
  for (const r of kept) {
    at = bytes.writeUInt32LE(r, at);
    for (let c = 0; c < k; c++) at = bytes.writeFloatLE(w[r * k + c]!, at);
  }
  return { bytes, rows: kept.length };
}

/** The header and weight bytes of a model. */
export function serialiseModel(model: LinearModel, weightsFile: string, blend?: Blend) {
  const { bytes, rows } = rowsOf(model);
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
    rows,
    sha256,
  };
  return { header, bytes };
}

/** Writes `path` (the JSON header) and the rows file beside it (same name, .f32). */
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
  const k = header.classes.length;
  const expected = header.rows * 4 * (1 + k);
  if (raw.byteLength !== expected) {
    throw new Error(
      `${what}: ${header.weightsFile}: ${raw.byteLength} bytes, expected ${expected} (${header.rows} rows)`,
    );
  }
  if (createHash('sha256').update(raw).digest('hex') !== header.sha256) {
    throw new Error(`${what}: ${header.weightsFile}: checksum differs from ${basename(path)}'s`);
  }
  const weights = new Float32Array(header.dim * k);
  for (let at = 0; at < raw.byteLength; ) {
    const r = raw.readUInt32LE(at);
    at += 4;
    if (r >= header.dim) {
      throw new Error(`${what}: ${header.weightsFile}: row ${r} beyond dim ${header.dim}`);
    }
    for (let c = 0; c < k; c++, at += 4) weights[r * k + c] = raw.readFloatLE(at);
  }
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
