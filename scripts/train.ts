// `npm run train`: trains grogne's sentiment model from ../shared/datasets and writes
// data/model/sentiment.json (header), sentiment.f32 (weights) and MODEL_CARD.md; then the
// complaint classifier on the Free gold tweets plus a sample of reviews as non-complaints
// (complaint.json, complaint.f32). `npm run train -- --complaint-only` retrains only the
// complaint classifier, keeps data/model/sentiment.* as they are and rewrites only the
// complaint section of MODEL_CARD.md.
//
// Label mapping: negative/positive as given; DEFT's "objective" (no opinion) → neutral;
// DEFT's "mixed" (both polarities) → a soft target of 0.5 negative + 0.5 positive, which
// teaches the model that such tweets carry both and are not neutral.
// Held out, never read here: allocine-sample/test and allocine-series/test.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crossValidate, type Row, readComplaintGold, readRows } from '../src/cli/eval.ts';
import { brandSchema } from '../src/config.ts';
import { analyse } from '../src/nlp/analyse.ts';
import { COMPLAINT_FEATURE_NAMES } from '../src/nlp/complaints/complaint-features.ts';
import {
  COMPLAINT_MODEL_FILE,
  DEFAULT_TRAIN_OPTIONS,
  loadModel,
  readLinear,
  type SentimentModel,
  saveModel,
  type TrainExample,
  trainLinear,
  wrapComplaintModel,
  wrapModel,
} from '../src/nlp/model/model.ts';
import { LEXICON_FEATURE_NAMES } from '../src/nlp/sentiment/sentiment.ts';
import {
  type ComplaintRow,
  complaintFolds,
  reviewNonComplaints,
  trainComplaint,
} from '../src/train/complaint-train.ts';
import { binarySentiment, evaluate, type Report } from '../src/train/metrics.ts';

const ROOT = new URL('../', import.meta.url);
const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const OUT = fileURLToPath(new URL('data/model/', ROOT));
const GOLD = fileURLToPath(new URL('data/annotations/freemobile-gold.jsonl', ROOT));
const CLASSES = ['negative', 'neutral', 'positive'];

const TRAIN_SETS = [
  'allocine-sample/train.jsonl',
  'allocine-series/train.jsonl',
  'allocine-series/dev.jsonl',
  'amazon-books-fr/reviews.jsonl',
  'deft2017/train.jsonl',
];
const HELD_OUT = ['allocine-sample/test.jsonl', 'allocine-series/test.jsonl'];

function target(label: string): Record<string, number> {
  if (label === 'objective') return { neutral: 1 };
  if (label === 'mixed') return { negative: 0.5, positive: 0.5 };
  return { [label]: 1 };
}

