import { describe, expect, it } from 'vitest';
import { ACT_RULES, CATEGORY_RULES } from '../../../src/nlp/complaints/complaints.ts';
import {
  matchPrefixes,
  mayStartAt,
  prefilterOf,
  ruleFilterOf,
  rulesAt,
} from '../../../src/nlp/complaints/rule-prefilter.ts';
import { DURATION_RE } from '../../../src/nlp/lexicon/cues.ts';
import { prng } from '../../../src/nlp/model/model.ts';

describe('matchPrefixes', () => {
  it.each([
    [/abc|de/, ['abc', 'de']],
    [/(?<![a-z])facture[a-z]*(?![a-z])/, ['fact']],
    [/x?y/, ['xy', 'y']],
    [/[345]g/, ['0g']], // digits are one class
    [/a\tb/, ['a b']], // and spaces
    [/\+ ?\d+ ?(?:€|euros?)/, ['+ 0€', '+ 0e', '+0€', '+0eu', '+00€', '+000', '+0 €']],
  ])('%s', (re, expected) => {
    const got = matchPrefixes(re);
    for (const p of expected) expect(got).toContain(p);
    expect(got?.size).toBeGreaterThan(0);
  });

  it.each([[/a.b/], [/[^a]b/], [/\p{L}x/u], [/abc/i]])('gives up on %s', (re) => {
    expect(matchPrefixes(re)).toBeNull();
    expect(mayStartAt(prefilterOf(re), 'zzz', 0)).toBe(true);
  });

  it('accepts every position when an empty match is possible', () => {
    expect(mayStartAt(prefilterOf(/a?/), 'zzz', 0)).toBe(true);
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

  // Texts are random sequences of the words and characters the rules themselves are made of.
  const vocab = [
    ...new Set(REGEXES.flatMap((re) => re.source.match(/[a-z0-9'€+-]+/g) ?? [])),
    ' ',
    ' ',
    '\t',
    ',',
    'é',
    '9',
    '42',
    '',
  ];
  const randomText = (random: () => number) => {
    const parts: string[] = [];
    for (let k = 0; k < 12; k++) parts.push(vocab[Math.floor(random() * vocab.length)]!);
    return parts.join(random() < 0.5 ? ' ' : '');
  };

  // Conservative: wherever a rule matches, the filter lets it through.
  it('never rejects a position where the rule matches', () => {
    const random = prng(7);
    let matches = 0;
    for (const re of REGEXES) {
      const sticky = new RegExp(re.source, 'y');
      const f = prefilterOf(sticky);
      for (let n = 0; n < 300; n++) {
        const text = randomText(random);
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

  // One walk for all the rules: bit i set wherever regex i matches, and each bit exactly
  // what that regex's own filter answers.
  it('answers every rule of a shared filter at once, as each own filter does', () => {
    const sticky = [...CATEGORY_RULES, ...ACT_RULES].map((r) => new RegExp(r.re.source, 'y'));
    const shared = ruleFilterOf(sticky);
    const own = sticky.map((re) => prefilterOf(re));
    const random = prng(11);
    let matches = 0;
    const wrong: string[] = [];
    for (let n = 0; n < 300; n++) {
      const text = randomText(random);
      for (let at = 0; at <= text.length; at++) {
        const bits = rulesAt(shared, text, at);
        sticky.forEach((re, i) => {
          const bit = (bits >> i) & 1;
          re.lastIndex = at;
          const match = re.test(text);
          if (match) matches++;
          if (bit !== (mayStartAt(own[i]!, text, at) ? 1 : 0) || (match && bit === 0))
            wrong.push(`${re.source.slice(0, 40)} at ${at} of ${text}`);
        });
      }
    }
    expect(wrong).toEqual([]);
    expect(matches).toBeGreaterThan(500);
  });
});
