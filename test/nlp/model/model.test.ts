import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPost } from '../../../src/nlp/analyse.ts';
import { findSignals } from '../../../src/nlp/complaints/signals.ts';
import { loadLexicon } from '../../../src/nlp/lexicon/lexicon.ts';
import {
  COMPLAINT_DENSE_NAMES,
  RULE_FEATURE_NAMES,
  ruleFeatures,
  SENTIMENT_DENSE_NAMES,
  shapeFeatures,
} from '../../../src/nlp/model/dense.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  FeatureBuffers,
  type FeatureOptions,
  fnv1a,
  HASH_SIZE,
  hashedBlock,
  type SparseVector,
  withDense,
} from '../../../src/nlp/model/features.ts';
import {
  type Example,
  JointScorer,
  predict,
  type TrainOptions,
  trainLinear,
} from '../../../src/nlp/model/linear.ts';
import {
  MODEL_FORMAT,
  readModel,
  saveModel,
  serialiseModel,
} from '../../../src/nlp/model/model-file.ts';
import {
  COMPLAINT_FILE,
  loadModels,
  MODEL_DIR,
  SENTIMENT_FILE,
} from '../../../src/nlp/model/models.ts';
import { prng, shuffleInPlace, stratifiedFolds } from '../../../src/nlp/model/random.ts';
import { analyseSentiment } from '../../../src/nlp/sentiment/sentiment.ts';
import { type Token, tokenize } from '../../../src/nlp/tokens/tokenize.ts';
import { readPosts } from '../../../src/train/posts.ts';

const lex = loadLexicon();
const CLASSES = ['negative', 'neutral', 'positive'];
const DENSE = ['length', 'exclamations'];
const OPTIONS: TrainOptions = {
  epochs: 5,
  learningRate: 0.5,
  l2: 1e-6,
  seed: 1,
  balance: true,
  features: DEFAULT_FEATURE_OPTIONS,
};

const vector = (text: string): SparseVector =>
  withDense(hashedBlock([tokenize(text)]), shapeFeatures([text]).slice(0, DENSE.length));

// A small fixture written for these tests: enough for the model to separate the classes.
const FIXTURE: Example[] = [
  ['Excellent service, je recommande vivement', 'positive'],
  ['Super débit, très content de ma box', 'positive'],
  ['Merci pour la réactivité, parfait', 'positive'],
  ['Génial, rien à redire', 'positive'],
  ['Service client nul, je déconseille', 'negative'],
  ["Toujours pas de connexion, c'est l'enfer", 'negative'],
  ['Facture fausse et hotline injoignable, honteux', 'negative'],
  ['Arnaque, je vais résilier', 'negative'],
  ['La boutique ouvre à 9 heures', 'neutral'],
  ['Nouvelle offre disponible en mars', 'neutral'],
  ['Le rendez-vous est fixé à jeudi', 'neutral'],
].map(([text, label]) => ({ x: vector(text!), target: { [label!]: 1 } }));

const unique = (v: SparseVector) => new Set(v.indices).size === v.indices.length;

// hashedBlock's definition, written plainly: the keys "w word", "b prev word", "c gram" hashed
// with fnv1a and counted in Maps in order of first use, each block normalised, with
// hashedBlock's float32 arithmetic. The features tests compare hashedBlock with it.
const NEG = new Set(['ne', "n'", 'pas', 'jamais', 'plus', 'rien', 'aucun', 'aucune', 'sans']);
const wordOf = (t: Token) =>
  t.kind === 'url'
    ? '<url>'
    : t.kind === 'handle'
      ? '<user>'
      : t.kind === 'hashtag'
        ? t.folded.slice(1)
        : t.kind === 'number'
          ? '<num>'
          : t.kind === 'punct'
            ? '.!?,;:…()"«»'.includes(t.text[0]!)
              ? t.text[0]!
              : null
            : t.folded;
