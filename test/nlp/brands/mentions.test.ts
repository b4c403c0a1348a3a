// findMentions() tries its alias, handle and exclusion regexes only where a key of theirs
// occurs in the flat text (src/nlp/brands/anchored-scan.ts) and decides most positions with plain
// compares. The reference below is the code it replaced, which ran each regex over the whole
// text: both must give the same mentions, in the same order, for every input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type BrandConfig, brandSchema } from '../../../src/config.ts';
import { findMentions, type Mention } from '../../../src/nlp/brands/mentions.ts';
import { prng } from '../../../src/nlp/model/model.ts';
import { flatten, fold, prepare } from '../../../src/nlp/text/normalise.ts';
import { type Token, tokenize } from '../../../src/nlp/tokens/tokens.ts';
import { BRANDS } from '../helpers.ts';

// ---- The reference: the whole-text global scans, as findMentions() had them. ----

interface Ref {
  id: string;
  needles: string[];
  alias: RegExp | null;
  handle: RegExp | null;
  exclude: RegExp | null;
  context: RegExp | null;
}
const refs = new WeakMap<BrandConfig, Ref>();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LEFT = '(?<![\\p{L}\\p{N}_@#])';
const RIGHT = '(?![\\p{L}\\p{N}_])';
const anyOf = (alts: string[], pattern: (a: string) => string, flags: string) =>
  alts.length ? new RegExp(pattern(alts.map(escapeRe).join('|')), `${flags}g`) : null;
function longestToken(alias: string): string {
  let best = '';
  for (const t of tokenize(alias)) if (t.folded.length > best.length) best = t.folded;
  return best;
}
function ref(b: BrandConfig): Ref {
  let r = refs.get(b);
  if (r) return r;
  const byLength = (xs: string[]) => [...xs].sort((x, y) => y.length - x.length);
  r = {
    id: b.id,
    needles: [...b.aliases.map(longestToken), ...b.handles.map((h) => fold(h.slice(1)))],
    alias: anyOf(
      byLength(b.aliases.map((a) => prepare(a))),
      (a) => `${LEFT}(?:${a})${RIGHT}`,
      b.caseSensitive ? 'u' : 'iu',
    ),
    handle: anyOf(byLength(b.handles), (a) => `(?<![\\p{L}\\p{N}_])(?:${a})${RIGHT}`, 'iu'),
    exclude: anyOf(
      b.exclude.map((e) => prepare(e)),
      (a) => a,
      'iu',
    ),
    context: b.context.length
      ? new RegExp(
          `(?<![a-z0-9])(?:${b.context.map((w) => escapeRe(flatten(prepare(w)))).join('|')})`,
          'g',
        )
      : null,
  };
  refs.set(b, r);
  return r;
}
function scan(re: RegExp, src: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(src); m !== null; m = re.exec(src)) out.push([m.index, m[0]]);
  return out;
}
const ENGLISH_NEXT =
  /^\s+(?:wifi|wi-fi|shipping|trial|speech|of|to|and|the|for|delivery|download|time|stuff|games?|app|plan|account|spirit|will|market|trade|range|style|party|lance|software|now|online|access)(?![a-z])/;
