// analyse() as a whole: the contract of `grogne analyze` (DESIGN.md), purity, the models'
// place in it, and the canonical SFR post. Behaviour post by post is in expectations.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brandSchema } from '../../src/config.ts';
import { MODEL_VERSION, readPost } from '../../src/nlp/analyse.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { BrandMatcher } from '../../src/nlp/brands/mentions.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { analyseSentiment, type SentimentResult } from '../../src/nlp/sentiment/sentiment.ts';
import { tokenize } from '../../src/nlp/tokens/tokenize.ts';
import { severity } from '../../src/score/severity.ts';
import { POSTS_DIR, readPosts } from '../../src/train/posts.ts';
import { BRANDS } from './helpers.ts';

const SEED = new URL('../../../shared/seeds/000_4aca5fc094db7989.txt', import.meta.url);
const models = loadModels();
const shipped = new Analyzer({ brands: BRANDS, models });
const rulesOnly = new Analyzer({ brands: BRANDS });
const ENERGY = [
  ...BRANDS,
  brandSchema.parse({ id: 'edf', name: 'EDF', aliases: ['EDF'] }),
  brandSchema.parse({ id: 'engie', name: 'Engie', aliases: ['Engie'] }),
];

describe('analyse', () => {
  it('returns the contract shape, with offsets into the text or, marked "title:", the title', () => {
    const text = "Ma box Free ne marche plus depuis 3 semaines, c'est honteux";
    const title = 'Free en panne';
    const a = shipped.analyse({ text, title });
    expect(a.modelVersion).toBe(`${MODEL_VERSION}+${models.version}`);
    expect(a.lang).toBe('fra');
    expect(['negative', 'neutral', 'positive']).toContain(a.sentiment);
    expect(a.sentimentScore).toBeGreaterThanOrEqual(-1);
    expect(a.sentimentScore).toBeLessThanOrEqual(1);
    for (const e of a.evidence) {
      const source = e.reason.startsWith('title:') ? title : text;
      expect(source.slice(e.start, e.end)).toBe(e.text);
    }
    expect(a.evidence.some((e) => e.reason.startsWith('title:'))).toBe(true);
    expect(a.brands.find((b) => b.id === 'free')).toMatchObject({ target: true });
  });

  it('is pure: same input, same output, and analysers do not share state', () => {
    const input = { text: 'SFR coupe encore, à fuir' };
    const first = shipped.analyse(input);
    new Analyzer({ brands: BRANDS, models }).analyse({ text: 'Orange au top, merci' });
    expect(shipped.analyse(input)).toEqual(first);
    expect(new Analyzer({ brands: BRANDS, models }).analyse(input)).toEqual(first);
  });

  // Without models the rules decide alone; the version says so.
  it('decides by the rules alone without models', () => {
    const a = rulesOnly.analyse({
      text: 'Ma box SFR ne marche plus depuis 3 semaines, personne ne répond',
    });
    expect(a.modelVersion).toBe(MODEL_VERSION);
    expect(a.complaint).toBe(true);
    expect(a.brands.find((b) => b.id === 'sfr')?.target).toBe(true);
    expect(
      rulesOnly.analyse({ text: 'Quelqu’un sait si la fibre SFR arrive à Lyon ?' }).complaint,
    ).toBe(false);
  });

  it('scores nothing in another language', () => {
    const a = shipped.analyse({
      text: 'My SFR internet has been down for three weeks and nobody answers the phone.',
    });
    expect(a).toMatchObject({
      lang: 'eng',
      complaint: false,
      sentiment: 'neutral',
      sentimentScore: 0,
    });
    expect(severity(a).value).toBe(0);
  });

  // The source's brand (a review on its page): the complaint that names no brand is its.
  it('aims a complaint that names no brand at the brand of its source', () => {
    const text = 'Trois semaines sans internet et personne ne répond au service client.';
    expect(shipped.analyse({ text }).brands).toEqual([]);
    const a = shipped.analyse({ text, brand: 'free' });
    expect(a.complaint).toBe(true);
    expect(a.brands).toMatchObject([{ id: 'free', target: true }]);
    expect(a.brands[0]!.reasons.join(' ')).toMatch(/brand of the source/);
  });

  // A post that is not negative blames no one, whatever its clauses hold.
  it('blames no one in a post that is not negative', () => {
    const a = shipped.analyse({
      text: 'Orange annonce la fin du réseau cuivre dans 200 communes.',
    });
    expect(a.sentiment).not.toBe('negative');
    expect(a.brands.every((b) => !b.target)).toBe(true);
  });

  // readPost prepares each text once and hands that to the tokens, the sentiment and the
  // brands: each must give what it gives when it prepares the text itself. The posts as
  // written, and typeset (curly apostrophes, narrow no-break spaces), which prepare() changes.
  it('reads a text prepared once as each part reads it alone, on every annotated post', () => {
    const lexicon = shipped.lexicon;
    const matcher = new BrandMatcher(BRANDS);
    const whole = (end: number) => () => ({ start: 0, end });
    const typeset = (t: string) => t.replaceAll("'", '’').replace(/ ([!?:;])/g, '\u202f$1');
    let posts = 0;
    for (const file of readdirSync(POSTS_DIR).filter((f) => f.endsWith('.jsonl'))) {
      for (const p of readPosts(join(POSTS_DIR, file))) {
        for (const t of [(x: string) => x, typeset]) {
          const input = { text: t(p.text), title: p.title && t(p.title) };
          const post = readPost(input, { lexicon });
          const parts: [string, SentimentResult | null][] = [[post.text, post.body]];
          if (post.title) parts.push([post.title, post.head]);
          for (const [text, read] of parts) {
            const tokens = tokenize(text);
            expect(read!.tokens).toEqual(tokens);
            expect(read).toEqual(analyseSentiment(text, tokens, lexicon));
            expect(matcher.find(text, tokens, whole(text.length), false, read!)).toEqual(
              matcher.find(text, tokens, whole(text.length)),
            );
          }
        }
        posts++;
      }
    }
    expect(posts).toBeGreaterThan(1500);
  });

  it.each([
    ['EDF me réclame 1 800 € de régularisation', 'edf'],
    ["EDF m'a facturé trois fois ma consommation", 'edf'],
    ['Engie m’a prélevé deux fois le même trimestre', 'engie'],
  ])('a billing claim blames its brand: %s', (title, brand) => {
    const analyzer = new Analyzer({ brands: ENERGY, models });
    const a = analyzer.analyse({
      title,
      text: 'Bonjour, je suis client depuis 15 ans. Le conseiller a noté ma réclamation.',
    });
    expect(a.complaint).toBe(true);
    const b = a.brands.find((x) => x.id === brand);
    expect(b?.target).toBe(true);
    expect(b?.reasons.join(' ')).toMatch(/billing claim/);
  });
});

