// What a brand team needs right, measured on annotated posts (posts.ts): the complaint flag,
// the sentiment, which named brand is blamed, the severity band, "problem solved". Pure.
import type { Sentiment } from '../types.ts';
import { evaluate, type Report } from './metrics.ts';
import { type PostRecord, SEVERITY_BANDS, type SeverityBand } from './posts.ts';

/** One system's answer for one post. */
export interface PostPrediction {
  sentiment: Sentiment;
  complaint: boolean;
  /** The brands it found, each with whether it is blamed. */
  brands: readonly { id: string; target: boolean }[];
  band: SeverityBand;
  resolved: boolean;
}

export interface BinaryScores {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  /** Gold positives. */
  support: number;
}

export interface PostScores {
  n: number;
  complaint: BinaryScores;
  sentiment: Report;
  /**
   * Over the brands the annotators listed: the system's target flag for that brand (false
   * when the system did not find the brand) equals theirs.
   */
  target: { accuracy: number; n: number };
  /** Brands found against brands listed: precision and recall of the mentions themselves. */
  brands: { precision: number; recall: number };
  /** Severity band, on every post and on the gold complaints alone. */
  severity: { accuracy: number; complaintsAccuracy: number; matrix: Report };
  resolved: BinaryScores;
  /** Share of the sarcastic complaints flagged as complaints. */
  sarcasmRecall: { value: number; n: number };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function binaryScores(
  gold: readonly boolean[],
  predicted: readonly boolean[],
): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] && predicted[i]) tp++;
    else if (predicted[i]) fp++;
    else if (gold[i]) fn++;
    if (gold[i] === predicted[i]) correct++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    accuracy: ratio(correct, gold.length),
    support: tp + fn,
  };
}

export function scorePosts(
  posts: readonly PostRecord[],
  preds: readonly PostPrediction[],
): PostScores {
  if (posts.length !== preds.length) {
    throw new Error(`scorePosts: ${posts.length} posts but ${preds.length} predictions`);
  }
  let targetsRight = 0;
  let targetsN = 0;
  let found = 0;
  let foundRight = 0;
  let listed = 0;
  let sarcastic = 0;
  let sarcasticCaught = 0;
  let complaintBandsRight = 0;
  for (let i = 0; i < posts.length; i++) {
    const gold = posts[i]!;
    const p = preds[i]!;
    const goldIds = new Set(gold.brands.map((b) => b.id));
    for (const b of gold.brands) {
      const mine = p.brands.find((x) => x.id === b.id);
      targetsN++;
      if ((mine?.target ?? false) === b.target) targetsRight++;
      listed++;
    }
    for (const b of p.brands) {
      found++;
      if (goldIds.has(b.id)) foundRight++;
    }
    if (gold.sarcasm && gold.complaint) {
      sarcastic++;
      if (p.complaint) sarcasticCaught++;
    }
    if (gold.complaint && gold.severity === p.band) complaintBandsRight++;
  }
  const bands = evaluate(
    posts.map((p) => p.severity),
    preds.map((p) => p.band),
    SEVERITY_BANDS,
  );
  const goldComplaints = posts.filter((p) => p.complaint).length;
  return {
    n: posts.length,
    complaint: binaryScores(
      posts.map((p) => p.complaint),
      preds.map((p) => p.complaint),
    ),
    sentiment: evaluate(
      posts.map((p) => p.sentiment),
      preds.map((p) => p.sentiment),
      ['negative', 'neutral', 'positive'],
    ),
    target: { accuracy: ratio(targetsRight, targetsN), n: targetsN },
    brands: { precision: ratio(foundRight, found), recall: ratio(foundRight, listed) },
    severity: {
      accuracy: bands.accuracy,
      complaintsAccuracy: ratio(complaintBandsRight, goldComplaints),
      matrix: bands,
    },
    resolved: binaryScores(
      posts.map((p) => p.resolved),
      preds.map((p) => p.resolved),
    ),
    sarcasmRecall: { value: ratio(sarcasticCaught, sarcastic), n: sarcastic },
  };
}

/**
 * What a sentiment-only tool answers: a negative text is a complaint, aimed at every brand
 * the annotators listed (given them for free), severity `mid` when negative, else `low`.
 * The baseline the issue measured grogne against ("negative tone = complaint").
 */
export function fromSentimentOnly(post: PostRecord, sentiment: Sentiment): PostPrediction {
  const negative = sentiment === 'negative';
  return {
    sentiment,
    complaint: negative,
    brands: post.brands.map((b) => ({ id: b.id, target: negative })),
    band: negative ? 'mid' : 'low',
    resolved: false,
  };
}
