// The token walk behind sentiment.ts: one pass over a sentence that opens and closes
// negation scopes (ne … pas/plus/jamais, "pas du tout", sans, aucun, ni; a scope ends at
// punctuation or a contrast word), applies intensifiers and diminishers, re-weights the
// clause after a contrast, and turns lexicon hits into contributions with their spans.
import type { Evidence } from '../../types.ts';
import { CONTRASTS, EMOTICONS, FAILURE_TERMS } from '../lexicon/cues.ts';
import { type LexEntry, type Lexicon, phraseFrom } from '../lexicon/lexicon.ts';
import {
  CONTRAST_FIRST,
  NE,
  NE_NEGATOR,
  NEGATOR,
  PAS,
  QUE,
  SUPER_WORD,
  tokenInfo,
  UN,
} from '../lexicon/word-info.ts';
import type { Sentence } from '../text/sentences.ts';
import type { Token } from '../tokens/tokens.ts';

export interface Contribution extends Evidence {
  /** Final weight on the −4..4 scale after negation, modifiers and sarcasm. */
  value: number;
  sentence: number;
  clause: number;
  /** The lexicon term (or emoticon) behind it. */
  term: string;
  /** A thing that should work and does not ("ne marche plus", "en panne", "sans internet"). */
  failure: boolean;
  sarcasm: boolean;
  negated: boolean;
}

export interface Clause {
  start: number;
  end: number;
  first: number;
  last: number;
  sentence: number;
  sum: number;
  failure: boolean;
}

const NEGATED_POSITIVE = -0.8; // "pas bon" is nearly as bad as "mauvais"
const NEGATED_NEGATIVE = -0.4; // "pas mauvais" is faint praise
const SCOPE_TOKENS = 8;
const CLAUSE_PUNCT = new Set([',', ';', ':', '«', '»', '"', '“', '”', '(', ')', '-', '–', '—']);

