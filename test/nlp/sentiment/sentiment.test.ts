import { describe, expect, it } from 'vitest';
import { Lexicon, loadLexicon } from '../../../src/nlp/lexicon/lexicon.ts';
import { shortQuotes } from '../../../src/nlp/sentiment/sarcasm.ts';
import {
  analyseSentiment,
  LEXICON_FEATURE_NAMES,
  lexiconFeaturesOf,
  toneOf,
} from '../../../src/nlp/sentiment/sentiment.ts';
import { walk } from '../../../src/nlp/sentiment/walk.ts';
import { splitSentences } from '../../../src/nlp/text/sentences.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';

const lex = loadLexicon();
const analyse = (text: string) => analyseSentiment(text, tokenize(text), lex);
const label = (t: string) => analyse(t).label;
const score = (t: string) => analyse(t).score;
const reasons = (t: string) => analyse(t).contributions.map((c) => c.reason);

describe('analyseSentiment', () => {
  // Plain polarity.
  it.each([
    ['le film était nul', 'negative'],
    ["SFR c'est l'enfer !", 'negative'],
    ['service impeccable, technicien très sympa', 'positive'],
    ["Quelqu'un sait si Orange propose la fibre à Lyon ?", 'neutral'],
    ['', 'neutral'],
  ])('%s → %s', (t, expected) => expect(label(t)).toBe(expected));

  // French negation: ne … pas/plus/jamais, informal "pas" alone, "pas du tout", "sans".
  it.each([
    ["ce n'est pas bon", 'negative'],
    ["c'est pas terrible", 'negative'],
    ['je ne suis pas du tout content', 'negative'],
    ['ma box ne marche plus', 'negative'],
    ['le réseau ne fonctionne jamais', 'negative'],
    ['trois jours sans internet', 'negative'],
    ['ni rapide ni fiable', 'negative'],
    ["ce n'est pas mauvais", 'positive'],
  ])('negation: %s → %s', (t, expected) => expect(label(t)).toBe(expected));

  // Phrases that look negative and are praise.
  it.each([['pas mal du tout'], ['rien à redire'], ['aucun problème, au top']])('praise: %s', (t) =>
    expect(label(t)).toBe('positive'),
  );

  // Negated problems are praise: the lexicon's "negated" valence of "souci", "problème",
  // "regrette", "déçu" is positive, not the default faint negative.
  it.each([
    ['jamais eu de souci'],
    ["je n'ai jamais eu de problème avec eux"],
    ['aucun problème'],
    ['rien à redire'],
    ['je ne regrette pas'],
    ['pas déçu'],
    ['je ne suis jamais déçu'],
  ])('negated trouble is praise: %s', (t) => {
    expect(score(t)).toBeGreaterThan(0);
  });

  // Negated "works" verbs and missing fixes are failures, not opinions.
  it.each([
    ['ne marche plus', 'ne marche'],
    ['ma box ne marche plus', 'ne marche'],
    ['le réseau ne fonctionne jamais', 'ne fonctionne'],
    ['trois jours sans internet', 'sans internet'],
  ])('failure: %s', (t, span) => {
    const r = analyse(t);
    expect(r.score).toBeLessThan(0);
    expect(r.contributions.filter((c) => c.failure).map((c) => c.text)).toEqual([span]);
    expect(r.sentences.some((s) => s.failure)).toBe(true);
  });

  // A scope negates the first sentiment word it meets, then is spent: "toujours pas de
  // solution à mon problème" still has a problem, and no solution.
  it('toujours pas de solution à mon problème: negative, the problem not turned into praise', () => {
    const r = analyse('toujours pas de solution à mon problème');
    expect(r.score).toBeLessThan(0);
    expect(r.contributions.every((c) => c.value < 0)).toBe(true);
  });

  // "toujours pas de …" reports a missing thing: a failure, not an opinion.
  it('toujours pas de solution à mon problème reports a failure', () => {
    const r = analyse('toujours pas de solution à mon problème');
    expect(r.contributions.some((c) => c.failure)).toBe(true);
  });

  // "ne marche pas bien" is one negation: "pas" is the second half of "ne", not a new scope
  // that would negate "bien" too.
  it.each([['ne marche pas bien'], ['ça ne marche pas bien']])('one negation: %s', (t) => {
    const r = analyse(t);
    expect(r.score).toBeLessThan(0);
    expect(r.contributions.filter((c) => c.negated)).toHaveLength(1);
    expect(r.counts.negated).toBe(1);
    expect(r.contributions.find((c) => c.negated)!.term).toBe('marche');
  });

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
    expect(score('très nul')).toBeLessThan(score('nul'));
    expect(score('NUUUUL !!!')).toBeLessThan(score('nul'));
    expect(score('SFR est NUL')).toBeLessThan(score('SFR est nul'));
    expect(score('un peu nul')).toBeGreaterThan(score('nul'));
    expect(score('super lent')).toBeLessThan(score('lent'));
    expect(score('très déçues')).toBeLessThan(score('déçues'));
  });

  // A whole text in capitals shouts: capitals then say nothing word by word.
  it('does not count capitals as an intensifier when the whole text shouts', () => {
    const shouted = analyse('LE SAV EST VRAIMENT NUL');
    const plain = analyse('le SAV est vraiment nul');
    expect(shouted.score).toBeCloseTo(plain.score, 10);
  });

  // Sarcasm: thanks or praise next to a failure, praise in short quotes, irony marks.
  it.each([
    ['merci Free pour ces trois semaines sans internet'],
    ['Merci Free pour ces trois semaines sans internet'],
    ['bravo SFR, encore en panne'],
    ['oh « bonheur », je ne peux plus envoyer de SMS'],
    ['génial, la box ne marche plus depuis lundi'],
    ['Génial 🙃'],
  ])('sarcasm: %s', (t) => {
    const r = analyse(t);
    expect(r.label).toBe('negative');
    expect(r.score).toBeLessThan(0);
    expect(r.contributions.some((c) => c.sarcasm && c.reason.startsWith('sarcasm'))).toBe(true);
    expect(r.counts.sarcasm).toBeGreaterThan(0);
  });

  // Thanks after a repair are thanks.
  it.each([
    ['Problème réglé en 10 minutes, merci au technicien'],
    ['problème réglé, merci SFR'],
    ['Merci pour votre aide, tout est parfait'],
  ])('no sarcasm: %s', (t) => {
    const r = analyse(t);
    expect(r.contributions.some((c) => c.sarcasm)).toBe(false);
    expect(r.score).toBeGreaterThan(0);
  });

  it('finds the resolution cue and its span', () => {
    const text = 'Problème réglé en 10 minutes, merci au technicien';
    const r = analyse(text);
    expect(r.resolved.map((e) => e.text)).toEqual(['Problème réglé']);
    expect(r.sentences[0]!.resolved).toBe(true);
  });

  // A question weighs less, unless it reports a failure.
  it('weighs questions less unless they report a failure', () => {
    expect(score('est-ce que le service est nul ?')).toBeGreaterThan(score('le service est nul.'));
    expect(label('pourquoi ma box ne marche plus ?')).toBe('negative');
    expect(score('pourquoi ma box ne marche plus ?')).toBe(score('ma box ne marche plus'));
    expect(analyse('pourquoi ma box ne marche plus ?').counts.questions).toBe(1);
  });

  it('explains itself with spans of the text', () => {
    const text = 'Ma box ne marche plus, le SAV est lamentable';
    const r = analyse(text);
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    for (const c of r.contributions) expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(r.evidence.map((e) => e.text)).toEqual(['ne marche', 'lamentable']);
    expect(reasons(text)[0]).toMatch(/^negated negative: marche/);
  });

  it('stays within −1..1', () => {
    const long = 'nul, lamentable, arnaque, honteux. '.repeat(50);
    expect(analyse(long).score).toBeGreaterThanOrEqual(-1);
    expect(analyse('excellent, parfait, génial. '.repeat(50)).score).toBeLessThanOrEqual(1);
  });

  // The lexicon's old false matches are gone from sentences too.
  it.each([
    ['il connaît son métier'],
    ['un petit train en question'],
    ["on m'a traité rapidement"],
  ])('no sentiment from stems: %s', (t) => {
    expect(analyse(t).contributions.filter((c) => c.term !== 'rapidement')).toEqual([]);
  });

  // "prix" is the price (VADER's "prize" sense is zeroed): a price rise is no praise.
  it('ils ont augmenté le prix: not praise', () => {
    expect(score('ils ont augmenté le prix')).toBeLessThanOrEqual(0);
  });
});

