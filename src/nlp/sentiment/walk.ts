// The polarity walk: one pass over a sentence's tokens that turns lexicon hits into
// contributions with their spans, under French negation, intensifiers, diminishers and
// contrast, and cuts the sentence into clauses (the unit of brand blame).
//
// Negation. A negator opens a scope ("pas", "jamais", "aucun", "sans", "ne"/"n'"; "plus" and
// "personne" only after "ne"). The scope negates the first sentiment word it meets, then is
// spent: in "toujours pas de solution à mon problème" the solution is missing and the problem
// is still a problem. The second half of "ne … pas" after the verb ("ne marche pas") is part
// of the same negation, not a new one. "ni" opens a scope again ("ni rapide ni fiable"). A
// scope also ends at clause punctuation, at a contrast, or after SCOPE_TOKENS tokens.
import type { Evidence } from '../../types.ts';
import { CONTRASTS, EMOTICONS, FAILURE_TERMS, OPENERS } from '../lexicon/cues.ts';
import type { LexEntry, Lexicon } from '../lexicon/lexicon.ts';
import type { Sentence } from '../text/sentences.ts';
import type { Token } from '../tokens/tokenize.ts';

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
  /** Index of its first token. */
  token: number;
}

export interface Clause {
  start: number;
  end: number;
  /** Token indices [first, last). */
  first: number;
  last: number;
  sentence: number;
  /** Sum of its contributions' values (after sarcasm). */
  sum: number;
  failure: boolean;
}

const NEGATED_POSITIVE = -0.8; // "pas bon" is nearly as bad as "mauvais"
const NEGATED_NEGATIVE = -0.4; // "pas mauvais" is faint praise
const SCOPE_TOKENS = 8;
const CLAUSE_PUNCT = new Set([',', ';', ':', '«', '»', '"', '“', '”', '(', ')', '-', '–', '—']);
/** What the walk of one text builds; sentiment.ts reads it. */
export interface WalkResult {
  contributions: Contribution[];
  clauses: Clause[];
  /** Clause index of each token (−1 for tokens between sentences). */
  clauseOf: Int32Array;
  counts: { negated: number; intensified: number };
}

interface Scope {
  /** Index of the token that opened it. */
  at: number;
  /** Opened by "ne"/"n'": its second half ("pas", "plus") may follow. */
  ne: boolean;
  /** It negated a word already. */
  spent: boolean;
}

/** Tokens in a contrast marker starting at `i`, 0 when none. */
function contrastAt(tokens: readonly Token[], i: number, last: number): number {
  for (const words of CONTRASTS) {
    if (i + words.length > last) continue;
    let k = 0;
    while (k < words.length && tokens[i + k]!.folded === words[k]) k++;
    if (k === words.length) return words.length;
  }
  return 0;
}

/** Walks every sentence of a text; `shouting` turns off the capitals intensifier. */
export function walk(
  text: string,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
  lex: Lexicon,
  shouting: boolean,
): WalkResult {
  const walker = new Walker(text, tokens, lex, shouting);
  for (let s = 0; s < sentences.length; s++) walker.sentence(sentences[s]!, s);
  return walker.out;
}

