// Mentions of the watched brands: aliases with their case rules, handles and hashtags
// (case-insensitive), configured exclusions ("jus d'orange"), English "free", "gratuit" talk,
// and context words that an ambiguous alias needs in its sentence ("Orange" + "fibre").
import type { BrandConfig } from '../../config.ts';
import { flatten, fold, prepare } from '../text/normalise.ts';
import { sortStably } from '../text/stable-sort.ts';
import { type Token, tokenize } from '../tokens/tokens.ts';
import {
  type AnchoredRegex,
  anchoredRegex,
  chooseKeys,
  matchSpans,
  scanText,
  useKeys,
  useText,
} from './anchored-scan.ts';

export interface Mention {
  brand: string;
  start: number;
  end: number;
  text: string;
  kind: 'alias' | 'handle' | 'hashtag';
}

interface CompiledBrand {
  id: string;
  /**
   * The prefilter's keys: the longest folded token of each alias ("poste" of "La Poste": "la"
   * would make every post a candidate) and each handle whole, sigil dropped (a handle or
   * hashtag is one token).
   */
  needles: string[];
  /** What the regexes are anchored on in the flat text (see anchored-scan.ts). */
  keys: string[];
  alias: AnchoredRegex | null;
  handle: AnchoredRegex | null;
  exclude: AnchoredRegex | null;
  context: RegExp | null;
}

/** Which brands of a list a token may name. */
interface BrandIndex {
  compiled: CompiledBrand[];
  /** Word tokens: folded form → brand indexes. */
  words: Map<string, number[]>;
  /**
   * Handle and hashtag tokens, looked up with their sigil: each needle is here as "@n" and
   * "#n" (the scanner gives those two sigils only), so a token needs no slice(1).
   */
  tagged: Map<string, number[]>;
  /** Per brand, 1 once candidates() has seen it in the current call. */
  seen: Uint8Array;
}

const cache = new WeakMap<BrandConfig, CompiledBrand>();
const indexes = new WeakMap<readonly BrandConfig[], BrandIndex>();

function indexOf(brands: readonly BrandConfig[]): BrandIndex {
  let index = indexes.get(brands);
  if (index) return index;
  const compiled = brands.map(compile);
  index = {
    compiled,
    words: new Map(),
    tagged: new Map(),
    seen: new Uint8Array(brands.length),
  };
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  for (const [i, c] of compiled.entries()) {
    for (const n of c.needles) {
      add(index.words, n, i);
      add(index.tagged, `@${n}`, i);
      add(index.tagged, `#${n}`, i);
    }
  }
  indexes.set(brands, index);
  return index;
}

/**
 * Brands that may be named in `tokens`, written into CANDIDATES (module scratch: the caller
 * reads them before the next call); returns how many. Most posts name none, and regexes cost
 * ~50× more.
 */
function candidates(brands: readonly BrandConfig[], tokens: readonly Token[]): number {
  const index = indexOf(brands);
  const { compiled, words, tagged, seen } = index;
  // One flag per configured brand (a handful), cleared per call.
  seen.fill(0);
  let n = 0;
  for (const t of tokens) {
    // Kept on the token's shared form: the same characters name the same brands (a handle's
    // or a tag's characters make it one wherever it is).
    const form = t.form;
    let list: number[] | undefined;
    if (form.brandsOwner === index) list = form.brands;
    else {
      list = (t.kind === 'handle' || t.kind === 'hashtag' ? tagged : words).get(t.folded);
      form.brandsOwner = index;
      form.brands = list;
    }
    if (list === undefined) continue;
    for (const i of list) {
      if (seen[i] === 1) continue;
      seen[i] = 1;
      n++;
    }
  }
  // In the configuration's order, as the scan below has always taken them.
  let k = 0;
  for (let i = 0; k < n; i++) if (seen[i] === 1) CANDIDATES[k++] = compiled[i]!;
  return n;
}
const CANDIDATES: CompiledBrand[] = [];

