import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type LexEntry,
  Lexicon,
  loadLexicon,
  MIN_PREFIX,
} from '../../../src/nlp/lexicon/lexicon.ts';
import { isEnding } from '../../../src/nlp/lexicon/suffixes.ts';
import { fold } from '../../../src/nlp/text/fold.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';

const SHARED = new URL('../../../../shared/', import.meta.url);
const DATASETS = new URL('datasets/', SHARED);
const LEXICONS = new URL('lexicons/', SHARED);

// A small lexicon written for these tests, in the committed file's format.
const TSV = [
  'term\tvalence\tnegated\tnote',
  '# a comment line',
  'déçu\t-2.2\t1.2\thand',
  'nul\t-2.5\t\t',
  'arnaqu*\t-3.2\t\t',
  'arnaqueur*\t-3.5\t\t',
  "c'est l'enfer\t-3.8\t\t",
  "l'enfer\t-3.5\t\t",
  'enfer\t-3.5\t\t',
  'pas mal\t1.8\t\t',
  'sans internet\t-2.6\t\t',
  'petit\t0\t\t',
  '',
  'broken\tnot-a-number\t\t',
].join('\n');
const small = Lexicon.parse(TSV);
const committed = loadLexicon();

const valence = (lex: Lexicon, word: string) => lex.word(fold(word))?.valence ?? null;

describe('Lexicon.parse', () => {
  it('reads words, prefix entries and phrases, skipping the header, comments and bad lines', () => {
    expect(small.size).toBe(10);
    expect(small.words.get('decu')).toEqual({ term: 'decu', valence: -2.2, negated: 1.2 });
    expect(small.words.get('nul')).toEqual({ term: 'nul', valence: -2.5, negated: null });
    expect(small.words.has('broken')).toBe(false);
    expect(small.prefixes.get('arna')!.map((e) => e.term)).toEqual(['arnaqueur*', 'arnaqu*']);
  });

  // Phrases are tokenised as texts are ("c'est l'enfer" → c' est l' enfer), longest first, and
  // know whether they hold their own negator ("pas mal", "sans internet").
  it('keys phrases by their first token, longest first', () => {
    expect(small.phrases.get("c'")!.map((p) => p.tokens)).toEqual([["c'", 'est', "l'", 'enfer']]);
    expect(small.phrases.get("l'")![0]!.term).toBe("l'enfer");
    expect(small.phrases.get('pas')![0]).toMatchObject({ term: 'pas mal', holdsNegator: true });
    expect(small.phrases.get("c'")![0]!.holdsNegator).toBe(false);
  });

  // A prefix shorter than MIN_PREFIX letters, or of two words, is refused loudly.
  it.each([['con*'], ['pas de*'], ["l'arn*"]])('refuses the prefix entry %s', (term) => {
    expect(() => Lexicon.parse(`term\tvalence\n${term}\t-1`)).toThrow(/prefix entry/);
  });

  it('loads the committed lexicon', () => {
    expect(committed.size).toBeGreaterThan(5000);
    expect(committed.prefixes.size).toBeGreaterThan(0);
    for (const key of committed.prefixes.keys()) expect(key).toHaveLength(MIN_PREFIX);
  });
});

