// Mentions of the watched brands: aliases with their case rules, handles and hashtags
// (case-insensitive), and each brand's own guards: `exclude` phrases ("jus d'orange"), `context`
// words an ambiguous alias needs in its sentence ("Orange" + "fibre"), `notWith` words that
// mean another sense ("l'EDF" + "match"). Guards against English belong to the alias word
// that is English ("free", "orange", "total"), never to a brand as a whole: "SFR lance…" and
// "Amazon online" still name their brand.
import type { BrandConfig } from '../../config.ts';
import { flatten, fold, prepare } from '../text/fold.ts';
import { BRANDS_SLOT, shouts, type Token, tokenize } from '../tokens/tokenize.ts';

export interface Mention {
  brand: string;
  start: number;
  end: number;
  text: string;
  kind: 'alias' | 'handle' | 'hashtag';
}

interface CompiledBrand {
  id: string;
  alias: RegExp | null;
  /** A case-sensitive brand's aliases in any case: kept only where the context confirms. */
  anyCase: RegExp | null;
  exclude: RegExp | null;
  context: RegExp | null;
  /** The context words, folded, for token look-ups. */
  contextWords: ReadonlySet<string>;
  notWith: RegExp | null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LEFT = '(?<![\\p{L}\\p{N}_@#])';
const RIGHT = '(?![\\p{L}\\p{N}_])';
/** Folded word list as a regex over the folded text, each word anchored at word starts. */
const wordsRe = (words: readonly string[]) =>
  words.length === 0
    ? null
    : new RegExp(`(?<![a-z0-9])(?:${words.map((w) => escapeRe(fold(w))).join('|')})(?![a-z0-9])`);

// Aliases that are also English words, and the words around them that make them English:
// "free wifi", "for free", "sugar free", "orange juice", "total cost". Folded.
const ENGLISH: Readonly<Record<string, { next: RegExp; prev: RegExp }>> = {
  free: {
    next: /^\s+(?:wifi|wi-fi|shipping|trial|speech|of|to|and|the|for|delivery|download|time|stuff|games?|app|plan|account|spirit|will|market|trade|range|style|party|software|now|access|fire|kick|jazz|rider)(?![a-z])/,
    prev: /(?<![a-z])(?:for|is|are|totally|feel|toll|duty|gluten|sugar|lactose|fat|smoke|cruelty|hands|it's|its|100%|completely|tax|set|break|be|get|go|and|so)\s+$/,
  },
  orange: {
    next: /^\s+(?:juice|is the new)(?![a-z])/,
    prev: /(?<![a-z])(?:the|agent)\s+$/,
  },
  total: {
    next: /^\s+(?:cost|price|war|recall)(?![a-z])/,
    prev: /(?<![a-z])(?:in|the|grand)\s+$/,
  },
};
// "Free, c'est gratuit ?": the word is the price, not the operator, unless a context word says
// otherwise.
const GRATIS = /gratuit|sans frais/;
// "chez Orange", "je pars chez Free", "client Orange": the company for sure.
const CONTEXT_BEFORE =
  /(?:chez|operateur|abonne|abonnee|abonnement|client|cliente|clients|offre|via|par)\s+$/;

// "Merci Free pour rien", "Bravo Orange", "honte à La Poste": a brand name in its own case
// spoken to, as one speaks to a company. Only for the alias as the brand writes it.
const ADDRESSED_BEFORE =
  /(?:(?<![a-z])(?:merci|bravo|felicitations|chapeau|honte|gg|respect|shame on)(?: a| a la)?|(?:^|[.!?]\s*)(?:allo|coucou|bonjour|hello|salut))\s*,?\s+$/;

/** The watched brands, compiled once for an analyser; finds their mentions in a text. */
export class BrandMatcher {
  private readonly compiled: CompiledBrand[];
  /**
   * Where a mention may start, by token: the folded first token of an alias → the brands it
   * may start; a handle or hashtag token, folded with its sigil → its brands.
   */
  private readonly starts = new Map<string, number[]>();
  private readonly tags = new Map<string, number[]>();
  /** Each alias run together (folded, letters and digits only) → its brands: "laposte". */
  private readonly joined = new Map<string, number[]>();

  constructor(readonly brands: readonly BrandConfig[]) {
    this.compiled = brands.map(compile);
    const add = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key) ?? [];
      if (!list.includes(i)) list.push(i);
      map.set(key, list);
    };
    for (const [i, b] of brands.entries()) {
      for (const a of b.aliases) add(this.starts, tokenize(a)[0]?.folded ?? '', i);
      for (const h of b.handles) add(this.tags, fold(h), i);
      // A hashtag of an alias names the brand too: #LeroyMerlin, #Ouigo, #Sosh.
      for (const a of b.aliases) {
        add(this.tags, `#${runTogether(a)}`, i);
        add(this.joined, runTogether(a), i);
      }
    }
  }

