// `grogne eval` on {"text", "label"} rows (sentiment sets): grogne and two peers (natural,
// nlp.js) on the same rows. Views:
//   - binary gold (only negative/positive): grogne answers by its model's P(negative) vs
//     P(positive); a peer's score 0 stays "neutral" and counts as an error;
//   - otherwise three-class (objective → neutral, mixed → negative) and negative-vs-rest;
//   - cross-validation (--cv K): the sentiment recipe retrained on K−1 stratified, seeded
//     folds of the file's own labels (DEFT: 4 classes) and scored on the held-out fold.
import { InputError } from '../errors.ts';
import { readPost } from '../nlp/analyse.ts';
import type { Analyzer } from '../nlp/analyzer.ts';
import type { Lexicon } from '../nlp/lexicon/lexicon.ts';
import { SENTIMENT_DENSE_NAMES } from '../nlp/model/dense.ts';
import { FeatureBuffers, withDense } from '../nlp/model/features.ts';
import { predict, trainLinear } from '../nlp/model/linear.ts';
import { stratifiedFolds } from '../nlp/model/random.ts';
import { TokenForms } from '../nlp/tokens/tokenize.ts';
import { readJsonLines } from './jsonl.ts';
import {
  evaluate,
  type GoldLabel,
  negativeVsRest,
  parseGoldLabel,
  type Report,
  threeClass,
} from './metrics.ts';
import { type Peer, peerLabel } from './peers.ts';
import { DEFAULT_TRAIN_OPTIONS } from './train-models.ts';

export interface Row {
  text: string;
  label: GoldLabel;
}

export interface SystemResult {
  system: string;
  view: string;
  report: Report;
}

export interface FileResult {
  file: string;
  n: number;
  results: SystemResult[];
}

/** Reads a JSONL file of labelled rows; a bad line is an InputError naming file and line. */
export function readRows(path: string): Row[] {
  return readJsonLines(path, (obj, where) => {
    const o = obj as { text?: unknown; label?: unknown } | null;
    const label = parseGoldLabel(o?.label);
    if (typeof o?.text !== 'string' || !label) {
      throw new InputError(`${where}: expected {"text", "label"} with a known label`);
    }
    return { text: o.text, label };
  });
}

/**
 * K-fold cross-validation of the sentiment recipe on the rows' own labels; `seed` draws the
 * folds (the model card reports several, as the folds alone move DEFT's macro-F1 by ±0.005).
 */
export function crossValidateRows(
  rows: readonly Row[],
  k: number,
  lexicon: Lexicon,
  seed = 1,
): string[] {
  const options = DEFAULT_TRAIN_OPTIONS;
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  const folds = stratifiedFolds(
    rows.map((r) => r.label),
    k,
    seed,
    classes,
  );
  const ctx = {
    lexicon,
    features: options.features,
    buffers: new FeatureBuffers(),
    forms: new TokenForms(),
  };
  const xs = rows.map((r) => {
    const p = readPost({ text: r.text }, ctx);
    return withDense(p.block!, p.sentimentDense, options.features);
  });
  const predicted = new Array<string>(rows.length);
  for (let f = 0; f < k; f++) {
    const train = rows.flatMap((r, i) =>
      folds[i] !== f ? [{ x: xs[i]!, target: { [r.label]: 1 } }] : [],
    );
    const model = trainLinear(train, classes, SENTIMENT_DENSE_NAMES, options);
    rows.forEach((_, i) => {
      if (folds[i] !== f) return;
      const p = predict(model, xs[i]!);
      predicted[i] = classes[p.indexOf(Math.max(...p))]!;
    });
  }
  return predicted;
}

const toThree = (l: string) => {
  const g = parseGoldLabel(l);
  return g ? threeClass(g) : l;
};

/** Scores grogne (the analyser as shipped) and the peers on one file's rows. */
export async function evalRows(
  file: string,
  rows: readonly Row[],
  analyzer: Analyzer,
  peers: readonly Peer[],
  cv?: number,
): Promise<FileResult> {
  const gold = rows.map((r) => r.label);
  const binary = gold.every((l) => l === 'negative' || l === 'positive');
  const results: SystemResult[] = [];
  const views = (system: string, predicted: string[]) => {
    if (binary) {
      results.push({
        system,
        view: 'neg-vs-pos',
        report: evaluate(gold, predicted, ['negative', 'positive']),
      });
      return;
    }
    const three = gold.map(threeClass);
    const mine = predicted.map(toThree);
    results.push({
      system,
      view: 'three-class',
      report: evaluate(three, mine, ['negative', 'neutral', 'positive']),
    });
    results.push({
      system,
      view: 'neg-vs-rest',
      report: evaluate(three.map(negativeVsRest), mine.map(negativeVsRest), ['negative', 'rest']),
    });
  };
  if (cv) {
    const predicted = crossValidateRows(rows, cv, analyzer.lexicon);
    const labels = [...new Set(gold)].sort();
    results.push({
      system: `grogne-cv${cv}`,
      view: `${labels.length}-class`,
      report: evaluate(gold, predicted, labels),
    });
    if (!binary) views(`grogne-cv${cv}`, predicted);
  } else {
    views(
      'grogne',
      rows.map((r) => {
        if (!binary) return analyzer.analyse({ text: r.text }).sentiment;
        // No neutral on binary gold: the model's P(negative) against P(positive).
        const p = analyzer.sentimentProbabilities({ text: r.text });
        if (p) return p.negative > p.positive ? 'negative' : 'positive';
        return peerLabel(analyzer.analyse({ text: r.text }).sentimentScore);
      }),
    );
  }
  for (const peer of peers) {
    const predicted: string[] = [];
    for (const r of rows) predicted.push(peerLabel(await peer.score(r.text)));
    views(peer.name, predicted);
  }
  return { file, n: rows.length, results };
}
