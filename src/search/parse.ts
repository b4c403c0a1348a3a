// The search language of `q`, saved searches and digest filters (docs/api.md, "Search"):
//
//   query   := or
//   or      := and (("OR" | "|") and)*
//   and     := unary (["AND"] unary)*          two terms side by side: both required
//   unary   := ("NOT" | "-") unary | primary     "-" only right before a term: -free
//   primary := "(" or ")" | word | "phrase" | field:value | field:"phrase"
//
// Operators are upper case: "or", "et" and "not" are words to search for (French "or" is one).
// A word matches every form of it (facture, factures, facturée: stem.ts); a phrase matches its
// words in that order, exactly (accents and case aside); word* matches words starting so.
// Pure: text in, tree out, or a SearchSyntaxError that says where and what was expected.
import { searchWords } from './words.ts';

/** A filter on a post's own columns, outside the full-text index. */
export type FilterField = 'brand' | 'source' | 'lang';
/** Where a text term is looked for: the title and the text, the title alone, the author. */
export type TextField = 'any' | 'title' | 'author';

export type SearchNode =
  | {
      kind: 'text';
      /** Folded words; one word of a bare term is matched by stem, several as a phrase. */
      words: string[];
      /** A "quoted phrase", or a bare term that the index splits ("wi-fi", "l'enfer"). */
      exact: boolean;
      /** word*: words starting with the last one. */
      prefix: boolean;
      field: TextField;
    }
  | { kind: 'filter'; field: FilterField; value: string }
  | { kind: 'and'; children: SearchNode[] }
  | { kind: 'or'; children: SearchNode[] }
  | { kind: 'not'; child: SearchNode };

export const SEARCH_FIELDS = ['brand', 'source', 'author', 'title', 'lang'] as const;
export const SEARCH_MAX_LENGTH = 1000;
const MAX_DEPTH = 32;
const MAX_TERMS = 64;

/** A query that is not in the language; `position` is the 0-based offset of the fault. */
export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError';
  constructor(
    /** What was expected, without the position ("expected \")\" to close …"). */
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} (at position ${position})`);
  }
}

type Token =
  | { t: 'word'; text: string; at: number }
  | { t: 'phrase'; text: string; at: number }
  | { t: 'field'; name: string; value: string; quoted: boolean; at: number }
  | { t: '(' | ')' | 'OR' | 'AND' | 'NOT' | 'end'; at: number };

const BREAK = /[\s()"|]/u;

function describe(tok: Token): string {
  switch (tok.t) {
    case 'end':
      return 'end of query';
    case 'word':
      return `"${tok.text}"`;
    case 'phrase':
      return `the phrase "${tok.text}"`;
    case 'field':
      return `${tok.name}:`;
    default:
      return `"${tok.t}"`;
  }
}

function readPhrase(s: string, open: number): { text: string; end: number } {
  const close = s.indexOf('"', open + 1);
  if (close < 0) {
    throw new SearchSyntaxError(`expected a closing " for the phrase opened here`, open);
  }
  return { text: s.slice(open + 1, close), end: close + 1 };
}

function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/u.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ t: c, at: i++ });
    } else if (c === '|') {
      out.push({ t: 'OR', at: i++ });
    } else if (c === '"') {
      const p = readPhrase(s, i);
      out.push({ t: 'phrase', text: p.text, at: i });
      i = p.end;
    } else if (c === '-' && i + 1 < s.length && !/[\s|)-]/u.test(s[i + 1]!)) {
      // A minus right before a term negates it; "wi-fi" keeps its hyphen (not at a start).
      out.push({ t: 'NOT', at: i++ });
    } else {
      const start = i;
      while (i < s.length && !BREAK.test(s[i]!)) i++;
      const text = s.slice(start, i);
      const field = /^([A-Za-z]+):/.exec(text);
      if (field) {
        const name = field[1]!.toLowerCase();
        if (!(SEARCH_FIELDS as readonly string[]).includes(name)) {
          throw new SearchSyntaxError(
            `unknown field "${field[1]}:": expected one of ${SEARCH_FIELDS.map((f) => `${f}:`).join(', ')} (put the words in quotes to search for them)`,
            start,
          );
        }
        let value = text.slice(field[0].length);
        let quoted = false;
        if (value === '' && s[i] === '"') {
          const p = readPhrase(s, i);
          value = p.text;
          quoted = true;
          i = p.end;
        }
        if (value === '') {
          throw new SearchSyntaxError(`expected a value after ${name}:`, start + field[0].length);
        }
        out.push({ t: 'field', name, value, quoted, at: start });
      } else if (text === 'OR' || text === 'AND' || text === 'NOT') {
        out.push({ t: text, at: start });
      } else if (searchWords(text).length > 0) {
        out.push({ t: 'word', text, at: start });
      }
      // Else punctuation alone ("&", "...", a lone "*"): nothing the index holds, skipped.
    }
  }
  out.push({ t: 'end', at: s.length });
  return out;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function textNode(raw: string, exact: boolean, field: TextField, at: number): SearchNode {
  const words = searchWords(raw);
  if (words.length === 0) {
    throw new SearchSyntaxError('expected at least one word (letters or digits)', at);
  }
  // "wi-fi", "l'enfer": one term the index holds as several words, so matched as a phrase.
  const prefix = !exact && /\*$/.test(raw);
  return { kind: 'text', words, exact: exact || words.length > 1, prefix, field };
}