// The canonical case (DESIGN.md): SFR's month of failures, the Fnac named in passing.
describe.skipIf(!existsSync(SEED))(
  'the canonical SFR post (../shared/seeds; skipped when absent)',
  () => {
    const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
    const a = shipped.analyse({ text });
    const evidenceOf = (category: string) =>
      a.grievances.filter((g) => g.category === category).map((g) => g.evidence.text);

    it('is a French complaint aimed at SFR, not at the Fnac, of high severity', () => {
      expect(a).toMatchObject({ lang: 'fra', sentiment: 'negative', complaint: true });
      const sfr = a.brands.find((b) => b.id === 'sfr')!;
      const fnac = a.brands.find((b) => b.id === 'fnac')!;
      expect(sfr.target).toBe(true);
      expect(sfr.confidence).toBeGreaterThanOrEqual(0.8);
      expect(fnac.target).toBe(false);
      expect(severity(a).value).toBeGreaterThanOrEqual(65);
    });

    it.each([
      ['activation', /activ|porté/],
      ['defective', /défectueux/],
      ['shop', /boutique/],
      ['calls_sms', /SMS|international/],
      ['roaming', /rooming/],
      ['billing', /facture/],
      ['customer_service', /service client/],
    ])('lists the %s grievance with its evidence', (category, pattern) => {
      expect(a.categories).toContain(category);
      expect(evidenceOf(category).some((t) => pattern.test(t))).toBe(true);
    });

    it.each([
      ['legal', /recommandé|en demeure/],
      ['verdict', /c'est l'enfer/],
      ['repeat_contact', /10 fois|Cinq tentatives|5 visites/],
      ['money', /à mes frais|frais/],
      ['duration', /plus d'un mois/],
    ])('lists the %s act with its evidence', (act, pattern) => {
      expect(a.acts).toContain(act);
      expect(evidenceOf(act).some((t) => pattern.test(t))).toBe(true);
    });
  },
);
