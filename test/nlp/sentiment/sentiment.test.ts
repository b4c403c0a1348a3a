import { describe, expect, it } from 'vitest';
import {
  analyseSentiment,
  LEXICON_FEATURE_NAMES,
  lexiconFeatures,
} from '../../../src/nlp/sentiment/sentiment.ts';

const label = (t: string) => analyseSentiment(t).label;
const reasons = (t: string) => analyseSentiment(t).contributions.map((c) => c.reason);

describe('analyseSentiment', () => {
  // Plain polarity.
  it.each([
    ['le film était nul', 'negative'],
    ["SFR c'est l'enfer !", 'negative'],
    ['service impeccable, technicien très sympa', 'positive'],
    ["Quelqu'un sait si Orange propose la fibre à Lyon ?", 'neutral'],
  ])('%s → %s', (t, expected) => expect(label(t)).toBe(expected));

  // French negation: ne … pas/plus/jamais, informal "pas" alone, "pas du tout", "sans".
  it.each([
    ["ce n'est pas bon", 'negative'],
    ["c'est pas terrible", 'negative'],
    ['je ne suis pas du tout content', 'negative'],
    ['ma box ne marche plus', 'negative'],
    ['le réseau ne fonctionne jamais', 'negative'],
    ['trois jours sans internet', 'negative'],
    ["ce n'est pas mauvais", 'positive'],
  ])('negation: %s → %s', (t, expected) => expect(label(t)).toBe(expected));

  // Phrases that look negative and are praise.
  it.each([['pas mal du tout'], ['rien à redire'], ['aucun problème, au top']])('praise: %s', (t) =>
    expect(label(t)).toBe('positive'),
  );

  // The negation scope ends at punctuation and at a contrast word.
  it('ends negation at a comma', () => {
    expect(label("ce n'est pas cher, et c'est excellent")).toBe('positive');
  });

  // Contrast: the clause after "mais" carries the point.
  it('weighs the clause after a contrast more', () => {
    expect(label("l'appli est jolie mais ça ne marche pas")).toBe('negative');
    expect(label('un peu lent au début mais service excellent')).toBe('positive');
  });

  // Intensifiers, capitals, stretched letters and "!!!" strengthen; diminishers soften.
  it('orders intensity', () => {
    const s = (t: string) => analyseSentiment(t).score;
    expect(s('très nul')).toBeLessThan(s('nul'));
    expect(s('NUUUUL !!!')).toBeLessThan(s('nul'));
    expect(s('un peu nul')).toBeGreaterThan(s('nul'));
    expect(s('super lent')).toBeLessThan(s('lent'));
  });

  // Sarcasm: thanks or praise next to a failure, praise in short quotes.
  it.each([
    ['merci Free pour ces trois semaines sans internet'],
    ['bravo SFR, encore en panne'],
    ['oh « bonheur », je ne peux plus envoyer de SMS'],
    ['génial, la box ne marche plus depuis lundi'],
  ])('sarcasm: %s', (t) => {
    const r = analyseSentiment(t);
    expect(r.label).toBe('negative');
    expect(r.contributions.some((c) => c.sarcasm && c.reason.startsWith('sarcasm'))).toBe(true);
  });

  // A question weighs less, unless it reports a failure.
  it('weighs questions less unless they report a failure', () => {
    const asked = analyseSentiment('est-ce que le service est nul ?').score;
    const said = analyseSentiment('le service est nul.').score;
    expect(asked).toBeGreaterThan(said);
    expect(label('pourquoi ma box ne marche plus ?')).toBe('negative');
  });

  it('explains itself with spans of the text', () => {
    const text = 'Ma box ne marche plus, le SAV est lamentable';
    const r = analyseSentiment(text);
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(r.evidence.map((e) => e.text)).toEqual(['ne marche plus', 'lamentable']);
    expect(reasons(text)[0]).toMatch(/^negated negative: marche/);
  });

  it('stays within −1..1', () => {
    const long = 'nul, lamentable, arnaque, honteux. '.repeat(50);
    expect(analyseSentiment(long).score).toBeGreaterThanOrEqual(-1);
  });
});

describe('lexiconFeatures', () => {
  it('has a fixed length and signs a user can read', () => {
    const empty = lexiconFeatures('');
    expect(empty).toHaveLength(LEXICON_FEATURE_NAMES.length);
    const neg = lexiconFeatures("c'est nul, vraiment nul");
    const pos = lexiconFeatures("c'est excellent");
    const at = (name: (typeof LEXICON_FEATURE_NAMES)[number]) =>
      LEXICON_FEATURE_NAMES.indexOf(name);
    expect(neg[at('neg_sum')]).toBeGreaterThan(pos[at('neg_sum')]!);
    expect(pos[at('pos_sum')]).toBeGreaterThan(neg[at('pos_sum')]!);
    expect(neg[at('lexicon_score')]).toBeLessThan(0);
  });
});