/** The longest folded token of an alias, the rarest in French text as a rule. */
function longestToken(alias: string): string {
  let best = '';
  for (const t of tokenize(alias)) if (t.folded.length > best.length) best = t.folded;
  return best;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(b: BrandConfig): CompiledBrand {
  const hit = cache.get(b);
  if (hit) return hit;
  const byLength = (xs: string[]) => [...xs].sort((x, y) => y.length - x.length);
  const aliases = byLength(b.aliases.map((a) => prepare(a)));
  const handles = byLength(b.handles);
  const excludes = b.exclude.map((e) => prepare(e));
  const keys = chooseKeys([...aliases, ...handles, ...excludes]);
  const c: CompiledBrand = {
    id: b.id,
    needles: [...b.aliases.map(longestToken), ...b.handles.map((h) => fold(h.slice(1)))],
    keys,
    alias: anchoredRegex(
      { alternatives: aliases, left: 'word-or-sigil', right: true, caseless: !b.caseSensitive },
      keys,
    ),
    // Handles and hashtags are case-insensitive on every platform.
    handle: anchoredRegex(
      { alternatives: handles, left: 'word', right: true, caseless: true },
      keys,
    ),
    exclude: anchoredRegex(
      { alternatives: excludes, left: 'none', right: false, caseless: true },
      keys,
    ),
    // Context words are matched on the folded text, so "réseau" also finds "reseau".
    context: b.context.length
      ? new RegExp(
          `(?<![a-z0-9])(?:${b.context.map((w) => escapeRe(flatten(prepare(w)))).join('|')})`,
          'g',
        )
      : null,
  };
  cache.set(b, c);
  return c;
}

// "free" is also English: "free wifi", "for free". These never name the operator.
const ENGLISH_NEXT =
  /^\s+(?:wifi|wi-fi|shipping|trial|speech|of|to|and|the|for|delivery|download|time|stuff|games?|app|plan|account|spirit|will|market|trade|range|style|party|lance|software|now|online|access)(?![a-z])/;
const ENGLISH_PREV =
  /(?<![a-z0-9'])(?:for|is|are|totally|feel|toll|duty|gluten|sugar|it's|its|100%|completely|tax)\s+$/;
// "Free, c'est gratuit ?": the word is the price, not the operator, unless a telecom word
// in the sentence says otherwise.
const GRATIS = /gratuit|sans frais/;
// Built-in context: "chez Orange", "je pars chez Free", "client Orange".
const CONTEXT_BEFORE = /(?:chez|operateur|abonne|abonnement|client|cliente|clients|offre)\s+$/;

/** Mentions of the watched brands in `text`, excluded phrases and English "free" removed. */
export function findMentions(
  text: string,
  brands: readonly BrandConfig[],
  sentenceOf: (offset: number) => { start: number; end: number },
  inTitle = false,
  tokens: readonly Token[] = tokenize(text),
  flat: string = flatten(prepare(text)),
): Mention[] {
  const named = candidates(brands, tokens);
  if (named === 0) return [];
  const src = prepare(text);
  const t = SCAN;
  useText(t, src, flat);
  const out: Mention[] = [];
  for (let b = 0; b < named; b++) {
    const c = CANDIDATES[b]!;
    useKeys(t, c.keys);
    // Exclusions matter only beside a match: most brands named in a post have none.
    let excluded = -1;
    // This brand's mentions so far are out[first…]: a match overlapping one is dropped.
    const first = out.length;
    for (let pass = 0; pass < 2; pass++) {
      const s = pass === 0 ? c.handle : c.alias;
      if (!s) continue;
      const n = matchSpans(s, t, MATCHES);
      for (let i = 0; i < n; i += 2) {
        const start = MATCHES[i]!;
        const end = MATCHES[i + 1]!;
        if (excluded < 0) excluded = c.exclude ? matchSpans(c.exclude, t, EXCLUDED) : 0;
        if (overlaps(EXCLUDED, excluded, start, end) || overlapsFound(out, first, start, end))
          continue;
        const k = pass === 0 ? (src.charCodeAt(start) === 35 ? 'hashtag' : 'handle') : 'alias';
        if (k === 'alias' && !keepAlias(flat, start, end, c, sentenceOf, inTitle)) continue;
        out.push({ brand: c.id, start, end, text: text.slice(start, end), kind: k });
      }
    }
  }
  // Keep no text alive until the next call.
  useText(t, '', '');
  return sortStably(out, laterMention);
}

/** The text being scanned: module scratch, reused (see ScanText). */
const SCAN = scanText();

// The (start, end) pairs of a brand's matches and of its exclusions: module scratch, reused
// by every call (nothing of them is returned).
const MATCHES: number[] = [];
const EXCLUDED: number[] = [];

/** What `sort((a, b) => a.start - b.start)` orders. */
const laterMention = (a: Mention, b: Mention) => a.start > b.start;

function overlapsFound(found: readonly Mention[], from: number, start: number, end: number) {
  for (let i = from; i < found.length; i++) {
    if (start < found[i]!.end && end > found[i]!.start) return true;
  }
  return false;
}

/** Whether [start, end) overlaps one of the first `n` / 2 (start, end) pairs of `spans`. */
function overlaps(spans: readonly number[], n: number, start: number, end: number): boolean {
  for (let i = 0; i < n; i += 2) if (start < spans[i + 1]! && end > spans[i]!) return true;
  return false;
}

/** Whether a \s can be this unit: all of \s is 9–13, 32, or past 0x9F. */
const maybeSpace = (u: number) => u === 32 || (u >= 9 && u <= 13) || u >= 0xa0;

function keepAlias(
  flat: string,
  start: number,
  end: number,
  c: CompiledBrand,
  sentenceOf: (offset: number) => { start: number; end: number },
  inTitle: boolean,
): boolean {
  // The tests on the words around need a space beside the name ("\s+$" before, "^\s+" after):
  // a name beside punctuation or an edge skips their slices and regexes.
  const spaceBefore = start > 0 && maybeSpace(flat.charCodeAt(start - 1));
  if (end < flat.length && maybeSpace(flat.charCodeAt(end))) {
    if (ENGLISH_NEXT.test(flat.slice(end, end + 24))) return false;
  }
  if (spaceBefore) {
    const before = flat.slice(Math.max(0, start - 24), start);
    if (ENGLISH_PREV.test(before)) return false;
    if (CONTEXT_BEFORE.test(before)) return true;
  }
  const free = end - start === 4 && flat.startsWith('free', start);
  // Only an ambiguous alias (context words) or "free" (gratis talk) can still be refused.
  if (!free && (!c.context || inTitle)) return true;
  const sent = sentenceOf(start);
  const sentence = flat.slice(sent.start, sent.end);
  let hasContext = false;
  if (c.context) {
    c.context.lastIndex = 0;
    hasContext = c.context.test(
      sentence.slice(0, start - sent.start) + sentence.slice(end - sent.start),
    );
  }
  if (free && !hasContext && GRATIS.test(sentence)) return false;
  return !c.context || hasContext || inTitle;
}
