// A search tree (src/search/parse.ts) as SQL over the posts_search index (migration 7).
//
// posts_search holds, per post, its title, text and author as written (accents and case folded
// by FTS5) and the stems of its title and text (src/search/stem.ts, computed by the
// grogne_stems() function that the store registers on its connection). A bare word is looked
// for among the stems, a phrase or a prefix among the words as written, an author among
// authors. Whatever part of a query FTS5 can answer on its own becomes one MATCH expression
// that drives the list; fields on other tables (brand:, source:, lang:), and negations with
// nothing positive beside them, become WHERE conditions on the post `p`.
import { parseSearch, type SearchNode } from '../search/parse.ts';
import { memoStemmer, stem, stemText } from '../search/stem.ts';
import { searchWords } from '../search/words.ts';
import type { Db } from './open.ts';

export const STEMS_FUNCTION = 'grogne_stems';

/**
 * Registers grogne_stems(text) on a connection: the posts_search triggers call it, so every
 * connection that writes posts needs it (openStore and migrate register it).
 */
export function registerSearchFunctions(db: Db): void {
  const stemmer = memoStemmer();
  db.function(STEMS_FUNCTION, { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? stemText(searchWords(text), stemmer) : null,
  );
}

export interface CompiledSearch {
  /** An FTS5 MATCH expression for posts_search that every result satisfies, or null. */
  drive: string | null;
  /** SQL conditions on `p` (posts), all required besides the drive. */
  where: string[];
  params: Record<string, unknown>;
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The FTS5 expression of one text term. */
function textMatch(n: Extract<SearchNode, { kind: 'text' }>): string {
  if (n.field === 'author') return `{author} : ${quote(n.words.join(' '))}${n.prefix ? '*' : ''}`;
  const own = n.field === 'title' ? 'title' : 'title text';
  if (n.exact || n.prefix) return `{${own}} : ${quote(n.words.join(' '))}${n.prefix ? '*' : ''}`;
  const stems = n.field === 'title' ? 'title_stem' : 'title_stem text_stem';
  return `{${stems}} : ${quote(stem(n.words[0]!))}`;
}

/** The MATCH expression of a node when FTS5 alone can tell which posts it holds, else null. */
function match(n: SearchNode): string | null {
  switch (n.kind) {
    case 'text':
      return textMatch(n);
    case 'filter':
    case 'not':
      // NOT is binary in FTS5 ("a NOT b"): a negation alone is no set of posts it can list.
      return null;
    case 'or': {
      const parts = n.children.map(match);
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    case 'and': {
      const { positive, negative, rest } = split(n.children);
      if (rest.length > 0 || positive.length === 0) return null;
      return negative.reduce((e, x) => `(${e} NOT ${x})`, `(${positive.join(' AND ')})`);
    }
  }
}

/** An AND's children: FTS terms, negated FTS terms, and the rest. */
function split(children: SearchNode[]) {
  const positive: string[] = [];
  const negative: string[] = [];
  const rest: SearchNode[] = [];
  for (const c of children) {
    const m = c.kind === 'not' ? null : match(c);
    const neg = c.kind === 'not' ? match(c.child) : null;
    if (m !== null) positive.push(m);
    else if (neg !== null) negative.push(neg);
    else rest.push(c);
  }
  return { positive, negative, rest };
}

class Compiler {
  readonly params: Record<string, unknown> = {};
  private n = 0;
  constructor(private readonly prefix: string) {}

  bind(value: unknown): string {
    const name = `${this.prefix}${this.n++}`;
    this.params[name] = value;
    return `@${name}`;
  }

  /** A boolean SQL expression on `p` for any node. */
  sql(n: SearchNode): string {
    const m = match(n);
    if (m !== null) return this.matches(m);
    switch (n.kind) {
      case 'filter':
        if (n.field === 'source') return `p.source_id = ${this.bind(n.value)}`;
        if (n.field === 'lang') return `p.lang = ${this.bind(n.value)}`;
        return `EXISTS (SELECT 1 FROM brand_mentions sb WHERE sb.post_id = p.id AND sb.brand_id = ${this.bind(n.value)})`;
      case 'not':
        return `NOT (${this.sql(n.child)})`;
      case 'and':
      case 'or':
        return `(${n.children.map((c) => this.sql(c)).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'text':
        return this.matches(textMatch(n));
    }
  }

  private matches(expr: string): string {
    return `p.fts_rowid IN (SELECT rowid FROM posts_search WHERE posts_search MATCH ${this.bind(expr)})`;
  }
}

/** What a list is searched with: a query, or several that all apply (a saved search and q). */
export type SearchInput = string | readonly string[] | SearchNode;

function rootOf(query: SearchInput): SearchNode {
  if (typeof query === 'string') return parseSearch(query);
  if (!Array.isArray(query)) return query as SearchNode;
  // Parsed one by one: an error's position is then an offset into the query that has it.
  const roots = (query as readonly string[]).map(parseSearch);
  if (roots.length === 1) return roots[0]!;
  return { kind: 'and', children: roots.flatMap((r) => (r.kind === 'and' ? r.children : [r])) };
}

/**
 * Compiles a search for a list of posts `p`. Parameters are named `prefix` + a number, so that
 * the caller's own names cannot collide. Throws the parser's SearchSyntaxError on a query that
 * is not in the language.
 */
export function compileSearch(query: SearchInput, prefix = 'search'): CompiledSearch {
  const root = rootOf(query);
  const c = new Compiler(prefix);
  const whole = match(root);
  if (whole !== null) return { drive: whole, where: [], params: c.params };
  if (root.kind === 'and') {
    const { positive, negative, rest } = split(root.children);
    if (positive.length > 0) {
      const drive = negative.reduce((e, x) => `(${e} NOT ${x})`, `(${positive.join(' AND ')})`);
      return { drive, where: rest.map((r) => c.sql(r)), params: c.params };
    }
  }
  return { drive: null, where: [c.sql(root)], params: c.params };
}

/** The query as WHERE conditions alone (no drive), for lists driven by another index. */
export function searchConditions(
  query: SearchInput,
  prefix = 'search',
): { where: string[]; params: Record<string, unknown> } {
  const s = compileSearch(query, prefix);
  if (s.drive === null) return { where: s.where, params: s.params };
  const name = `${prefix}Match`;
  return {
    where: [
      `p.fts_rowid IN (SELECT rowid FROM posts_search WHERE posts_search MATCH @${name})`,
      ...s.where,
    ],
    params: { ...s.params, [name]: s.drive },
  };
}
