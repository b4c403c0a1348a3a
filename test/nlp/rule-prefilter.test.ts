import { describe, expect, it } from 'vitest';
import { ACT_RULES, CATEGORY_RULES } from '../../src/nlp/complaints.ts';
import { DURATION_RE } from '../../src/nlp/cues.ts';
import { prng } from '../../src/nlp/model.ts';
import { matchPrefixes, mayStartAt, prefilterOf } from '../../src/nlp/rule-prefilter.ts';

describe('matchPrefixes', () => {
  it.each([
    [/abc|de/, ['abc', 'de']],
    [/(?<![a-z])facture[a-z]*(?![a-z])/, ['fact']],
    [/x?y/, ['xy', 'y']],
    [/[345]g/, ['0g']], // digits are one class
    [/\+ ?\d+ ?(?:€|euros?)/, ['+ 0€', '+ 0e', '+0€', '+0eu', '+00€', '+000', '+0 €']],
  ])('%s', (re, expected) => {
    const got = matchPrefixes(re);
    for (const p of expected) expect(got).toContain(p);
    expect(got?.size).toBeGreaterThan(0);
  });

  it.each([[/a.b/], [/[^a]b/], [/\p{L}x/u], [/abc/i]])('gives up on %s', (re) => {
    expect(matchPrefixes(re)).toBeNull();
    expect(prefilterOf(re).any).toBe(true);
  });

  it('accepts every position when an empty match is possible', () => {
    expect(prefilterOf(/a?/).any).toBe(true);
  });
});

describe('mayStartAt', () => {
  const combined = (rules: readonly { re: RegExp }[]) =>
    new RegExp(rules.map((r) => `(${r.re.source})`).join('|'), 'y');
  const REGEXES = [
    ...CATEGORY_RULES.map((r) => r.re),
    ...ACT_RULES.map((r) => r.re),
    combined(CATEGORY_RULES),
    combined(ACT_RULES),
    DURATION_RE,
  ];

  it('skips the common French words no rule starts with', () => {
    const f = prefilterOf(combined(CATEGORY_RULES));
    const flat = 'le de la je il que les une';
    for (const m of flat.matchAll(/\S+/g)) expect(mayStartAt(f, flat, m.index)).toBe(false);
    expect(mayStartAt(f, 'la facture', 3)).toBe(true);
  });

  // Conservative: wherever a rule matches, the filter lets it through. Texts are random
  // sequences of the words and characters the rules themselves are made of.
  it('never rejects a position where the rule matches', () => {
    const random = prng(7);
    const vocab = [
      ...new Set(REGEXES.flatMap((re) => re.source.match(/[a-z0-9'€+-]+/g) ?? [])),
      ' ',
      ' ',
      ',',
      'é',
      '9',
      '42',
      '',
    ];
    let matches = 0;
    for (const re of REGEXES) {
      const sticky = new RegExp(re.source, 'y');
      const f = prefilterOf(sticky);
      for (let n = 0; n < 300; n++) {
        const parts: string[] = [];
        for (let k = 0; k < 12; k++) parts.push(vocab[Math.floor(random() * vocab.length)]!);
        const text = parts.join(random() < 0.5 ? ' ' : '');
        for (let at = 0; at < text.length; at++) {
          sticky.lastIndex = at;
          if (sticky.test(text)) {
            matches++;
            expect(mayStartAt(f, text, at), `${re.source.slice(0, 40)} at ${at} of ${text}`).toBe(
              true,
            );
          }
        }
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });
});
