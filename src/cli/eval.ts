// `grogne eval --data FILE.jsonl [--data …] [--cv K --dataset NAME] [--json] [--model PATH]`:
// measures grogne and two peers (natural, nlp.js) on the same labelled rows.
// `grogne eval --task complaint --data data/annotations/freemobile-gold.jsonl [--cv K]`:
// complaint P/R/F1 on gold ids joined with ../shared tweet texts (see evalComplaint).
//
// Rows are `{"text", "label"}`, label negative|neutral|positive, or objective|mixed as in
// DEFT 2017 (see metrics.threeClass for the mapping). Views:
//   - binary gold (only negative/positive): grogne answers by P(negative) vs P(positive); a
//     peer's score 0 stays "neutral" and counts as an error;
//   - otherwise three-class (objective → neutral, mixed → negative) and negative-vs-rest;
//   - with --cv K: grogne's model is retrained on K−1 stratified, seeded folds with the same
//     recipe (model.DEFAULT_TRAIN_OPTIONS) on the file's own labels (DEFT: 4 classes) and
//     scored on the held-out fold; peers, which do not train, are scored on every row.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brandSchema } from '../config.ts';
import { InputError } from '../errors.ts';
import { analyse as analyseText } from '../nlp/analyse.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  stratifiedFolds as foldsBy,
  loadModel,
  predictProba,
  type SentimentModel,
  type TrainOptions,
  trainLinear,
  wrapComplaintModel,
} from '../nlp/model/model.ts';
import { type ComplaintRow, complaintFolds, trainComplaint } from '../train/complaint-train.ts';
import {
  argmaxSentiment,
  binarySentiment,
  evaluate,
  type GoldLabel,
  negativeVsRest,
  parseGoldLabel,
  type Report,
  threeClass,
} from '../train/metrics.ts';
import { defaultPeers, type Peer, peerLabel } from '../train/peers.ts';
import type { Sentiment } from '../types.ts';
import { intFlag, parse } from './args.ts';
import { type Io, line } from './io.ts';

export interface Row {
  text: string;
  label: GoldLabel;
}

/** The composed analysis, reduced to what eval reads of it. */
export type AnalyseFn = (text: string) => { sentiment: Sentiment; sentimentScore: number };

export interface EvalDeps {
  model?: SentimentModel;
  peers?: Peer[];
  /** null: do not use src/nlp/analyse.ts even if it exists. */
  analyse?: AnalyseFn | null;
  /** Where --dataset NAME is looked up (NAME/train.jsonl). */
  datasetsDir?: string;
}

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

/** Reads a JSONL file of labelled rows; a bad line is an InputError naming file and line. */
export function readRows(path: string): Row[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  const rows: Row[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    if (!raw.trim()) continue;
    let obj: { text?: unknown; label?: unknown };
    try {
      obj = JSON.parse(raw);
    } catch {
      throw new InputError(`${path}:${i + 1}: not valid JSON`);
    }
    const label = parseGoldLabel(obj.label);
    if (typeof obj.text !== 'string' || !label) {
      throw new InputError(`${path}:${i + 1}: expected {"text", "label"} with a known label`);
    }
    rows.push({ text: obj.text, label });
  }
  if (rows.length === 0) throw new InputError(`${path}: no rows`);
  return rows;
}

/** Fold of each row: stratified by label, shuffled by a seeded PRNG, so always the same. */
export function stratifiedFolds(labels: readonly string[], k: number, seed = 1): number[] {
  return foldsBy(labels, k, seed, [...new Set(labels)].sort());
}

/** K-fold cross-validation of the model recipe on rows' own labels; predictions per row. */
export function crossValidate(
  rows: readonly Row[],
  k: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): string[] {
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  const folds = stratifiedFolds(
    rows.map((r) => r.label),
    k,
  );
  const predicted = new Array<string>(rows.length);
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => folds[i] !== f);
    const model = trainLinear(
      train.map((r) => ({ text: r.text, target: { [r.label]: 1 } })),
      classes,
      options,
    );
    rows.forEach((r, i) => {
      if (folds[i] !== f) return;
      const p = predictProba(model, r.text);
      predicted[i] = classes[p.indexOf(Math.max(...p))]!;
    });
  }
  return predicted;
}

