// The model card's table: every variant of grogne measured on every labelled set, in one run,
// so that each change's effect is read on every set at once. A variant is grogne with one
// part removed; each is trained with the same recipe on its own data and evaluated the same
// way:
//   - posts dev: leave-one-writer-out (each dev writer's posts scored by models trained
//     without them), the figure that tuning reads;
//   - posts test: the locked test writers, scored by models trained on everything else; never
//     read to tune;
//   - fresh posts: the second locked set, written on other briefs (posts/fresh/), scored the
//     same way as the test posts; never read to tune;
//   - Free gold: complaint F1, 5-fold cross-validation of the complaint model;
//   - Allociné (films, series): held-out test sets, negative vs positive;
//   - DEFT 2017: 5-fold cross-validation of the sentiment recipe on its own 4 classes (does
//     not depend on the variant: reported once).
import { basename } from 'node:path';
import type { BrandConfig } from '../config.ts';
import { Analyzer } from '../nlp/analyzer.ts';
import { blendProbability } from '../nlp/complaints/decide.ts';
import type { Lexicon } from '../nlp/lexicon/lexicon.ts';
import { RULE_FEATURE_NAMES } from '../nlp/model/dense.ts';
import type { SparseVector } from '../nlp/model/features.ts';
import { HASH_SIZE } from '../nlp/model/features.ts';
import { predict } from '../nlp/model/linear.ts';
import type { Models } from '../nlp/model/models.ts';
import type { Doc } from './corpus.ts';
import { predictionOf } from './eval-posts.ts';
import { binaryScores, type PostScores, scorePosts } from './post-metrics.ts';
import type { PostRecord } from './posts.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type Featurized,
  fitBlend,
  outOfFold,
  pComplaint,
  trainComplaint,
  trainModels,
} from './train-models.ts';

export interface Variant {
  name: string;
  description: string;
  /** The rules decide alone: no model is trained. */
  rulesOnly?: boolean;
  /** Documents this variant trains on. */
  keep?: (d: Doc) => boolean;
  /** The complaint model without the rules' dense features. */
  withoutRuleFeatures?: boolean;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'rules', description: 'the rules and lexicon alone, no trained model', rulesOnly: true },
  {
    name: 'no-posts',
    description:
      'models trained without the annotated posts (../shared sets and the Free gold only)',
    keep: (d) => !d.set.startsWith('posts/'),
  },
  {
    name: 'no-rule-feats',
    description: "complaint model without the rules' dense features (n-grams and lexicon only)",
    withoutRuleFeatures: true,
  },
  { name: 'grogne', description: 'as shipped: both models, every training document' },
];

export interface PostSets {
  dev: { name: string; posts: PostRecord[] }[];
  test: PostRecord[];
  /** The fresh locked posts (posts/fresh/test-*.jsonl), on other briefs than dev and test. */
  fresh: PostRecord[];
}

export interface VariantResult {
  variant: string;
  dev: PostScores | null;
  test: PostScores | null;
  fresh: PostScores | null;
  freeF1: number | null;
  allocine: Record<string, number>;
}

/** Rule features zeroed: what the complaint model reads without them. */
function dropRuleFeatures(x: SparseVector, firstRule: number): SparseVector {
  const keep: number[] = [];
  for (let k = 0; k < x.indices.length; k++)
    if (x.indices[k]! < HASH_SIZE + firstRule) keep.push(k);
  return {
    indices: Uint32Array.from(keep, (k) => x.indices[k]!),
    values: Float32Array.from(keep, (k) => x.values[k]!),
  };
}

function variantData(v: Variant, data: readonly Featurized[], firstRule: number): Featurized[] {
  let out = v.keep ? data.filter((f) => v.keep!(f.doc)) : [...data];
  if (v.withoutRuleFeatures)
    out = out.map((f) => ({ ...f, complaintX: dropRuleFeatures(f.complaintX, firstRule) }));
  return out;
}

export interface ExperimentContext {
  brands: readonly BrandConfig[];
  lexicon: Lexicon;
  data: readonly Featurized[];
  posts: PostSets;
  /** Held-out sentiment sets: name → featurized rows with their binary label. */
  heldOut: Record<string, Featurized[]>;
  /** Index of the first rule feature in the complaint model's dense block. */
  firstRule: number;
  log?: (line: string) => void;
}