function fieldNode(tok: Extract<Token, { t: 'field' }>): SearchNode {
  const { name, value, quoted, at } = tok;
  if (name === 'author' || name === 'title') return textNode(value, quoted, name, at);
  const v = value.toLowerCase();
  if (name === 'lang') {
    if (!/^[a-z]{3}$/.test(v)) {
      throw new SearchSyntaxError('expected an ISO 639-3 code after lang:, e.g. lang:fra', at);
    }
    return { kind: 'filter', field: 'lang', value: v };
  }
  if (!ID.test(v)) {
    throw new SearchSyntaxError(
      `expected a ${name} id after ${name}: (letters, digits, "-" or "_")`,
      at,
    );
  }
  return { kind: 'filter', field: name as FilterField, value: v };
}

class Parser {
  private i = 0;
  private depth = 0;
  private terms = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i]!;
  }

  parse(): SearchNode {
    const node = this.or();
    const tok = this.peek();
    if (tok.t === ')') {
      throw new SearchSyntaxError('unexpected ")": there is no "(" to close', tok.at);
    }
    return node;
  }

  private or(): SearchNode {
    const children = [this.and()];
    while (this.peek().t === 'OR') {
      this.i++;
      children.push(this.and());
    }
    return children.length === 1 ? children[0]! : flat('or', children);
  }

  private and(): SearchNode {
    const children = [this.unary()];
    for (;;) {
      const t = this.peek().t;
      if (t === 'end' || t === ')' || t === 'OR') break;
      if (t === 'AND') this.i++;
      children.push(this.unary());
    }
    return children.length === 1 ? children[0]! : flat('and', children);
  }

  private unary(): SearchNode {
    const tok = this.peek();
    if (tok.t === 'NOT') {
      this.i++;
      return { kind: 'not', child: this.nested(tok.at, () => this.unary()) };
    }
    return this.primary();
  }

  /** Runs `f` one level deeper; `at` is where the level opens (its "(" or NOT). */
  private nested(at: number, f: () => SearchNode): SearchNode {
    if (++this.depth > MAX_DEPTH) {
      throw new SearchSyntaxError(`nested more than ${MAX_DEPTH} levels deep`, at);
    }
    const node = f();
    this.depth--;
    return node;
  }

  private primary(): SearchNode {
    const tok = this.peek();
    if (tok.t === '(') {
      this.i++;
      const inner = this.nested(tok.at, () => this.or());
      const close = this.peek();
      if (close.t !== ')') {
        throw new SearchSyntaxError(
          `expected ")" to close the "(" at position ${tok.at}, found ${describe(close)}`,
          close.at,
        );
      }
      this.i++;
      return inner;
    }
    if (tok.t === 'word' || tok.t === 'phrase' || tok.t === 'field') {
      if (++this.terms > MAX_TERMS) {
        throw new SearchSyntaxError(`more than ${MAX_TERMS} terms`, tok.at);
      }
      this.i++;
      if (tok.t === 'field') return fieldNode(tok);
      return textNode(tok.text, tok.t === 'phrase', 'any', tok.at);
    }
    const after = this.i > 0 ? this.toks[this.i - 1]! : null;
    const where =
      after && (after.t === 'OR' || after.t === 'AND' || after.t === 'NOT')
        ? ` after ${after.t}`
        : '';
    throw new SearchSyntaxError(
      `expected a word, a "phrase", a field (brand:, source:, author:, title:, lang:) or "("${where}, found ${describe(tok)}`,
      tok.at,
    );
  }
}

function flat(kind: 'and' | 'or', children: SearchNode[]): SearchNode {
  return { kind, children: children.flatMap((c) => (c.kind === kind ? c.children : [c])) };
}

/** The tree of a query; a SearchSyntaxError (and nothing else) when it is not in the language. */
export function parseSearch(query: string): SearchNode {
  if (query.length > SEARCH_MAX_LENGTH) {
    throw new SearchSyntaxError(`longer than ${SEARCH_MAX_LENGTH} characters`, SEARCH_MAX_LENGTH);
  }
  return new Parser(lex(query)).parse();
}
