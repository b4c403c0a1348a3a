// The search language as a zod string, for every place a query comes in: GET /v1/posts?q=,
// a saved search's body, a digest's `search` in the config. A query that does not parse is an
// issue whose message says what was expected and where, and whose params carry the position.
import { z } from 'zod';
import { parseSearch, SEARCH_MAX_LENGTH, SearchSyntaxError } from './parse.ts';

export const searchQuery = z
  .string()
  .min(1, 'expected a search query')
  .max(SEARCH_MAX_LENGTH, `at most ${SEARCH_MAX_LENGTH} characters`)
  .superRefine((s, ctx) => {
    try {
      parseSearch(s);
    } catch (err) {
      if (!(err instanceof SearchSyntaxError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message, params: { position: err.position } });
    }
  });