describe('Lexicon.word', () => {
  // Whole words, then the plural and the feminine, which French spells regularly.
  it.each([
    ['déçu', -2.2],
    ['déçue', -2.2],
    ['déçus', -2.2],
    ['déçues', -2.2],
    ['DÉÇUES', -2.2],
    ['nul', -2.5],
    // Whole-word matching: a word that merely contains or starts with an entry is not it.
    ['nullité', null],
    ['deçuxx', null],
    ['enfermé', null],
  ])('%s → %s', (word, expected) => {
    expect(valence(small, word)).toBe(expected);
  });

  // A prefix entry matches its stem followed by one of French's endings, and the longest
  // prefix entry wins ("arnaqueur*" over "arnaqu*").
  it.each([
    ['arnaque', 'arnaqu*'],
    ['arnaquer', 'arnaqu*'],
    ['arnaquent', 'arnaqu*'],
    ['arnaquez', 'arnaqu*'],
    ['arnaqueurs', 'arnaqueur*'],
    ['arnaqueur', 'arnaqueur*'],
    ['arnaquette', null],
    ['arnaquiste', 'arnaqu*'],
    ['arna', null],
  ])('prefix: %s → %s', (word, term) => {
    expect(small.prefixOf(fold(word))?.term ?? null).toBe(term);
    expect(small.word(fold(word))?.term ?? null).toBe(term);
  });

  it('prefers a whole word to a prefix entry', () => {
    const lex = Lexicon.parse('term\tvalence\nscandal*\t-3\nscandaleuses\t-0.7');
    expect(lex.word('scandaleuses')!.valence).toBe(-0.7);
    expect(lex.word('scandaleux')!.term).toBe('scandal*');
    expect(lex.prefixOf('scandaleuses')!.term).toBe('scandal*');
  });

  // The committed lexicon's prefix entries (data/lexicon/fr-hand.tsv, built into
  // fr-sentiment.tsv) match their stem and an ending, nothing longer.
  it.each([
    ['arnaqueurs', 'arnaqu*'],
    ['arnaquez', 'arnaqu*'],
    ['escroquent', 'escroqu*'],
    ['scandaleuses', 'scandal*'],
    ['lamentablement', 'lamentabl*'],
    ['arnaquette', null],
    ['professionnalisme', null],
  ])('committed prefix: %s → %s', (word, term) => {
    expect(committed.prefixOf(fold(word))?.term ?? null).toBe(term);
  });

  // The committed lexicon: words of the prefix entries and their derived forms.
  it.each([
    ['arnaqueurs', -1],
    ['arnaquée', -1],
    ['arnaqué', -1],
    ['escroquerie', -1],
    ['scandaleux', -1],
    ['déçues', -1],
    ['irréprochables', 1],
    ['remarquablement', 1],
  ])('committed: %s has valence of sign %i', (word, sign) => {
    expect(Math.sign(valence(committed, word) ?? 0)).toBe(sign);
  });

  // The stemmer of the old lexicon found "con" in "connaît", "pet" in "petit", "train" in
  // "entrain"…: these words carry no sentiment (an explicit 0 entry, or none).
  it.each([
    ['connaît'],
    ['connaissent'],
    ['petit'],
    ['petite'],
    ['train'],
    ['trains'],
    ['question'],
    ['questions'],
    ['traite'],
    ['traité'],
    ['augmenté'],
    ['augmentée'],
  ])('no valence for %s', (word) => {
    expect(valence(committed, word) ?? 0).toBe(0);
  });

  // "ils m'ont augmenté mon forfait" is no praise, in any of the verb's forms.
  it.each([['augmentés'], ['augmentées']])('no valence for %s', (word) => {
    expect(valence(committed, word) ?? 0).toBe(0);
  });

  // A prefix entry matches its own feminine, with the doubled consonant (-elle, -enne).
  it.each([['professionnelle'], ['professionnelles']])('praise in %s', (word) => {
    expect(valence(committed, word) ?? 0).toBeGreaterThan(0);
  });
});

describe('isEnding', () => {
  // The closed list: inflections and derivations that keep the stem's sense, never the rest
  // of another word ("con" + "nait", "pet" + "it").
  it.each([
    ['', true],
    ['e', true],
    ['es', true],
    ['eurs', true],
    ['ent', true],
    ['ement', true],
    ['ette', false],
    ['nait', false],
    ['it', false],
    ['is', false],
  ])('%j → %s', (rest, expected) => {
    expect(isEnding(rest)).toBe(expected);
  });
});