/**
 * A variant's analyser over its models. A complaint model trained with the rule features
 * zeroed has zero weights on them, so analyse() may compute them: they add nothing.
 */
function analyzerFor(ctx: ExperimentContext, models: Models | undefined): Analyzer {
  return new Analyzer({ brands: ctx.brands, lexicon: ctx.lexicon, models });
}

function scoreWith(a: Analyzer, posts: readonly PostRecord[]): PostScores {
  return scorePosts(
    posts,
    posts.map((p) => predictionOf(a.analyse({ text: p.text, title: p.title, brand: p.about }))),
  );
}

const train = (data: readonly Featurized[]): Models => trainModels(data, DEFAULT_TRAIN_OPTIONS);

export function runVariant(v: Variant, ctx: ExperimentContext): VariantResult {
  const log = ctx.log ?? (() => {});
  const result: VariantResult = {
    variant: v.name,
    dev: null,
    test: null,
    fresh: null,
    freeF1: null,
    allocine: {},
  };
  if (v.rulesOnly) {
    const a = analyzerFor(ctx, undefined);
    result.dev = scoreWith(
      a,
      ctx.posts.dev.flatMap((d) => d.posts),
    );
    result.test = scoreWith(a, ctx.posts.test);
    result.fresh = ctx.posts.fresh.length > 0 ? scoreWith(a, ctx.posts.fresh) : null;
    const free = ctx.data.filter((f) => f.doc.set === 'freemobile-gold');
    result.freeF1 = binaryScores(
      free.map((f) => f.doc.complaint === true),
      free.map((f) => a.analyse(f.doc.input).complaint),
    ).f1;
    return result;
  }
  const data = variantData(v, ctx.data, ctx.firstRule);
  // Dev: leave one writer out.
  const devPosts: PostRecord[] = [];
  const devPreds = [];
  for (const batch of ctx.posts.dev) {
    const models = train(data.filter((f) => f.doc.set !== `posts/${batch.name}`));
    const a = analyzerFor(ctx, models);
    for (const p of batch.posts) {
      devPosts.push(p);
      devPreds.push(predictionOf(a.analyse({ text: p.text, title: p.title, brand: p.about })));
    }
    log(`  ${v.name}: dev ${batch.name}`);
  }
  result.dev = scorePosts(devPosts, devPreds);
  // Free gold: 5-fold cross-validation of the complaint model and its threshold.
  const gold: { p: boolean; gold: boolean }[] = [];
  for (let k = 0; k < 5; k++) {
    const held = (f: Featurized) =>
      f.doc.set === 'freemobile-gold' && Number(f.doc.group.slice(5)) % 5 === k;
    const rest = data.filter((f) => !held(f));
    const model = trainComplaint(rest);
    const blend = fitBlend(outOfFold(rest));
    for (const f of data) {
      if (!held(f)) continue;
      const q = blendProbability(pComplaint(model, f.complaintX), f.rules, blend);
      gold.push({ p: q >= blend.threshold, gold: f.doc.complaint === true });
    }
  }
  result.freeF1 =
    gold.length > 0
      ? binaryScores(
          gold.map((g) => g.gold),
          gold.map((g) => g.p),
        ).f1
      : null;
  log(`  ${v.name}: Free gold`);
  // Test and Allociné: the variant trained on all its data.
  const models = train(data);
  const analyzer = analyzerFor(ctx, models);
  result.test = ctx.posts.test.length > 0 ? scoreWith(analyzer, ctx.posts.test) : null;
  result.fresh = ctx.posts.fresh.length > 0 ? scoreWith(analyzer, ctx.posts.fresh) : null;
  for (const [name, rows] of Object.entries(ctx.heldOut)) {
    let right = 0;
    for (const f of rows) {
      const [neg, , pos] = predict(models.sentiment, f.sentimentX);
      const said = neg! > pos! ? 'negative' : 'positive';
      if (f.doc.sentiment?.[said] === 1) right++;
    }
    result.allocine[name] = rows.length > 0 ? right / rows.length : 0;
  }
  log(`  ${v.name}: test, fresh and held-out sets`);
  return result;
}

export const firstRuleFeature = (complaintDenseNames: readonly string[]) =>
  complaintDenseNames.indexOf(RULE_FEATURE_NAMES[0]!);

export const postSetName = (file: string) => basename(file, '.jsonl');
