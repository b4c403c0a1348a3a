// French-aware tokens with offsets into the original text. The text is first passed through
// prepare() (same length), so offsets need no mapping. Elided articles and pronouns stay
// tokens of their own ("l'" + "enfer"): the negation "n'" and the article "l'" both matter.
import { flatten, fold, prepare } from '../text/fold.ts';
import { SLANG } from './slang.ts';

export type TokenKind =
  | 'word'
  | 'elision'
  | 'url'
  | 'handle'
  | 'hashtag'
  | 'emoji'
  | 'emoticon'
  | 'number'
  | 'punct';

export interface Token {
  kind: TokenKind;
  /** Offsets into the original text (end exclusive). Slang expansions share their source's. */
  start: number;
  end: number;
  /** As written. */
  text: string;
  /** Lower case, no diacritics, stretched letters collapsed: the lexicon key. */
  folded: string;
  /** Letters repeated 3+ times ("nuuuul"): an intensifier. */
  stretched: boolean;
  /** Written in capitals (2+ letters): an intensifier, unless the whole text shouts. */
  caps: boolean;
  /** Produced by a slang expansion ("jsuis" → "je" "suis"). */
  slang: boolean;
  /** The record of its folded form, shared by the tokens of one TokenForms (Word). */
  word: Word;
}

/**
 * A folded form, as one record for every token of it that a TokenForms reads: the parts of
 * the analysis remember on it what they derive from the form (the lexicon's cues, the
 * model's feature hashes, the brands an alias may start), each with the resource it was
 * derived with, so that a word costs one map look-up (its forms) instead of one per part.
 * A value kept for another resource (another lexicon) is derived again: the record changes
 * no result. Private fields: two token lists compare equal whatever their records hold.
 */
export class Word {
  #owners: unknown[] = [null, null, null];
  #values: unknown[] = [undefined, undefined, undefined];

  constructor(readonly folded: string) {}

  /** The value kept in `slot` for `owner`, undefined when none. */
  kept(slot: WordSlot, owner: object): unknown {
    return this.#owners[slot] === owner ? this.#values[slot] : undefined;
  }

  keep(slot: WordSlot, owner: object, value: unknown): void {
    this.#owners[slot] = owner;
    this.#values[slot] = value;
  }
}

/** Where each part keeps its value on a Word: the lexicon's, the features', the brands'. */
export type WordSlot = 0 | 1 | 2;
export const CUES_SLOT: WordSlot = 0;
export const HASHES_SLOT: WordSlot = 1;
export const BRANDS_SLOT: WordSlot = 2;

