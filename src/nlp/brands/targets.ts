// Which watched brands a post names, and which of them it blames. Negativity lands on a brand
// by clause: the clause that names it, else its sentence (unless its own clause praises it:
// "chez Orange au moins ça marche, SFR coupe"); a clause of brand names alone (a list, "BNP,
// SocGen, Crédit Agricole… tous des escrocs"; a label, "Darty : toujours rien") speaks through
// the rest of its sentence. Negative clauses that name no brand are about the post's main
// brand (of those the title names, the most named; else the most named) — but never the brand
// the post sets apart as the good one ("Seule la Fnac est arrivée à l'heure. Les deux autres,
// 5 jours de retard": the others are blamed) nor about a bystander ("ma copine qui est chez
// Orange", "acheté à la Fnac"), who is blamed only by a clause aimed at it.
import type { BrandMention, Evidence, Sentiment } from '../../types.ts';
import type { SentimentResult } from '../sentiment/sentiment.ts';
import type { Mention } from './mentions.ts';

export interface BrandSignals {
  /** Mentions in the body (offsets into the text) and in the title (offsets into the title). */
  mentions: readonly Mention[];
  titleMentions: readonly Mention[];
  /** Sentiment score of the title alone (−1..1), 0 when none. */
  titleScore: number;
}

type Role = 'named' | 'exempt' | 'bystander';

// Folded text just before a mention that sets the brand apart as the good one, or names it
// as where the writer is going ("je pars chez Sosh", "passé chez Bourso").
const EXEMPT_BEFORE =
  /(?:(?<![a-z])seule?s?|sauf|a part|excepte|heureusement(?: que)?|contrairement a|hormis|mis a part|seul(?:e)? (?:chez|avec)|(?:je |on |j'ai |on a |suis |sommes )?(?:pars|partir|parti|partie|passe|passer|passee|passes|vais|aller|casse|file|migre|migrer|bascule|basculer|change pour|opte pour|choisi|rejoins|rejoindre)(?: direct| enfin| donc)? (?:chez|pour|vers|a))\s+(?:(?:la|le|les|l'|chez|avec|a|au)\s*)?$/;
// … or just after it: "Orange au moins", "Boulanger, eux, ont été au top".
const EXEMPT_AFTER =
  /^\s*(?:,\s*)?(?:au moins|lui au moins|eux au moins|elle au moins|eux,? ils)(?![a-z])/;
// A person of the author's circle who is with the brand, or the place something was bought:
// the brand is there, not at fault.
const BYSTANDER_BEFORE =
  /(?:(?:mon|ma|mes|son|sa|ses|notre|nos|un|une|des)\s+(?:copine|copain|pote|potes|amie?s?|voisine?s?|collegues?|frere|freres|soeurs?|mere|pere|parents|cousine?s?|femme|mari|fils|fille|enfants|beau-frere|belle-soeur|famille|beaux-parents|grand-mere|grand-pere|coloc|collegue)\s+(?:qui\s+)?(?:est|sont|etait|a|ont|bosse|travaille)?\s*(?:aussi\s+|egalement\s+|pourtant\s+)?(?:chez|a|au|avec)\s+(?:la\s+|le\s+|l')?|(?:achete|achetee|achetes|pris|prise|commande|commandee)\s+(?:[a-z']+\s+){0,3}(?:a la|au|a|chez|sur)\s+(?:la\s+|le\s+|l')?|je (?:bosse|travaille) (?:chez|a la|a|au)\s+(?:la\s+|le\s+|l')?)$/;
const BYSTANDER_WEIGHT = 0.3;
/** Reasons a brand mention gives, read again by aimComplaint (complaints/decide.ts). */
export const TITLE_REASON = 'named in the title';
export const HANDLE_REASON = 'addressed by handle or hashtag';
/**
 * Negativity (on the lexicon's −4..4 scale) a brand needs to be blamed: one mild negative
 * word ("retard", −1.8) shared by two brands still blames both. analyse() clears every
 * target of a post that is not negative, so a stray word cannot blame on its own.
 */
const TARGET_MIN = 0.8;
const BYSTANDER_MIN = 2;

interface Tally {
  count: number;
  neg: number;
  pos: number;
  direct: number;
  exempt: boolean;
  bystander: boolean;
}

function roleOf(flat: string, m: Mention): Role {
  const before = flat.slice(Math.max(0, m.start - 60), m.start);
  if (EXEMPT_BEFORE.test(before) || EXEMPT_AFTER.test(flat.slice(m.end, m.end + 24)))
    return 'exempt';
  if (BYSTANDER_BEFORE.test(before)) return 'bystander';
  return 'named';
}