const directBlock = (parts: readonly (readonly Token[])[], options: FeatureOptions) => {
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  const add = (m: Map<number, number>, key: string) => {
    const i = fnv1a(key) & (HASH_SIZE - 1);
    m.set(i, (m.get(i) ?? 0) + 1);
  };
  for (const tokens of parts) {
    let prev = '<s>';
    let negated = false;
    for (const t of tokens) {
      const w = wordOf(t);
      if (w === null) continue;
      if (t.kind === 'punct') {
        negated = false;
        add(words, `b ${prev} ${w}`);
        prev = w;
        continue;
      }
      const marked = negated ? `NEG_${w}` : w;
      if (NEG.has(w)) negated = true;
      add(words, `w ${marked}`);
      add(words, `b ${prev} ${marked}`);
      prev = marked;
      if (t.kind !== 'word' || w.length < 2) continue;
      const padded = `<${w}>`;
      for (let n = options.charMin; n <= options.charMax; n++)
        for (let i = 0; i + n <= padded.length; i++) add(chars, `c ${padded.slice(i, i + n)}`);
    }
    add(words, `b ${prev} </s>`);
  }
  const scaleOf = (m: Map<number, number>, weight: number) => {
    let norm = 0;
    for (const c of m.values()) norm += (1 + Math.log(c)) * (1 + Math.log(c));
    return norm === 0 ? 0 : weight / Math.sqrt(norm);
  };
  const wordScale = scaleOf(words, options.wordWeight);
  const charScale = scaleOf(chars, options.charWeight);
  const indices = [...words.keys()];
  const values = [...words.values()].map((c) => Math.fround((1 + Math.log(c)) * wordScale));
  for (const [i, c] of chars) {
    const v = (1 + Math.log(c)) * charScale;
    const k = indices.indexOf(i);
    if (k < 0) {
      indices.push(i);
      values.push(Math.fround(v));
    } else values[k] = Math.fround(values[k]! + v);
  }
  return { indices, values };
};