  /**
   * The brands of a handle or hashtag that no brand lists but that is made of an alias and
   * other words: "@AmazonHelp", "@Sosh_fr", "@Ligne13_RATP", "@ENGIEpart", "#BoycottCdiscount",
   * "#FnacDarty". The tag is cut into pieces at "_", digits and changes of case; a run of
   * whole pieces that spells an alias names its brand. An alias that is an English word
   * ("free", "orange", "total") counts only as a whole "_"-part ("@free_mobile", not
   * "#GlutenFree"), and a short one (under 4 letters) as well ("@SNCF_TER", not "@PaTERson").
   */
  private compoundTag(tag: string): number[] {
    const found: number[] = [];
    for (const part of tag.slice(1).split(/[_\d]+/)) {
      const pieces = part.match(CASE_PIECES) ?? [];
      for (let a = 0; a < pieces.length; a++) {
        let run = '';
        for (let b = a; b < pieces.length && b < a + 4; b++) {
          run += fold(pieces[b]!);
          const whole = a === 0 && b === pieces.length - 1;
          if (!whole && (run.length < 4 || run in ENGLISH)) continue;
          for (const i of this.joined.get(run) ?? []) if (!found.includes(i)) found.push(i);
        }
      }
    }
    return found;
  }

  /** The brands an alias starting at token `t` may name, kept on its word's record. */
  private startedBy(t: Token): readonly number[] | null {
    let brands = t.word.kept(BRANDS_SLOT, this) as readonly number[] | null | undefined;
    if (brands === undefined) {
      // A hyphenated token may start with an alias ("Free-Mobile", "SFR-Box").
      const dash = t.folded.indexOf('-');
      brands =
        this.starts.get(t.folded) ??
        (dash > 0 ? this.starts.get(t.folded.slice(0, dash)) : undefined) ??
        null;
      t.word.keep(BRANDS_SLOT, this, brands);
    }
    return brands;
  }

