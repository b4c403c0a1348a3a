// Mentions of the watched brands: aliases with their case rules, handles and hashtags
// (case-insensitive), configured exclusions ("jus d'orange"), English "free", "gratuit" talk,
// and context words that an ambiguous alias needs in its sentence ("Orange" + "fibre").
import type { BrandConfig } from '../config.ts';
import {
  type AnchoredRegex,
  anchoredRegex,
  chooseKeys,
  matchesOf,
  type ScanText,
} from './anchored-scan.ts';
import { flatten, fold, prepare } from './normalise.ts';
import { type Token, tokenize } from './tokens.ts';

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
}

const cache = new WeakMap<BrandConfig, CompiledBrand>();
const indexes = new WeakMap<readonly BrandConfig[], BrandIndex>();

function indexOf(brands: readonly BrandConfig[]): BrandIndex {
  let index = indexes.get(brands);
  if (index) return index;
  const compiled = brands.map(compile);
  index = { compiled, words: new Map(), tagged: new Map() };
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

/** Brands that may be named in `tokens`: most posts name none, and regexes cost ~50× more. */
function candidates(brands: readonly BrandConfig[], tokens: readonly Token[]): CompiledBrand[] {
  const { compiled, words, tagged } = indexOf(brands);
  let hit: Uint8Array | null = null;
  for (const t of tokens) {
    const list = (t.kind === 'handle' || t.kind === 'hashtag' ? tagged : words).get(t.folded);
    if (list === undefined) continue;
    hit ??= new Uint8Array(brands.length);
    for (const i of list) hit[i] = 1;
  }
  const out: CompiledBrand[] = [];
  if (hit) for (let i = 0; i < brands.length; i++) if (hit[i]) out.push(compiled[i]!);
  return out;
}
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
  /(?:for|is|are|totally|feel|toll|duty|gluten|sugar|it's|its|100%|completely|tax)\s+$/;
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
  if (named.length === 0) return [];
  const src = prepare(text);
  const trouble = { checked: 0, present: 0 };
  const out: Mention[] = [];
  for (const c of named) {
    const t: ScanText = { src, flat, keys: c.keys, occurrences: [], trouble };
    // Exclusions matter only beside a match: most brands named in a post have none.
    let excluded: [number, string][] | null = null;
    const found: Mention[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const s = pass === 0 ? c.handle : c.alias;
      if (!s) continue;
      for (const [start, m] of matchesOf(s, t)) {
        const end = start + m.length;
        excluded ??= c.exclude ? matchesOf(c.exclude, t) : [];
        if (overlaps(excluded, start, end) || overlapsFound(found, start, end)) continue;
        const k = pass === 0 ? (m[0] === '#' ? 'hashtag' : 'handle') : 'alias';
        if (k === 'alias' && !keepAlias(flat, start, end, c, sentenceOf, inTitle)) continue;
        found.push({ brand: c.id, start, end, text: text.slice(start, end), kind: k });
      }
    }
    for (const f of found) out.push(f);
  }
  return out.sort((a, b) => a.start - b.start);
}

function overlapsFound(found: readonly Mention[], start: number, end: number): boolean {
  for (const f of found) if (start < f.end && end > f.start) return true;
  return false;
}

function overlaps(spans: readonly [number, string][], start: number, end: number): boolean {
  for (const [s, m] of spans) if (start < s + m.length && end > s) return true;
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
