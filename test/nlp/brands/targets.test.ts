import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/nlp/analyse.ts';
import { findMentions } from '../../../src/nlp/brands/targets.ts';
import { BRANDS } from '../helpers.ts';

const whole = (text: string) => () => ({ start: 0, end: text.length });
const mentioned = (text: string) =>
  findMentions(text, BRANDS, whole(text)).map((m) => `${m.brand}:${m.text}`);
const brandsOf = (text: string, title?: string) =>
  Object.fromEntries(analyse({ text, title }, { brands: BRANDS }).brands.map((b) => [b.id, b]));

describe('findMentions', () => {
  // Case rules: "Orange", "Free", "SFR" count only capitalised as configured; handles and
  // hashtags are case-insensitive.
  it.each([
    ['SFR et sfr', ['sfr:SFR']],
    ['@sfr #SFR', ['sfr:@sfr', 'sfr:#SFR']],
    ['ma Freebox et Free Mobile', ['free:Freebox', 'free:Free Mobile']],
    ['Fnac, fnac', ['fnac:Fnac']],
  ])('%s', (text, expected) => expect(mentioned(text)).toEqual(expected));

  // Exclusions: the fruit, English "free", "gratuit" talk, and Orange without a telecom word.
  it.each([
    ["un bon jus d'orange"],
    ["un bon jus d'Orange"],
    ['Free shipping on all orders'],
    ["Free, c'est gratuit ? free wifi"],
    ['Orange est ma couleur préférée'],
  ])('no brand in: %s', (text) => expect(mentioned(text)).toEqual([]));

  // English "is free", "for free" refuse the name; French words that merely end in "is" do
  // not ("mais", "depuis", "jamais", "puis").
  it.each([
    ['mais SFR coupe encore', ['sfr:SFR']],
    ['depuis SFR ne répond plus', ['sfr:SFR']],
    ['jamais Free ne répond au service client', ['free:Free']],
    ['puis Free a coupé la ligne', ['free:Free']],
    ['this is Free for everyone', []],
    ['totally Free stuff', []],
  ])('English "free" before: %s', (text, expected) => expect(mentioned(text)).toEqual(expected));

  // Context words or "chez X" confirm an ambiguous alias.
  it.each([['Orange coupe ma fibre tous les soirs'], ['je suis chez Orange depuis dix ans']])(
    'Orange in: %s',
    (text) => expect(mentioned(text)).toEqual(['orange:Orange']),
  );
});

describe('brand targets', () => {
  // The insult names the brand: it is the target.
  it('SFR c’est l’enfer', () => {
    const b = brandsOf("SFR c'est l'enfer !");
    expect(b.sfr).toMatchObject({ target: true, sentiment: 'negative' });
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
});
