// Mentions of the watched brands: aliases with their case rules, handles and hashtags
// (case-insensitive), configured exclusions ("jus d'orange"), English "free", "gratuit" talk,
// and context words that an ambiguous alias needs in its sentence ("Orange" + "fibre").
import type { BrandConfig } from '../config.ts';
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
  alias: RegExp | null;
  handle: RegExp | null;
  exclude: RegExp | null;
  context: RegExp | null;
}

const cache = new WeakMap<BrandConfig, CompiledBrand>();
const indexes = new WeakMap<readonly BrandConfig[], Map<string, number[]>>();

/** First-token index of a brand list: which brands a token may start a mention of. */
function indexOf(brands: readonly BrandConfig[]): Map<string, number[]> {
  let index = indexes.get(brands);
  if (index) return index;
  index = new Map();
  for (const [i, b] of brands.entries()) {
    for (const n of compile(b).needles) {
      const list = index.get(n);
      if (!list) index.set(n, [i]);
      else if (!list.includes(i)) list.push(i);
    }
  }
  indexes.set(brands, index);
  return index;
}

/** Brands that may be named in `tokens`: most posts name none, and regexes cost ~50× more. */
function candidates(brands: readonly BrandConfig[], tokens: readonly Token[]): BrandConfig[] {
  const index = indexOf(brands);
  let hit: Uint8Array | null = null;
  for (const t of tokens) {
    const f = t.kind === 'handle' || t.kind === 'hashtag' ? t.folded.slice(1) : t.folded;
    const list = index.get(f);
    if (list === undefined) continue;
    hit ??= new Uint8Array(brands.length);
    for (const i of list) hit[i] = 1;
  }
  const out: BrandConfig[] = [];
  if (hit) for (let i = 0; i < brands.length; i++) if (hit[i]) out.push(brands[i]!);
  return out;
}
/** The longest folded token of an alias, the rarest in French text as a rule. */
function longestToken(alias: string): string {
  let best = '';
  for (const t of tokenize(alias)) if (t.folded.length > best.length) best = t.folded;
  return best;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LEFT = '(?<![\\p{L}\\p{N}_@#])';
const RIGHT = '(?![\\p{L}\\p{N}_])';

/** A global regex over the alternatives (escaped), or null when there are none. */
function anyOf(alternatives: string[], pattern: (alts: string) => string, flags: string) {
  if (alternatives.length === 0) return null;
  return new RegExp(pattern(alternatives.map(escapeRe).join('|')), `${flags}g`);
}

function compile(b: BrandConfig): CompiledBrand {
  const hit = cache.get(b);
  if (hit) return hit;
  const byLength = (xs: string[]) => [...xs].sort((x, y) => y.length - x.length);
  const aliases = byLength(b.aliases.map((a) => prepare(a)));
  const handles = byLength(b.handles);
  const c: CompiledBrand = {
    id: b.id,
    needles: [...b.aliases.map(longestToken), ...b.handles.map((h) => fold(h.slice(1)))],
    alias: anyOf(aliases, (alts) => `${LEFT}(?:${alts})${RIGHT}`, b.caseSensitive ? 'u' : 'iu'),
    // Handles and hashtags are case-insensitive on every platform.
    handle: anyOf(handles, (alts) => `(?<![\\p{L}\\p{N}_])(?:${alts})${RIGHT}`, 'iu'),
    exclude: anyOf(
      b.exclude.map((e) => prepare(e)),
      (alts) => alts,
      'iu',
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

/** The matches of `re` in `src`, left to right, as [start, text]. */
function matches(re: RegExp, src: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  // exec loops, not matchAll: matchAll clones the regex on every call.
  for (let m = re.exec(src); m !== null; m = re.exec(src)) out.push([m.index, m[0]]);
  return out;
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
  const out: Mention[] = [];
  for (const b of named) {
    const c = compile(b);
    // Exclusions matter only beside a match: most brands named in a post have none.
    let excluded: [number, string][] | null = null;
    const found: Mention[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const s = pass === 0 ? c.handle : c.alias;
      if (!s) continue;
      for (const [start, m] of matches(s, src)) {
        const end = start + m.length;
        excluded ??= c.exclude ? matches(c.exclude, src) : [];
        if (overlaps(excluded, start, end)) continue;
        if (found.some((f) => start < f.end && end > f.start)) continue;
        const k = pass === 0 ? (m[0] === '#' ? 'hashtag' : 'handle') : 'alias';
        if (k === 'alias' && !keepAlias(flat, start, end, c, sentenceOf, inTitle)) continue;
        found.push({ brand: b.id, start, end, text: text.slice(start, end), kind: k });
      }
    }
    for (const f of found) out.push(f);
  }
  return out.sort((a, b) => a.start - b.start);
}

function overlaps(spans: readonly [number, string][], start: number, end: number): boolean {
  for (const [s, m] of spans) if (start < s + m.length && end > s) return true;
  return false;
}

function keepAlias(
  flat: string,
  start: number,
  end: number,
  c: CompiledBrand,
  sentenceOf: (offset: number) => { start: number; end: number },
  inTitle: boolean,
): boolean {
  const word = flat.slice(start, end);
  const before = flat.slice(Math.max(0, start - 24), start);
  if (ENGLISH_NEXT.test(flat.slice(end, end + 24)) || ENGLISH_PREV.test(before)) return false;
  const sent = sentenceOf(start);
  const sentence = flat.slice(sent.start, sent.end);
  let hasContext = CONTEXT_BEFORE.test(before);
  if (!hasContext && c.context) {
    c.context.lastIndex = 0;
    hasContext = c.context.test(
      sentence.slice(0, start - sent.start) + sentence.slice(end - sent.start),
    );
  }
  if (word === 'free' && GRATIS.test(sentence) && !hasContext) return false;
  return !c.context || hasContext || inTitle;
}
