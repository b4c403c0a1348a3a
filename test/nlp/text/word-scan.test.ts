import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACT_SCAN, ASKING_RE, CATEGORY_SCAN, CLAIM_RE } from '../../../src/nlp/complaints/rules.ts';
import { DURATION_RE, RESOLVED_RE } from '../../../src/nlp/lexicon/cues.ts';
import { prng } from '../../../src/nlp/model/random.ts';
import { flatten, prepare } from '../../../src/nlp/text/fold.ts';
import { matchPrefixes } from '../../../src/nlp/text/regex-prefixes.ts';
import { WordScans } from '../../../src/nlp/text/word-scan.ts';
import { readPosts } from '../../../src/train/posts.ts';

describe('matchPrefixes', () => {
  it.each([
    [/abc|de/, ['abc', 'de']],
    [/(?<![a-z])facture[a-z]*(?![a-z])/, ['fact']],
    [/x?y/, ['xy', 'y']],
    [/[345]g/, ['0g']], // digits are one class
    [/a\tb/, ['a b']], // and spaces
    [/\+ ?\d+ ?(?:€|euros?)/, ['+ 0€', '+ 0e', '+0€', '+0eu', '+00€', '+000', '+0 €']],
    // A repeated group after a prefix is read only as far as the prefix leaves room for.
    [/factur[a-z]* (?:[a-z]+ ){0,2}a tort/, ['fact']],
    [/a(?:[a-z]+ ){0,2}b/, ['ab', 'aa a', 'ax b', 'axy ']],
  ])('%s', (re, expected) => {
    // At depth 4 (the scans use DEPTH, deeper): the prefixes are short enough to list here.
    const got = matchPrefixes(re, 4);
    for (const p of expected) expect(got).toContain(p);
  });

  it.each([[/a.b/], [/[^a]b/], [/\p{L}x/u], [/abc/i]])('gives up on %s', (re) => {
    expect(matchPrefixes(re, 4)).toBeNull();
  });
});

// What grogne scans: the rule families, claims, questions to readers, durations, resolutions.
const REGEXES = [CATEGORY_SCAN.re, ACT_SCAN.re, CLAIM_RE, ASKING_RE, DURATION_RE, RESOLVED_RE];
const global = (re: RegExp) =>
  new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
const show = (ms: readonly RegExpExecArray[]) => ms.map((m) => `${m.index}:${m[0]}`);

/** Every regex's matches, from the word scans and from its own global scan. */
function compare(scans: WordScans, flat: string): { got: string[][]; want: string[][] } {
  return {
    got: scans.matches(flat).map(show),
    want: scans.regexes.map((re) => show([...flat.matchAll(global(re))])),
  };
}

describe('WordScans', () => {
  const scans = new WordScans(REGEXES);

  it('finds exactly what each global regex finds, on every annotated post', () => {
    const dir = new URL('../../../data/annotations/posts/', import.meta.url);
    let texts = 0;
    let matches = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const p of readPosts(new URL(file, dir).pathname)) {
        for (const text of [p.text, p.title ?? '']) {
          const { got, want } = compare(scans, flatten(prepare(text)));
          expect(got, text).toEqual(want);
          matches += want.flat().length;
          texts++;
        }
      }
    }
    expect(texts).toBeGreaterThan(3000);
    expect(matches).toBeGreaterThan(5000);
  });

  // Random texts made of the rules' own words and the characters around words: matches start
  // after spaces, digits, punctuation and at the very start or end.
  it('finds exactly what each global regex finds, on random texts of the rules’ words', () => {
    const vocab = [
      ...new Set(REGEXES.flatMap((re) => re.source.match(/[a-z0-9'€+-]+/g) ?? [])),
      ...[' ', ' ', '\t', ',', '.', '!', '?', 'é', '9', '42', '€', "'", '-', '\n', 'x'],
    ];
    const random = prng(7);
    let matches = 0;
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      for (let k = 0; k < 10; k++) parts.push(vocab[Math.floor(random() * vocab.length)]!);
      const text = parts.join(random() < 0.7 ? ' ' : '');
      const { got, want } = compare(scans, text);
      expect(got, text).toEqual(want);
      matches += want.flat().length;
    }
    expect(matches).toBeGreaterThan(2000);
  });

  it('tries a regex whose prefixes it cannot derive at every word start', () => {
    const s = new WordScans([/(?<![a-z0-9])\p{L}+x/gu, /(?<![a-z])(?:b|9a)/g]);
    const { got, want } = compare(s, 'ax zzx 9a ba');
    expect(got).toEqual([
      ['0:ax', '3:zzx'],
      ['7:9a', '10:b'],
    ]);
    expect(got).toEqual(want);
  });

  it('refuses a regex that does not open on a word boundary, or ignores case', () => {
    expect(() => new WordScans([/facture/g])).toThrow(/word boundary/);
    expect(() => new WordScans([/(?<![a-z])facture/gi])).toThrow(/folded/);
  });
});
