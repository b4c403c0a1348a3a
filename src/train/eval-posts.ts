// `grogne eval` on annotated posts (posts.ts): grogne as it ships (analyse() with the model,
// the default watch list, each post's `about` brand as its source's brand, severity from
// src/score) against the sentiment peers read as "negative tone = complaint".
import type { BrandConfig } from '../config.ts';
import type { Analyzer } from '../nlp/analyzer.ts';
import { severity, severityBand } from '../score/severity.ts';
import type { Analysis } from '../types.ts';
import { type Peer, peerLabel } from './peers.ts';
import {
  fromSentimentOnly,
  type PostPrediction,
  type PostScores,
  scorePosts,
} from './post-metrics.ts';
import type { PostRecord } from './posts.ts';

export interface PostSystem {
  name: string;
  predict(post: PostRecord): Promise<PostPrediction>;
}

export interface PostsResult {
  system: string;
  scores: PostScores;
}

/** What grogne's analysis of a post says, in the annotation's terms. */
export function predictionOf(a: Analysis): PostPrediction {
  return {
    sentiment: a.sentiment,
    complaint: a.complaint,
    brands: a.brands.map((b) => ({ id: b.id, target: b.target })),
    band: severityBand(severity(a).value),
    resolved: a.resolved,
  };
}

/** The analysis of an annotated post, as the pipeline runs it for a post of its source. */
export function analysePost(analyzer: Analyzer, post: PostRecord): Analysis {
  return analyzer.analyse({ text: post.text, title: post.title, brand: post.about });
}

export function grogneSystem(analyzer: Analyzer, name = 'grogne'): PostSystem {
  return {
    name,
    predict: async (post) => predictionOf(analysePost(analyzer, post)),
  };
}

export function peerSystem(peer: Peer): PostSystem {
  return {
    name: peer.name,
    async predict(post) {
      const text = post.title ? `${post.title}\n${post.text}` : post.text;
      return fromSentimentOnly(post, peerLabel(await peer.score(text)));
    },
  };
}

export async function evalPosts(
  posts: readonly PostRecord[],
  systems: readonly PostSystem[],
): Promise<PostsResult[]> {
  const out: PostsResult[] = [];
  for (const s of systems) {
    const preds: PostPrediction[] = [];
    for (const p of posts) preds.push(await s.predict(p));
    out.push({ system: s.name, scores: scorePosts(posts, preds) });
  }
  return out;
}

/** The table's columns: a header and what it reads of a system's scores. */
const COLUMNS: readonly [string, (s: PostScores) => number][] = [
  ['complaint P', (s) => s.complaint.precision],
  ['R', (s) => s.complaint.recall],
  ['F1', (s) => s.complaint.f1],
  ['sent. macro-F1', (s) => s.sentiment.macroF1],
  ['acc', (s) => s.sentiment.accuracy],
  ['target acc', (s) => s.target.accuracy],
  ['severity band', (s) => s.severity.accuracy],
  ['(complaints)', (s) => s.severity.complaintsAccuracy],
  ['resolved F1', (s) => s.resolved.f1],
  ['sarcasm R', (s) => s.sarcasmRecall.value],
  ['brands P', (s) => s.brands.precision],
  ['R', (s) => s.brands.recall],
];

/** The table `grogne eval` prints for posts: one line per system, one column per measure. */
export function postsTable(results: readonly PostsResult[]): string[] {
  const width = (h: string) => Math.max(6, h.length + 1);
  const head = 'system'.padEnd(10) + COLUMNS.map(([h]) => h.padStart(width(h))).join('');
  return [
    head,
    ...results.map(
      ({ system, scores }) =>
        system.padEnd(10) +
        COLUMNS.map(([h, get]) => get(scores).toFixed(3).padStart(width(h))).join(''),
    ),
  ];
}

/** The brands `analysePost` watches: the default list (the annotations use its ids). */
export type WatchList = readonly BrandConfig[];
