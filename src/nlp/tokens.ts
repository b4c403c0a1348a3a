// French-aware tokens with offsets into the original text. The text is first passed through
// prepare() (same length), so offsets need no mapping. Elided articles and pronouns stay
// tokens of their own ("l'" + "enfer"): the negation "n'" and the article "l'" both matter.
import { flatten, fold, prepare } from './normalise.ts';
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
  /** Lower case, NFC, with diacritics. */
  lower: string;
  /** Lower case, no diacritics, stretched letters collapsed: the lexicon key. */
  folded: string;
  /** Letters repeated 3+ times ("nuuuul"): an intensifier. */
  stretched: boolean;
  /** Written in capitals (2+ letters): an intensifier, unless the whole text shouts. */
  caps: boolean;
  /** Produced by a slang expansion ("jsuis" → "je" "suis"). */
  slang: boolean;
}

// One pass, alternatives in priority order; numbered groups are cheaper than named ones.
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
    /(\d+(?:[.,]\d+)*(?:ème|eme|ieme|ère|er|e|è)?(?![\p{L}]))/u.source, // 8 number (5e, 24, 1,5)
    /([!?]+|\.{2,}|…+|\S)/u.source, // 9 punct: runs of ! ? and ellipses stay one token
  ].join('|'),
  // No "i" flag: case-insensitive Unicode matching made this regex ~2× slower.
  'gu',
);

const KINDS: TokenKind[] = [
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

const SLANG_MAX = Math.max(...[...SLANG.keys()].map((k) => k.length));
const STRETCH_TEST = /(\p{L})\1\1/u;
const STRETCH = /(\p{L})\1{2,}/gu;

// Combining marks: the text is not NFC, forms must be normalised token by token.
const COMBINING = /[\u0300-\u036f]/;

/** The forms of a token that depend only on its prepared characters and kind. */
interface Forms {
  lower: string;
  folded: string;
  stretched: boolean;
  caps: boolean;
}

// Forms by prepared token, one memo per kind family (words test stretching and capitals,
// elisions capitals, the rest neither): most tokens recur across posts, and lower-casing,
// folding and two regex tests per token were a third of tokenising.
const WORD_FORMS = new Map<string, Forms>();
const ELISION_FORMS = new Map<string, Forms>();
const OTHER_FORMS = new Map<string, Forms>();
const FORMS_LIMIT = 50_000;

function formsOf(kind: TokenKind, prepared: string): Forms {
  const memo = kind === 'word' ? WORD_FORMS : kind === 'elision' ? ELISION_FORMS : OTHER_FORMS;
  const hit = memo.get(prepared);
  if (hit !== undefined) return hit;
  const decomposed = COMBINING.test(prepared);
  const lower = decomposed ? prepared.normalize('NFC').toLowerCase() : prepared.toLowerCase();
  // flatten() maps unit for unit, so this is the slice of flatten(src) at the token.
  let folded = decomposed ? fold(lower) : flatten(prepared);
  let stretched = false;
  if (kind === 'word' && folded.length >= 3 && STRETCH_TEST.test(folded)) {
    stretched = true;
    folded = folded.replace(STRETCH, '$1');
  }
  // Capitals: only words that have one (prepared !== lower) need the full test.
  const caps =
    (kind === 'word' || kind === 'elision') &&
    prepared.length >= 2 &&
    prepared !== lower &&
    prepared === prepared.toUpperCase();
  const forms = { lower, folded, stretched, caps };
  if (memo.size >= FORMS_LIMIT) memo.clear();
  memo.set(prepared, forms);
  return forms;
}

function makeToken(kind: TokenKind, start: number, text: string, src: string): Token {
  const end = start + text.length;
  // Forms come from the prepared text: straight apostrophes ("c’" → "c'").
  const f = formsOf(kind, src.slice(start, end));
  return {
    kind,
    start,
    end,
    text,
    lower: f.lower,
    folded: f.folded,
    stretched: f.stretched,
    caps: f.caps,
    slang: false,
  };
}

function expansion(source: Token, words: readonly string[]): Token[] {
  return words.map((w) => {
    const f = fold(w);
    return {
      ...source,
      kind: w.endsWith("'") ? ('elision' as const) : ('word' as const),
      lower: w,
      folded: f,
      slang: true,
    };
  });
}

/**
 * Tokens of `text`, in order, with offsets into `text`. `src` is prepare(text), for callers
 * that already have it; `_flat` (flatten(src)) is no longer needed and kept for callers.
 */
export function tokenize(text: string, src = prepare(text), _flat?: string): Token[] {
  const known = recall(text);
  if (known) return known;
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(src); m !== null; m = TOKEN_RE.exec(src)) {
    let g = 1;
    while (g < 10 && m[g] === undefined) g++;
    const kind = KINDS[g]!;
    // Keep the original characters (curly apostrophes and all) as the token's text.
    const tok = makeToken(kind, m.index, text.slice(m.index, m.index + m[0].length), src);
    if (kind === 'word') {
      const slang = tok.folded.length <= SLANG_MAX ? SLANG.get(tok.folded) : undefined;
      if (slang) {
        out.push(...expansion(tok, slang));
        continue;
      }
    }
    out.push(tok);
  }
  expandBareC(out);
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
  tokens.map((t) => ({ ...t, start: t.start + by, end: t.end + by }));

/**
 * Tokens of `text` when it is a recent text, or two recent texts joined by a line break (a
 * copy: callers own their tokens). The regex cannot match across "\n" and reads it as it
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
function expandBareC(tokens: Token[]): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'word' && t.text === 'c' && tokens[i + 1]!.kind === 'word') {
      tokens.splice(i, 1, ...expansion(t, ["c'", 'est']));
    }
  }
}
