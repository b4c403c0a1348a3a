import { describe, expect, it } from 'vitest';
import { stem } from '../../../src/nlp/tokens/stem.ts';

describe('stem', () => {
  // Inflections of one complaint word share a stem; the memo returns the same answer twice.
  it.each([
    ['défectueux', 'défectueuse'],
    ['activation', 'activée'],
    ['remboursement', 'rembourser'],
  ])('%s ~ %s', (a, b) => {
    expect(stem(a)).toBe(stem(b));
    expect(stem(a)).toBe(stem(a));
  });
});