describe('clauses and sentences', () => {
  it('cuts clauses at commas and contrasts, and sums their contributions', () => {
    const text = "chez Orange au moins ça marche, SFR coupe tous les jours. C'est nul.";
    const r = analyse(text);
    expect(r.clauses.map((c) => text.slice(c.start, c.end))).toEqual([
      'chez Orange au moins ça marche,',
      'SFR coupe tous les jours.',
      "C'est nul.",
    ]);
    expect(r.clauses.map((c) => c.sentence)).toEqual([0, 0, 1]);
    expect(r.clauses[1]!.sum).toBeLessThan(0);
    expect(r.clauses[2]!.sum).toBeLessThan(0);
    for (const c of r.contributions) expect(r.clauseOf[c.token]).toBe(c.clause);
    expect(r.sentences.map((s) => Math.sign(s.sum))).toEqual([-1, -1]);
  });
});

describe('walk', () => {
  // The walk alone, on a lexicon written for the test: the scope rules, not the word list.
  const tiny = Lexicon.parse(
    ['term\tvalence\tnegated', 'bon\t2', 'mauvais\t-2', 'marche\t0\t-2.6', 'souci\t-1.4\t1.2'].join(
      '\n',
    ),
  );
  const walked = (text: string) => {
    const tokens = tokenize(text);
    return walk(text, tokens, splitSentences(text, tokens), tiny, false).contributions.map(
      (c) => `${c.negated ? 'not ' : ''}${c.term} ${c.value}`,
    );
  };

  it.each([
    ['bon', ['bon 2']],
    ['pas bon', ['not bon -1.6']],
    ['pas mauvais', ['not mauvais 0.8']],
    ["ce n'est pas bon", ['not bon -1.6']],
    // The verb's own negated valence; "pas" after it opens nothing new.
    ['ne marche pas bon', ['not marche -2.6', 'bon 2']],
    // A scope is spent by the first word it negates.
    ['pas bon ni mauvais', ['not bon -1.6', 'not mauvais 0.8']],
    ['jamais de souci', ['not souci 1.2']],
    ['pas de souci, mauvais', ['not souci 1.2', 'mauvais -2']],
    // "plus" negates only after "ne": alone it means "more".
    ['plus bon', ['bon 2']],
    // A zero-valence word is not a contribution.
    ['marche', []],
  ])('%s → %j', (text, expected) => {
    expect(walked(text)).toEqual(expected);
  });
});