interface SystemResult {
  system: string;
  view: string;
  report: Report;
}

interface FileResult {
  file: string;
  n: number;
  results: SystemResult[];
}

const TO_THREE = (l: string) => (parseGoldLabel(l) ? threeClass(parseGoldLabel(l)!) : l);

/** Scores every system on one file and returns one report per (system, view). */
async function evalFile(
  file: string,
  rows: Row[],
  systems: { model: SentimentModel; analyse: AnalyseFn | null; peers: Peer[] },
  cv: number | undefined,
  stderr: Io['stderr'],
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
    results.push({
      system,
      view: 'three-class',
      report: evaluate(three, predicted.map(TO_THREE), ['negative', 'neutral', 'positive']),
    });
    results.push({
      system,
      view: 'neg-vs-rest',
      report: evaluate(three.map(negativeVsRest), predicted.map(TO_THREE).map(negativeVsRest), [
        'negative',
        'rest',
      ]),
    });
  };

  if (cv) {
    line(stderr, `${file}: ${cv}-fold cross-validation of the model recipe…`);
    const predicted = crossValidate(rows, cv);
    const labels = [...new Set(gold)].sort();
    results.push({
      system: `grogne-cv${cv}`,
      view: `${labels.length}-class`,
      report: evaluate(gold, predicted, labels),
    });
    if (!binary) views(`grogne-cv${cv}`, predicted);
  } else {
    views(
      'grogne-model',
      rows.map((r) => {
        const p = systems.model.predict(r.text);
        return binary ? binarySentiment(p) : argmaxSentiment(p);
      }),
    );
  }
  if (systems.analyse && !cv) {
    const analyse = systems.analyse;
    views(
      'grogne-analyse',
      rows.map((r) => {
        const a = analyse(r.text);
        // On binary gold the analysis' neutral is decided by its score's sign, as for peers.
        return binary && a.sentiment === 'neutral' ? peerLabel(a.sentimentScore) : a.sentiment;
      }),
    );
  }
  for (const peer of systems.peers) {
    const predicted: string[] = [];
    for (const r of rows) predicted.push(peerLabel(await peer.score(r.text)));
    views(peer.name, predicted);
  }
  return { file, n: rows.length, results };
}

const pct = (x: number) => x.toFixed(3);

function printFile(out: Io['stdout'], fr: FileResult): void {
  line(out, `\n== ${fr.file} (${fr.n} rows)`);
  line(
    out,
    `${'system'.padEnd(16)}${'view'.padEnd(13)}${'accuracy'.padStart(9)}${'macro-F1'.padStart(10)}`,
  );
  for (const r of fr.results) {
    line(
      out,
      `${r.system.padEnd(16)}${r.view.padEnd(13)}${pct(r.report.accuracy).padStart(9)}${pct(r.report.macroF1).padStart(10)}`,
    );
  }
  for (const r of fr.results) {
    line(out, `\n-- ${r.system}, ${r.view}`);
    line(
      out,
      `  ${'class'.padEnd(10)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}${'n'.padStart(7)}`,
    );
    for (const c of r.report.perClass) {
      line(
        out,
        `  ${c.label.padEnd(10)}${pct(c.precision).padStart(7)}${pct(c.recall).padStart(7)}${pct(c.f1).padStart(7)}${String(c.support).padStart(7)}`,
      );
    }
    const w = Math.max(9, ...r.report.matrixLabels.map((l) => l.length + 1));
    line(
      out,
      `  ${'gold\\pred'.padEnd(10)}${r.report.matrixLabels.map((l) => l.padStart(w)).join('')}`,
    );
    r.report.matrix.forEach((row, i) => {
      line(
        out,
        `  ${r.report.matrixLabels[i]!.padEnd(10)}${row.map((v) => String(v).padStart(w)).join('')}`,
      );
    });
  }
}

