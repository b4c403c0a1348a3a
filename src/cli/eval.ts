// `grogne eval --data FILE.jsonl [FILE…] [--cv K] [--json] [--models DIR]`: measures grogne
// as shipped against two peers (natural, nlp.js) on the same labelled rows. The kind of file
// decides the task (src/train does the work):
//   - annotated posts (data/annotations/posts/*.jsonl): complaint, sentiment, targets,
//     severity bands, resolved (eval-posts.ts);
//   - {"text", "label"} rows: sentiment (eval-rows.ts), --cv K retrains on the file's labels;
//   - --task complaint on the Free gold ids: complaint P/R/F1 (eval-complaint.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { Analyzer } from '../nlp/analyzer.ts';
import { loadModels, type Models } from '../nlp/model/models.ts';
import { freeGold, freeTweetsPath, SHARED_DATASETS } from '../train/corpus.ts';
import { evalComplaint } from '../train/eval-complaint.ts';
import { evalPosts, grogneSystem, peerSystem, postsTable } from '../train/eval-posts.ts';
import { evalRows, type FileResult, readRows } from '../train/eval-rows.ts';
import { defaultPeers, type Peer } from '../train/peers.ts';
import { looksLikePosts, readPosts } from '../train/posts.ts';
import { intFlag, parse } from './args.ts';
import { defaultBrands } from './brands.ts';
import { type Io, line } from './io.ts';

export interface EvalDeps {
  models?: Models;
  peers?: Peer[];
  /** Where --dataset NAME and the Free tweets are looked up. */
  datasetsDir?: string;
}

const OPTIONS = {
  task: { type: 'string' },
  texts: { type: 'string' },
  data: { type: 'string', multiple: true },
  cv: { type: 'string' },
  dataset: { type: 'string' },
  models: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const f3 = (x: number) => x.toFixed(3);

function printFile(out: Io['stdout'], fr: FileResult): void {
  line(out, `\n== ${fr.file} (${fr.n} rows)`);
  line(
    out,
    `${'system'.padEnd(16)}${'view'.padEnd(13)}${'accuracy'.padStart(9)}${'macro-F1'.padStart(10)}`,
  );
  for (const r of fr.results) {
    line(
      out,
      `${r.system.padEnd(16)}${r.view.padEnd(13)}${f3(r.report.accuracy).padStart(9)}${f3(r.report.macroF1).padStart(10)}`,
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
        `  ${c.label.padEnd(10)}${f3(c.precision).padStart(7)}${f3(c.recall).padStart(7)}${f3(c.f1).padStart(7)}${String(c.support).padStart(7)}`,
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

export async function runEval(argv: string[], io: Io, deps: EvalDeps = {}): Promise<number> {
  try {
    // Positionals are more data files: `--data dir/test-*.jsonl` expands to several.
    const { values, positionals } = parse(argv, OPTIONS, true);
    const cv = intFlag(values.cv, 'cv', 2);
    const datasets = deps.datasetsDir ?? SHARED_DATASETS;
    const files = [...(values.data ?? []), ...positionals].map((f) => resolve(io.cwd, f));
    if (values.dataset) {
      const path = resolve(datasets, values.dataset, 'train.jsonl');
      if (!existsSync(path)) throw new InputError(`--dataset ${values.dataset}: no ${path}`);
      files.push(path);
    }
    const task =
      values.task ??
      (files.length > 0 && files.every((f) => existsSync(f) && looksLikePosts(f))
        ? 'posts'
        : 'sentiment');
    if (!['sentiment', 'complaint', 'posts'].includes(task)) {
      throw new InputError(`--task ${task}: expected sentiment, complaint or posts`);
    }
    if (files.length === 0)
      throw new InputError('give at least one --data FILE.jsonl (or --dataset NAME)');
    const models =
      deps.models ?? loadModels(values.models ? resolve(io.cwd, values.models) : undefined);
    const peers = deps.peers ?? (await defaultPeers());
    const brands = defaultBrands();
    const analyzer = new Analyzer({ brands, models });

    if (task === 'posts') {
      const known = new Set(brands.map((b) => b.id));
      const posts = files.flatMap((f) => readPosts(f, known));
      const results = await evalPosts(posts, [grogneSystem(analyzer), ...peers.map(peerSystem)]);
      if (values.json) {
        line(io.stdout, JSON.stringify({ modelVersion: models.version, files, results }, null, 2));
        return 0;
      }
      line(
        io.stdout,
        `grogne eval — ${posts.length} annotated posts from ${files.length} file(s); models ${models.version}; peers read as "negative ⇒ complaint, aimed at every listed brand": ${peers.map((p) => p.name).join(', ')}`,
      );
      for (const l of postsTable(results)) line(io.stdout, l);
      return 0;
    }

    const out: FileResult[] = [];
    if (task === 'complaint') {
      const textsPath = values.texts ? resolve(io.cwd, values.texts) : freeTweetsPath(datasets);
      if (!existsSync(textsPath)) {
        line(io.stderr, `grogne eval: skipped: the tweet texts (${textsPath}) are absent`);
        return 0;
      }
      for (const f of files) {
        const tweets = freeGold(textsPath, f);
        if (tweets.length === 0)
          throw new InputError(`${f}: no gold row joins a tweet of ${textsPath}`);
        if (cv) line(io.stderr, `${f}: ${cv}-fold cross-validation of the models…`);
        out.push(await evalComplaint(f, tweets, brands, models, peers, cv));
      }
    } else {
      for (const f of files) {
        if (cv) line(io.stderr, `${f}: ${cv}-fold cross-validation of the sentiment recipe…`);
        out.push(await evalRows(f, readRows(f), analyzer, peers, cv));
      }
    }
    if (values.json) {
      line(io.stdout, JSON.stringify({ modelVersion: models.version, files: out }, null, 2));
      return 0;
    }
    line(
      io.stdout,
      `grogne eval (${task}) — models ${models.version}; peers: ${peers.map((p) => p.name).join(', ')}`,
    );
    for (const fr of out) printFile(io.stdout, fr);
    return 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    line(io.stderr, `grogne eval: ${err.message}`);
    return 2;
  }
}

/** The verb as the CLI dispatcher calls it. */
export const evalVerb = (argv: string[], io: Io) => runEval(argv, io);
