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
}

// One pass, alternatives in priority order.
const TOKEN_RE = new RegExp(
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
}

function formsOf(kind: TokenKind, prepared: string): Forms {
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
  return { folded, stretched, caps };
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
  private readonly memo = new Map<string, Forms>();

  get(kind: TokenKind, prepared: string): Forms {
    const key = kind === 'word' ? prepared : `${kind} ${prepared}`;
    let forms = this.memo.get(key);
    if (forms === undefined) {
      forms = formsOf(kind, prepared);
      if (this.memo.size >= FORMS_LIMIT) this.memo.clear();
      this.memo.set(key, forms);
    }
    return forms;
  }
}

function makeToken(
  kind: TokenKind,
  start: number,
  text: string,
  src: string,
  memo: TokenForms,
): Token {
  const end = start + text.length;
  const { folded, stretched, caps } = memo.get(kind, src.slice(start, end));
  return { kind, start, end, text, folded, stretched, caps, slang: false };
}

/** The tokens a slang token stands for, sharing its offsets and text. */
function expansion(source: Token, words: readonly string[]): Token[] {
  return words.map((w) => ({
    ...source,
    kind: w.endsWith("'") ? ('elision' as const) : ('word' as const),
    folded: fold(w),
    slang: true,
  }));
}

/**
 * Tokens of `text`, in order, with offsets into `text`. `forms` remembers the forms of the
 * tokens already seen (an analyser passes its own); a fresh one by default.
 */
export function tokenize(text: string, forms: TokenForms = new TokenForms()): Token[] {
  const src = prepare(text);
  const out: Token[] = [];
  for (const m of src.matchAll(TOKEN_RE)) {
    let g = 1;
    while (g < 10 && m[g] === undefined) g++;
    const kind = KINDS[g]!;
    const start = m.index;
    const written = text.slice(start, start + m[0].length);
    if (kind === 'word') {
      const clitic =
        !m[0].includes('-') || WHOLE.has(m[0].toLowerCase()) ? null : CLITIC.exec(m[0]);
      // "a-t-il": a one-letter verb only before the euphonic t.
      if (clitic && (clitic[1]!.length >= 2 || /^-t-/i.test(clitic[2]!))) {
        const cut = clitic[1]!.length;
        out.push(makeToken('word', start, written.slice(0, cut), src, forms));
        // "-t-il": the pronoun without its euphonic t and hyphens.
        const pronoun = clitic[2]!.replace(/^(?:-t)?-/, '');
        const at = start + m[0].length - pronoun.length;
        out.push(makeToken('word', at, text.slice(at, start + m[0].length), src, forms));
        continue;
      }
      const tok = makeToken(kind, start, written, src, forms);
      const slang = SLANG.get(tok.folded);
      if (slang) out.push(...expansion(tok, slang));
      else out.push(tok);
      continue;
    }
    out.push(makeToken(kind, start, written, src, forms));
  }
  expandBareC(out);
  return out;
}

// Internet French writes "c'est" as a bare "c" ("c nul", "c trop bien"). A lone lower-case
// "c" followed by a word is that, never the letter.
function expandBareC(tokens: Token[]): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'word' && t.text === 'c' && tokens[i + 1]!.kind === 'word') {
      tokens.splice(i, 1, ...expansion(t, ["c'", 'est']));
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
