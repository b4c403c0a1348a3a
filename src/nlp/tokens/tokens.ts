// French-aware tokens with offsets into the original text. The text is first passed through
// prepare() (same length), so offsets need no mapping. Elided articles and pronouns stay
// tokens of their own ("l'" + "enfer"): the negation "n'" and the article "l'" both matter.

import { unitsOf } from '../text/code-units.ts';
import { prepare } from '../text/normalise.ts';
import { formAt, TokenForm } from './token-forms.ts';
import { KIND_NAMES, scanned, scanTokens, WORD } from './token-scan.ts';

export type { TokenForm } from './token-forms.ts';

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
  /** Lower case, NFC, with diacritics. */
  readonly lower: string;
  /** Lower case, no diacritics, stretched letters collapsed: the lexicon key. */
  folded: string;
  /** Letters repeated 3+ times ("nuuuul"): an intensifier. */
  readonly stretched: boolean;
  /** Written in capitals (2+ letters): an intensifier, unless the whole text shouts. */
  readonly caps: boolean;
  /** Produced by a slang expansion ("jsuis" → "je" "suis"). */
  slang: boolean;
  /** The forms of its characters, shared with every token of the same (token-forms.ts). */
  readonly form: TokenForm;
}

// Tokens are many (a fifth of a post's characters): the forms shared per distinct token are
// read through `form`, so that each token holds seven fields, not ten.
class FormedToken implements Token {
  constructor(
    public kind: TokenKind,
    public start: number,
    public end: number,
    public text: string,
    public folded: string,
    public slang: boolean,
    readonly form: TokenForm,
  ) {}

  get lower(): string {
    return this.form.lower;
  }

  get stretched(): boolean {
    return this.form.stretched;
  }

  get caps(): boolean {
    return this.form.caps;
  }
}

/** Whether `a` and `b` hold the same units in [start, end). */
function sameUnits(a: Uint16Array, b: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (a[i] !== b[i]) return false;
  return true;
}

// The original text's units, when it differs from the prepared one (curly apostrophes).
let textUnits: Uint16Array = new Uint16Array(4096);

/** The tokens a slang token stands for, sharing its offsets and text. */
function expansion(source: Token, forms: readonly TokenForm[]): Token[] {
  const { start, end, text } = source;
  return forms.map(
    (f) =>
      new FormedToken(f.family === 1 ? 'elision' : 'word', start, end, text, f.folded, true, f),
  );
}

/**
 * Tokens of `text`, in order, with offsets into `text`. `src` is prepare(text), for callers
 * that already have it; `_flat` (flatten(src)) is no longer needed and kept for callers.
 */
export function tokenize(text: string, src = prepare(text), _flat?: string): Token[] {
  const known = recall(text);
  if (known) return known;
  const out: Token[] = [];
  // Once per text: comparing two long strings per token made tokenising quadratic.
  const same = text === src;
  // token-scan.ts reads the alternatives the regex of earlier versions matched, faster,
  // into typed arrays: one loop here builds the tokens, with no callback per token.
  const count = scanTokens(src);
  const kinds = scanned.kind;
  const starts = scanned.start;
  const ends = scanned.end;
  const units = scanned.units;
  if (!same) textUnits = unitsOf(text, textUnits);
  let bareC = false;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    const start = starts[i]!;
    const end = ends[i]!;
    // Forms come from the prepared text: straight apostrophes ("c’" → "c'").
    const f = formAt(kind, src, units, start, end);
    // Keep the original characters (curly apostrophes and all) as the token's text.
    const written =
      same || sameUnits(units, textUnits, start, end) ? f.key : text.slice(start, end);
    const tok = new FormedToken(KIND_NAMES[kind]!, start, end, written, f.folded, false, f);
    if (f.slang === undefined) out.push(tok);
    else for (const x of expansion(tok, f.expansion(f.slang))) out.push(x);
    if (end - start === 1 && units[start] === 99 && kind === WORD) bareC = true;
  }
  if (bareC) expandBareC(out);
  remember(text, out);
  return out;
}

// The last texts tokenised. analyse() reads a titled post three times: body, title, then
// "title\n body" for the models; the third is the first two joined, offsets shifted.
const RECENT = 4;
const recent: { text: string; tokens: Token[] }[] = [];

function remember(text: string, tokens: Token[]): void {
  recent.unshift({ text, tokens });
  if (recent.length > RECENT) recent.pop();
}

const shifted = (tokens: readonly Token[], by: number): Token[] =>
  tokens.map(
    (t) => new FormedToken(t.kind, t.start + by, t.end + by, t.text, t.folded, t.slang, t.form),
  );

/**
 * Tokens of `text` when it is a recent text, or two recent texts joined by a line break (a
 * copy: callers own their tokens). The scanner cannot match across "\n" and reads it as it
 * reads a text's edge; only "c" + word ("c nul") pairs tokens across it, so a first part
 * that ends in "c" is tokenised afresh.
 */
function recall(text: string): Token[] | null {
  for (const a of recent) {
    if (a.text === text) return shifted(a.tokens, 0);
    const head = a.text.length;
    if (text.length <= head || text.charCodeAt(head) !== 10 || !text.startsWith(a.text)) continue;
    const last = a.tokens[a.tokens.length - 1];
    if (last && last.text === 'c') return null;
    for (const b of recent) {
      if (text.length === head + 1 + b.text.length && text.endsWith(b.text)) {
        return [...shifted(a.tokens, 0), ...shifted(b.tokens, head + 1)];
      }
    }
  }
  return null;
}

// Internet French writes "c'est" as a bare "c" ("c nul", "c trop bien"). A lone lower-case
// "c" followed by a word is that, never the letter.
// The forms "c" stands for: a lone lower-case letter is neither stretched nor in capitals.
const BARE_C = [
  new TokenForm("c'", "c'", "c'", false, false, 1, undefined),
  new TokenForm('est', 'est', 'est', false, false, 0, undefined),
];

function expandBareC(tokens: Token[]): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'word' && t.text === 'c' && tokens[i + 1]!.kind === 'word') {
      tokens.splice(i, 1, ...expansion(t, BARE_C));
    }
  }
}