describe('features', () => {
  it('hashes with 32-bit FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });

  it('gives unique indices, the same every time, hashed block first, dense after it', () => {
    const text = 'Service client nul !!! JE DÉCONSEILLE, ne marche plus';
    const a = withDense(hashedBlock([tokenize(text)]), [0.5, 0, -1]);
    const b = withDense(hashedBlock([tokenize(text)]), [0.5, 0, -1]);
    expect(unique(a)).toBe(true);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.indices.length).toBe(a.values.length);
    // A zero dense feature is left out; the others sit after the hashed block, in order.
    const dense = Array.from(a.indices).filter((i) => i >= HASH_SIZE);
    expect(dense).toEqual([HASH_SIZE, HASH_SIZE + 2]);
    expect(Array.from(a.values.subarray(a.values.length - 2))).toEqual([0.5, -1]);
  });

  // A title and a body: each part starts its own bigram chain, and no bucket repeats.
  it.each([[['Titre : panne', 'ça ne marche plus']], [['', '']], [['😡 @SFR #panne http://x.fr']]])(
    'unique indices for the parts %j',
    (parts) => {
      const v = withDense(hashedBlock(parts.map((p) => tokenize(p))), []);
      expect(unique(v)).toBe(true);
      for (const i of v.indices) expect(i).toBeLessThan(HASH_SIZE);
    },
  );

  // Each block has unit norm times its weight: a long post and a tweet weigh alike.
  it('normalises the word and character blocks', () => {
    const norm = (text: string) => {
      let s = 0;
      for (const v of hashedBlock([tokenize(text)]).values) s += v * v;
      return Math.sqrt(s);
    };
    expect(norm('nul')).toBeCloseTo(norm('nul, vraiment nul, le SAV est nul '.repeat(20)), 1);
    expect(hashedBlock([[]]).indices.length).toBeGreaterThan(0);
  });

  it('marks negation: "pas bon" is not "bon" with one more word', () => {
    const a = new Set(hashedBlock([tokenize('bon')]).indices);
    const b = hashedBlock([tokenize('pas bon')]);
    expect([...b.indices].some((k) => !a.has(k))).toBe(true);
  });

  // hashedBlock hashes keys from their units, with buffers reused from post to post: it must
  // give what its definition gives (directBlock).
  it('equals its definition, post after post with the same buffers', () => {
    const buffers = new FeatureBuffers();
    for (const text of [
      "Ça ne marche plus depuis 3 semaines, c'est l'enfer chez @SFR #panne 😡 https://x.fr",
      'pas bon du tout… vraiment pas',
      'Merci Free !!! Rien à redire, nickel.',
      'ÉTÉ çà et là, cœur œuvre Ærø',
    ]) {
      const tokens = tokenize(text);
      const want = directBlock([tokens], DEFAULT_FEATURE_OPTIONS);
      const got = hashedBlock([tokens], undefined, buffers);
      expect([...got.indices].sort((a, b) => a - b)).toEqual(
        [...want.indices].sort((a, b) => a - b),
      );
      for (const [k, i] of got.indices.entries())
        expect(got.values[k]).toBeCloseTo(want.values[want.indices.indexOf(i)]!, 5);
    }
  });

  // hashedBlock takes each word's hashes from the buffers' memo: the vector must be, bit for
  // bit and in the same order, what hashing every key directly gives (the keys hashed with
  // fnv1a, counted in Maps in order of first use, normalised with hashedBlock's arithmetic),
  // with one analyser's buffers over every annotated post and random texts, and after the
  // n-gram sizes change.
  it('gives with memoised word hashes exactly the vector of direct hashing', () => {
    const buffers = new FeatureBuffers();
    const same = (parts: Token[][], options = DEFAULT_FEATURE_OPTIONS) => {
      const got = hashedBlock(parts, options, buffers);
      const want = directBlock(parts, options);
      expect([...got.indices]).toEqual(want.indices);
      expect([...got.values]).toEqual(want.values);
    };
    const dir = new URL('../../../data/annotations/posts/', import.meta.url);
    let posts = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const p of readPosts(new URL(file, dir).pathname)) {
        same(p.title ? [tokenize(p.title), tokenize(p.text)] : [tokenize(p.text)]);
        posts++;
      }
    }
    expect(posts).toBeGreaterThan(1500);
    // Random texts of negators, repeated words, punctuation, links, handles and numbers.
    const vocab = [
      ...['ne', "n'", 'pas', 'plus', 'jamais', 'sans', 'rien', 'aucune', 'NEG_x', 'pas.'],
      ...['panne', 'Panne', 'nul', 'nuuuul', 'é', 'x', 'a', 'ça', 'cœur', 'marche', 'marche'],
      ...[',', '.', '!', '?', '…', '(', ')', '«', '»', '-', '/', '<s>', '</s>'],
      ...['https://x.fr', '@SFR', '#panne', '42', '3h', '😡', ':)', 'jsuis', 'c nul'],
    ];
    const random = prng(11);
    const pick = () => vocab[Math.floor(random() * vocab.length)]!;
    for (let n = 0; n < 2000; n++) {
      const text = () => Array.from({ length: 1 + Math.floor(random() * 30) }, pick).join(' ');
      same(random() < 0.3 ? [tokenize(text()), tokenize(text())] : [tokenize(text())]);
    }
    // Other n-gram sizes on the same buffers: the memo must not answer for the old ones.
    const text = tokenize("Ça ne marche plus, c'est l'enfer chez @SFR #panne");
    for (const [charMin, charMax] of [
      [3, 5],
      [2, 2],
      [4, 4],
    ] as const) {
      same([text], { ...DEFAULT_FEATURE_OPTIONS, charMin, charMax });
    }
  });

  it('gives dense features in range, named by dense.ts', () => {
    const text = 'SFR C’EST NUL !!! Pourquoi ?';
    const shape = shapeFeatures([text]);
    for (const x of shape) expect(x).toBeGreaterThanOrEqual(0);
    for (const x of shape) expect(x).toBeLessThanOrEqual(1);
    expect(shapeFeatures(['OK'])[3]).toBe(0);
    const s = findSignals(text, analyseSentiment(text, tokenize(text), lex));
    expect(ruleFeatures(s)).toHaveLength(RULE_FEATURE_NAMES.length);
    expect(COMPLAINT_DENSE_NAMES.slice(0, SENTIMENT_DENSE_NAMES.length)).toEqual(
      SENTIMENT_DENSE_NAMES,
    );
    expect(new Set(COMPLAINT_DENSE_NAMES).size).toBe(COMPLAINT_DENSE_NAMES.length);
  });
});

describe('trainLinear and predict', () => {
  it('is deterministic: same data, same weights, byte for byte', () => {
    const a = serialiseModel(trainLinear(FIXTURE, CLASSES, DENSE, OPTIONS), 'w.f32');
    const b = serialiseModel(trainLinear(FIXTURE, CLASSES, DENSE, OPTIONS), 'w.f32');
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(JSON.stringify(a.header)).toBe(JSON.stringify(b.header));
  });

  it('a different seed gives different weights', () => {
    const a = serialiseModel(trainLinear(FIXTURE, CLASSES, DENSE, OPTIONS), 'w.f32');
    const b = serialiseModel(
      trainLinear(FIXTURE, CLASSES, DENSE, { ...OPTIONS, seed: 7 }),
      'w.f32',
    );
    expect(a.bytes.equals(b.bytes)).toBe(false);
  });

  it('learns the fixture, with probabilities that sum to 1', () => {
    const m = trainLinear(FIXTURE, CLASSES, DENSE, OPTIONS);
    expect(m.dim).toBe(HASH_SIZE + DENSE.length);
    expect(m.denseNames).toEqual(DENSE);
    const label = (t: string) => {
      const p = predict(m, vector(t));
      expect(p).toHaveLength(CLASSES.length);
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
      for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
      return CLASSES[p.indexOf(Math.max(...p))];
    };
    expect(label('Service client nul, je déconseille')).toBe('negative');
    expect(label('Excellent service, je recommande vivement')).toBe('positive');
    expect(label('')).toBeDefined();
  });
});

