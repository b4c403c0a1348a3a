// Which watched brands a post names, and which of them it blames. A brand is a target when
// the negativity of the post lands on it: in the clause that names it, in its sentence
// (unless its own clause praises it: "chez Orange au moins ça marche, SFR coupe"), or, for
// the negative sentences that name no brand, on the post's main brand (most mentioned).
import type { BrandMention, Evidence, Sentiment } from '../types.ts';
import type { Mention } from './mentions.ts';
import type { SentimentResult } from './sentiment.ts';

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
  reasons: string[];
}

/** Decides, for each mentioned brand, whether the negativity is aimed at it. */
export function attributeBrands(sentiment: SentimentResult, signals: BrandSignals): BrandMention[] {
  const { mentions, titleMentions, titleScore } = signals;
  const ids = [...new Set([...titleMentions, ...mentions].map((m) => m.brand))];
  if (ids.length === 0) return [];
  const tally = new Map<string, Tally>(
    ids.map((id) => [id, { count: 0, neg: 0, pos: 0, direct: 0, reasons: [] }]),
  );
  const { clauses, tokens, clauseOf } = sentiment;
  // The first token ending after `offset`: token ends never decrease (slang expansions
  // share their source's), so a binary search finds what a scan from the start did.
  const clauseAt = (offset: number) => {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tokens[mid]!.end > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo < tokens.length ? clauseOf[lo]! : clauses.length - 1;
  };
  // Brands named in each clause and each sentence.
  const inClause = new Map<number, Set<string>>();
  const inSentence = new Map<number, Set<string>>();
  for (const m of mentions) {
    tally.get(m.brand)!.count++;
    const cl = clauseAt(m.start);
    if (cl < 0 || !clauses[cl]) continue;
    addTo(inClause, cl, m.brand);
    addTo(inSentence, clauses[cl]!.sentence, m.brand);
  }
  // A brand whose own clause is positive is praised for contrast: not blamed in that sentence.
  const praisedIn = new Map<number, Set<string>>();
  for (const [cl, set] of inClause) {
    const clause = clauses[cl]!;
    if (clause.sum > 0 && !clause.failure)
      for (const id of set) addTo(praisedIn, clause.sentence, id);
  }
  const topic = mainBrand(ids, tally, titleMentions);
  let orphanNeg = 0;
  for (let cl = 0; cl < clauses.length; cl++) {
    const clause = clauses[cl]!;
    if (clause.sum === 0) continue;
    let who = inClause.get(cl);
    let direct = true;
    if (!who) {
      direct = false;
      // The sentence's brands, but not those it praises, blamed by a negative clause. A loop:
      // most clauses name no brand, and a spread and a filter per clause cost more than that.
      const named = inSentence.get(clause.sentence);
      const praised = praisedIn.get(clause.sentence);
      if (named) {
        for (const id of named) {
          if (clause.sum > 0 || !praised?.has(id)) {
            who ??= new Set();
            who.add(id);
          }
        }
      }
    }
    if (!who) {
      if (clause.sum < 0) orphanNeg -= clause.sum;
      continue;
    }
    for (const id of who) {
      const t = tally.get(id)!;
      if (clause.sum < 0) {
        t.neg -= clause.sum;
        if (direct) t.direct++;
      } else t.pos += clause.sum;
    }
  }
  // Negative sentences that name no brand are about the post's main brand.
  if (topic && orphanNeg > 0) {
    const t = tally.get(topic)!;
    if (t.neg >= t.pos) t.neg += orphanNeg;
  }
  for (const m of titleMentions) {
    const t = tally.get(m.brand)!;
    if (titleScore < 0) t.neg += -titleScore * 4;
    else t.pos += titleScore * 4;
  }
  const maxNeg = Math.max(...[...tally.values()].map((t) => t.neg));
  const totalNeg = [...tally.values()].reduce((a, t) => a + t.neg, 0);
  return ids.map((id) => {
    const t = tally.get(id)!;
    const title = titleMentions.some((m) => m.brand === id);
    const handle = mentions.some((m) => m.brand === id && m.kind !== 'alias');
    const share = totalNeg > 0 ? t.neg / totalNeg : 0;
    const target = t.neg >= 1.2 && t.neg >= 0.4 * maxNeg && t.neg > t.pos;
    let p =
      0.1 +
      0.35 * Math.min(1, t.direct / 3) +
      0.3 * share +
      0.2 * Math.min(1, t.neg / 8) +
      0.15 * Number(title) +
      0.1 * Number(handle) +
      0.1 * Number(id === topic);
    if (t.pos > t.neg) p -= 0.3;
    p = Math.max(0, Math.min(1, p));
    if (target) p = Math.max(p, 0.55);
    else p = Math.min(p, 0.45);
    const reasons = [`${t.count} mention${t.count === 1 ? '' : 's'}`];
    if (title) reasons.push('named in the title');
    if (handle) reasons.push('addressed by handle or hashtag');
    if (t.direct > 0)
      reasons.push(`named in ${t.direct} negative clause${t.direct === 1 ? '' : 's'}`);
    if (id === topic && ids.length > 1) reasons.push('most mentioned brand');
    if (t.pos > t.neg) reasons.push('named in positive clauses: praised, not blamed');
    if (!target && t.neg === 0 && t.pos === 0) reasons.push('only mentioned');
    const sentiment: Sentiment =
      t.neg > t.pos + 0.5 ? 'negative' : t.pos > t.neg + 0.5 ? 'positive' : 'neutral';
    const spans: Evidence[] = [
      ...titleMentions.filter((m) => m.brand === id).map((m) => span(m, `title: ${m.kind}`)),
      ...mentions.filter((m) => m.brand === id).map((m) => span(m, m.kind)),
    ];
    return {
      id,
      target,
      confidence: Math.round((target ? p : 1 - p) * 100) / 100,
      sentiment,
      count: t.count + titleMentions.filter((m) => m.brand === id).length,
      reasons,
      spans,
    };
  });
}

function span(m: Mention, reason: string): Evidence {
  return { start: m.start, end: m.end, text: m.text, reason };
}

function addTo(map: Map<number, Set<string>>, key: number, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

/** The brand the post is about: named in the title, else most mentioned, else first named. */
function mainBrand(
  ids: string[],
  tally: Map<string, Tally>,
  titleMentions: Mention[],
): string | null {
  if (titleMentions.length > 0) return titleMentions[0]!.brand;
  let best: string | null = null;
  let bestCount = 0;
  for (const id of ids) {
    const n = tally.get(id)!.count;
    if (n > bestCount) {
      best = id;
      bestCount = n;
    }
  }
  // A tie between two brands names no main brand: do not guess whom orphan blame is for.
  const tied = ids.filter((id) => tally.get(id)!.count === bestCount).length > 1;
  return tied ? null : best;
}