describe('Lexicon.lookup and phraseAt', () => {
  const text = "c'est l'enfer, pas mal d'arnaqueurs #nul https://nul.fr";
  const tokens = tokenize(text);
  const at = (folded: string) => tokens.findIndex((t) => t.folded === folded);

  it('finds the longest phrase starting at a token, else the word', () => {
    expect(small.phraseAt(tokens, 0)!.term).toBe("c'est l'enfer");
    expect(small.lookup(tokens, 0)).toMatchObject({ first: 0, last: 4 });
    expect(small.phraseAt(tokens, 2)!.term).toBe("l'enfer");
    expect(small.lookup(tokens, 3)).toMatchObject({ entry: { term: 'enfer' }, first: 3, last: 4 });
    expect(small.lookup(tokens, at('pas'))!.entry.term).toBe('pas mal');
    expect(small.lookup(tokens, at('arnaqueurs'))!.entry.term).toBe('arnaqueur*');
    expect(small.phraseAt(tokens, 1)).toBeNull();
    expect(small.lookup(tokens, 1)).toBeNull();
  });

  // Punctuation, hashtags and links are not looked up, even when they spell an entry.
  it('skips punctuation, hashtags and URLs', () => {
    for (const [i, t] of tokens.entries()) {
      if (t.kind === 'punct' || t.kind === 'hashtag' || t.kind === 'url') {
        expect(small.lookup(tokens, i)).toBeNull();
      }
    }
  });

  it('matches a phrase written in capitals, curly apostrophes and all', () => {
    const shouted = tokenize('C’EST L’ENFER');
    expect(committed.lookup(shouted, 0)).toMatchObject({ first: 0, last: 4 });
  });

  it('stops a phrase at the end of the tokens', () => {
    expect(small.phraseAt(tokenize("c'est"), 0)).toBeNull();
    expect(small.lookup(tokenize('pas'), 0)).toBeNull();
  });
});

// Every prefix entry of the committed lexicon, swept over the French words of ../shared (the
// datasets' texts and the lexicons' terms): what it matches must agree with the whole-word
// entries, and each entry must match something, or it is dead weight.
describe.skipIf(!existsSync(DATASETS) || !existsSync(LEXICONS))(
  'prefix entries against the vocabulary of ../shared (absent: skipped)',
  () => {
    const words = new Set<string>();
    const addWords = (text: string) => {
      for (const [w] of text.matchAll(/\p{L}+/gu)) words.add(fold(w));
    };
    if (existsSync(DATASETS) && existsSync(LEXICONS)) {
      for (const dir of readdirSync(DATASETS, { withFileTypes: true })) {
        if (!dir.isDirectory()) continue;
        const folder = new URL(`${dir.name}/`, DATASETS);
        for (const file of readdirSync(folder).filter((f) => f.endsWith('.jsonl'))) {
          for (const line of readFileSync(new URL(file, folder), 'utf8').split('\n')) {
            if (line.trim() !== '') addWords(String(JSON.parse(line).text ?? ''));
          }
        }
      }
      for (const file of readdirSync(LEXICONS).filter((f) => /\.(tsv|txt)$/.test(f))) {
        addWords(readFileSync(new URL(file, LEXICONS), 'utf8'));
      }
    }
    const entries: LexEntry[] = [...committed.prefixes.values()].flat();
    const matches = new Map<LexEntry, string[]>(entries.map((e) => [e, []]));
    for (const w of words) {
      const e = committed.prefixOf(w);
      if (e) matches.get(e)!.push(w);
    }

    it('matches only words whose whole-word entry has the same sign', () => {
      const disagree: string[] = [];
      for (const [e, matched] of matches) {
        for (const w of matched) {
          const whole = committed.words.get(w);
          if (whole && Math.sign(whole.valence) !== Math.sign(e.valence)) {
            disagree.push(`${e.term} (${e.valence}) ~ ${w} (${whole.valence})`);
          }
        }
      }
      expect(disagree).toEqual([]);
    });

    it('has no dead entry: each prefix entry matches a word', () => {
      const dead = [...matches].filter(([, matched]) => matched.length === 0).map(([e]) => e.term);
      expect(dead).toEqual([]);
      const total = [...matches.values()].reduce((n, m) => n + m.length, 0);
      console.log(
        `prefix sweep: ${entries.length} prefix entries, ${total} words matched of ${words.size}`,
      );
    });
  },
);