describe('shortQuotes', () => {
  it('marks the words of quotes of three words at most', () => {
    const tokens = tokenize('oh « bonheur », et "un très long passage cité" puis “top”');
    const inside = [...shortQuotes(tokens)].map((i) => tokens[i]!.text);
    expect(inside).toEqual(['bonheur', 'top']);
  });
});

describe('lexiconFeaturesOf', () => {
  const at = (name: (typeof LEXICON_FEATURE_NAMES)[number]) => LEXICON_FEATURE_NAMES.indexOf(name);

  it('has a fixed length and signs a user can read', () => {
    const empty = lexiconFeaturesOf(analyse(''));
    expect(empty).toHaveLength(LEXICON_FEATURE_NAMES.length);
    expect(empty.every((x) => x === 0)).toBe(true);
    const neg = lexiconFeaturesOf(analyse("c'est nul, vraiment nul"));
    const pos = lexiconFeaturesOf(analyse("c'est excellent"));
    expect(neg[at('neg_sum')]).toBeGreaterThan(pos[at('neg_sum')]!);
    expect(pos[at('pos_sum')]).toBeGreaterThan(neg[at('pos_sum')]!);
    expect(neg[at('lexicon_score')]).toBeLessThan(0);
  });

  it('adds up a title and a body, each in range', () => {
    const title = analyse('SFR : panne géante !!!');
    const body = analyse('merci Free pour ces trois semaines sans internet');
    const both = lexiconFeaturesOf(body, title);
    expect(both[at('failure_sentences')]).toBeGreaterThan(
      lexiconFeaturesOf(body)[at('failure_sentences')]!,
    );
    expect(both[at('sarcasm')]).toBeGreaterThan(0);
    for (const x of both) expect(Math.abs(x)).toBeLessThanOrEqual(1);
  });

  it('reads the closing and the title apart from the rest', () => {
    const story = analyse(
      'La box est tombée en panne, une galère totale. Trois jours sans internet, pénible. Le technicien a tout réparé, super. Un grand merci, service excellent.',
    );
    const f = lexiconFeaturesOf(story);
    // A breakdown story that ends in thanks: negative words, a positive closing.
    expect(f[at('neg_sum')]).toBeGreaterThan(0);
    expect(f[at('closing_score')]).toBeGreaterThan(0);
    expect(f[at('title_score')]).toBe(0);
    const titled = lexiconFeaturesOf(story, analyse('Une honte'));
    expect(titled[at('title_score')]).toBeLessThan(0);
    expect(titled[at('closing_score')]).toBe(f[at('closing_score')]);
  });

  it('scores a sum of contributions as VADER does', () => {
    expect(toneOf(0)).toBe(0);
    expect(Math.sign(toneOf(-3))).toBe(-1);
    expect(toneOf(100)).toBeLessThan(1);
  });
});