  /**
   * Mentions in `text`, in order. `sentenceOf` gives the sentence around an offset (where
   * context words are looked for); a title is one sentence, and its aliases need no context.
   * Aliases are tried only where a token that can start one stands, handles and hashtags
   * are whole tokens: most posts name no brand, and a regex over the whole text per brand
   * cost a third of the analysis. `forms` are the text's prepare() and flatten(prepare()),
   * passed by a caller that has them (the sentiment analysis made them).
   */
  find(
    text: string,
    tokens: readonly Token[],
    sentenceOf: (offset: number) => { start: number; end: number },
    inTitle = false,
    forms?: { prepared: string; flat: string },
  ): Mention[] {
    const out: Mention[] = [];
    let src: string | null = forms?.prepared ?? null;
    let flat = forms?.flat ?? '';
    // A text in capitals says nothing by its case: "ORANGE REMBOURSEZ" is written as shouted.
    const shouting = shouts(tokens);
    for (const t of tokens) {
      if (t.slang) continue;
      if (t.kind === 'handle' || t.kind === 'hashtag') {
        // Not the "@sfr" of an e-mail address ("sav@sfr.fr").
        if (t.start > 0 && WORD_UNIT.test(text[t.start - 1]!)) continue;
        for (const i of this.tags.get(t.folded) ?? this.compoundTag(t.text)) {
          out.push({
            brand: this.compiled[i]!.id,
            start: t.start,
            end: t.end,
            text: t.text,
            kind: t.kind,
          });
        }
        continue;
      }
      const brands = this.startedBy(t);
      if (!brands) continue;
      src ??= prepare(text);
      flat ||= flatten(src);
      for (const i of brands) {
        const c = this.compiled[i]!;
        const m = stickyAt(c.alias, src, t.start) ?? stickyAt(c.anyCase, src, t.start);
        if (!m) continue;
        const start = t.start;
        const end = start + m.length;
        if (out.some((f) => f.brand === c.id && start < f.end && end > f.start)) continue;
        if (c.exclude && excludedAt(c.exclude, flat, start, end)) continue;
        const place: Place = { flat, start, end, sent: sentenceOf(start), tokens };
        const exact = stickyAt(c.alias, src, start) !== null;
        if (!exact && !shouting && !confirmed(c, place)) continue;
        if (!keepAlias(c, place, inTitle, exact)) continue;
        out.push({ brand: c.id, start, end, text: text.slice(start, end), kind: 'alias' });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }
}

const WORD_UNIT = /[\p{L}\p{N}_]/u;
// A tag's pieces: a run of capitals, a run of small letters ("ENGIEpart" → ENGIE, part;
// "AmazonHelp" → A, mazon, H, elp), so that runs of pieces spell words in either case style.
const CASE_PIECES = /\p{Lu}+|\p{Ll}+|[^\p{Lu}\p{Ll}]+/gu;
/** An alias run together: folded, letters and digits only ("La Poste" → "laposte"). */
const runTogether = (alias: string) => fold(alias).replace(/[^a-z0-9]/g, '');

/** The match of a sticky regex at `at`, if any. */
function stickyAt(re: RegExp | null, src: string, at: number): string | null {
  if (!re) return null;
  re.lastIndex = at;
  return re.exec(src)?.[0] ?? null;
}

/**
 * Whether [start, end) lies in one of a brand's excluded phrases ("jus d'orange"), looked for
 * in the folded text around it.
 */
function excludedAt(exclude: RegExp, flat: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 60);
  const window = flat.slice(from, end + 60);
  exclude.lastIndex = 0;
  for (let m = exclude.exec(window); m !== null; m = exclude.exec(window)) {
    if (from + m.index < end && from + m.index + m[0].length > start) return true;
  }
  return false;
}

function compile(b: BrandConfig): CompiledBrand {
  const byLength = (xs: readonly string[]) =>
    [...xs].sort((x, y) => y.length - x.length).map(escapeRe);
  const aliases = byLength(b.aliases.map((a) => prepare(a)));
  // Sticky: tried at a token's start (BrandMatcher.find).
  const aliasRe = (flags: string) => new RegExp(`${LEFT}(?:${aliases.join('|')})${RIGHT}`, flags);
  return {
    id: b.id,
    alias: aliases.length ? aliasRe(b.caseSensitive ? 'yu' : 'yiu') : null,
    anyCase: aliases.length && b.caseSensitive ? aliasRe('yiu') : null,
    // Excluded phrases start and end at word boundaries: "en orange" is not in "technicien Orange".
    // Matched folded, in the folded text: a case-insensitive Unicode regex over the text as
    // written cost a tenth of find() on posts that name Orange.
    exclude: b.exclude.length
      ? new RegExp(
          `(?<![a-z0-9])(?:${b.exclude.map((e) => escapeRe(fold(e))).join('|')})(?![a-z0-9_])`,
          'g',
        )
      : null,
    context: wordsRe(b.context),
    contextWords: new Set(b.context.map(fold)),
    notWith: wordsRe(b.notWith),
  };
}

/** Where an alias was found: the folded text, its span, its sentence and the text's tokens. */
interface Place {
  flat: string;
  start: number;
  end: number;
  sent: { start: number; end: number };
  tokens: readonly Token[];
}

/**
 * Whether a context word of the brand stands in the alias's sentence, the alias itself left
 * out: in the folded text, or among the tokens (so that SMS spellings count as their words:
 * "reso" is "réseau").
 */
function hasContextWord(c: CompiledBrand, p: Place): boolean {
  if (!c.context) return false;
  if (c.context.test(p.flat.slice(p.sent.start, p.start) + p.flat.slice(p.end, p.sent.end)))
    return true;
  return p.tokens.some(
    (t) =>
      t.slang &&
      t.start >= p.sent.start &&
      t.end <= p.sent.end &&
      (t.end <= p.start || t.start >= p.end) &&
      c.contextWords.has(t.folded),
  );
}

/**
 * A case-sensitive alias written in another case ("orange t nul", "FREE", "la poste") names
 * the brand only with its context: "chez orange", or a context word in the sentence.
 */
function confirmed(c: CompiledBrand, p: Place): boolean {
  return (
    CONTEXT_BEFORE.test(p.flat.slice(Math.max(0, p.start - 24), p.start)) || hasContextWord(c, p)
  );
}

function keepAlias(c: CompiledBrand, p: Place, inTitle: boolean, exact: boolean): boolean {
  const { flat, start, end, sent } = p;
  const word = flat.slice(start, end);
  const before = flat.slice(Math.max(0, start - 24), start);
  const english = ENGLISH[word];
  if (english && (english.next.test(flat.slice(end, end + 24)) || english.prev.test(before)))
    return false;
  // The sentence without the alias itself (an alias may contain a context word).
  const around = flat.slice(sent.start, start) + flat.slice(end, sent.end);
  // An alias that is itself one of the brand's context words ("Livebox" for Orange) is no
  // ambiguous word: it needs no context, and no other sense of it can be meant.
  if (c.contextWords.has(word)) return true;
  const certain = CONTEXT_BEFORE.test(before) || (exact && ADDRESSED_BEFORE.test(before));
  if (c.notWith && !certain && c.notWith.test(around)) return false;
  const hasContext = certain || hasContextWord(c, p);
  if (word === 'free' && GRATIS.test(around) && !hasContext) return false;
  if (!c.context || hasContext || inTitle) return true;
  // The alias as the brand writes it, in a post that speaks of the brand's trade elsewhere
  // ("plus de ligne fixe depuis 5 jours. Orange nous annonce 10 jours de délai").
  return exact && hasContextWord(c, { ...p, sent: { start: 0, end: flat.length } });
}