// One pass, alternatives in priority order.
export const TOKEN_RE = new RegExp(
  [
    /([hH][tT][tT][pP][sS]?:\/\/[^\s<>"«»]+|[wW][wW][wW]\.[^\s<>"«»]+)/u.source, // 1 url
    /(@[\p{L}\p{N}_]+)/u.source, // 2 handle
    /(#[\p{L}\p{N}_]+)/u.source, // 3 hashtag
    /(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*)/u.source, // 4 emoji
    /((?:[:;=]-?[()[\]DPpOo/\\|*]+|<3|\^\^|\^_\^)(?![\p{L}\p{N}]))/u.source, // 5 emoticon
    /((?<![\p{L}\p{M}])(?:[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[qQ][uU]|[lLdDjJmMnNsStTcC])'(?=\p{L}))/u
      .source, // 6 elision
    // 7 word: a few words hold an apostrophe; hyphenated compounds stay whole (peut-être).
    /([aA]ujourd'hui|[qQ]uelqu'une?|[pP]resqu'île|[pP]rud'hom\p{L}*|[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*)/u
      .source,
    // 8 number, with its unit glued on: 5e, 24, 1,5, 48h, 2h40, 4G, 10min, 100Go.
    /(\d+(?:[.,]\d+)*(?:[hH]\d{1,2}|\p{L}{1,4})?(?![\p{L}\p{N}]))/u.source,
    /([!?]+|\.{2,}|…+|\S)/u.source, // 9 punct: runs of ! ? and ellipses stay one token
  ].join('|'),
  'gu',
);

const KINDS: readonly TokenKind[] = [
  'word',
  'url',
  'handle',
  'hashtag',
  'emoji',
  'emoticon',
  'elision',
  'word',
  'number',
  'punct',
];

const STRETCH_TEST = /(\p{L})\1\1/u;
const STRETCH = /(\p{L})\1{2,}/gu;
// Imperatives and inversions glue a pronoun on with a hyphen ("remboursez-moi", "peut-on",
// "a-t-il"): the verb is the word the lexicon knows, so the pronoun is split off.
const CLITIC =
  /^(.+?)((?:-t)?-(?:moi|toi|le|la|les|lui|nous|vous|leur|leurs|en|y|on|il|ils|elle|elles|je|tu|ce))$/i;
// Nouns that look like such a pair.
const WHOLE = new Set(['rendez-vous', 'chez-soi', 'chez-moi']);

/** What a token's characters and kind make of it, whatever the text it sits in. */
interface Forms {
  folded: string;
  stretched: boolean;
  caps: boolean;
  /** For a word, the words its slang stands for ("jsuis" → "je" "suis"), else null. */
  expands: readonly string[] | null;
  word: Word;
}

function formsOf(kind: TokenKind, prepared: string, memo: TokenForms): Forms {
  let folded = flatten(prepared.normalize('NFC'));
  let stretched = false;
  if (kind === 'word' && folded.length >= 3 && STRETCH_TEST.test(folded)) {
    stretched = true;
    folded = folded.replace(STRETCH, '$1');
  }
  const caps =
    (kind === 'word' || kind === 'elision') &&
    prepared.length >= 2 &&
    prepared === prepared.toUpperCase() &&
    prepared !== prepared.toLowerCase();
  const expands = kind === 'word' ? (SLANG.get(folded) ?? null) : null;
  return { folded, stretched, caps, expands, word: memo.word(folded) };
}

/** Distinct tokens remembered before the memo starts afresh. */
const FORMS_LIMIT = 50_000;

/**
 * The forms of the tokens seen so far, by kind and characters: most of a post's tokens recur
 * across posts, and folding, the stretch test and the capitals test were most of tokenize()'s
 * time. One per analyser (analyzer.ts), filled as posts are read; a form depends only on its
 * key, so the memo changes no result.
 */
export class TokenForms {
  /** Words by their characters; other tokens by kind, then characters (no "punct ," key). */
  private readonly wordForms = new Map<string, Forms>();
  private readonly others = new Map<TokenKind, Map<string, Forms>>();
  /** The Word of each folded form. */
  private readonly records = new Map<string, Word>();
  private size = 0;

  /** The record of a folded form. */
  word(folded: string): Word {
    let w = this.records.get(folded);
    if (w === undefined) {
      w = new Word(folded);
      this.records.set(folded, w);
    }
    return w;
  }

  get(kind: TokenKind, prepared: string): Forms {
    let ofKind = kind === 'word' ? this.wordForms : this.others.get(kind);
    if (ofKind === undefined) {
      ofKind = new Map();
      this.others.set(kind, ofKind);
    }
    let forms = ofKind.get(prepared);
    if (forms === undefined) {
      if (this.size >= FORMS_LIMIT) {
        this.wordForms.clear();
        for (const m of this.others.values()) m.clear();
        this.records.clear();
        this.size = 0;
      }
      forms = formsOf(kind, prepared, this);
      ofKind.set(prepared, forms);
      this.size++;
    }
    return forms;
  }
}

/** A token of `text` as written; `prepared` is its span in prepare(text). */
function makeToken(
  kind: TokenKind,
  start: number,
  text: string,
  prepared: string,
  memo: TokenForms,
): Token {
  const end = start + text.length;
  const { folded, stretched, caps, word } = memo.get(kind, prepared);
  return { kind, start, end, text, folded, stretched, caps, slang: false, word };
}

/** A word as written, or the words its slang stands for ("jsuis" → "je" "suis"). */
function pushWord(
  out: Token[],
  start: number,
  text: string,
  prepared: string,
  memo: TokenForms,
): void {
  const { folded, stretched, caps, expands, word } = memo.get('word', prepared);
  const tok: Token = {
    kind: 'word',
    start,
    end: start + text.length,
    text,
    folded,
    stretched,
    caps,
    slang: false,
    word,
  };
  if (expands) out.push(...expansion(tok, expands, memo));
  else out.push(tok);
}

/** The tokens a slang token stands for, sharing its offsets and text. */
function expansion(source: Token, words: readonly string[], memo: TokenForms): Token[] {
  return words.map((w) => {
    const folded = fold(w);
    return {
      ...source,
      kind: w.endsWith("'") ? ('elision' as const) : ('word' as const),
      folded,
      slang: true,
      word: memo.word(folded),
    };
  });
}

// Plain words, most of a text, are read without the regex: a run of letters (ASCII, Latin-1,
// Latin Extended-A) followed by none of the characters that would make it something else
// (an apostrophe: elision or "aujourd'hui"; a hyphen: a compound; ":" or "." after "http",
// "www": a link; any other non-ASCII unit: a letter or mark beyond these). Those, and every
// other token, go to the sticky regex at that position. Same tokens as the regex alone
// (test/nlp/tokens/tokens.test.ts); a regex match per word cost half of tokenize()'s time.
const isPlainLetter = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 0xc0 && c <= 0x17f && c !== 0xd7 && c !== 0xf7);
const APOSTROPHE = 39;
const HYPHEN = 45;
const COLON = 58;
const DOT = 46;
const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** The end of the plain word starting at `at`, or −1 when the regex must read it. */
function plainWordEnd(src: string, at: number): number {
  if (!isPlainLetter(src.charCodeAt(at))) return -1;
  let end = at + 1;
  while (end < src.length && isPlainLetter(src.charCodeAt(end))) end++;
  if (end === src.length) return end;
  const next = src.charCodeAt(end);
  if (next === APOSTROPHE || next === HYPHEN || next === COLON || next >= 0x80) return -1;
  if (next === DOT && end - at === 3 && src.slice(at, end).toLowerCase() === 'www') return -1;
  return end;
}

const STICKY_TOKEN_RE = new RegExp(TOKEN_RE.source, 'uy');

// The commonest tokens after plain words, read by hand too: punctuation, plain numbers and
// elided articles were a regex match each (a match array of ten groups), a fifth of a post's
// tokens. Only where no earlier alternative of TOKEN_RE can start and the token's extent is
// plain; anything else goes to the regex (test/nlp/tokens/tokens.test.ts compares the two).
/** Units that are a one-unit punctuation token wherever they stand (no emoticon opens so). */
const SINGLE_PUNCT = new Set([...',()"/[]*%&+-\'«»€'].map((c) => c.charCodeAt(0)));
const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Letters that are an elided word before an apostrophe: l' d' j' m' n' s' t' c'. */
const ELIDED = new Set([...'lLdDjJmMnNsStTcC'].map((c) => c.charCodeAt(0)));
const BANG = 33;
const QUESTION = 63;

const simpleKind = (c: number): TokenKind =>
  isDigit(c) ? 'number' : isAsciiLetter(c) ? 'elision' : 'punct';

/** The end of a simple token at `at` (see above; its kind: simpleKind), or −1. */
function simpleTokenEnd(src: string, at: number): number {
  const c = src.charCodeAt(at);
  if (SINGLE_PUNCT.has(c)) return at + 1;
  if (c === BANG || c === QUESTION) {
    let end = at + 1;
    for (let n = src.charCodeAt(end); n === BANG || n === QUESTION; n = src.charCodeAt(++end));
    return end;
  }
  // "." alone; ".." and longer runs are the regex's.
  if (c === DOT) return src.charCodeAt(at + 1) === DOT ? -1 : at + 1;
  if (isDigit(c)) {
    let end = at + 1;
    while (isDigit(src.charCodeAt(end))) end++;
    if (end === src.length) return end;
    const n = src.charCodeAt(end);
    // Decimals, units glued on ("48h", "4G") and anything beyond ASCII: the regex's.
    if (n >= 0x80 || isAsciiLetter(n)) return -1;
    if ((n === DOT || n === 44) && isDigit(src.charCodeAt(end + 1))) return -1;
    return end;
  }
  // "l'", "qu'" before a letter, not inside a word.
  const prev = at > 0 ? src.charCodeAt(at - 1) : 32;
  if (prev >= 0x80 || isAsciiLetter(prev)) return -1;
  let apostrophe = -1;
  if (ELIDED.has(c)) apostrophe = at + 1;
  else if ((c === 113 || c === 81) && (src.charCodeAt(at + 1) | 32) === 117) apostrophe = at + 2;
  if (apostrophe < 0 || src.charCodeAt(apostrophe) !== APOSTROPHE) return -1;
  return isPlainLetter(src.charCodeAt(apostrophe + 1)) ? apostrophe + 1 : -1;
}

/**
 * The tokens of a prepared text, as (kind, start, end), in order: what TOKEN_RE's global scan
 * finds, each plain word read by hand (test/nlp/tokens/tokens.test.ts compares the two).
 */
export function scanTokens(
  src: string,
  visit: (kind: TokenKind, start: number, end: number) => void,
): void {
  let at = 0;
  while (at < src.length) {
    if (isAsciiSpace(src.charCodeAt(at))) {
      at++;
      continue;
    }
    const end = plainWordEnd(src, at);
    if (end > 0) {
      visit('word', at, end);
      at = end;
      continue;
    }
    const simple = simpleTokenEnd(src, at);
    if (simple > 0) {
      visit(simpleKind(src.charCodeAt(at)), at, simple);
      at = simple;
      continue;
    }
    STICKY_TOKEN_RE.lastIndex = at;
    const m = STICKY_TOKEN_RE.exec(src);
    if (m === null) {
      at++; // a space beyond ASCII
      continue;
    }
    let g = 1;
    while (g < 10 && m[g] === undefined) g++;
    visit(KINDS[g]!, at, at + m[0].length);
    at += m[0].length;
  }
}

/**
 * Tokens of `text`, in order, with offsets into `text`. `forms` remembers the forms of the
 * tokens already seen (an analyser passes its own); a fresh one by default. `src` is
 * prepare(text), passed by a caller that has it already.
 */
export function tokenize(
  text: string,
  forms: TokenForms = new TokenForms(),
  src: string = prepare(text),
): Token[] {
  const out: Token[] = [];
  // Most texts need no preparing (prepare() returned them as they are): one slice serves as
  // the token's text and its forms' key.
  const same = src === text;
  scanTokens(src, (kind, start, end) => {
    const written = text.slice(start, end);
    // Read on the prepared text (same offsets), as the regex read it.
    const word = same ? written : src.slice(start, end);
    if (kind !== 'word') {
      out.push(makeToken(kind, start, written, word, forms));
      return;
    }
    const clitic = !word.includes('-') || WHOLE.has(word.toLowerCase()) ? null : CLITIC.exec(word);
    // "a-t-il": a one-letter verb only before the euphonic t.
    if (clitic && (clitic[1]!.length >= 2 || /^-t-/i.test(clitic[2]!))) {
      const cut = clitic[1]!.length;
      out.push(makeToken('word', start, written.slice(0, cut), word.slice(0, cut), forms));
      // "-t-il": the pronoun without its euphonic t and hyphens.
      const pronoun = clitic[2]!.replace(/^(?:-t)?-/, '');
      const from = end - pronoun.length;
      out.push(makeToken('word', from, text.slice(from, end), src.slice(from, end), forms));
      return;
    }
    pushWord(out, start, written, word, forms);
  });
  expandBareC(out, forms);
  return out;
}

// Internet French writes "c'est" as a bare "c" ("c nul", "c trop bien"). A lone lower-case
// "c" followed by a word is that, never the letter.
function expandBareC(tokens: Token[], memo: TokenForms): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'word' && t.text === 'c' && tokens[i + 1]!.kind === 'word') {
      tokens.splice(i, 1, ...expansion(t, ["c'", 'est'], memo));
    }
  }
}

/** Whether the text shouts: more than three words and every word in capitals. */
export function shouts(tokens: readonly Token[]): boolean {
  let words = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    if (!t.caps) return false;
    words++;
  }
  return words > 3;
}
