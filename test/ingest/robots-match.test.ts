import { describe, expect, it } from 'vitest';
import { parseRobots } from '../../src/ingest/robots.ts';
import { matchesPath, type StepMeter, toPathPattern } from '../../src/ingest/robots-match.ts';

const UA = 'grogne/0.1';

// The old way, kept here as the reference semantics: `*` is `.*`, a final `$` anchors. Only
// ever run on short inputs, where backtracking costs nothing.
function reference(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`).test(path);
}

// A small deterministic generator (mulberry32), so a failure names a reproducible case.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('matchesPath', () => {
  it.each([
    ['/fish', '/fish', true],
    ['/fish', '/fish.html', true],
    ['/fish', '/Fish', false],
    ['/fish*', '/fishheads/yummy.html', true],
    ['/*.php', '/folder/filename.php?parameters', true],
    ['/*.php$', '/filename.php', true],
    ['/*.php$', '/filename.php?parameters', false],
    ['/*.php$', '/a.php.php', true],
    ['/fish*.php', '/fishheads/catfish.php?parameters', true],
    ['/fish*.php', '/Fish.PHP', false],
    ['/a$b', '/a$b/c', true], // a "$" that does not end the pattern is a literal
    ['/$', '/', true],
    ['/$', '/x', false],
    ['*', '', true],
  ])('%s against %s → %s', (pattern, path, expected) => {
    expect(matchesPath(toPathPattern(pattern), path)).toBe(expected);
  });

  it('agrees with the regex semantics on 20,000 random short patterns and paths', () => {
    const next = random(42);
    const pick = (alphabet: string, max: number) => {
      let s = '';
      const len = Math.floor(next() * (max + 1));
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    };
    for (let i = 0; i < 20_000; i++) {
      const pattern = `/${pick('ab*$', 6)}`;
      const path = `/${pick('ab$', 8)}`;
      expect([pattern, path, matchesPath(toPathPattern(pattern), path)]).toEqual([
        pattern,
        path,
        reference(pattern, path),
      ]);
    }
  });
});

// A hostile host's patterns: work must stay within (pattern + 1) × (path + 1) steps, the
// bound of the position-set matcher, however many stars the pattern holds.
describe('robots.txt patterns cannot make matching super-linear', () => {
  it.each([
    ['the reported one: 5 stars, 120 "a"s', '/*a*a*a*a*a*b', `/${'a'.repeat(120)}`],
    ['anchored, 5,000 "a"s', '/*a*a*a*a*a*b$', `/${'a'.repeat(5000)}`],
    ['200 stars, 5,000 "a"s', `/${'*a'.repeat(200)}b`, `/${'a'.repeat(5000)}`],
    ['200 stars then an anchor', `/${'a*'.repeat(200)}c$`, `/${'ab'.repeat(2500)}`],
  ])('%s', (_, pattern, path) => {
    const robots = parseRobots(`User-agent: *\nDisallow: ${pattern}\n`);
    const meter: StepMeter = { steps: 0 };
    expect(robots.isAllowed(path, UA, meter)).toBe(true);
    expect(meter.steps).toBeGreaterThan(0);
    expect(meter.steps).toBeLessThanOrEqual((pattern.length + 1) * (path.length + 1));
  });

  it('still disallows what the hostile pattern does describe', () => {
    const robots = parseRobots('User-agent: *\nDisallow: /*a*a*a*a*a*b\n');
    expect(robots.isAllowed(`/${'a'.repeat(120)}b`, UA)).toBe(false);
  });
});
