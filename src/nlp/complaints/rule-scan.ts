// Where the complaint rules match in a folded text. Every rule (categories, acts, "problem
// solved", billing claims, questions to the readers) sits in one prefix filter
// (rule-prefilter.ts) and is tried only where a token starts: one trie walk per token start
// says which rules can begin there, most often none ("le", "de", "je"). Only those rules'
// sticky regexes then run, in rule order, the first match winning: what the family's
// alternation "(rule1)|(rule2)|…" matches there.
//
// The price of token starts: overlapping matches of two rules of a family keep the first
// only, and a match that would begin inside a token (after a hyphen, in a hashtag or a link)
// is not seen. Every rule opens with a word boundary, so at the token starts this finds
// what a whole-text scan finds (test/nlp/rule-prefilter.test.ts).

import type { Token } from '../tokens/tokens.ts';
import { ACT_RULES, ASKING_RE, CATEGORY_RULES, CLAIM_RE, RESOLVED_RE } from './complaint-rules.ts';
import { ruleFilterOf, rulesAt } from './rule-prefilter.ts';

const STICKY = [
  ...CATEGORY_RULES.map((r) => r.re),
  ...ACT_RULES.map((r) => r.re),
  RESOLVED_RE,
  CLAIM_RE,
  ASKING_RE,
].map((re) => new RegExp(re.source, 'y'));
const FILTER = ruleFilterOf(STICKY);
const ACTS_FROM = CATEGORY_RULES.length;
const RESOLVED_AT = ACTS_FROM + ACT_RULES.length;
const CATEGORY_BITS = (1 << ACTS_FROM) - 1;
const ACT_BITS = ((1 << RESOLVED_AT) - 1) & ~CATEGORY_BITS;
const RESOLVED_BIT = 1 << RESOLVED_AT;
const CLAIM_BIT = 1 << (RESOLVED_AT + 1);
const ASKING_BIT = 1 << (RESOLVED_AT + 2);

/** Where the last ruleAt() match ended: a module slot, so a match allocates nothing. */
let matchEnd = 0;

/** The first rule of `bits` (lowest bit first) whose regex matches at `at`, or -1. */
function ruleAt(bits: number, flat: string, at: number): number {
  for (let left = bits; left !== 0; left &= left - 1) {
    const i = 31 - Math.clz32(left & -left);
    const re = STICKY[i]!;
    re.lastIndex = at;
    if (re.test(flat)) {
      matchEnd = re.lastIndex;
      return i;
    }
  }
  return -1;
}

/**
 * The matches at the token starts, left to right, as (rule, start, end) triples per family
 * (the rule's index in its list; 0 for "resolved" and claims); within a family a match hides
 * the later starts it covers. `asks`: a question to the readers starts at some token.
 *
 * The arrays are reused from call to call: each family's triples are the first n… entries of
 * its array (the rest is stale), valid until the next scan. ruleSignals() reads them at once
 * and keeps none: growing four fresh arrays per text cost ~2 KB.
 */
export interface Hits {
  categories: number[];
  acts: number[];
  resolved: number[];
  claims: number[];
  nCategories: number;
  nActs: number;
  nResolved: number;
  nClaims: number;
  asks: boolean;
}

const SHARED: Hits = {
  categories: [],
  acts: [],
  resolved: [],
  claims: [],
  nCategories: 0,
  nActs: 0,
  nResolved: 0,
  nClaims: 0,
  asks: false,
};

export function scanRules(flat: string, tokens: readonly Token[]): Hits {
  const hits = SHARED;
  hits.asks = false;
  let nCategories = 0;
  let nActs = 0;
  let nResolved = 0;
  let nClaims = 0;
  let categoryAfter = 0;
  let actAfter = 0;
  let resolvedAfter = 0;
  let claimAfter = 0;
  for (let t = 0; t < tokens.length; t++) {
    const at = tokens[t]!.start;
    const bits = rulesAt(FILTER, flat, at);
    if (bits === 0) continue;
    if (bits & CATEGORY_BITS && at >= categoryAfter) {
      const i = ruleAt(bits & CATEGORY_BITS, flat, at);
      if (i >= 0) {
        nCategories = put(hits.categories, nCategories, i, at);
        categoryAfter = matchEnd;
      }
    }
    if (bits & ACT_BITS && at >= actAfter) {
      const i = ruleAt(bits & ACT_BITS, flat, at);
      if (i >= 0) {
        nActs = put(hits.acts, nActs, i - ACTS_FROM, at);
        actAfter = matchEnd;
      }
    }
    if (bits & RESOLVED_BIT && at >= resolvedAfter && ruleAt(RESOLVED_BIT, flat, at) >= 0) {
      nResolved = put(hits.resolved, nResolved, 0, at);
      resolvedAfter = matchEnd;
    }
    if (bits & CLAIM_BIT && at >= claimAfter && ruleAt(CLAIM_BIT, flat, at) >= 0) {
      nClaims = put(hits.claims, nClaims, 0, at);
      claimAfter = matchEnd;
    }
    if (bits & ASKING_BIT && !hits.asks) hits.asks = ruleAt(ASKING_BIT, flat, at) >= 0;
  }
  hits.nCategories = nCategories;
  hits.nActs = nActs;
  hits.nResolved = nResolved;
  hits.nClaims = nClaims;
  return hits;
}

/** Writes the triple (rule, at, matchEnd) at `n` of `list`; returns the new count. */
function put(list: number[], n: number, rule: number, at: number): number {
  list[n] = rule;
  list[n + 1] = at;
  list[n + 2] = matchEnd;
  return n + 3;
}
