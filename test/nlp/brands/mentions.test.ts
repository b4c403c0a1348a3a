// BrandMatcher finds the watched brands in a text: aliases with their case rules, handles and
// hashtags, and each brand's guards (exclude, context, notWith, English words).
import { describe, expect, it } from 'vitest';
import { defaultBrands } from '../../../src/cli/brands.ts';
import { type BrandConfig, brandSchema } from '../../../src/config.ts';
import { BrandMatcher } from '../../../src/nlp/brands/mentions.ts';
import { splitSentences } from '../../../src/nlp/text/sentences.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';
import { BRANDS } from '../helpers.ts';

const HELPERS = new BrandMatcher(BRANDS);
const DEFAULT = new BrandMatcher(defaultBrands());

/** Mentions as "brand:kind:text", with sentences cut as analyse() cuts them. */
function find(matcher: BrandMatcher, text: string, inTitle = false): string[] {
  const tokens = tokenize(text);
  const sentences = splitSentences(text, tokens);
  const sentenceOf = (offset: number) =>
    sentences.find((s) => s.end > offset) ?? { start: 0, end: text.length };
  const found = matcher.find(text, tokens, sentenceOf, inTitle);
  for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
  for (let k = 1; k < found.length; k++) {
    expect(found[k]!.start).toBeGreaterThanOrEqual(found[k - 1]!.start);
  }
  return found.map((m) => `${m.brand}:${m.kind}:${m.text}`);
}
const helpers = (text: string) => find(HELPERS, text);
const byDefault = (text: string) => find(DEFAULT, text);

