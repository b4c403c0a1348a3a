// The search compiler on a real store: which part of a query drives the list, and that no
// query the parser accepts makes SQLite fail.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearch, SearchSyntaxError } from '../../src/search/parse.ts';
import { openStore } from '../../src/store/open.ts';
import { listPosts } from '../../src/store/read.ts';
import { compileSearch } from '../../src/store/search.ts';
import { savePosts, syncSources } from '../../src/store/write.ts';
import { item, NOW, source } from './make.ts';

describe('compileSearch', () => {
  it.each([
    // all full text: one MATCH drives, no condition
    ['facture', true, 0],
    ['facture -free "service client" OR author:jean', true, 0],
    // full text beside fields: the text drives, the fields test each candidate
    ['facture brand:sfr -source:forum', true, 2],
    // nothing positive for FTS5 to list: conditions only
    ['-free', false, 1],
    ['brand:sfr', false, 1],
    ['facture OR brand:sfr', false, 1],
  ])('%s: drive %s, %i conditions', (q, drives, conditions) => {
    const c = compileSearch(q);
    expect(c.drive !== null).toBe(drives);
    expect(c.where).toHaveLength(conditions);
  });

  it('several queries all apply, each parsed on its own', () => {
    expect(compileSearch(['facture', 'brand:sfr']).where).toHaveLength(1);
    // The position is the one in the query at fault, not in some concatenation.
    try {
      compileSearch(['facture', 'a OR']);
      expect.unreachable();
    } catch (err) {
      expect((err as SearchSyntaxError).position).toBe(4);
    }
  });
});

describe('any query the parser accepts runs', () => {
  const db = openStore(':memory:');
  syncSources(db, [source('blog')], () => NOW);
  savePosts(
    db,
    'blog',
    [item('a', { text: 'Ma facture, le service client, résilié.' })],
    () => NOW,
  );
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
    'brand:sfr',
    'author:',
    'title:',
    'lang:fra',
    'source:blog',
    'facture',
    'é',
    '*',
    "'",
    '²',
    'ǅ',
    '\u0345',
    'ⅷ',
    '🙂',
    'résilié',
    '""',
  );
  const query = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(piece, { maxLength: 30 }).map((a) => a.join('')),
  );

  it('without an SQLite error', () => {
    fc.assert(
      fc.property(query, (q) => {
        try {
          parseSearch(q);
        } catch (err) {
          if (err instanceof SearchSyntaxError) return;
          throw err;
        }
        listPosts(db, { q, limit: 5 });
        listPosts(db, { q, limit: 5, brand: 'sfr' });
      }),
      { numRuns: 2000 },
    );
  });
});