/** Decides, for each mentioned brand, whether the negativity is aimed at it. */
export function attributeBrands(sentiment: SentimentResult, signals: BrandSignals): BrandMention[] {
  const { mentions, titleMentions, titleScore } = signals;
  const ids: string[] = [];
  for (const m of [...titleMentions, ...mentions]) if (!ids.includes(m.brand)) ids.push(m.brand);
  if (ids.length === 0) return [];
  const tally: Tally[] = ids.map(() => ({
    count: 0,
    neg: 0,
    pos: 0,
    direct: 0,
    exempt: false,
    bystander: false,
  }));
  const { clauses, flat } = sentiment;
  const placed = mentions.map((m) => {
    const b = ids.indexOf(m.brand);
    tally[b]!.count++;
    const role = roleOf(flat, m);
    if (role === 'exempt') tally[b]!.exempt = true;
    if (role === 'bystander') tally[b]!.bystander = true;
    const clause = clauseAt(sentiment, m.start);
    return { b, clause, upto: bareUpTo(sentiment, clause, mentions), role };
  });
  // A brand named both as a bystander and on its own is not a bystander.
  for (const p of placed) if (p.role === 'named') tally[p.b]!.bystander = false;
  const { praised, blamed } = tones(sentiment, placed, ids.length);
  const judged = (table: Set<number>, sentence: number, b: number) =>
    table.has(sentence * ids.length + b);

  let orphanNeg = 0;
  // Negative clauses naming no brand, by the sentence they sit in (for the recency rule).
  const orphans: { sentence: number; neg: number }[] = [];
  // The brands a clause speaks of, each once (by index into ids).
  const about = new Uint8Array(ids.length);
  for (let cl = 0; cl < clauses.length; cl++) {
    const clause = clauses[cl]!;
    if (clause.sum === 0) continue;
    about.fill(0);
    let direct = false;
    for (const p of placed) {
      if (p.clause <= cl && cl <= p.upto) {
        about[p.b] = 1;
        direct = true;
      }
    }
    let any = direct;
    if (!direct) {
      // The brands of its sentence, but for a negative clause not one the sentence praises.
      const against = clause.sum > 0 ? blamed : praised;
      for (const p of placed) {
        if (
          p.clause >= 0 &&
          clauses[p.clause]!.sentence === clause.sentence &&
          !judged(against, clause.sentence, p.b)
        ) {
          about[p.b] = 1;
          any = true;
        }
      }
    }
    if (!any) {
      if (clause.sum < 0) {
        orphanNeg -= clause.sum;
        orphans.push({ sentence: clause.sentence, neg: -clause.sum });
      }
      continue;
    }
    for (let b = 0; b < ids.length; b++) {
      if (about[b] === 0) continue;
      const t = tally[b]!;
      const w = t.bystander ? BYSTANDER_WEIGHT : 1;
      if (clause.sum < 0) {
        t.neg -= clause.sum * w;
        if (direct) t.direct++;
      } else t.pos += clause.sum;
    }
  }
  for (const m of titleMentions) {
    const t = tally[ids.indexOf(m.brand)]!;
    if (titleScore < 0) t.neg += -titleScore * 4;
    else t.pos += titleScore * 4;
  }
  // Negative clauses that name no brand: the main brand's, or, when the post sets a brand
  // apart, every other brand's ("les deux autres").
  const main = mainBrand(
    tally,
    titleMentions.map((m) => ids.indexOf(m.brand)),
  );
  if (orphanNeg > 0 && tally.some((t) => t.exempt)) {
    const heirs = tally.filter((t) => !t.exempt && !t.bystander);
    for (const t of heirs) t.neg += orphanNeg / heirs.length;
  } else if (orphanNeg > 0 && main >= 0) {
    const t = tally[main]!;
    if (t.neg >= t.pos && !t.bystander) t.neg += orphanNeg;
  } else if (orphanNeg > 0) {
    // No main brand (two brands named as often): each orphan sentence is about the brand of
    // the sentence just before it ("Darty livré le lendemain. Amazon ? Toujours rien.").
    for (const o of orphans) {
      let before: (typeof placed)[number] | undefined;
      for (let k = placed.length - 1; k >= 0 && !before; k--) {
        const p = placed[k]!;
        if (p.clause >= 0 && clauses[p.clause]!.sentence < o.sentence) before = p;
      }
      if (!before || o.sentence - clauses[before.clause]!.sentence > 2) continue;
      const t = tally[before.b]!;
      if (
        !t.exempt &&
        !t.bystander &&
        !judged(praised, clauses[before.clause]!.sentence, before.b)
      ) {
        t.neg += o.neg;
      }
    }
  }

  let maxNeg = 0;
  let totalNeg = 0;
  for (const t of tally) {
    maxNeg = Math.max(maxNeg, t.neg);
    totalNeg += t.neg;
  }
  return ids.map((id, b) => {
    const t = tally[b]!;
    const spans: Evidence[] = [];
    for (const m of titleMentions) if (m.brand === id) spans.push(span(m, `title: ${m.kind}`));
    const inTitle = spans.length;
    let handle = false;
    for (const m of mentions) {
      if (m.brand !== id) continue;
      spans.push(span(m, m.kind));
      if (m.kind !== 'alias') handle = true;
    }
    const share = totalNeg > 0 ? t.neg / totalNeg : 0;
    // A bystander is blamed only by strong blame in its own clauses.
    const floor = t.bystander ? BYSTANDER_MIN : TARGET_MIN;
    const target = t.neg >= floor && t.neg >= 0.4 * maxNeg && t.neg > t.pos && !t.exempt;
    let p =
      0.1 +
      0.35 * Math.min(1, t.direct / 3) +
      0.3 * share +
      0.2 * Math.min(1, t.neg / 8) +
      0.15 * Number(inTitle > 0) +
      0.1 * Number(handle);
    if (t.pos > t.neg) p -= 0.3;
    p = Math.max(0, Math.min(1, p));
    p = target ? Math.max(p, 0.55) : Math.min(p, 0.45);
    const reasons = [`${t.count + inTitle} mention${t.count + inTitle === 1 ? '' : 's'}`];
    if (inTitle) reasons.push(TITLE_REASON);
    if (handle) reasons.push(HANDLE_REASON);
    if (t.direct > 0)
      reasons.push(`named in ${t.direct} negative clause${t.direct === 1 ? '' : 's'}`);
    if (t.exempt) reasons.push('set apart as the one that did well ("seule", "sauf", "au moins")');
    if (t.bystander) reasons.push("a bystander (a relative's operator, the shop of a purchase)");
    if (t.pos > t.neg) reasons.push('named in positive clauses: praised, not blamed');
    if (!target && t.neg === 0 && t.pos === 0) reasons.push('only mentioned');
    const sentiment: Sentiment =
      t.neg > t.pos + 0.5 ? 'negative' : t.pos > t.neg + 0.5 || t.exempt ? 'positive' : 'neutral';
    return {
      id,
      target,
      confidence: Math.round((target ? p : 1 - p) * 100) / 100,
      sentiment,
      count: t.count + inTitle,
      reasons,
      spans,
    };
  });
}