/** Hand-labelled Free Mobile tweets (ids + labels), joined with the shared tweet texts. */
function freemobileGold(): Row[] {
  if (!existsSync(GOLD)) return [];
  const texts = new Map<string, string>();
  for (const l of readFileSync(`${DATASETS}freemobile-tweets/tweets.jsonl`, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const t = JSON.parse(l) as { id: string; text: string };
    texts.set(String(t.id), t.text);
  }
  const rows: Row[] = [];
  for (const l of readFileSync(GOLD, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const g = JSON.parse(l) as { id: string | number; label?: string; sentiment?: string };
    const label = (g.label ?? g.sentiment ?? '').toLowerCase();
    const text = texts.get(String(g.id));
    if (text && ['negative', 'neutral', 'positive'].includes(label)) {
      rows.push({ text, label: label as Row['label'] });
    }
  }
  return rows;
}

const f3 = (x: number) => x.toFixed(3);

// Reviews as non-complaints: train splits only (never a test split). REVIEWS_PER_LABEL
// negative and as many positive reviews from each set; with 3 sets that is 6 × 100 = 600
// rows beside the 700 tweets. Chosen on tweet CV and the demo as a dev check: enough for
// the classifier to learn that a bad film or a glowing long text is no complaint, few
// enough that tweets keep most of the weight (class balance reweights both classes).
const REVIEW_SETS = [
  'allocine-sample/train.jsonl',
  'allocine-series/train.jsonl',
  'amazon-books-fr/reviews.jsonl',
];
const REVIEWS_PER_LABEL = 100;

function reviewRows(): { rows: ComplaintRow[]; counts: [string, number][] } {
  const rows: ComplaintRow[] = [];
  const counts: [string, number][] = [];
  for (const [i, set] of REVIEW_SETS.entries()) {
    const sample = reviewNonComplaints(readRows(`${DATASETS}${set}`), REVIEWS_PER_LABEL, 7 + i);
    counts.push([set, sample.length]);
    rows.push(...sample);
  }
  return { rows, counts };
}

interface ComplaintTraining {
  header: ReturnType<typeof saveModel>;
  n: number;
  positives: number;
  reviews: [string, number][];
  cv: Report;
  cvRules: Report;
}

/**
 * The complaint classifier: trained on all gold Free tweets (complaint yes/no), written to
 * data/model/complaint.json; its figure is the 5-fold cross-validated F1 of the composed
 * analysis (classifier + rules + targets), as `grogne eval --task complaint --cv 5` prints.
 */
function trainComplaintModel(): ComplaintTraining | null {
  const tweets = `${DATASETS}freemobile-tweets/tweets.jsonl`;
  if (!existsSync(GOLD) || !existsSync(tweets)) return null;
  const { rows, brand } = readComplaintGold(GOLD, tweets);
  const extra = reviewRows();
  const linear = trainComplaint([...rows, ...extra.rows]);
  const header = saveModel(linear, `${OUT}${COMPLAINT_MODEL_FILE}`, COMPLAINT_FEATURE_NAMES);
  const sentiment = loadModel(`${OUT}sentiment.json`);
  const brands = [brandSchema.parse({ id: brand, name: brand, aliases: [brand] })];
  const folds = complaintFolds(rows, 5);
  const truth = rows.map((r) => (r.complaint ? 'complaint' : 'other'));
  const predicted = new Array<string>(rows.length);
  const rulesOnly: SentimentModel = { ...sentiment, complaint: undefined };
  const flag = (m: SentimentModel, text: string) =>
    analyse({ text }, { brands, model: m, defaultBrand: brand }).complaint ? 'complaint' : 'other';
  for (let f = 0; f < 5; f++) {
    const fold = trainComplaint([...rows.filter((_, i) => folds[i] !== f), ...extra.rows]);
    const m: SentimentModel = { ...sentiment, complaint: wrapComplaintModel(fold, `cv${f}`) };
    rows.forEach((r, i) => {
      if (folds[i] === f) predicted[i] = flag(m, r.text);
    });
  }
  const labels = ['complaint', 'other'];
  const cv = evaluate(truth, predicted, labels);
  const cvRules = evaluate(
    truth,
    rows.map((r) => flag(rulesOnly, r.text)),
    labels,
  );
  const c = cv.perClass[0]!;
  process.stderr.write(
    `complaint ${header.version}: 5-fold CV on ${rows.length} Free tweets: P ${f3(c.precision)} R ${f3(c.recall)} F1 ${f3(c.f1)}\n`,
  );
  return {
    header,
    n: rows.length,
    positives: rows.filter((r) => r.complaint).length,
    reviews: extra.counts,
    cv,
    cvRules,
  };
}

function complaintCard(c: ComplaintTraining): string {
  const row = (name: string, r: Report) => {
    const k = r.perClass[0]!;
    return `| ${name} | ${f3(k.precision)} | ${f3(k.recall)} | ${f3(k.f1)} | ${f3(r.accuracy)} |`;
  };
  return `
# grogne complaint classifier — ${c.header.version}

Same recipe as the sentiment model (softmax regression, hashed word and character n-grams,
same options), two classes (complaint / other), with ${c.header.lexiconCount} dense features
(src/nlp/complaints/complaint-features.ts): the lexicon's cues, grievance and category counts, one flag
per act (churn, legal, avoid, insult, repeat contact, money, duration), question-only,
resolved, rule negativity, first person. Trained on the ${c.n} hand-labelled Free tweets of
data/annotations/freemobile-gold.jsonl (${c.positives} complaints), joined by id with
../shared/datasets/freemobile-tweets, plus reviews as non-complaint rows (train splits only,
never a test split; seeded sample, ${REVIEWS_PER_LABEL} negative + ${REVIEWS_PER_LABEL} positive per set, cut at 1,200 chars):

| review set (non-complaint rows) | rows |
|---|---|
${c.reviews.map(([s, n]) => `| ${s} | ${n} |`).join('\n')}

Why: negative film and book reviews are negativity with no brand complaint, positive ones
are long enthusiastic text; the tweets alone taught the classifier that a long negative or
long text is a complaint (a praise post scored P 0.99 on data/demo). Weight: one review row
counts as one tweet row; the review share (${c.reviews.reduce((a, [, n]) => a + n, 0)} rows beside ${c.n} tweets) is the weight,
and class balancing (inverse frequency) reweights the two classes. The cross-validation
below adds the reviews to every training fold and scores tweets only.

analyse() flags a complaint when P(complaint) ≥ 0.5, or ≥ 0.3 when the rules (with their
evidence) find one, or when a billing claim ("me réclame", "facturé trois fois", "prélevé
deux fois") blames a named brand; and the post names a brand to aim at (the rules' target,
the source's brand, or the one brand it names without praise). On posts longer than a tweet
(over 280 characters with the title), three gates use the rules' evidence (failures, acts,
grievances, claims, title included): no evidence → P ≥ 0.8 needed; a question with no
failure or grievance → no complaint; strongly positive sentiment (composed ≥ 0.3 or lexicon
≥ 0.5) with no failure → no complaint. On tweets these gates cost 2–9 points of F1 (the
rules miss most failures tweets state), hence the length condition.

| 5-fold CV on the Free gold (seeded, stratified folds) | P | R | F1 | accuracy |
|---|---|---|---|---|
${row('grogne (classifier + rules), held-out folds', c.cv)}
${row('grogne rules alone (no classifier)', c.cvRules)}

Dev check (not training data): data/demo, 48 posts, complaint flag vs expected.json; see the
report of issue 4 for the figures and the command. Limits: tweets about one operator (Free),
lower-cased; blog and forum posts are checked on the 48 demo posts only, not measured at scale. About 68% of the gold
tweets are complaints, more than in a general crawl: expect lower precision there.
`;
}

function main(): number {
  if (!existsSync(DATASETS)) {
    process.stderr.write(
      `train: ${DATASETS} not found: the training data lives in ../shared/datasets beside the repository\n`,
    );
    return 2;
  }
  if (process.argv.includes('--complaint-only')) return complaintOnly();
  const counts: [string, number][] = [];
  const examples: TrainExample[] = [];
  for (const set of TRAIN_SETS) {
    const rows = readRows(`${DATASETS}${set}`);
    counts.push([set, rows.length]);
    for (const r of rows) examples.push({ text: r.text, target: target(r.label) });
  }
  const gold = freemobileGold();
  if (gold.length > 0) {
    counts.push(['data/annotations/freemobile-gold.jsonl', gold.length]);
    for (const r of gold) examples.push({ text: r.text, target: target(r.label) });
  }

  const options = DEFAULT_TRAIN_OPTIONS;
  const t0 = performance.now();
  const linear = trainLinear(examples, CLASSES, options);
  const trainSeconds = (performance.now() - t0) / 1000;
  mkdirSync(OUT, { recursive: true });
  const header = saveModel(linear, `${OUT}sentiment.json`);
  process.stderr.write(
    `trained ${header.version} on ${examples.length} rows in ${trainSeconds.toFixed(1)} s\n`,
  );

  const t1 = performance.now();
  // The sentiment model alone: the complaint model beside it is retrained below.
  const model = wrapModel(
    readLinear(`${OUT}sentiment.json`, LEXICON_FEATURE_NAMES).linear,
    header.version,
  );
  const loadMs = performance.now() - t1;

  const heldOut: [string, Report][] = HELD_OUT.map((set) => {
    const rows = readRows(`${DATASETS}${set}`);
    const predicted = rows.map((r) => binarySentiment(model.predict(r.text)));
    return [
      set,
      evaluate(
        rows.map((r) => r.label),
        predicted,
        ['negative', 'positive'],
      ),
    ];
  });
  const deft = readRows(`${DATASETS}deft2017/train.jsonl`);
  const t2 = performance.now();
  const cvPred = crossValidate(deft, 5, options);
  const cvSeconds = (performance.now() - t2) / 1000;
  const cv = evaluate(
    deft.map((r) => r.label),
    cvPred,
    ['negative', 'objective', 'positive', 'mixed'],
  );
  for (const [set, r] of heldOut) {
    process.stderr.write(`${set}: accuracy ${f3(r.accuracy)}, macro-F1 ${f3(r.macroF1)}\n`);
  }
  process.stderr.write(`deft2017 5-fold CV, 4 classes: macro-F1 ${f3(cv.macroF1)}\n`);

  const complaint = trainComplaintModel();
  writeFileSync(
    `${OUT}MODEL_CARD.md`,
    card({ header, counts, trainSeconds, loadMs, heldOut, cv, cvSeconds, n: examples.length }) +
      (complaint ? complaintCard(complaint) : ''),
  );
  return 0;
}

/** Retrains the complaint classifier alone; the sentiment part of the card is kept as is. */
function complaintOnly(): number {
  const cardPath = `${OUT}MODEL_CARD.md`;
  const old = existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : '';
  const at = old.indexOf('\n# grogne complaint classifier');
  const complaint = trainComplaintModel();
  if (!complaint) {
    process.stderr.write(`train: no Free gold or tweets: complaint classifier not trained\n`);
    return 2;
  }
  writeFileSync(cardPath, (at >= 0 ? old.slice(0, at) : old) + complaintCard(complaint));
  return 0;
}

function card(c: {
  header: ReturnType<typeof saveModel>;
  counts: [string, number][];
  trainSeconds: number;
  loadMs: number;
  heldOut: [string, Report][];
  cv: Report;
  cvSeconds: number;
  n: number;
}): string {
  const o = c.header.options;
  return `# grogne sentiment model — ${c.header.version}

Written by \`npm run train\` (scripts/train.ts) on ${new Date().toISOString().slice(0, 10)}.
Training takes ${c.trainSeconds.toFixed(1)} s on this machine (2 cores); loading ${c.loadMs.toFixed(0)} ms.
Same data and options give the same weights, byte for byte (sha256 \`${c.header.sha256.slice(0, 16)}…\`).

## Model

Multinomial logistic regression (softmax) over ${c.header.classes.join(' / ')}, L2 ${o.l2}
(applied lazily to the weights each example touches), AdaGrad (step ${o.learningRate}),
${o.epochs} epochs, seeded shuffle (seed ${o.seed}), examples weighted by inverse class
frequency: ${o.balance}. Features (src/nlp/model/features.ts), on the analysis's own tokens
(src/nlp/tokens/tokens.ts, folded: lower case, no accents, slang expanded): word unigrams + bigrams
with French negation marking (NEG_ after ne/n'/pas/jamais/plus/rien/aucun/sans up to punctuation),
character ${o.features.charMin}–${o.features.charMax}-grams inside words (block weight ${o.features.charWeight}),
FNV-1a hashed into 2^18 buckets, counts scaled by 1/√(occurrences in the block), so that a
post's score is a sum of per-token parts (src/nlp/model/token-scores.ts); dense extras (length,
"!" and "?" counts, CAPS ratio) and the lexicon's ${c.header.lexiconCount} features
(${c.header.lexiconNames.join(', ')}). Weights: Float32, ${c.header.dim} × ${c.header.classes.length}.

## Training data (${c.n} rows, from ../shared/datasets; see each SOURCE.md)

| set | rows |
|---|---|
${c.counts.map(([s, n]) => `| ${s} | ${n} |`).join('\n')}

Labels: negative/positive as given; DEFT 2017 "objective" → neutral; "mixed" → soft target
0.5 negative + 0.5 positive. Only DEFT (and the Free Mobile gold, when present) teach the
neutral class. allocine-sample/test and allocine-series/test are never read in training.
Hyperparameters were chosen on allocine-series/dev and DEFT cross-validation, not on tests.

## Held-out results

| set | view | accuracy | macro-F1 |
|---|---|---|---|
${c.heldOut.map(([s, r]) => `| ${s} | negative vs positive (P(neg) vs P(pos)) | ${f3(r.accuracy)} | ${f3(r.macroF1)} |`).join('\n')}
| deft2017/train, 5-fold CV (${c.cvSeconds.toFixed(0)} s) | 4 classes | ${f3(c.cv.accuracy)} | ${f3(c.cv.macroF1)} |

DEFT per class F1: ${c.cv.perClass.map((p) => `${p.label} ${f3(p.f1)}`).join(', ')} (best DEFT 2017
system, on the official test set: macro-F1 0.594). Peers and views: \`grogne eval\`.

## Limits

- Film, series and book reviews dominate the data: brand and customer-service talk
  (telecom, banks, delivery) is under-represented; vocabulary such as "résilier", "hotline",
  "débit" is learnt from little evidence. Neutral is learnt from political tweets only.
- "mixed" is the weakest class; sarcasm is caught only where the lexicon flags it.
- French only; other languages get meaningless probabilities (analyse checks language first).
- Lexicon features come from src/nlp/sentiment/sentiment.ts: changing their list means retraining
  (loadModel refuses a model whose lexicon names differ).
`;
}

process.exitCode = main();
