// The French sentiment lexicon (data/lexicon/fr-sentiment.tsv, built by
// scripts/build-lexicon.ts): words, prefix entries and multi-word expressions, each with a
// valence on VADER's −4..4 scale and, for some, the valence they take under negation
// ("souci" is negative, "jamais eu de souci" is praise; "ne marche plus" is a failure).
//
// Matching is by whole words. A word also matches its plural and feminine ("déçues" finds
// "déçu"), which French spells regularly. A prefix only where the lexicon says so, with a
// star ("arnaqu*"), and then only followed by one of French's inflectional or derivational
// endings (suffixes.ts): "arnaqu*" finds "arnaqueurs", never a word that merely starts the
// same. Stems derived by a stemmer found "con" in "connaît" and "pet" in "petit".
import { readFileSync } from 'node:fs';
import { fold } from '../text/fold.ts';
import { CUES_SLOT, type Token, tokenize, type Word } from '../tokens/tokenize.ts';
import {
  AFTER_NE,
  CONTRAST_FIRST,
  DIMINISHERS,
  INTENSIFIERS,
  NE_NEGATORS,
  NEGATORS,
  OPENERS,
} from './cues.ts';
import { isEnding } from './suffixes.ts';

export const LEXICON_PATH = new URL('../../../data/lexicon/fr-sentiment.tsv', import.meta.url);

export interface LexEntry {
  /** The folded term as in the lexicon ("c'est l'enfer", "arnaqu*"). */
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

export interface LexHit {
  entry: LexEntry;
  /** Token index range [first, last) covered. */
  first: number;
  last: number;
}

/**
 * What the polarity walk (sentiment/walk.ts) asks of a folded word: its entry, the phrases it
 * opens, and whether it is a contrast, a negator or a modifier (cues.ts).
 */
export interface WordCues {
  /** word(): the entry of the word alone. */
  entry: LexEntry | null;
  /** The phrases that start with it, longest first. */
  phrases: readonly Phrase[] | null;
  /** It starts a contrast marker ("mais", "par contre"). */
  contrast: boolean;
  /** It opens a negation scope on its own. */
  opener: boolean;
  /** It may be the second half of "ne … pas". */
  afterNe: boolean;
  /** Its factor as an intensifier and as a diminisher, 0 when it is none. */
  intensifier: number;
  diminisher: number;
}

/** Shortest prefix entry: shorter stems are too ambiguous in French. */
export const MIN_PREFIX = 4;

const MATCHABLE = new Set(['word', 'elision', 'emoticon', 'emoji', 'number']);

/** Distinct words remembered by word() before the memo starts afresh. */
const MEMO_LIMIT = 100_000;

export class Lexicon {
  readonly words = new Map<string, LexEntry>();
  /**
   * cues()'s answers, by folded word: most words of a post recur across posts, and an unknown
   * word (most of them) costs three look-ups and as many new strings; the walk then asked
   * five sets and maps more of every word. This lexicon's own, filled as posts are read; the
   * answers never change, so the memo changes no result.
   */
  private readonly memo = new Map<string, WordCues>();
  /** Prefix entries by their first MIN_PREFIX letters. */
  readonly prefixes = new Map<string, LexEntry[]>();
  /** Phrases by their first folded token, longest first. */
  readonly phrases = new Map<string, Phrase[]>();
  size = 0;

  /** Parses lexicon TSV text (term, valence, negated, source; a header line first). */
  static parse(tsv: string): Lexicon {
    const lex = new Lexicon();
    for (const line of tsv.split('\n').slice(1)) {
      if (line === '' || line.startsWith('#')) continue;
      const [term, v, neg] = line.split('\t');
      const valence = Number(v);
      if (!term || !Number.isFinite(valence)) continue;
      lex.add(term, valence, neg ? Number(neg) : null);
    }
    for (const list of lex.phrases.values()) {
      list.sort((a, b) => b.tokens.length - a.tokens.length);
    }
    for (const list of lex.prefixes.values()) list.sort((a, b) => b.term.length - a.term.length);
    return lex;
  }