/** Loads src/nlp/analyse.ts when another engineer's composition exists; null otherwise. */
async function loadAnalyse(model: SentimentModel): Promise<AnalyseFn | null> {
  const url = new URL('../nlp/analyse.ts', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  const mod = (await import(url.href)) as {
    analyse?: (
      input: { text: string },
      options: { brands: unknown[]; model: SentimentModel },
    ) => { sentiment: Sentiment; sentimentScore: number };
  };
  if (typeof mod.analyse !== 'function') return null;
  const analyse = mod.analyse;
  return (text) => analyse({ text }, { brands: [], model });
}

/** Gold complaint rows: ids and flags joined with the shared tweet texts by id. */
export function readComplaintGold(
  path: string,
  textsPath: string,
): { rows: ComplaintRow[]; brand: string } {
  const texts = new Map<string, string>();
  for (const l of readFileSync(textsPath, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const t = JSON.parse(l) as { id: string | number; text: string };
    texts.set(String(t.id), t.text);
  }
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  const rows: ComplaintRow[] = [];
  const brands = new Map<string, number>();
  for (const [i, l] of raw.split('\n').entries()) {
    if (!l.trim()) continue;
    const g = JSON.parse(l) as { id?: unknown; complaint?: unknown; target?: unknown };
    const text = texts.get(String(g.id));
    if (typeof g.complaint !== 'boolean') {
      throw new InputError(`${path}:${i + 1}: expected {"id", "complaint": true|false}`);
    }
    if (text === undefined) continue;
    rows.push({ text, complaint: g.complaint });
    if (typeof g.target === 'string' && g.target !== 'none') {
      brands.set(g.target, (brands.get(g.target) ?? 0) + 1);
    }
  }
  if (rows.length === 0) throw new InputError(`${path}: no row joins a text in ${textsPath}`);
  const brand = [...brands].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  return { rows, brand };
}

/**
 * `--task complaint`: complaint precision/recall/F1 and confusion matrix for grogne (the
 * composed analysis, with the source's brand as default target) and the peers. Peer mapping:
 * a negative score ⇒ complaint (they have no notion of complaint). With --cv K, the complaint
 * classifier inside analyse() is retrained on K−1 folds (complaint-train.ts) for each row.
 */
async function evalComplaint(
  file: string,
  gold: { rows: ComplaintRow[]; brand: string },
  model: SentimentModel,
  peers: Peer[],
  cv: number | undefined,
  stderr: Io['stderr'],
): Promise<FileResult> {
  const { rows, brand } = gold;
  const truth = rows.map((r) => (r.complaint ? 'complaint' : 'other'));
  const labels = ['complaint', 'other'];
  const brands = [brandSchema.parse({ id: brand, name: brand, aliases: [brand] })];
  const flag = (m: SentimentModel, text: string) =>
    analyseText({ text }, { brands, model: m, defaultBrand: brand }).complaint
      ? 'complaint'
      : 'other';
  const results: SystemResult[] = [];
  const push = (system: string, predicted: string[]) =>
    results.push({ system, view: 'complaint', report: evaluate(truth, predicted, labels) });
  if (cv) {
    line(stderr, `${file}: ${cv}-fold cross-validation of the complaint classifier…`);
    const folds = complaintFolds(rows, cv);
    const predicted = new Array<string>(rows.length);
    for (let f = 0; f < cv; f++) {
      const linear = trainComplaint(rows.filter((_, i) => folds[i] !== f));
      const m: SentimentModel = { ...model, complaint: wrapComplaintModel(linear, `cv${f}`) };
      rows.forEach((r, i) => {
        if (folds[i] === f) predicted[i] = flag(m, r.text);
      });
    }
    push(`grogne-cv${cv}`, predicted);
  } else if (model.complaint) {
    push(
      'grogne',
      rows.map((r) => flag(model, r.text)),
    );
  }
  const rulesOnly: SentimentModel = { ...model, complaint: undefined };
  push(
    'grogne-rules',
    rows.map((r) => flag(rulesOnly, r.text)),
  );
  for (const peer of peers) {
    const predicted: string[] = [];
    for (const r of rows) predicted.push((await peer.score(r.text)) < 0 ? 'complaint' : 'other');
    push(peer.name, predicted);
  }
  return { file, n: rows.length, results };
}

const OPTIONS = {
  task: { type: 'string' },
  texts: { type: 'string' },
  data: { type: 'string', multiple: true },
  cv: { type: 'string' },
  dataset: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runEval(argv: string[], io: Io, deps: EvalDeps = {}): Promise<number> {
  try {
    const { values } = parse(argv, OPTIONS);
    const cv = intFlag(values.cv, 'cv', 2);
    const files = (values.data ?? []).map((f) => resolve(io.cwd, f));
    if (values.dataset) {
      const dir = deps.datasetsDir ?? DATASETS;
      const path = resolve(dir, values.dataset, 'train.jsonl');
      if (!existsSync(path)) throw new InputError(`--dataset ${values.dataset}: no ${path}`);
      files.push(path);
    }
    if (files.length === 0)
      throw new InputError('give at least one --data FILE.jsonl (or --dataset NAME)');
    const task = values.task ?? 'sentiment';
    if (task !== 'sentiment' && task !== 'complaint') {
      throw new InputError(`--task ${task}: expected sentiment or complaint`);
    }
    if (task === 'complaint') {
      const textsPath = values.texts
        ? resolve(io.cwd, values.texts)
        : resolve(deps.datasetsDir ?? DATASETS, 'freemobile-tweets', 'tweets.jsonl');
      if (!existsSync(textsPath)) {
        line(io.stderr, `grogne eval: skipped: the tweet texts (${textsPath}) are absent`);
        return 0;
      }
      const model =
        deps.model ?? loadModel(values.model ? resolve(io.cwd, values.model) : undefined);
      const peers = deps.peers ?? (await defaultPeers());
      const out: FileResult[] = [];
      for (const f of files) {
        const gold = readComplaintGold(f, textsPath);
        out.push(await evalComplaint(f, gold, model, peers, cv, io.stderr));
      }
      if (values.json) {
        line(io.stdout, JSON.stringify({ modelVersion: model.version, files: out }, null, 2));
      } else {
        line(
          io.stdout,
          `grogne eval --task complaint — model ${model.version}${model.complaint ? ` + ${model.complaint.version}` : ''}; peers (negative ⇒ complaint): ${peers.map((p) => p.name).join(', ')}`,
        );
        for (const fr of out) printFile(io.stdout, fr);
      }
      return 0;
    }
    const data = files.map((f) => ({ file: f, rows: readRows(f) }));
    const model = deps.model ?? loadModel(values.model ? resolve(io.cwd, values.model) : undefined);
    const analyse = deps.analyse === undefined ? await loadAnalyse(model) : deps.analyse;
    const peers = deps.peers ?? (await defaultPeers());
    const out: FileResult[] = [];
    for (const d of data)
      out.push(await evalFile(d.file, d.rows, { model, analyse, peers }, cv, io.stderr));
    if (values.json) {
      line(io.stdout, JSON.stringify({ modelVersion: model.version, files: out }, null, 2));
    } else {
      line(
        io.stdout,
        `grogne eval — model ${model.version}; peers: ${peers.map((p) => p.name).join(', ')}`,
      );
      for (const fr of out) printFile(io.stdout, fr);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    line(io.stderr, `grogne eval: ${err.message}`);
    return 2;
  }
}

/** The verb as the CLI dispatcher calls it. */
export const evalVerb = (argv: string[], io: Io) => runEval(argv, io);
