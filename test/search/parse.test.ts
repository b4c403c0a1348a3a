import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearch, type SearchNode, SearchSyntaxError } from '../../src/search/parse.ts';

// A compact rendering of the tree, so each case reads as what the query means.
function show(n: SearchNode): string {
  switch (n.kind) {
    case 'text': {
      const where = n.field === 'any' ? '' : `${n.field}:`;
      const body = n.exact ? `"${n.words.join(' ')}"` : n.words.join(' ');
      return `${where}${body}${n.prefix ? '*' : ''}`;
    }
    case 'filter':
      return `${n.field}=${n.value}`;
    case 'not':
      return `-${show(n.child)}`;
    default:
      return `${n.kind}(${n.children.map(show).join(', ')})`;
  }
}

describe('parseSearch: the language', () => {
  it.each([
    // words side by side are all required; accents and case fold
    ['facture', 'facture'],
    ['Facture RÉSILIÉ', 'and(facture, resilie)'],
    ['facture AND free', 'and(facture, free)'],
    // OR, and its pipe; AND binds tighter than OR
    ['facture OR résiliation', 'or(facture, resiliation)'],
    ['facture | panne', 'or(facture, panne)'],
    ['a b OR c', 'or(and(a, b), c)'],
    ['a OR b OR c', 'or(a, b, c)'],
    // lower-case "or" and "not" are French words, not operators
    ['or not', 'and(or, not)'],
    // NOT and the leading minus; a hyphen inside a word is no minus
    ['facture -free', 'and(facture, -free)'],
    ['facture NOT free', 'and(facture, -free)'],
    ['-(a OR b) c', 'and(-or(a, b), c)'],
    ['--free', 'free'],
    ['wi-fi', '"wi fi"'],
    // a lone minus or punctuation holds no word: skipped
    ['facture - free &', 'and(facture, free)'],
    // phrases and words the index splits are exact sequences
    ['"service client"', '"service client"'],
    ["l'enfer", '"l enfer"'],
    ['-"service client"', '-"service client"'],
    // parentheses
    ['(facture OR panne) sfr', 'and(or(facture, panne), sfr)'],
    ['((a))', 'a'],
    // prefixes
    ['factur*', 'factur*'],
    // fields
    ['brand:SFR', 'brand=sfr'],
    ['source:le-blog', 'source=le-blog'],
    ['lang:fra', 'lang=fra'],
    ['author:"Jean P"', 'author:"jean p"'],
    ['author:jean', 'author:jean'],
    ['title:facture', 'title:facture'],
    ['Brand:sfr -brand:free', 'and(brand=sfr, -brand=free)'],
  ])('%s → %s', (q, tree) => {
    expect(show(parseSearch(q))).toBe(tree);
  });
});

describe('parseSearch: syntax errors say where and what was expected', () => {
  it.each([
    ['(facture OR panne', 17, 'expected ")" to close the "(" at position 0, found end of query'],
    ['facture)', 7, 'unexpected ")"'],
    ['facture OR', 10, 'after OR, found end of query'],
    ['OR facture', 0, 'found "OR"'],
    ['facture NOT', 11, 'after NOT'],
    ['a AND', 5, 'after AND'],
    ['()', 1, 'found ")"'],
    ['"service client', 0, 'expected a closing "'],
    ['bran:sfr', 0, 'unknown field "bran:"'],
    ['http://example.fr', 0, 'unknown field "http:"'],
    ['brand:', 6, 'expected a value after brand:'],
    ['brand:"S F R"', 0, 'expected a brand id'],
    ['lang:french', 0, 'ISO 639-3'],
    ['author:"!!"', 0, 'at least one word'],
    ['', 0, 'found end of query'],
    ['   &&  ', 7, 'found end of query'],
    ['('.repeat(40), 32, 'nested more than 32 levels'],
  ])('%j: at %i, %s', (q, position, message) => {
    let caught: unknown;
    try {
      parseSearch(q);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SearchSyntaxError);
    const e = caught as SearchSyntaxError;
    expect(e.position).toBe(position);
    expect(e.reason).toContain(message);
    expect(e.message).toContain(`at position ${position}`);
  });
});

describe('parseSearch on any input', () => {
  // Built from the language's own pieces, so that deep and odd combinations come up often.
  const piece = fc.constantFrom(
    '(',
    ')',
    '"',
    '-',
    '|',
    ' ',
    'OR',
    'AND',
    'NOT',
    'brand:',
    'author:',
    'lang:',
    'x:',
    'facture',
    'é',
    '*',
    ':',
    "'",
    '\u0301',
    '\uD800',
    '🙂',
    '\t',
    'résilié',
  );
  const query = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.array(piece, { maxLength: 60 }).map((a) => a.join('')),
  );

  it('returns a tree or throws a SearchSyntaxError with a position inside the query, nothing else', () => {
    fc.assert(
      fc.property(query, (q) => {
        try {
          parseSearch(q);
        } catch (err) {
          if (!(err instanceof SearchSyntaxError)) throw err;
          expect(err.position).toBeGreaterThanOrEqual(0);
          expect(err.position).toBeLessThanOrEqual(q.length);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
