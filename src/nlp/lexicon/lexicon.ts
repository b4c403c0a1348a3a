// The French sentiment lexicon (data/lexicon/fr-sentiment.tsv, built by
// scripts/build-lexicon.ts): words, their stems and multi-word expressions, each with a
// valence on VADER's −4..4 scale and, for some, the valence they take under negation
// ("marche" is barely positive, "ne marche plus" is a failure). Loaded once, on first use.
import { readFileSync } from 'node:fs';
import { stem } from '../tokens/stem.ts';
import { type Token, tokenize } from '../tokens/tokens.ts';
import { NEGATORS } from './cues.ts';
import type { WordInfo } from './word-info.ts';

export const LEXICON_PATH = new URL('../../../data/lexicon/fr-sentiment.tsv', import.meta.url);

export interface LexEntry {
  /** The folded term as in the lexicon ("c' est l' enfer" for a phrase). */
  term: string;
  valence: number;
  /** Valence under negation, when the default flip is wrong for this term. */
  negated: number | null;
}

export interface Phrase extends LexEntry {
  tokens: string[];
  /** One of its words is a negator ("pas mal", "sans internet"): it holds its own negation. */
  holdsNegator: boolean;
}

export interface Lexicon {
  words: Map<string, LexEntry>;
  stems: Map<string, LexEntry>;
  /** Phrases by their first folded token, longest first. */
  phrases: Map<string, Phrase[]>;
  size: number;
  /** Folded word → its word or stem entry (or null): lookups without re-stemming. */
  memo: Map<string, WordHit>;
  /** Folded word → everything the polarity walk asks of it (word-info.ts fills it). */
  info: Map<string, WordInfo>;
}

const MEMO_LIMIT = 100_000;

export interface LexHit {
  entry: LexEntry;
  /** Token index range [first, last) covered. */
  first: number;
  last: number;
  via: 'phrase' | 'word' | 'stem';
}

/** Parses lexicon TSV text (term, valence, negated, source). */
export function parseLexicon(tsv: string): Lexicon {
  const words = new Map<string, LexEntry>();
  const phrases = new Map<string, Phrase[]>();
  const byStem = new Map<string, number[]>();
  let size = 0;
  for (const line of tsv.split('\n').slice(1)) {
    if (line === '') continue;
    const [term, v, neg] = line.split('\t');
    const valence = Number(v);
    if (!term || !Number.isFinite(valence)) continue;
    const negated = neg ? Number(neg) : null;
    const toks = tokenize(term).filter((t) => t.kind !== 'punct');
    if (toks.length === 0) continue;
    size++;
    if (toks.length === 1) {
      const f = toks[0]!.folded;
      words.set(f, { term: f, valence, negated });
      if (f.length >= 4 && !f.includes("'")) {
        const s = stem(f);
        const list = byStem.get(s);
        if (list) list.push(valence);
        else byStem.set(s, [valence]);
      }
      continue;
    }
    const folded = toks.map((t) => t.folded);
    // Display form: "c'est l'enfer", not "c' est l' enfer".
    const display = folded.reduce(
      (acc, w) => (acc === '' || acc.endsWith("'") ? acc + w : `${acc} ${w}`),
      '',
    );
    const holdsNegator = folded.some((f) => NEGATORS.has(f));
    const phrase: Phrase = { term: display, valence, negated, tokens: folded, holdsNegator };
    const list = phrases.get(folded[0]!);
    if (list) list.push(phrase);
    else phrases.set(folded[0]!, [phrase]);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  // A stem speaks for its inflections only when they agree in sign; neutral stems are kept
  // too, so that an explicit 0 ("client") shields its plural from a noisy sibling.
  const stems = new Map<string, LexEntry>();
  for (const [s, vals] of byStem) {
    const pos = vals.some((x) => x > 0);
    const neg = vals.some((x) => x < 0);
    if (pos && neg) continue;
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    stems.set(s, { term: `${s}*`, valence: mean, negated: null });
  }
  return { words, stems, phrases, size, memo: new Map(), info: new Map() };
}

let cached: Lexicon | null = null;

/** The committed lexicon, parsed on first call. */
export function getLexicon(): Lexicon {
  cached ??= parseLexicon(readFileSync(LEXICON_PATH, 'utf8'));
  return cached;
}

const MATCHABLE = new Set(['word', 'elision', 'emoticon', 'emoji', 'number']);

/** The longest lexicon entry starting at token `i`, if any. */
export function lookup(lex: Lexicon, tokens: readonly Token[], i: number): LexHit | null {
  const t = tokens[i]!;
  if (!MATCHABLE.has(t.kind)) return null;
  const candidates = lex.phrases.get(t.folded);
  if (candidates) {
    const p = phraseAt(tokens, i, candidates);
    if (p) return { entry: p, first: i, last: i + p.tokens.length, via: 'phrase' };
  }
  if (t.kind !== 'word') return null;
  const w = wordEntry(lex, t.folded);
  return w ? { entry: w.entry, first: i, last: i + 1, via: w.via } : null;
}

/**
 * The longest of `candidates` (phrases of the token at `i`, longest first) that the tokens
 * from `i` spell, if any. A phrase may run past the end of a sentence, as it always has.
 */
export function phraseAt(
  tokens: readonly Token[],
  i: number,
  candidates: readonly Phrase[],
): Phrase | null {
  for (const p of candidates) {
    const n = p.tokens.length;
    if (i + n > tokens.length) continue;
    let ok = true;
    for (let k = 1; k < n; k++) {
      if (tokens[i + k]!.folded !== p.tokens[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return p;
  }
  return null;
}

/**
 * `candidates` (a word's phrases, longest first) grouped by their second token, each group in
 * the same order: a phrase can only match where its second token follows, so phraseFrom()
 * tries one group instead of every phrase of a common first word ("sans", "pas": 16–19).
 */
export function bySecondToken(candidates: readonly Phrase[]): Map<string, Phrase[]> {
  const groups = new Map<string, Phrase[]>();
  for (const p of candidates) {
    const list = groups.get(p.tokens[1]!);
    if (list) list.push(p);
    else groups.set(p.tokens[1]!, [p]);
  }
  return groups;
}

/** phraseAt() over the phrases grouped by bySecondToken(): the same phrase, or null. */
export function phraseFrom(
  tokens: readonly Token[],
  i: number,
  groups: ReadonlyMap<string, readonly Phrase[]>,
): Phrase | null {
  if (i + 1 >= tokens.length) return null;
  const group = groups.get(tokens[i + 1]!.folded);
  return group === undefined ? null : phraseAt(tokens, i, group);
}

export type WordHit = { entry: LexEntry; via: 'word' | 'stem' } | null;

/** Word, else stem, entry of a folded word; memoised, as most words recur across posts. */
export function wordEntry(lex: Lexicon, folded: string): WordHit {
  const memo = lex.memo;
  const hit = memo.get(folded);
  if (hit !== undefined) return hit;
  let found: WordHit = null;
  const w = lex.words.get(folded);
  if (w) found = { entry: w, via: 'word' };
  else if (folded.length >= 4) {
    const s = lex.stems.get(stem(folded));
    if (s) found = { entry: s, via: 'stem' };
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(folded, found);
  return found;
}