/** Tokens in a contrast marker starting at `i` (its first word is one), 0 when none. */
function contrastAt(tokens: readonly Token[], i: number, last: number): number {
  for (const words of CONTRASTS) {
    if (i + words.length > last) continue;
    let ok = true;
    for (let k = 0; k < words.length; k++) {
      if (tokens[i + k]!.folded !== words[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return words.length;
  }
  return 0;
}

/** Whether `t` negates, "plus" and "personne" only after "ne". */
function isNegator(lex: Lexicon, t: Token, afterNe: boolean): boolean {
  const flags = tokenInfo(lex, t).flags;
  return (flags & NEGATOR) !== 0 || (afterNe && (flags & NE_NEGATOR) !== 0);
}

/** Whether a lexicon entry starts at token `j` (what "super" needs to intensify). */
function hasHit(lex: Lexicon, tokens: readonly Token[], j: number): boolean {
  const t = tokens[j]!;
  const kind = t.kind;
  if (kind !== 'word' && kind !== 'elision' && kind !== 'number') {
    if (kind !== 'emoticon' && kind !== 'emoji') return false;
  }
  const info = tokenInfo(lex, t);
  if (info.phrasesBySecond !== null && phraseFrom(tokens, j, info.phrasesBySecond) !== null)
    return true;
  return kind === 'word' && info.entry !== null;
}

// The walk over one text. Kept in one object handled by top-level functions rather than
// closures: tsx (esbuild keepNames) wraps every closure creation in a defineProperty call,
// which cost a third of the time when closures were made per sentence and per token.
export interface Walk {
  text: string;
  tokens: Token[];
  lex: Lexicon;
  contributions: Contribution[];
  clauses: Clause[];
  clauseOf: number[];
  quoted: Uint8Array;
  shouting: boolean;
  counts: { negated: number; sarcasm: number; intensified: number; questions: number };
  sentence: number;
  sentLast: number;
  clauseStart: number;
  /** Index of the negator opening the current scope, −1 when none. */
  negAt: number;
  afterNe: boolean;
  mult: number;
  multTtl: number;
  weight: number;
}

function closeClause(w: Walk, end: number): void {
  if (end > w.clauseStart) {
    for (let k = w.clauseStart; k < end; k++) w.clauseOf[k] = w.clauses.length;
    w.clauses.push({
      start: w.tokens[w.clauseStart]!.start,
      end: w.tokens[end - 1]!.end,
      first: w.clauseStart,
      last: end,
      sentence: w.sentence,
      sum: 0,
      failure: false,
    });
  }
  w.clauseStart = end;
  w.negAt = -1;
  w.afterNe = false;
  w.mult = 1;
  w.multTtl = 0;
}

/** A lexicon entry over tokens [first, last), negated when `neg` ≥ 0 (the negator's index). */
function addHit(w: Walk, e: LexEntry, first: number, last: number, neg: number): void {
  const tokens = w.tokens;
  const negated = neg >= 0;
  let v = e.valence;
  if (negated) v = e.negated ?? v * (v > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE);
  if (v === 0) return;
  let m = w.mult;
  let caps = false;
  let stretched = false;
  for (let k = first; k < last; k++) {
    caps ||= tokens[k]!.caps;
    stretched ||= tokens[k]!.stretched;
  }
  if (caps && !w.shouting) m *= 1.3;
  if (stretched) m *= 1.3;
  if (m !== 1) w.counts.intensified++;
  if (negated) w.counts.negated++;
  const start = negated ? tokens[neg]!.start : tokens[first]!.start;
  let endTok = last - 1;
  // Close the span on the second half of "ne … plus/pas" when it follows the word.
  if (negated) {
    for (let k = last; k < Math.min(last + 2, w.sentLast); k++) {
      if (isNegator(w.lex, tokens[k]!, true)) endTok = k;
      else break;
    }
  }
  const end = tokens[endTok]!.end;
  const reason = `${negated ? 'negated ' : ''}${v < 0 ? 'negative' : 'positive'}: ${e.term}`;
  const c = contribution(w.text, start, end, v * m * w.weight, reason, w.sentence, e.term);
  c.negated = negated;
  c.failure =
    (!negated && v < 0 && FAILURE_TERMS.has(e.term)) ||
    (negated && e.negated !== null && e.negated < 0);
  if (v > 0 && w.quoted[first]) c.sarcasm = true;
  w.contributions.push(c);
  w.mult = 1;
  w.multTtl = 0;
}

/** Walks the tokens of one sentence, adding its contributions and clauses. */
export function walkSentence(w: Walk, sent: Sentence): void {
  const { tokens, lex } = w;
  const firstContribution = w.contributions.length;
  const last = sent.last;
  w.sentLast = last;
  w.clauseStart = sent.first;
  w.negAt = -1;
  w.afterNe = false;
  w.mult = 1;
  w.multTtl = 0;
  w.weight = 1;
  let i = sent.first;
  while (i < last) {
    const t = tokens[i]!;
    const kind = t.kind;
    if (w.negAt >= 0 && i - w.negAt > SCOPE_TOKENS) w.negAt = -1;
    if (kind === 'punct') {
      if (CLAUSE_PUNCT.has(t.text)) closeClause(w, i + 1);
      i++;
      continue;
    }
    // No contrast, cue or lexicon entry starts with an emoticon, a link, a handle or a tag.
    if (kind === 'emoticon' || kind === 'emoji') {
      const emo = EMOTICONS.get(t.folded);
      if (emo !== undefined) {
        w.contributions.push(
          contribution(w.text, t.start, t.end, emo * w.weight, 'emoticon', w.sentence, t.folded),
        );
      }
      i++;
      continue;
    }
    if (kind === 'url' || kind === 'handle' || kind === 'hashtag') {
      if (w.multTtl > 0 && --w.multTtl === 0) w.mult = 1;
      i++;
      continue;
    }
    const info = tokenInfo(lex, t);
    const flags = info.flags;
    if ((flags & CONTRAST_FIRST) !== 0) {
      const contrast = contrastAt(tokens, i, last);
      if (contrast > 0) {
        closeClause(w, i);
        // The clause after a contrast carries the writer's point: halve what came before.
        for (let k = firstContribution; k < w.contributions.length; k++) {
          w.contributions[k]!.value *= 0.5;
        }
        w.weight = 1.5;
        i += contrast;
        continue;
      }
    }
    // Phrases first: "pas mal", "rien à redire", "sans internet" hold their own negation.
    const phrase =
      info.phrasesBySecond === null ? null : phraseFrom(tokens, i, info.phrasesBySecond);
    if (phrase !== null) {
      const end = i + phrase.tokens.length;
      addHit(w, phrase, i, end, phrase.holdsNegator ? -1 : w.negAt);
      i = end;
      continue;
    }
    if ((flags & NEGATOR) !== 0 || (w.afterNe && (flags & NE_NEGATOR) !== 0)) {
      if (w.negAt < 0) w.negAt = i;
      if ((flags & NE) !== 0) w.afterNe = true;
      // "pas du tout" strengthens the negation it closes.
      if (
        (flags & PAS) !== 0 &&
        tokens[i + 1]?.folded === 'du' &&
        tokens[i + 2]?.folded === 'tout'
      ) {
        w.mult *= 1.3;
        w.multTtl = 4;
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    // "ne … que" restricts, it does not negate ("il ne me reste plus qu'à").
    if (w.negAt >= 0 && (flags & QUE) !== 0 && tokens[w.negAt]!.folded !== 'pas') {
      w.negAt = -1;
      i++;
      continue;
    }
    // "super" intensifies a sentiment word that follows ("super lent"), else it is praise.
    let intens = info.intensifier;
    if ((flags & SUPER_WORD) !== 0 && i + 1 < last && hasHit(lex, tokens, i + 1)) intens = 1.4;
    if (intens === 0 && (flags & UN) !== 0 && tokens[i + 1]?.folded === 'peu') {
      w.mult *= 0.6;
      w.multTtl = 3;
      i += 2;
      continue;
    }
    const factor = intens !== 0 ? intens : info.diminisher;
    if (factor !== 0) {
      w.mult *= factor;
      w.multTtl = 3;
      i++;
      continue;
    }
    const entry = kind === 'word' ? info.entry : null;
    if (entry !== null) addHit(w, entry, i, i + 1, w.negAt);
    else if (w.multTtl > 0 && --w.multTtl === 0) w.mult = 1;
    i++;
  }
  closeClause(w, last);
}

function contribution(
  text: string,
  start: number,
  end: number,
  value: number,
  reason: string,
  sentence: number,
  term: string,
): Contribution {
  return {
    start,
    end,
    text: text.slice(start, end),
    reason,
    value,
    term,
    sentence,
    clause: 0,
    failure: false,
    sarcasm: false,
    negated: false,
  };
}
