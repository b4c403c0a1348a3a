// Which watched brands a post names, and which of them it blames. A brand is a target when
// the negativity of the post lands on it: in the clause that names it, in its sentence
// (unless its own clause praises it: "chez Orange au moins ça marche, SFR coupe"), or, for
// the negative sentences that name no brand, on the post's main brand (most mentioned).
import type { BrandMention, Evidence, Sentiment } from '../../types.ts';
import type { Clause, SentimentResult } from '../sentiment/sentiment.ts';
import type { Mention } from './mentions.ts';

export { findMentions, type Mention } from './mentions.ts';

export interface BrandSignals {
  /** Mentions in the body (offsets into the text) and in the title (offsets into the title). */
  mentions: Mention[];
  titleMentions: Mention[];
  /** Sentiment score of the title alone (−1..1), 0 when none. */
  titleScore: number;
}

interface Tally {
  count: number;
  neg: number;
  pos: number;
  direct: number;
}

// A post names one to five brands and a few tens of mentions: plain arrays scanned in loops,
// not Maps of Sets per clause and sentence, which cost more to build than to read.

/** Decides, for each mentioned brand, whether the negativity is aimed at it. */
export function attributeBrands(sentiment: SentimentResult, signals: BrandSignals): BrandMention[] {
  const { mentions, titleMentions, titleScore } = signals;
  // The brands named, the title's first, each once.
  const ids: string[] = [];
  for (const m of titleMentions) if (!ids.includes(m.brand)) ids.push(m.brand);
  for (const m of mentions) if (!ids.includes(m.brand)) ids.push(m.brand);
  if (ids.length === 0) return [];
  const tally: Tally[] = ids.map(() => ({ count: 0, neg: 0, pos: 0, direct: 0 }));
  const { clauses } = sentiment;
  // Each body mention's brand (index in ids) and clause (−1: none).
  const brandOf: number[] = [];
  const clauseOfMention: number[] = [];
  for (const m of mentions) {
    const b = ids.indexOf(m.brand);
    tally[b]!.count++;
    const cl = clauseAt(sentiment, m.start);
    brandOf.push(b);
    clauseOfMention.push(cl >= 0 && clauses[cl] ? cl : -1);
  }
  const topic = mainBrand(
    tally,
    titleMentions.length > 0 ? ids.indexOf(titleMentions[0]!.brand) : -1,
  );
  let orphanNeg = 0;
  const who: number[] = [];
  for (let cl = 0; cl < clauses.length; cl++) {
    const clause = clauses[cl]!;
    if (clause.sum === 0) continue;
    // The brands its clause names; else those of its sentence, but not one the sentence
    // praises (named in a positive clause of it: "chez Orange au moins ça marche, SFR coupe")
    // for a negative clause.
    who.length = 0;
    for (let k = 0; k < brandOf.length; k++) {
      if (clauseOfMention[k] === cl && !who.includes(brandOf[k]!)) who.push(brandOf[k]!);
    }
    const direct = who.length > 0;
    if (!direct) {
      for (let k = 0; k < brandOf.length; k++) {
        const b = brandOf[k]!;
        const c = clauseOfMention[k]!;
        if (c < 0 || clauses[c]!.sentence !== clause.sentence || who.includes(b)) continue;
        if (clause.sum > 0 || !praisedIn(clauses, clause.sentence, b, brandOf, clauseOfMention))
          who.push(b);
      }
    }
    if (who.length === 0) {
      if (clause.sum < 0) orphanNeg -= clause.sum;
      continue;
    }
    for (const b of who) {
      const t = tally[b]!;
      if (clause.sum < 0) {
        t.neg -= clause.sum;
        if (direct) t.direct++;
      } else t.pos += clause.sum;
    }
  }
  // Negative sentences that name no brand are about the post's main brand.
  if (topic >= 0 && orphanNeg > 0) {
    const t = tally[topic]!;
    if (t.neg >= t.pos) t.neg += orphanNeg;
  }
  for (const m of titleMentions) {
    const t = tally[ids.indexOf(m.brand)]!;
    if (titleScore < 0) t.neg += -titleScore * 4;
    else t.pos += titleScore * 4;
  }
  let maxNeg = Number.NEGATIVE_INFINITY;
  let totalNeg = 0;
  for (const t of tally) {
    maxNeg = Math.max(maxNeg, t.neg);
    totalNeg += t.neg;
  }
  const out: BrandMention[] = [];
  for (const [b, id] of ids.entries()) {
    const t = tally[b]!;
    // The title's mentions of the brand first in its spans, then the body's.
    const spans: Evidence[] = [];
    for (const m of titleMentions) if (m.brand === id) spans.push(span(m, TITLE_REASON[m.kind]));
    const title = spans.length > 0;
    const inTitle = spans.length;
    let handle = false;
    for (const m of mentions) {
      if (m.brand !== id) continue;
      spans.push(span(m, m.kind));
      if (m.kind !== 'alias') handle = true;
    }
    const share = totalNeg > 0 ? t.neg / totalNeg : 0;
    const target = t.neg >= 1.2 && t.neg >= 0.4 * maxNeg && t.neg > t.pos;
    let p =
      0.1 +
      0.35 * Math.min(1, t.direct / 3) +
      0.3 * share +
      0.2 * Math.min(1, t.neg / 8) +
      0.15 * Number(title) +
      0.1 * Number(handle) +
      0.1 * Number(b === topic);
    if (t.pos > t.neg) p -= 0.3;
    p = Math.max(0, Math.min(1, p));
    if (target) p = Math.max(p, 0.55);
    else p = Math.min(p, 0.45);
    const reasons = [`${t.count} mention${t.count === 1 ? '' : 's'}`];
    if (title) reasons.push('named in the title');
    if (handle) reasons.push('addressed by handle or hashtag');
    if (t.direct > 0)
      reasons.push(`named in ${t.direct} negative clause${t.direct === 1 ? '' : 's'}`);
    if (b === topic && ids.length > 1) reasons.push('most mentioned brand');
    if (t.pos > t.neg) reasons.push('named in positive clauses: praised, not blamed');
    if (!target && t.neg === 0 && t.pos === 0) reasons.push('only mentioned');
    const sentiment: Sentiment =
      t.neg > t.pos + 0.5 ? 'negative' : t.pos > t.neg + 0.5 ? 'positive' : 'neutral';
    out.push({
      id,
      target,
      confidence: Math.round((target ? p : 1 - p) * 100) / 100,
      sentiment,
      count: t.count + inTitle,
      reasons,
      spans,
    });
  }
  return out;
}