describe('BrandMatcher: case rules', () => {
  // A case-sensitive alias ("SFR", "Fnac" in test/nlp/helpers.ts) counts as written;
  // handles and hashtags count in any case.
  it.each([
    ['SFR et sfr', ['sfr:alias:SFR']],
    ['@sfr #SFR', ['sfr:handle:@sfr', 'sfr:hashtag:#SFR']],
    ['ma Freebox et Free Mobile', ['free:alias:Freebox', 'free:alias:Free Mobile']],
    ['Fnac, fnac', ['fnac:alias:Fnac']],
  ])('helpers: %s', (text, expected) => {
    expect(helpers(text)).toEqual(expected);
  });

  // The default list's "caseSensitive": false brands count in any case.
  it.each([
    ['SFR et sfr', ['sfr:alias:SFR', 'sfr:alias:sfr']],
    ['Fnac, fnac', ['fnac:alias:Fnac', 'fnac:alias:fnac']],
  ])('default: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });

  // A case-sensitive alias in another case ("orange t nul", "la poste") names the brand only
  // with its context: "chez orange", or a context word in the sentence.
  it.each([
    ['orange t nul', []],
    ['chez orange', ['orange:alias:orange']],
    ['orange t nul avec sa fibre', ['orange:alias:orange']],
    ['la poste a perdu mon colis', ['la-poste:alias:la poste']],
  ])('other case: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });

  // A text all in capitals says nothing by its case: its aliases count.
  it.each([
    [DEFAULT, 'ORANGE REMBOURSEZ MOI MES 150 EUROS !!! #arnaque', ['orange:alias:ORANGE']],
    [HELPERS, 'FREE NE MARCHE PLUS DEPUIS HIER', ['free:alias:FREE']],
  ])('shouted: %s', (matcher, text, expected) => {
    expect(find(matcher, text)).toEqual(expected);
  });
});

describe('BrandMatcher: aliases, handles and hashtags', () => {
  // The longest alias wins; handles are whole words; an e-mail address is no handle; a link
  // is no prose (its path names no brand).
  it.each([
    ['RED by SFR et SFR Box', ['sfr:alias:RED by SFR', 'sfr:alias:SFR Box']],
    ['@SFR_SAV et @SFR', ['sfr:handle:@SFR_SAV', 'sfr:handle:@SFR']],
    ['la SFR BoxSFR et SFRBox', ['sfr:alias:SFR']],
    ['écrivez à sav@sfr.fr', []],
    ['https://fr.wikipedia.org/wiki/SFR et SFR', ['sfr:alias:SFR']],
    [
      '#Orange @orange_conseil Orange_ 4Orange',
      ['orange:hashtag:#Orange', 'orange:handle:@orange_conseil'],
    ],
    ['SFR😡 «SFR» SFR’s', ['sfr:alias:SFR', 'sfr:alias:SFR', 'sfr:alias:SFR']],
    ['', []],
  ])('%s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });

  // A hashtag of an alias names the brand too, spaces and hyphens dropped.
  it.each([
    ['#LeroyMerlin livraison ratée', ['leroy-merlin:hashtag:#LeroyMerlin']],
    ['#Ouigo en retard', ['sncf:hashtag:#Ouigo']],
    ['#leroymerlin', ['leroy-merlin:hashtag:#leroymerlin']],
  ])('alias hashtag: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });

  // A title is one sentence, and its aliases need no context word.
  it('needs no context in a title', () => {
    expect(helpers('Orange')).toEqual([]);
    expect(find(HELPERS, 'Orange', true)).toEqual(['orange:alias:Orange']);
  });
});

/** A matcher of Orange alone, with the given guards. */
const orangeWith = (guards: { exclude?: string[]; context?: string[] }) =>
  new BrandMatcher([
    brandSchema.parse({ id: 'orange', name: 'Orange', aliases: ['Orange'], ...guards }),
  ]);

describe('BrandMatcher: exclusions and context', () => {
  // The fruit, English "free", "gratuit" talk, and Orange without a telecom word.
  it.each([
    ["un bon jus d'orange"],
    ["un bon jus d'Orange"],
    ['Free shipping on all orders'],
    ["Free, c'est gratuit ? free wifi"],
    ['Orange est ma couleur préférée'],
  ])('no brand in: %s', (text) => {
    expect(helpers(text)).toEqual([]);
  });

  // An excluded phrase hides only the alias it covers.
  it.each([
    ["jus d'orange et Orange fibre", ['orange:alias:Orange']],
    ['Free-lance et Free box', ['free:alias:Free', 'free:alias:Free']],
  ])('helpers: %s', (text, expected) => {
    expect(helpers(text)).toEqual(expected);
  });
  it('default: Free-lance et Free box', () => {
    expect(byDefault('Free-lance et Free box')).toEqual(['free:alias:Free']);
  });

  // Exclusions start and end at word boundaries: "en orange" is not in "technicien Orange".
  it('anchors excluded phrases at word starts', () => {
    const matcher = orangeWith({ exclude: ['en orange'] });
    expect(find(matcher, 'technicien Orange')).toEqual(['orange:alias:Orange']);
    expect(find(matcher, 'le technicien Orange est venu')).toEqual(['orange:alias:Orange']);
    expect(find(matcher, 'un mur peint en Orange')).toEqual([]);
  });

  // Exclusions are read folded, as context words are: accents and capitals do not matter.
  it('finds excluded phrases however they are accented or cased', () => {
    const matcher = orangeWith({ exclude: ['orange pressée'], context: ['fibre'] });
    for (const text of [
      'une Orange pressée, fibre',
      'une ORANGE PRESSEE, fibre',
      'une orange pressee, fibre',
    ])
      expect(find(matcher, text)).toEqual([]);
    expect(find(matcher, 'Orange presse ses clients, fibre')).toEqual(['orange:alias:Orange']);
  });

  // Context words or "chez X" confirm an ambiguous alias.
  it.each([
    ['Orange coupe ma fibre tous les soirs'],
    ['je suis chez Orange depuis dix ans'],
    ['Mon opérateur Orange'],
  ])('Orange in: %s', (text) => {
    expect(helpers(text)).toEqual(['orange:alias:Orange']);
  });

  // "notWith" words mean another sense of the alias in its sentence (the French football
  // team for "l'EDF"); a handle or a hashtag still counts, and so does "chez EDF".
  it.each([
    ["L'EDF a pris une claque contre l'Espagne", []],
    ["L'EDF me réclame 1 800 €", ['edf:alias:EDF']],
    ["#EDF a pris une claque contre l'Espagne", ['edf:hashtag:#EDF']],
    ['Chez EDF, le match de foot', ['edf:alias:EDF']],
    ["la forêt d'Amazon", []],
    ['Le Boulanger de mon quartier vend des baguettes', []],
    ['Boulanger livraison ratée', ['boulanger:alias:Boulanger']],
  ])('notWith: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });
});

describe('BrandMatcher: English words', () => {
  // English guards belong to the alias word that is English ("free", "orange", "total"),
  // never to a brand as a whole: "SFR lance…" and "Amazon online" keep their brand.
  it.each([
    ['SFR lance une offre', ['sfr:alias:SFR']],
    ['Amazon online', ['amazon:alias:Amazon']],
    ['Amazon is free', ['amazon:alias:Amazon']],
    ['free shipping', []],
    ['Free shipping', []],
    ['Orange juice', []],
    ['Orange is the new black', []],
  ])('default: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });

  // English "is free", "for free" refuse the name; French words before it do not.
  it.each([
    ['mais SFR coupe encore', ['sfr:alias:SFR']],
    ['depuis SFR ne répond plus', ['sfr:alias:SFR']],
    ['this is Free for everyone', []],
    ['totally Free stuff', []],
    ['for Free box', []],
    // "Free, c'est gratuit ?" is the price, unless the company is certain ("chez Free").
    ["Free, c'est gratuit ? Chez Free c'est gratuit.", ['free:alias:Free']],
  ])('helpers: %s', (text, expected) => {
    expect(helpers(text)).toEqual(expected);
  });

  // The English guards are anchored at word starts: French words ending like "is", "so",
  // "be" (jamais, puis, mais, depuis) do not make "Free" English.
  it.each([
    ['jamais Free ne répond au service client'],
    ['puis Free a coupé la ligne'],
    ['mais Free coupe la fibre'],
    ['depuis Free ne répond plus'],
  ])('helpers: %s', (text) => {
    expect(helpers(text)).toEqual(['free:alias:Free']);
  });

  // Nor do "un an" and "plan" make "Orange" English.
  it.each([
    ['Depuis un an Orange me facture la fibre en double'],
    ['Le plan Orange fibre est nul'],
  ])('helpers: %s', (text) => {
    expect(helpers(text)).toEqual(['orange:alias:Orange']);
  });

  // "lance" is a French verb: "Free lance une offre" names Free ("freelance" is excluded by
  // the default list).
  it('default: Free lance une nouvelle offre mobile', () => {
    expect(byDefault('Free lance une nouvelle offre mobile')).toEqual(['free:alias:Free']);
  });
});

describe('BrandMatcher: a brand spoken to', () => {
  // "Merci Free", "Bravo Orange": the alias as the brand writes it, addressed, names the brand
  // with no context word; in another case, or not addressed, it still needs one.
  it.each([
    ['Merci Free pour rien.', ['free:alias:Free']],
    ['Bravo, Orange ! Encore bravo.', ['orange:alias:Orange']],
    ['Honte à Free.', ['free:alias:Free']],
    ['merci free pour le lien', []],
    ['Merci pour ce moment, Free.', []],
    ['Une veste Orange, merci.', []],
  ])('default: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });
});

describe('BrandMatcher: handles and hashtags made of an alias and other words', () => {
  it.each([
    ['@AmazonHelp une question', ['amazon:handle:@AmazonHelp']],
    ['@Sosh_fr hors forfait', ['orange:handle:@Sosh_fr']],
    ['@Ligne13_RATP encore', ['ratp:handle:@Ligne13_RATP']],
    ['@ENGIEpart prélèvement', ['engie:handle:@ENGIEpart']],
    ['#BoycottCdiscount', ['cdiscount:hashtag:#BoycottCdiscount']],
    ['@free_mobile panne', ['free:handle:@free_mobile']],
    // An English word inside a tag, a short alias inside a word: not the brand.
    ['#GlutenFree #freedom', []],
    ['@PaTERson salut', []],
  ])('default: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });
});

describe('BrandMatcher: context anywhere in the post', () => {
  // The alias as written by the brand needs its context word somewhere in the post; in
  // another case, in its own sentence.
  it.each([
    [
      'Plus de ligne fixe depuis 5 jours. Orange annonce dix jours de délai.',
      ['orange:alias:Orange'],
    ],
    ['Plus de ligne fixe depuis 5 jours. orange annonce dix jours de délai.', []],
    ['Il fait beau. Orange annonce dix jours de délai.', []],
  ])('default: %s', (text, expected) => {
    expect(byDefault(text)).toEqual(expected);
  });
});

describe('BrandMatcher: setup', () => {
  it('keeps the brands it was given and finds nothing without them', () => {
    const none = new BrandMatcher([]);
    expect(none.brands).toEqual([]);
    expect(find(none, "SFR c'est l'enfer @SFR #SFR")).toEqual([]);
    const list: BrandConfig[] = defaultBrands();
    expect(new BrandMatcher(list).brands).toBe(list);
  });
});