const ENGLISH_PREV =
  /(?<![a-z0-9'])(?:for|is|are|totally|feel|toll|duty|gluten|sugar|it's|its|100%|completely|tax)\s+$/;
const GRATIS = /gratuit|sans frais/;
const CONTEXT_BEFORE = /(?:chez|operateur|abonne|abonnement|client|cliente|clients|offre)\s+$/;
type SentenceOf = (offset: number) => { start: number; end: number };
function keepRef(flat: string, s: number, e: number, c: Ref, of: SentenceOf, title: boolean) {
  const word = flat.slice(s, e);
  const before = flat.slice(Math.max(0, s - 24), s);
  if (ENGLISH_NEXT.test(flat.slice(e, e + 24)) || ENGLISH_PREV.test(before)) return false;
  const sent = of(s);
  const sentence = flat.slice(sent.start, sent.end);
  let hasContext = CONTEXT_BEFORE.test(before);
  if (!hasContext && c.context) {
    c.context.lastIndex = 0;
    hasContext = c.context.test(sentence.slice(0, s - sent.start) + sentence.slice(e - sent.start));
  }
  if (word === 'free' && GRATIS.test(sentence) && !hasContext) return false;
  return !c.context || hasContext || title;
}
function reference(
  text: string,
  brands: readonly BrandConfig[],
  sentenceOf: SentenceOf,
  inTitle: boolean,
  tokens: readonly Token[],
  flat: string,
): Mention[] {
  const folded = tokens.map((t) =>
    t.kind === 'handle' || t.kind === 'hashtag' ? t.folded.slice(1) : t.folded,
  );
  const named = brands.filter((b) => ref(b).needles.some((n) => folded.includes(n)));
  const src = prepare(text);
  const out: Mention[] = [];
  for (const b of named) {
    const c = ref(b);
    let excluded: [number, string][] | null = null;
    const found: Mention[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const re = pass === 0 ? c.handle : c.alias;
      if (!re) continue;
      for (const [start, m] of scan(re, src)) {
        const end = start + m.length;
        excluded ??= c.exclude ? scan(c.exclude, src) : [];
        if (excluded.some(([s, x]) => start < s + x.length && end > s)) continue;
        if (found.some((f) => start < f.end && end > f.start)) continue;
        const k = pass === 0 ? (m[0] === '#' ? 'hashtag' : 'handle') : 'alias';
        if (k === 'alias' && !keepRef(flat, start, end, c, sentenceOf, inTitle)) continue;
        found.push({ brand: b.id, start, end, text: text.slice(start, end), kind: k });
      }
    }
    out.push(...found);
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---- Brand lists ----

const DEFAULT = z
  .array(brandSchema)
  .parse(
    JSON.parse(readFileSync(new URL('../../../data/brands/default.json', import.meta.url), 'utf8')),
  );
// Corner cases of the anchoring: caseless aliases, letters with odd case partners (s, k, å,
// ß: ſ, K, Å, ẞ), an alias past flatten()'s table (Greek, scanned whole), a short alias, keys
// shared at several offsets, handles that contain one another.
const ODD: BrandConfig[] = [
  {
    id: 'kask',
    name: 'Kåsk',
    aliases: ['Kåsk', 'Straße', 'ok', 'Sosh Kåsk'],
    handles: ['@Kask', '#Kåsk', '@Kask_fr'],
    caseSensitive: false,
    exclude: ['ok ok', 'Kåsk noir', 'un ok'],
  },
  { id: 'greek', name: 'Ωmega', aliases: ['Ωmega', 'Omega'], handles: ['#Ωmega'] },
  { id: 'la', name: 'La', aliases: ['La Poste', 'La'], caseSensitive: false, exclude: ['la la'] },
  {
    id: 'micro',
    name: 'µ',
    aliases: ['µCorp', 'Mu Corp'],
    handles: ['@µcorp'],
    caseSensitive: false,
  },
].map((b) => brandSchema.parse(b));
const LISTS: [string, BrandConfig[]][] = [
  ['default', DEFAULT],
  ['helpers', BRANDS],
  ['odd', ODD],
  ['all', [...DEFAULT, ...ODD]],
];

/** Sentences cut at ". ", as analyse() passes them (any cut will do: both get the same). */
function sentencesOf(text: string): SentenceOf {
  const ends: number[] = [];
  for (let i = text.indexOf('. '); i !== -1; i = text.indexOf('. ', i + 1)) ends.push(i + 1);
  ends.push(text.length);
  return (offset) => {
    let start = 0;
    for (const end of ends) {
      if (end > offset) return { start, end };
      start = end;
    }
    return { start: 0, end: text.length };
  };
}

function both(text: string, brands: readonly BrandConfig[], inTitle = false) {
  const tokens = tokenize(text);
  const flat = flatten(prepare(text));
  const of = sentencesOf(text);
  return {
    got: findMentions(text, brands, of, inTitle, tokens, flat),
    want: reference(text, brands, of, inTitle, tokens, flat),
  };
}

// ---- Crafted cases ----

const CASES: string[] = [
  // Overlaps: the longest alternative first, a match hides the overlapping later ones.
  'RED by SFR et SFR Box, puis SFR tout court. RED by SFR Box ?',
  'la SFR BoxSFR et SFRBox',
  // Handles against aliases: "@SFR" is no alias, "@SFR_SAV" no "@SFR", an e-mail no handle.
  '@SFR #SFR @SFR_SAV @sfr_sav #sfr x@SFR sav@sfr.fr @@SFR ##SFR _SFR SFR_ @Orange_France',
  '#Orange @orange_conseil Orange_ 4Orange Orange4 #Free @FreeMobile @freebox!',
  // An alias that starts before its key: "La Poste" (key "poste"), "RED by SFR" (key "fr").
  'La Poste a perdu mon colis, la poste aussi, LA POSTE encore. Colissimo et Chronopost.',
  // Exclusions near a match, and chains of them.
  "un jus d'orange, un jus d'Orange, JUS D'ORANGE. Orange pressée, oranges, Orange fibre.",
  "Orange couleur orange alerte orange Orange alerte Orange box. gilet oranges d'orange",
  'Free-lance, freelance, Free shipping, free wifi, feel free, Free party, Free Mobile box.',
  "Free, c'est gratuit ? Chez Free c'est gratuit. for Free, is Free box, Free     wifi",
  // Surrogate pairs and emoji beside a name, and names at both edges of the text.
  'SFR😡 😡SFR 𝓢FR SFR𝓢 Orange😡 fibre 👍Free box',
  'SFR',
  'Orange',
  '@SFR',
  'Freebox',
  // Case rules: caseSensitive aliases count as written only; handles in any case.
  'sfr Sfr sFR SFR fnac FNAC Fnac orange ORANGE Orange réseau',
  // Non-ASCII neighbours: the engine decides (accents, no-break space, U+0345 under /iu).
  'éSFR SFRé «SFR» « SFR » SFR’s l’Orange réseau ·SFR #SFR\u0345 \u0345@SFR ÀSosh',
  // Case partners that flatten() folds apart: ſ, K (Kelvin), Å (Angstrom), ẞ.
  'ſfr Soſh ſosh SOſH Sosh réseau \u212Aåsk K\u212Bsk Kåsk STRAẞE straße Straße ok OK',
  // URLs and words with the brand inside: the regexes see them, the key scan must too.
  'https://fr.wikipedia.org/wiki/SFR et www.SFR.fr, Sosh-Orange et SFR/Orange fibre',
  // Decomposed accents, stretched letters, slang and title-like short texts.
  'Bouygues Te\u0301le\u0301com, Bouygues Télécom, SFRRR, Freeeebox, jsuis chez SFR',
  'Ωmega ωMEGA ΩMEGA Omega #ωmega µCorp ΜCorp μcorp @µcorp @Μcorp Mu Corp',
  'la la La Poste la poste ok ok un ok ok',
  '',
  '   ',
];

describe('findMentions anchored scan = whole-text scan', () => {
  for (const [name, brands] of LISTS) {
    it.each(CASES)(`${name}: %s`, (text) => {
      for (const inTitle of [false, true]) {
        const { got, want } = both(text, brands, inTitle);
        expect(got).toEqual(want);
      }
    });
  }

  // A few outputs spelled out, so that the oracle itself is checked.
  it.each([
    ['RED by SFR et SFR Box', ['sfr:alias:RED by SFR', 'sfr:alias:SFR Box']],
    ['@SFR_SAV et @SFR', ['sfr:handle:@SFR_SAV', 'sfr:handle:@SFR']],
    ["jus d'orange et Orange fibre", ['orange:alias:Orange']],
    ['Free-lance et Free box', ['free:alias:Free']],
    ['https://fr.wikipedia.org/wiki/SFR et SFR', ['sfr:alias:SFR', 'sfr:alias:SFR']],
  ])('%s', (text, expected) => {
    const { got } = both(text, DEFAULT);
    expect(got.map((m) => `${m.brand}:${m.kind}:${m.text}`)).toEqual(expected);
  });
});

// ---- Seeded fuzz: names, exclusions, odd letters and filler, glued or spaced ----

const FRAGMENTS = [
  ...DEFAULT.flatMap((b) => [...b.aliases, ...b.handles, ...b.exclude, ...b.context]),
  ...ODD.flatMap((b) => [...b.aliases, ...b.handles, ...b.exclude]),
  ...['la', 'poste', 'chez', 'client', 'for', 'free', 'gratuit', 'box', 'fibre', 'sfr', 'fr'],
  ...['wifi', 'feel', 'ok', 'orange', 'jus', "d'", 'Le', 'mon', 'ne', 'marche', 'plus'],
  ...['😡', '👍🏽', '𝓢', 'é', 'É', '’', '\u00A0', '\u0345', '\u0301', 'ſ', '\u212A', '\u212B'],
  ...['ẞ', 'ß', 'Ω', 'µ', 'Μ', '@', '#', '_', '-', '.', ',', '!', '?', '/', "'", '4', '2'],
  ...['https://', 'www.', '\n', '. '],
];
const SEPARATORS = [' ', ' ', ' ', '', '', '. ', ', ', '-', '_', '\n', '\u00A0', "'", '/'];

// Letters and the units that /iu matches to them but flatten() does not fold alike.
const PARTNERS: [RegExp, string][] = [
  [/[sS]/, 'ſ'],
  [/[kK]/, '\u212A'],
  [/[åÅ]/, '\u212B'],
  [/ß/, 'ẞ'],
];

/** A name with one letter written as its odd partner, now and then: "Soſh", "@\u212Aask". */
function oddly(s: string, random: () => number): string {
  if (random() < 0.8) return s;
  const [letter, partner] = PARTNERS[Math.floor(random() * PARTNERS.length)]!;
  return s.replace(letter, partner);
}

/** Random case changes: the regexes differ from the plain compares there. */
function recase(s: string, random: () => number): string {
  const r = random();
  if (r < 0.6) return s;
  if (r < 0.7) return s.toUpperCase();
  if (r < 0.8) return s.toLowerCase();
  return [...s].map((ch) => (random() < 0.5 ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

describe('findMentions on a seeded fuzz', () => {
  it('gives the whole-text scan’s mentions on 4,000 texts', () => {
    const random = prng(29);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    let mentions = 0;
    for (let n = 0; n < 4000; n++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 14);
      for (let i = 0; i < count; i++) {
        parts.push(oddly(recase(pick(FRAGMENTS), random), random), pick(SEPARATORS));
      }
      const text = parts.join('');
      const brands = LISTS[n % LISTS.length]![1];
      const { got, want } = both(text, brands, n % 7 === 0);
      if (JSON.stringify(got) !== JSON.stringify(want))
        expect({ text, got }).toEqual({ text, got: want });
      mentions += want.length;
    }
    // The fuzz must exercise the scan, not only texts that name nothing.
    expect(mentions).toBeGreaterThan(4000);
  });
});

// ---- The case partners behind the anchoring's exactness ----

describe('case partners that flatten() folds apart', () => {
  // Every code point that /iu matches to a letter of flatten()'s table (U+0000–U+024F) while
  // flatten() folds the two apart: anchored-scan.ts must scan whole (TROUBLE on the text's
  // side, UNANCHORABLE on the alternative's) for each such pair. Found by brute force.
  const all: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++)
    if (cp < 0xd800 || cp > 0xdfff) all.push(String.fromCodePoint(cp));
  const big = all.join('\u0000');
  const pairs: [string, string][] = [];
  for (let c = 0; c < 0x250; c++) {
    if (c >= 0xd800) continue;
    const letter = String.fromCharCode(c);
    const re = new RegExp(`[${letter.replace(/[\\\]^[-]/g, '\\$&')}]`, 'giu');
    for (const m of big.matchAll(re))
      if (flatten(m[0]) !== flatten(letter)) pairs.push([m[0], letter]);
  }

  it('are the few that anchored-scan.ts names', () => {
    const names = pairs.map(
      ([x, c]) => `${x.codePointAt(0)!.toString(16)}~${c.charCodeAt(0).toString(16)}`,
    );
    expect(names.sort()).toEqual(
      ['212a~4b', '17f~53', '212a~6b', '17f~73', '39c~b5', '3bc~b5', '212b~c5', '1e9e~df']
        .concat(['212b~e5', '53~17f', '73~17f', 'a7dc~19b', '2c7e~23f', '2c7f~240'])
        .sort(),
    );
  });

  it.each(pairs)('%s standing for %s in a name', (x, c) => {
    const brand = brandSchema.parse({
      id: 'x',
      name: 'x',
      aliases: [`Zo${c}o`, `${c}q`],
      handles: [`@zo${c}`],
      caseSensitive: false,
      exclude: [`no ${c}`],
    });
    const text = `Zo${x}o zo${c}o ${x}q @zo${x} @ZO${c} no ${x}q zo${c}o.`;
    const { got, want } = both(text, [brand]);
    expect(got).toEqual(want);
  });
});