describe('model files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const model = trainLinear(FIXTURE, CLASSES, DENSE, OPTIONS);

  it('round-trips through saveModel and readModel', () => {
    const path = join(dir, 'tiny.json');
    const blend = { model: 1, yes: 0.5, no: -0.5, bias: 0, threshold: 0.4 };
    const header = saveModel(model, path, blend);
    expect(header).toMatchObject({ format: MODEL_FORMAT, weightsFile: 'tiny.f32' });
    expect(header.version).toMatch(/^logreg-[0-9a-f]{12}$/);
    const { linear, header: read } = readModel(path, DENSE, 'tiny model');
    expect(read).toEqual(header);
    expect(read.blend).toEqual(blend);
    expect(linear.classes).toEqual(CLASSES);
    expect(linear.dim).toBe(model.dim);
    expect(Buffer.from(linear.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
    expect(Array.from(linear.bias)).toEqual(Array.from(model.bias));
    expect(predict(linear, FIXTURE[0]!.x)).toEqual(predict(model, FIXTURE[0]!.x));
  });

  // A model trained with other dense features would predict on shifted columns: refused,
  // with the way out in the message.
  it('refuses a header whose dense names differ', () => {
    const path = join(dir, 'names.json');
    saveModel(model, path);
    expect(() => readModel(path, [...DENSE, 'caps_ratio'], 'sentiment model')).toThrow(
      /sentiment model: .*names\.json was trained with dense features \[length, exclamations\].*run npm run train/,
    );
    expect(() => readModel(path, ['exclamations', 'length'], 'x')).toThrow(/run npm run train/);
  });

  it('refuses another format, a missing file and truncated weights', () => {
    const path = join(dir, 'format.json');
    const header = saveModel(model, path);
    writeFileSync(path, JSON.stringify({ ...header, format: 'grogne-logreg/2' }));
    expect(() => readModel(path, DENSE, 'm')).toThrow(
      /format "grogne-logreg\/2".*run npm run train/,
    );
    expect(() => readModel(join(dir, 'absent.json'), DENSE, 'm')).toThrow(/m: cannot read/);
    const cut = join(dir, 'cut.json');
    saveModel(model, cut);
    writeFileSync(join(dir, 'cut.f32'), Buffer.alloc(12));
    expect(() => readModel(cut, DENSE, 'm')).toThrow(
      /cut\.f32: 12 bytes, expected \d+ \(\d+ rows\)/,
    );
  });

  // Rows only: a trained model fills a fraction of its buckets, and the file holds just those.
  it('stores only the rows with a weight, and refuses a file whose bytes changed', () => {
    const path = join(dir, 'rows.json');
    const header = saveModel(model, path);
    const k = CLASSES.length;
    let filled = 0;
    for (let r = 0; r < model.dim; r++) {
      if (model.weights.subarray(r * k, (r + 1) * k).some((w) => w !== 0)) filled++;
    }
    expect(header.rows).toBe(filled);
    expect(filled).toBeLessThan(model.dim / 10);
    const bytes = readFileSync(join(dir, 'rows.f32'));
    expect(bytes.byteLength).toBe(filled * 4 * (1 + k));
    bytes[bytes.byteLength - 1]! ^= 0x40;
    writeFileSync(join(dir, 'rows.f32'), bytes);
    expect(() => readModel(path, DENSE, 'm')).toThrow(/m: rows\.f32: checksum differs/);
  });

  it('loadModels names the missing file and the way out', () => {
    expect(() => loadModels(dir)).toThrow(/sentiment\.json is missing: run npm run train/);
  });
});

describe('the shipped models (data/model)', () => {
  // Loaded inside each test: a stale model fails its test, not the whole file.
  // A model trained with other dense features is refused at load: the shipped ones match.
  it('load with the dense names of dense.ts', () => {
    const models = loadModels();
    expect(models.sentiment.denseNames).toEqual(SENTIMENT_DENSE_NAMES);
    expect(models.complaint.denseNames).toEqual(COMPLAINT_DENSE_NAMES);
    expect(models.sentiment.classes).toEqual(CLASSES);
    expect(models.complaint.classes).toContain('complaint');
    expect(models.version).toMatch(/^logreg-[0-9a-f]{12}\+logreg-[0-9a-f]{12}$/);
    expect(models.blend.model).toBeGreaterThan(0);
    expect(models.blend.threshold).toBeGreaterThan(0);
    expect(models.blend.threshold).toBeLessThan(1);
  });

  it('match the checksums in their headers', () => {
    for (const file of [SENTIMENT_FILE, COMPLAINT_FILE]) {
      const header = JSON.parse(readFileSync(join(MODEL_DIR, file), 'utf8'));
      const bytes = readFileSync(join(MODEL_DIR, header.weightsFile));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(header.sha256);
    }
  });

  // The sentiment model reads what readPost() gives it, as at training.
  it('get the obvious cases right', () => {
    const sentiment = readModel(
      join(MODEL_DIR, SENTIMENT_FILE),
      SENTIMENT_DENSE_NAMES,
      'sentiment model',
    ).linear;
    const probabilities = (text: string) => {
      const post = readPost({ text }, { lexicon: lex, features: sentiment.options.features });
      const p = predict(sentiment, withDense(post.block!, post.sentimentDense));
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
      return Object.fromEntries(sentiment.classes.map((c, k) => [c, p[k]!]));
    };
    const pos = probabilities('Ce film est une pure merveille, je le recommande');
    expect(pos.positive).toBeGreaterThan(pos.negative!);
    const neg = probabilities(
      "Service client nul, ma box ne marche plus depuis 3 semaines, c'est honteux",
    );
    expect(neg.negative).toBeGreaterThan(neg.positive!);
    const a = probabilities('Le film est bon');
    const b = probabilities("Le film n'est pas bon");
    expect(b.negative! - b.positive!).toBeGreaterThan(a.negative! - a.positive!);
  });

  // analyse() scores both models in one pass over their interleaved weights: the same
  // probabilities as each model's own predict() on its feature vector.
  it('score together as each scores alone', () => {
    const models = loadModels();
    const scorer = new JointScorer([models.sentiment, models.complaint]);
    const random = prng(5);
    const texts = [
      'Service client nul, ma box ne marche plus depuis 3 semaines',
      'Merci Orange, tout fonctionne parfaitement !',
      'Quelqu’un sait si la fibre arrive à Lyon ?',
    ];
    for (const text of texts) {
      const post = readPost(
        { text },
        { lexicon: lex, features: models.sentiment.options.features },
      );
      const dense = post.complaintDense.map(() => random());
      const both = scorer.blockScores(post.block!);
      const sentiment = scorer.probabilities(0, both, post.sentimentDense);
      const complaint = scorer.probabilities(1, both, dense);
      const alone = [
        predict(models.sentiment, withDense(post.block!, post.sentimentDense)),
        predict(models.complaint, withDense(post.block!, dense)),
      ];
      // The interleaved weights are float32, as stored; predict() reads them as float64.
      for (const [k, p] of sentiment.entries()) expect(p).toBeCloseTo(alone[0]![k]!, 6);
      for (const [k, p] of complaint.entries()) expect(p).toBeCloseTo(alone[1]![k]!, 6);
    }
  });
});

describe('random', () => {
  it('prng is seeded: same seed, same draws, in [0, 1)', () => {
    const a = prng(42);
    const b = prng(42);
    const draws = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(draws);
    for (const x of draws) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(prng(43)()).not.toBe(prng(42)());
  });

  it('shuffleInPlace permutes, the same way for the same seed', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const a = shuffleInPlace([...xs], prng(1));
    expect(a).toEqual(shuffleInPlace([...xs], prng(1)));
    expect([...a].sort((x, y) => x - y)).toEqual(xs);
    expect(a).not.toEqual(xs);
  });

  it('stratifiedFolds deals each label evenly over the folds', () => {
    const labels = [...Array(30).fill('neg'), ...Array(15).fill('pos'), ...Array(5).fill('neu')];
    const folds = stratifiedFolds(labels, 5, 3, ['neg', 'pos', 'neu']);
    expect(folds).toEqual(stratifiedFolds(labels, 5, 3, ['neg', 'pos', 'neu']));
    for (let f = 0; f < 5; f++) {
      expect(labels.filter((l, i) => l === 'neg' && folds[i] === f)).toHaveLength(6);
      expect(labels.filter((l, i) => l === 'pos' && folds[i] === f)).toHaveLength(3);
      expect(labels.filter((l, i) => l === 'neu' && folds[i] === f)).toHaveLength(1);
    }
  });
});