/**
 * The (sentence, brand) pairs where a clause naming the brand praises it (a positive clause,
 * not a failure) or blames it (a negative clause), as sentence × brands + brand: a sentence's
 * other clauses do not reach a brand its own clause already judges the other way.
 */
function tones(
  sentiment: SentimentResult,
  placed: readonly { b: number; clause: number }[],
  brands: number,
): { praised: Set<number>; blamed: Set<number> } {
  const praised = new Set<number>();
  const blamed = new Set<number>();
  for (const p of placed) {
    const clause = sentiment.clauses[p.clause];
    if (clause === undefined) continue;
    const key = clause.sentence * brands + p.b;
    if (clause.sum > 0 && !clause.failure) praised.add(key);
    if (clause.sum < 0) blamed.add(key);
  }
  return { praised, blamed };
}

// Words that may stand beside brand names in a clause that says nothing else ("BNP, SocGen et
// Crédit Agricole…", "chez Darty :").
const LIST_WORDS = new Set(['et', 'ou', 'ni', 'puis', 'la', 'le', 'les', "l'", 'chez', 'a', 'au']);

/**
 * The last clause a mention speaks through. A clause that is nothing but brand names (an item
 * of a list, "BNP, SocGen, Crédit Agricole… tous des escrocs"; a label, "Darty : 15 jours
 * plus tard toujours rien") says what the rest of its sentence says: up to the sentence's end.
 * Any other clause speaks for itself alone.
 */
function bareUpTo(
  sentiment: SentimentResult,
  clause: number,
  mentions: readonly Mention[],
): number {
  const c = sentiment.clauses[clause];
  if (!c) return clause;
  for (let k = c.first; k < c.last; k++) {
    const t = sentiment.tokens[k]!;
    if (t.kind === 'punct' || LIST_WORDS.has(t.folded)) continue;
    if (mentions.some((m) => m.start <= t.start && t.end <= m.end)) continue;
    return clause;
  }
  let upto = clause;
  while (sentiment.clauses[upto + 1]?.sentence === c.sentence) upto++;
  return upto;
}

/** The clause of the first token ending after `offset` (−1: none). */
function clauseAt(sentiment: SentimentResult, offset: number): number {
  const { tokens, clauseOf } = sentiment;
  // Tokens end in order: a binary search (a scan from the start was a tenth of this file's time).
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo < tokens.length ? (clauseOf[lo] ?? -1) : -1;
}

function span(m: Mention, reason: string): Evidence {
  return { start: m.start, end: m.end, text: m.text, reason };
}

/**
 * The brand the post is about (index): of the brands its title names, the most named in
 * title and body ("Bouygues a débranché ma fibre Free… et Free met 8 jours"), else the most
 * named, else none (−1); a tie names none: do not guess whom orphan blame is for.
 */
function mainBrand(tally: readonly Tally[], titled: readonly number[]): number {
  const count = (b: number) => tally[b]!.count + titled.filter((x) => x === b).length;
  let best = -1;
  let bestCount = 0;
  let tied = false;
  for (const [b, t] of tally.entries()) {
    if (titled.length > 0 ? !titled.includes(b) : t.exempt || t.bystander) continue;
    if (count(b) > bestCount) {
      best = b;
      bestCount = count(b);
      tied = false;
    } else if (count(b) === bestCount) tied = true;
  }
  if (!tied) return best;
  // In the title, a tie goes to the best named brand the title names first.
  return titled.find((b) => count(b) === bestCount) ?? -1;
}