/** Whether brand `b` is named in a positive clause, not a failure, of sentence `sentence`. */
function praisedIn(
  clauses: readonly Clause[],
  sentence: number,
  b: number,
  brandOf: readonly number[],
  clauseOfMention: readonly number[],
): boolean {
  for (let k = 0; k < brandOf.length; k++) {
    const c = clauseOfMention[k]!;
    if (brandOf[k] !== b || c < 0) continue;
    const clause = clauses[c]!;
    if (clause.sentence === sentence && clause.sum > 0 && !clause.failure) return true;
  }
  return false;
}

/**
 * The clause of the first token ending after `offset` (−1 or past the end: none). Token ends
 * never decrease (slang expansions share their source's), so a binary search finds it.
 */
function clauseAt(sentiment: SentimentResult, offset: number): number {
  const { tokens, clauseOf, clauses } = sentiment;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  // A token between sentences may have no clause: undefined reads as none.
  return lo < tokens.length ? (clauseOf[lo] ?? -1) : clauses.length - 1;
}

const TITLE_REASON = { alias: 'title: alias', handle: 'title: handle', hashtag: 'title: hashtag' };

function span(m: Mention, reason: string): Evidence {
  return { start: m.start, end: m.end, text: m.text, reason };
}

/**
 * The brand the post is about (index in ids): named in the title, else most mentioned, else
 * none (−1); a tie between two brands names none: do not guess whom orphan blame is for.
 */
function mainBrand(tally: readonly Tally[], titled: number): number {
  if (titled >= 0) return titled;
  let best = -1;
  let bestCount = 0;
  for (const [b, t] of tally.entries()) {
    if (t.count > bestCount) {
      best = b;
      bestCount = t.count;
    }
  }
  let tied = 0;
  for (const t of tally) if (t.count === bestCount) tied++;
  return tied > 1 ? -1 : best;
}