// The walk's state as one object and its steps as methods: closures made per sentence cost
// more than the walk itself (tsx names each one with a defineProperty).
class Walker {
  readonly out: WalkResult;
  private sentenceIndex = 0;
  private clauseStart = 0;
  private scope: Scope | null = null;
  private mult = 1;
  private multTtl = 0;
  private weight = 1;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly lex: Lexicon,
    private readonly shouting: boolean,
  ) {
    this.out = {
      contributions: [],
      clauses: [],
      clauseOf: new Int32Array(tokens.length).fill(-1),
      counts: { negated: 0, intensified: 0 },
    };
  }

  private closeClause(end: number): void {
    const { tokens, out } = this;
    if (end > this.clauseStart) {
      out.clauseOf.fill(out.clauses.length, this.clauseStart, end);
      out.clauses.push({
        start: tokens[this.clauseStart]!.start,
        end: tokens[end - 1]!.end,
        first: this.clauseStart,
        last: end,
        sentence: this.sentenceIndex,
        sum: 0,
        failure: false,
      });
    }
    this.clauseStart = end;
    this.scope = null;
    this.mult = 1;
    this.multTtl = 0;
  }

  private addHit(e: LexEntry, first: number, last: number): void {
    const { tokens, out } = this;
    // A phrase that holds its own negator ("plus de réseau", "rien à redire") is the negation
    // an open "ne" was waiting for.
    const holds = 'holdsNegator' in e && (e as { holdsNegator: boolean }).holdsNegator;
    const open = this.scope;
    const negatedBy = !holds && open && !open.spent ? open : null;
    if (holds) this.scope = null;
    let v = e.valence;
    if (negatedBy) {
      v = e.negated ?? v * (v > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE);
      negatedBy.spent = true;
      // Spent: a later word is not negated ("ne marche pas bien" is one negation). A scope
      // opened by "ne" stays until its second half, so that "pas" opens nothing new.
      if (!negatedBy.ne) this.scope = null;
    }
    if (v === 0) return;
    let m = this.mult;
    for (let k = first; k < last; k++) {
      const t = tokens[k]!;
      if (t.caps && !this.shouting) m *= 1.3;
      if (t.stretched) m *= 1.3;
    }
    if (m !== 1) out.counts.intensified++;
    if (negatedBy) out.counts.negated++;
    const start = negatedBy ? tokens[negatedBy.at]!.start : tokens[first]!.start;
    const end = tokens[last - 1]!.end;
    const failure =
      (!negatedBy && v < 0 && FAILURE_TERMS.has(e.term)) ||
      (negatedBy !== null && e.negated !== null && e.negated < 0);
    out.contributions.push({
      start,
      end,
      text: this.text.slice(start, end),
      reason: `${negatedBy ? 'negated ' : ''}${v < 0 ? 'negative' : 'positive'}: ${e.term}`,
      value: v * m * this.weight,
      term: e.term,
      sentence: this.sentenceIndex,
      clause: 0,
      failure,
      sarcasm: false,
      negated: negatedBy !== null,
      token: first,
    });
    this.mult = 1;
    this.multTtl = 0;
  }

  /** Walks the tokens of one sentence, adding its contributions and clauses. */
  sentence(sent: Sentence, index: number): void {
    const { tokens, lex, out } = this;
    const firstContribution = out.contributions.length;
    this.sentenceIndex = index;
    this.clauseStart = sent.first;
    this.scope = null;
    this.mult = 1;
    this.multTtl = 0;
    this.weight = 1;
    let i = sent.first;
    while (i < sent.last) {
      const t = tokens[i]!;
      const scope = this.scope;
      if (scope && i - scope.at > SCOPE_TOKENS) this.scope = null;
      if (t.kind === 'punct') {
        if (CLAUSE_PUNCT.has(t.text)) this.closeClause(i + 1);
        i++;
        continue;
      }
      if (t.kind === 'emoticon' || t.kind === 'emoji') {
        const v = EMOTICONS.get(t.folded);
        if (v !== undefined) {
          out.contributions.push({
            start: t.start,
            end: t.end,
            text: t.text,
            reason: 'emoticon',
            value: v * this.weight,
            term: t.folded,
            sentence: index,
            clause: 0,
            failure: false,
            sarcasm: false,
            negated: false,
            token: i,
          });
        }
        i++;
        continue;
      }
      if (t.kind === 'url' || t.kind === 'handle' || t.kind === 'hashtag') {
        i++;
        continue;
      }
      const f = t.folded;
      // What the walk asks of the word, found once per distinct word (lexicon.ts: cues()).
      const cues = lex.cuesOf(t.word);
      const contrast = cues.contrast ? contrastAt(tokens, i, sent.last) : 0;
      if (contrast > 0) {
        this.closeClause(i);
        // The clause after a contrast carries the writer's point: halve what came before.
        for (let k = firstContribution; k < out.contributions.length; k++) {
          out.contributions[k]!.value *= 0.5;
        }
        this.weight = 1.5;
        i += contrast;
        continue;
      }
      // Phrases first: "pas mal", "rien à redire", "sans internet" hold their own negation.
      const phrase = cues.phrases && lex.phraseIn(cues.phrases, tokens, i);
      if (phrase) {
        const last = i + phrase.tokens.length;
        this.addHit(phrase, i, last);
        // A phrase that ends on its negator ("toujours pas", "toujours pas de") negates what
        // follows too: "toujours pas de solution" has no solution.
        const tail =
          phrase.tokens.at(-1) === 'de' || phrase.tokens.at(-1) === "d'"
            ? phrase.tokens.at(-2)
            : phrase.tokens.at(-1);
        if (tail !== undefined && OPENERS.has(tail))
          this.scope = { at: i, ne: false, spent: false };
        i = last;
        continue;
      }
      if (f === 'ne' || f === "n'") {
        this.scope = { at: i, ne: true, spent: false };
        i++;
        continue;
      }
      const current = this.scope;
      if (current?.ne && cues.afterNe) {
        // The second half of "ne … pas": the same negation. "ne … que" restricts instead.
        if (f === 'que') this.scope = null;
        else if (
          f === 'pas' &&
          tokens[i + 1]?.folded === 'du' &&
          tokens[i + 2]?.folded === 'tout'
        ) {
          this.mult *= 1.3;
          this.multTtl = 4;
          i += 2;
        }
        // Once the verb is negated ("ne marche pas"), "pas" opens nothing new.
        current.ne = false;
        if (current.spent) this.scope = null;
        i++;
        continue;
      }
      if (cues.opener) {
        this.scope = { at: i, ne: false, spent: false };
        if (f === 'pas' && tokens[i + 1]?.folded === 'du' && tokens[i + 2]?.folded === 'tout') {
          this.mult *= 1.3;
          this.multTtl = 4;
          i += 3;
          continue;
        }
        i++;
        continue;
      }
      // "super" intensifies a sentiment word that follows ("super lent"), else it is praise.
      let factor = cues.intensifier;
      if (f === 'super' && i + 1 < sent.last && lex.lookup(tokens, i + 1)) factor = 1.4;
      if (factor === 0 && f === 'un' && tokens[i + 1]?.folded === 'peu') {
        this.mult *= 0.6;
        this.multTtl = 3;
        i += 2;
        continue;
      }
      if (factor === 0) factor = cues.diminisher;
      if (factor !== 0) {
        this.mult *= factor;
        this.multTtl = 3;
        i++;
        continue;
      }
      const entry = t.kind === 'word' ? cues.entry : null;
      if (entry) this.addHit(entry, i, i + 1);
      else if (this.multTtl > 0 && --this.multTtl === 0) this.mult = 1;
      i++;
    }
    this.closeClause(sent.last);
  }
}
