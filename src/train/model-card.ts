// data/model/MODEL_CARD.md, written by `npm run train` from what it trained and measured in
// the same run: the data, the recipe, and one table of every variant on every set.

import type { Blend } from '../nlp/complaints/decide.ts';
import { COMPLAINT_DENSE_NAMES, SENTIMENT_DENSE_NAMES } from '../nlp/model/dense.ts';
import { HASH_BITS } from '../nlp/model/features.ts';
import type { ModelHeader } from '../nlp/model/model-file.ts';
import { DOMAIN_WEIGHTS, type Doc, NON_COMPLAINT_SAMPLES } from './corpus.ts';
import type { VariantResult } from './experiments.ts';
import { VARIANTS } from './experiments.ts';
import type { Report } from './metrics.ts';

export interface CardInput {
  sentiment: ModelHeader;
  complaint: ModelHeader;
  blend: Blend;
  corpus: readonly Doc[];
  trainSeconds: number;
  results: readonly VariantResult[];
  deft: Report;
  /** DEFT's macro-F1 with the folds drawn from other seeds (2, 3, …). */
  deftOtherFolds: readonly number[];
  devWriters: readonly string[];
  testPosts: number;
  /** How many fresh locked posts (posts/fresh/) the results were measured on. */
  freshPosts: number;
}

const ngrams = (min: number, max: number) => (min === max ? `${min}-grams` : `${min}–${max}-grams`);

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

export function modelCard(c: CardInput): string {
  const bySet = new Map<string, { sentiment: number; complaint: number }>();
  for (const d of c.corpus) {
    const key = d.set.replace('#non-complaints', ' (non-complaint rows)');
    const e = bySet.get(key) ?? { sentiment: 0, complaint: 0 };
    if (d.sentiment) e.sentiment++;
    if (d.complaint !== undefined) e.complaint++;
    bySet.set(key, e);
  }
  const o = c.sentiment.options;
  const rows = c.results.map((r) =>
    [
      r.variant,
      f3(r.dev?.complaint.f1),
      f3(r.dev?.sentiment.macroF1),
      f3(r.dev?.target.accuracy),
      f3(r.dev?.severity.accuracy),
      f3(r.test?.complaint.f1),
      f3(r.test?.sentiment.macroF1),
      f3(r.test?.target.accuracy),
      f3(r.test?.severity.accuracy),
      f3(r.freeF1),
      f3(r.allocine['allocine-sample/test']),
      f3(r.allocine['allocine-series/test']),
    ].join(' | '),
  );
  const freshRows = c.results
    .filter((r) => r.fresh)
    .map((r) =>
      [
        r.variant,
        f3(r.fresh!.complaint.precision),
        f3(r.fresh!.complaint.recall),
        f3(r.fresh!.complaint.f1),
        f3(r.fresh!.sentiment.macroF1),
        f3(r.fresh!.target.accuracy),
        f3(r.fresh!.severity.accuracy),
      ].join(' | '),
    );
  const grogne = c.results.find((r) => r.variant === 'grogne');
  return `# grogne models — ${c.sentiment.version} + ${c.complaint.version}

Written by \`npm run train\` (scripts/train.ts, src/train/); training takes ${c.trainSeconds.toFixed(0)} s on this
machine (2 cores). The same data and options give the same weights, byte for byte.

## The models

Two linear models (multinomial logistic regression, L2 ${o.l2}, AdaGrad step ${o.learningRate}, ${o.epochs} epochs,
seeded shuffle ${o.seed}, classes weighted by inverse frequency) over the same features, read from
each post by the analysis's own \`readPost()\` (src/nlp/analyse.ts), so that training sees what use sees:

- word unigrams and bigrams of the folded tokens (title and body), with French negation marked
  (NEG_ after ne/n'/pas/jamais/plus/rien/aucun/sans, up to punctuation); character ${ngrams(o.features.charMin, o.features.charMax)} inside
  words (block weight ${o.features.charWeight}); FNV-1a hashed into 2^${HASH_BITS} buckets, each block normalised;
- dense features: the text's shape and the lexicon's cues (sentiment: ${SENTIMENT_DENSE_NAMES.length}: ${SENTIMENT_DENSE_NAMES.join(', ')});
  the complaint model adds what the complaint rules see (${COMPLAINT_DENSE_NAMES.length - SENTIMENT_DENSE_NAMES.length}: ${COMPLAINT_DENSE_NAMES.slice(SENTIMENT_DENSE_NAMES.length).join(', ')}).

**Sentiment** (negative / neutral / positive): the most probable class; the lexicon overrides it
only on explicit sarcasm, a reported failure, or a negation trap ("rien à redire"), and a complaint is
always negative (src/nlp/sentiment/compose.ts, src/nlp/analyse.ts).

**Complaint** (complaint / other): the complaint model reads the rules' findings as features and
the sentiment model's out-of-fold probabilities (stacking); its P then votes with the rules' own
sure signs, P = σ(${c.blend.model}·logit(p) + ${c.blend.yes}·[a sure sign of complaint] + ${c.blend.no}·[a sure sign of
none] + ${c.blend.bias}), a complaint from
**${c.blend.threshold}** (a calibrated probability; an F1-tuned threshold did worse across writers).
The blend is fitted on out-of-fold predictions of the in-domain documents (annotated posts, Free
tweets; src/train/train-models.ts). Beyond it, two signs make a complaint whatever the model says,
as the annotation guide reads them: a verdict on being the brand's customer in a negative post
("SFR c'est l'enfer !") and sarcasm over a failure (src/nlp/complaints/decide.ts).

## Training data (${c.corpus.length} documents)

| set | sentiment rows | complaint rows |
|---|---|---|
${[...bySet.entries()].map(([set, e]) => `| ${set} | ${e.sentiment} | ${e.complaint} |`).join('\n')}

Labels: negative/positive as given; DEFT 2017 "objective" → neutral, "mixed" → 0.5 negative + 0.5
positive. Non-complaint rows: a seeded sample of reviews and political tweets per set
(${Object.entries(NON_COMPLAINT_SAMPLES)
    .map(([s, n]) => `${s.replace('.jsonl', '')} ${n}`)
    .join(', ')}), cut at 1,200 characters: negativity with no customer experience. Domain weights
(chosen on the dev posts): annotated posts ×${DOMAIN_WEIGHTS.posts}, Free tweets ×${DOMAIN_WEIGHTS.free}, reviews ×${DOMAIN_WEIGHTS.reviews}, DEFT ×${DOMAIN_WEIGHTS.deft}.
Never read in training: allocine-sample/test, allocine-series/test, and the locked test posts
(data/annotations/posts/test-*.jsonl, ${c.testPosts} posts).

## Results — every variant on every set, one run

Posts dev: leave-one-writer-out over the ${c.devWriters.length} dev writers (${c.devWriters.join(', ')}).
Posts test: the locked test writers (other writers, same briefs), models trained on everything
else, **never used to tune**. Free: complaint F1, 5-fold CV. Allociné: held-out tests, negative vs
positive accuracy. Peers (natural, nlp.js) are sentiment tools read as "negative ⇒ complaint, aimed at
every brand the annotators listed" (they are given the brands), severity "mid" when negative.

| variant | dev complaint F1 | dev sentiment macro-F1 | dev target acc. | dev severity band | test complaint F1 | test sentiment macro-F1 | test target acc. | test severity band | Free complaint F1 | Allociné films | Allociné series |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r} |`).join('\n')}

