import { describe, expect, it } from 'vitest';
import { defaultBrands } from '../../../src/cli/brands.ts';
import { BrandMatcher } from '../../../src/nlp/brands/mentions.ts';
import { attributeBrands } from '../../../src/nlp/brands/targets.ts';
import { loadLexicon } from '../../../src/nlp/lexicon/lexicon.ts';
import { analyseSentiment } from '../../../src/nlp/sentiment/sentiment.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';
import type { BrandMention } from '../../../src/types.ts';
import { BRANDS } from '../helpers.ts';

const lex = loadLexicon();
const HELPERS = new BrandMatcher(BRANDS);
const DEFAULT = new BrandMatcher(defaultBrands());

/** The brands of a post by id, wired as analyse() wires them (body and title apart). */
function brandsOf(text: string, title?: string, matcher = HELPERS): Record<string, BrandMention> {
  const tokens = tokenize(text);
  const body = analyseSentiment(text, tokens, lex);
  const sentenceOf = (offset: number) =>
    body.sentences.find((s) => s.end > offset) ?? { start: 0, end: text.length };
  const mentions = matcher.find(text, tokens, sentenceOf);
  let titleMentions: ReturnType<BrandMatcher['find']> = [];
  let titleScore = 0;
  if (title) {
    const titleTokens = tokenize(title);
    titleMentions = matcher.find(title, titleTokens, () => ({ start: 0, end: title.length }), true);
    titleScore = analyseSentiment(title, titleTokens, lex).score;
  }
  const brands = attributeBrands(body, { mentions, titleMentions, titleScore });
  return Object.fromEntries(brands.map((b) => [b.id, b]));
}
const byDefault = (text: string) => brandsOf(text, undefined, DEFAULT);

describe('attributeBrands', () => {
  // The insult names the brand: it is the target.
  it('SFR c’est l’enfer', () => {
    const b = brandsOf("SFR c'est l'enfer !");
    expect(b.sfr).toMatchObject({ target: true, sentiment: 'negative' });
    expect(b.sfr!.confidence).toBeGreaterThanOrEqual(0.55);
    expect(b.sfr!.reasons).toContain('named in 1 negative clause');
  });

  // A competitor named for contrast is praised, not blamed.
  it('chez Orange au moins ça marche, SFR coupe tous les jours', () => {
    const b = brandsOf('chez Orange au moins ça marche, SFR coupe tous les jours');
    expect(b.sfr!.target).toBe(true);
    expect(b.orange!.target).toBe(false);
    expect(b.orange!.sentiment).toBe('positive');
  });

  // A brand only named in passing is not the target of the post's anger.
  it('mentioned in passing', () => {
    const b = brandsOf(
      "J'en ai parlé dans mon article sur la Fnac. Mon forfait SFR ne marche plus. Le SAV de SFR est lamentable. Trois semaines sans réseau.",
    );
    expect(b.sfr!.target).toBe(true);
    expect(b.fnac!.target).toBe(false);
    expect(b.sfr!.confidence).toBeGreaterThan(0.6);
    expect(b.fnac!.reasons).toContain('only mentioned');
  });

  // Naming the brand in the title or addressing its handle points at it.
  it('title and handle', () => {
    const b = brandsOf("Trois semaines sans internet, c'est honteux.", 'Free : panne géante');
    expect(b.free).toMatchObject({ target: true });
    expect(b.free!.reasons).toContain('named in the title');
    expect(b.free!.spans[0]!.reason).toMatch(/^title:/);
    const h = brandsOf('@SFR ma ligne est coupée depuis hier, toujours rien');
    expect(h.sfr!.target).toBe(true);
    expect(h.sfr!.reasons).toContain('addressed by handle or hashtag');
  });

  // "Seule la Fnac est arrivée à l'heure": the brand set apart as the good one is not blamed;
  // the sentences that name no brand are the others' ("les deux autres").
  it('seule la Fnac … les deux autres', () => {
    const b = byDefault(
      "Trois commandes le même jour. Seule la Fnac est arrivée à l'heure. Les deux autres, Darty et Cdiscount, 5 jours de retard.",
    );
    expect(b.fnac!.target).toBe(false);
    expect(b.fnac!.reasons.some((r) => r.startsWith('set apart'))).toBe(true);
    expect(b.darty!.target).toBe(true);
    expect(b.cdiscount!.target).toBe(true);
  });

  // A relative's operator is a bystander: the writer's own operator is blamed.
  it.each([
    ['default', DEFAULT],
    ['helpers', HELPERS],
  ])('ma copine qui est chez Orange (%s list)', (_, matcher) => {
    const b = brandsOf(
      'Ma copine qui est chez Orange a du réseau partout, moi chez SFR zéro barre depuis une semaine.',
      undefined,
      matcher,
    );
    expect(b.orange!.target).toBe(false);
    expect(b.orange!.reasons.some((r) => r.startsWith('a bystander'))).toBe(true);
    expect(b.sfr!.target).toBe(true);
  });

  // Two brands in one negative clause share the blame.
  it('SFR et Orange sont nuls', () => {
    const b = byDefault('SFR et Orange sont nuls');
    expect(b.sfr!.target).toBe(true);
    expect(b.orange!.target).toBe(true);
  });

  // Praise blames no one.
  it('praise', () => {
    const b = brandsOf('Merci SFR, service impeccable');
    expect(b.sfr).toMatchObject({ target: false, sentiment: 'positive' });
    expect(b.sfr!.reasons).toContain('named in positive clauses: praised, not blamed');
  });

  it('gives nothing when no brand is named', () => {
    expect(
      attributeBrands(analyseSentiment('rien à signaler', tokenize('rien à signaler'), lex), {
        mentions: [],
        titleMentions: [],
        titleScore: 0,
      }),
    ).toEqual([]);
  });

  // Every brand mention: a confidence in 0..1 that agrees with the decision, counts and spans
  // that point into the text.
  it('reports confidences, counts and spans that agree', () => {
    const text = 'Free : plus de réseau. @free #Freebox en panne, 5e appel au SAV. Orange au top.';
    const b = brandsOf(text);
    for (const m of Object.values(b)) {
      expect(m.confidence).toBeGreaterThanOrEqual(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
      if (m.target) expect(m.confidence).toBeGreaterThanOrEqual(0.55);
      expect(m.count).toBe(m.spans.length);
      for (const s of m.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    expect(b.free!.target).toBe(true);
    expect(b.free!.count).toBeGreaterThanOrEqual(2);
  });
});