  private add(term: string, valence: number, negated: number | null): void {
    const folded = fold(term.trim());
    if (folded.endsWith('*')) {
      const stem = folded.slice(0, -1);
      if (stem.length < MIN_PREFIX || /[\s']/.test(stem)) {
        throw new Error(
          `lexicon: prefix entry "${term}" must be one word of ${MIN_PREFIX}+ letters`,
        );
      }
      const key = stem.slice(0, MIN_PREFIX);
      const list = this.prefixes.get(key) ?? [];
      list.push({ term: folded, valence, negated });
      this.prefixes.set(key, list);
      this.size++;
      return;
    }
    // Tokenised as texts are, so that a phrase's tokens are those of the text it matches.
    const tokens = tokenize(term)
      .filter((t) => t.kind !== 'punct')
      .map((t) => t.folded);
    if (tokens.length === 0) return;
    this.size++;
    if (tokens.length === 1) {
      this.words.set(tokens[0]!, { term: tokens[0]!, valence, negated });
      return;
    }
    const display = tokens.reduce(
      (acc, w) => (acc === '' || acc.endsWith("'") ? acc + w : `${acc} ${w}`),
      '',
    );
    const phrase: Phrase = {
      term: display,
      valence,
      negated,
      tokens,
      holdsNegator: tokens.some((t) => NEGATORS.has(t) || NE_NEGATORS.has(t)),
    };
    const list = this.phrases.get(tokens[0]!) ?? [];
    list.push(phrase);
    this.phrases.set(tokens[0]!, list);
  }

  /** The entry of one folded word: itself, its singular or masculine, or a prefix entry. */
  word(folded: string): LexEntry | null {
    return this.cues(folded).entry;
  }

  /** cues() of a token's word, kept on its record (tokenize.ts: Word). */
  cuesOf(word: Word): WordCues {
    let cues = word.kept(CUES_SLOT, this) as WordCues | undefined;
    if (cues === undefined) {
      cues = this.cues(word.folded);
      word.keep(CUES_SLOT, this, cues);
    }
    return cues;
  }

  /** What the walk asks of one folded word (WordCues), remembered. */
  cues(folded: string): WordCues {
    let cues = this.memo.get(folded);
    if (cues === undefined) {
      cues = {
        entry: this.lookUpWord(folded),
        phrases: this.phrases.get(folded) ?? null,
        contrast: CONTRAST_FIRST.has(folded),
        opener: OPENERS.has(folded),
        afterNe: AFTER_NE.has(folded),
        intensifier: INTENSIFIERS.get(folded) ?? 0,
        diminisher: DIMINISHERS.get(folded) ?? 0,
      };
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(folded, cues);
    }
    return cues;
  }

  private lookUpWord(folded: string): LexEntry | null {
    const exact = this.words.get(folded);
    if (exact) return exact;
    if (folded.length >= 5) {
      // Plural, then feminine: "déçues" → "déçue" → "déçu".
      let base = folded;
      if (base.endsWith('s') || base.endsWith('x')) {
        base = base.slice(0, -1);
        const plural = this.words.get(base);
        if (plural) return plural;
      }
      if (base.endsWith('e')) {
        const feminine = this.words.get(base.slice(0, -1));
        if (feminine) return feminine;
      }
    }
    return this.prefixOf(folded);
  }

  /** The longest prefix entry that `folded` is, by one of French's endings. */
  prefixOf(folded: string): LexEntry | null {
    if (folded.length < MIN_PREFIX) return null;
    const list = this.prefixes.get(folded.slice(0, MIN_PREFIX));
    if (!list) return null;
    for (const e of list) {
      const stem = e.term.slice(0, -1);
      if (folded.startsWith(stem) && isEnding(folded.slice(stem.length))) return e;
    }
    return null;
  }

  /** The longest entry starting at token `i` (a phrase, else a word), if any. */
  lookup(tokens: readonly Token[], i: number): LexHit | null {
    const t = tokens[i]!;
    if (!MATCHABLE.has(t.kind)) return null;
    const phrase = this.phraseAt(tokens, i);
    if (phrase) return { entry: phrase, first: i, last: i + phrase.tokens.length };
    if (t.kind !== 'word') return null;
    const entry = this.word(t.folded);
    return entry ? { entry, first: i, last: i + 1 } : null;
  }

  /** The longest phrase the tokens from `i` spell, if any. */
  phraseAt(tokens: readonly Token[], i: number): Phrase | null {
    const candidates = this.phrases.get(tokens[i]!.folded);
    return candidates ? this.phraseIn(candidates, tokens, i) : null;
  }

  /** The longest of `candidates` (phrases opening with token `i`, longest first) spelt from `i`. */
  phraseIn(candidates: readonly Phrase[], tokens: readonly Token[], i: number): Phrase | null {
    for (const p of candidates) {
      const n = p.tokens.length;
      if (i + n > tokens.length) continue;
      let k = 1;
      while (k < n && tokens[i + k]!.folded === p.tokens[k]) k++;
      if (k === n) return p;
    }
    return null;
  }
}

/** The committed lexicon. */
export function loadLexicon(path: URL | string = LEXICON_PATH): Lexicon {
  return Lexicon.parse(readFileSync(path, 'utf8'));
}
