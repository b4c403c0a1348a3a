import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEval, stratifiedFolds } from '../../src/cli/eval.ts';
import { memoryIo } from '../helpers/io.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('grogne eval', () => {
  it('prints grogne and both peers on DEFT-style labels, with both views', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-deft-labels.jsonl'], t.io, { analyse: null });
    expect(code).toBe(0);
    const out = t.stdout();
    for (const s of [
      'grogne-model',
      'natural',
      'nlp.js',
      'three-class',
      'neg-vs-rest',
      'gold\\pred',
    ]) {
      expect(out).toContain(s);
    }
  });

  it('scores binary gold as negative vs positive, in JSON', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-binary-reviews.jsonl', '--json'], t.io, {
      analyse: null,
    });
    expect(code).toBe(0);
    const json = JSON.parse(t.stdout()) as {
      files: {
        n: number;
        results: { system: string; view: string; report: { accuracy: number } }[];
      }[];
    };
    const results = json.files[0]!.results;
    expect(json.files[0]!.n).toBe(4);
    expect(results.map((r) => r.system)).toEqual(['grogne-model', 'natural', 'nlp.js']);
    expect(new Set(results.map((r) => r.view))).toEqual(new Set(['neg-vs-pos']));
    // Four obvious reviews: the trained model gets them all.
    expect(results[0]!.report.accuracy).toBe(1);
  });

  it('cross-validates the recipe on the file’s own labels (5 here: objective and neutral both appear)', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-deft-labels.jsonl', '--cv', '2'], t.io, {
      analyse: null,
      peers: [],
    });
    expect(code).toBe(0);
    expect(t.stdout()).toMatch(/grogne-cv2\s+5-class/);
    expect(t.stderr()).toContain('2-fold cross-validation');
  });

  it('uses an injected composed analysis when there is one', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-binary-reviews.jsonl'], t.io, {
      peers: [],
      analyse: () => ({ sentiment: 'neutral', sentimentScore: -0.2 }),
    });
    expect(code).toBe(0);
    expect(t.stdout()).toContain('grogne-analyse');
  });

  it.each([
    ['{"text": "ok", "label": "bof"}\n', /:1: expected \{"text", "label"\}/],
    ['not json\n', /:1: not valid JSON/],
  ])('refuses a bad row with exit code 2 and one line', async (content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-eval-'));
    writeFileSync(join(dir, 'bad.jsonl'), content);
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', join(dir, 'bad.jsonl')], t.io, {
      peers: [],
      analyse: null,
    });
    expect(code).toBe(2);
    expect(t.stderr()).toMatch(message);
    expect(t.stderr().trim().split('\n')).toHaveLength(1);
  });
});

describe('stratified folds', () => {
  it('are deterministic and spread each class over every fold', () => {
    const labels = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c'];
    const folds = stratifiedFolds(labels, 2);
    expect(stratifiedFolds(labels, 2)).toEqual(folds);
    for (const l of ['a', 'b', 'c']) {
      const f = labels.flatMap((x, i) => (x === l ? [folds[i]] : []));
      expect(new Set(f)).toEqual(new Set([0, 1]));
    }
  });
});

// --task complaint joins gold ids with texts, scores grogne and peers (negative ⇒ complaint).
describe('grogne eval --task complaint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-eval-complaint-'));
  const texts = [
    ['000001', 'ma box ne marche plus depuis 3 jours, toujours rien'],
    ['000002', 'retrouvez la nouvelle chaîne sur le canal 82'],
    ['000003', 'plus de réseau depuis ce matin, 5e appel au service client'],
    ['000004', 'la fibre arrive quand dans ma ville ?'],
  ];
  writeFileSync(
    join(dir, 'tweets.jsonl'),
    texts.map(([id, text]) => JSON.stringify({ id, text })).join('\n'),
  );
  writeFileSync(
    join(dir, 'gold.jsonl'),
    texts
      .map(([id], i) => JSON.stringify({ id, complaint: i % 2 === 0, target: 'free' }))
      .join('\n'),
  );
  const peer = { name: 'always-negative', score: async () => -1 };

  it('reports complaint P/R/F1 for grogne rules and the peers', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(
      [
        '--task',
        'complaint',
        '--data',
        join(dir, 'gold.jsonl'),
        '--texts',
        join(dir, 'tweets.jsonl'),
        '--json',
      ],
      t.io,
      { peers: [peer] },
    );
    expect(code).toBe(0);
    const json = JSON.parse(t.stdout()) as {
      files: {
        n: number;
        results: {
          system: string;
          report: { perClass: { label: string; recall: number; precision: number }[] };
        }[];
      }[];
    };
    const f = json.files[0]!;
    expect(f.n).toBe(4);
    const bySystem = new Map(f.results.map((r) => [r.system, r.report]));
    expect(bySystem.get('grogne-rules')!.perClass[0]!.label).toBe('complaint');
    // A peer that calls everything negative flags every row: recall 1, precision 0.5.
    expect(bySystem.get('always-negative')!.perClass[0]!.recall).toBe(1);
    expect(bySystem.get('always-negative')!.perClass[0]!.precision).toBe(0.5);
  });

  it('skips with a clear message when the texts are absent', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(
      [
        '--task',
        'complaint',
        '--data',
        join(dir, 'gold.jsonl'),
        '--texts',
        join(dir, 'nope.jsonl'),
      ],
      t.io,
      { peers: [peer] },
    );
    expect(code).toBe(0);
    expect(t.stderr()).toMatch(/skipped: the tweet texts .* are absent/);
  });
});
