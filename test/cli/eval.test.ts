import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEval } from '../../src/cli/eval.ts';
import { memoryIo } from '../helpers/io.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('grogne eval', () => {
  it('prints grogne and both peers on DEFT-style labels, with both views', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-deft-labels.jsonl'], t.io);
    expect(code).toBe(0);
    const out = t.stdout();
    for (const s of ['grogne', 'natural', 'nlp.js', 'three-class', 'neg-vs-rest', 'gold\\pred']) {
      expect(out).toContain(s);
    }
  });

  it('scores binary gold as negative vs positive, in JSON', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-binary-reviews.jsonl', '--json'], t.io);
    expect(code).toBe(0);
    const json = JSON.parse(t.stdout()) as {
      files: {
        n: number;
        results: { system: string; view: string; report: { accuracy: number } }[];
      }[];
    };
    const results = json.files[0]!.results;
    expect(json.files[0]!.n).toBe(4);
    expect(results.map((r) => r.system)).toEqual(['grogne', 'natural', 'nlp.js']);
    expect(new Set(results.map((r) => r.view))).toEqual(new Set(['neg-vs-pos']));
    // Four obvious reviews: the shipped model gets them all.
    expect(results[0]!.report.accuracy).toBe(1);
  });

  it('cross-validates the recipe on the file’s own labels (5 here: objective and neutral both appear)', async () => {
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', 'eval-deft-labels.jsonl', '--cv', '2'], t.io, {
      peers: [],
    });
    expect(code).toBe(0);
    expect(t.stdout()).toMatch(/grogne-cv2\s+5-class/);
    expect(t.stderr()).toContain('2-fold cross-validation');
  });

  it.each([
    ['{"text": "ok", "label": "bof"}\n', /:1: expected \{"text", "label"\}/],
    ['not json\n', /:1: not valid JSON/],
  ])('refuses a bad row with exit code 2 and one line', async (content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-eval-'));
    writeFileSync(join(dir, 'bad.jsonl'), content);
    const t = memoryIo(FIXTURES);
    const code = await runEval(['--data', join(dir, 'bad.jsonl')], t.io, { peers: [] });
    expect(code).toBe(2);
    expect(t.stderr()).toMatch(message);
    expect(t.stderr().trim().split('\n')).toHaveLength(1);
  });
});

// Annotated posts (data/annotations/posts): the task is read from the file's shape.
describe('grogne eval on annotated posts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-eval-posts-'));
  const post = (id: string, over: object) => ({
    id,
    source: 'tweet',
    about: null,
    title: null,
    text: '',
    sentiment: 'negative',
    complaint: true,
    brands: [],
    severity: 'mid',
    resolved: false,
    sarcasm: false,
    phenomena: [],
    ...over,
  });
  const posts = [
    post('p1', {
      text: 'SFR me facture deux fois mon forfait depuis trois mois, le service client ne répond jamais. Honteux.',
      brands: [{ id: 'sfr', target: true }],
      severity: 'high',
    }),
    post('p2', {
      text: 'Client MAIF depuis dix ans, jamais eu le moindre souci, rien à redire.',
      sentiment: 'positive',
      complaint: false,
      brands: [{ id: 'maif', target: false }],
      severity: 'low',
    }),
  ];
  writeFileSync(join(dir, 'dev-x.jsonl'), posts.map((p) => JSON.stringify(p)).join('\n'));

  it('scores complaints, sentiment, targets and severity bands, grogne beside the peers', async () => {
    const t = memoryIo(dir);
    const peer = { name: 'always-negative', score: async () => -1 };
    const code = await runEval(['--data', 'dev-x.jsonl', '--json'], t.io, { peers: [peer] });
    expect(code).toBe(0);
    const json = JSON.parse(t.stdout()) as {
      results: { system: string; scores: { complaint: { recall: number; precision: number } } }[];
    };
    expect(json.results.map((r) => r.system)).toEqual(['grogne', 'always-negative']);
    // Calling everything negative finds the complaint and flags the praise too.
    expect(json.results[1]!.scores.complaint).toMatchObject({ recall: 1, precision: 0.5 });
    // The shipped models tell the complaint from the praise.
    expect(json.results[0]!.scores.complaint).toMatchObject({ recall: 1, precision: 1 });
  });

  it('prints one table line per system', async () => {
    const t = memoryIo(dir);
    expect(await runEval(['dev-x.jsonl'], t.io, { peers: [] })).toBe(0);
    expect(t.stdout()).toMatch(/complaint P .* target acc .*severity band/);
    expect(t.stdout()).toMatch(/^grogne\s+1\.000/m);
  });

  it('refuses a post with an unknown brand, naming the line', async () => {
    writeFileSync(
      join(dir, 'dev-bad.jsonl'),
      JSON.stringify(post('b1', { text: 'Panne.', brands: [{ id: 'nope', target: true }] })),
    );
    const t = memoryIo(dir);
    expect(await runEval(['dev-bad.jsonl'], t.io, { peers: [] })).toBe(2);
    expect(t.stderr()).toMatch(/dev-bad\.jsonl:1: unknown brand "nope"/);
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