Variants: ${VARIANTS.map((v) => `**${v.name}**: ${v.description}`).join('; ')}.
${
  freshRows.length > 0
    ? `
Fresh locked posts (data/annotations/posts/fresh/, ${c.freshPosts} posts): a second locked set, written on
other briefs than the dev and test posts (other situations and registers, listed in its README),
scored as the test posts and **never used to tune**. It says how grogne reads posts unlike those it
was built on; the locked test posts above share the dev posts' briefs.

| variant | complaint P | complaint R | complaint F1 | sentiment macro-F1 | target acc. | severity band |
|---|---|---|---|---|---|---|
${freshRows.map((r) => `| ${r} |`).join('\n')}
`
    : ''
}
DEFT 2017 (political tweets, 4 classes), the sentiment recipe 5-fold cross-validated on its own
labels: accuracy ${f3(c.deft.accuracy)}, macro-F1 **${c.deft.macroF1.toFixed(4)}** (per class: ${c.deft.perClass
    .map((p) => `${p.label} ${f3(p.f1)}`)
    .join(', ')}; the best DEFT 2017 system scored 0.594 on its official test).
The folds alone move it: drawn from seeds ${c.deftOtherFolds.map((_, i) => i + 2).join(' and ')}, macro-F1 ${c.deftOtherFolds.map((x) => x.toFixed(4)).join(' and ')} (mean of the ${c.deftOtherFolds.length + 1} draws ${((c.deft.macroF1 + c.deftOtherFolds.reduce((a, b) => a + b, 0)) / (c.deftOtherFolds.length + 1)).toFixed(4)}).
${
  grogne?.test
    ? `
On the locked test posts, grogne as shipped: complaint P ${f3(grogne.test.complaint.precision)}, R ${f3(grogne.test.complaint.recall)};
severity band on complaints ${f3(grogne.test.severity.complaintsAccuracy)}; resolved F1 ${f3(grogne.test.resolved.f1)};
sarcastic complaints caught ${f3(grogne.test.sarcasmRecall.value)} (n ${grogne.test.sarcasmRecall.n}); brands found P ${f3(grogne.test.brands.precision)}, R ${f3(grogne.test.brands.recall)}.
`
    : ''
}
## Limits

- The annotated posts were written by the team to look like French customer talk (guide:
  data/annotations/posts/GUIDE.md); dev and test have different writers, but all come from one team.
  Figures on real posts, forums and reviews grogne has never seen are expected to be lower.
- Film, book and political texts are most of the sentiment rows; they teach polarity, not customer
  talk. Neutral is learnt from DEFT, the Free tweets and the posts. The posts pull the one
  sentiment model towards customer talk: on film reviews (Allociné) grogne scores below its
  no-posts variant (see the table); weighting the reviews up (×1.5, ×2) raised accuracy on a
  validation slice of Allociné's own training rows but lost on every dev-posts figure, so
  they stay at ×1. Nor did the training recipe move Allociné on 4-fold cross-validation of its
  training rows (averaged weights, bagged seeds, 6 or 15 epochs, other char-gram weights, no
  dense features, posts at ×1 or ×2: films 0.869–0.881, series 0.909–0.915, against 0.871
  and 0.912 with 2^18 buckets). What moved every set at once was fewer hash collisions
  (2^18 → 2^20 buckets). Averaging the weights of the no-posts and the full sentiment models
  (one linear model, no cost in use) raised Allociné but cost the dev posts' sentiment
  macro-F1 0.836 → 0.742 at a quarter of no-posts, so it is not shipped.
  The Allociné test sets hold 997 and 717 reviews: one standard error of an accuracy near 0.90
  is ±0.010 and ±0.011, about ten reviews.
- French only; analyse() reads the language first and scores only French (or undetermined) text.
- The dense feature names are recorded in each model's header: changing them means retraining
  (loadModels refuses a model whose names differ).
`;
}
