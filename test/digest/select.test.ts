import { describe, expect, it } from 'vitest';
import { pseudonymiser } from '../../src/digest/pseudonym.ts';
import { type CandidateInput, isSpike, quoteOf, selectDigest } from '../../src/digest/select.ts';

describe('spike rule', () => {
  it.each([
    // [window count, trailing average per window, spike?]
    [2, 0, false], // two complaints on a quiet brand are not a spike
    [3, 0, true],
    [3, 1.5, true],
    [5, 3, false], // under twice the usual
    [6, 3, true],
  ])('%i against %f → %s', (n, avg, spike) => expect(isSpike(n, avg)).toBe(spike));
});

describe('key evidence quote', () => {
  const text =
    'Bonjour. Ma box ne marche plus depuis trois semaines. Le service client ne répond pas, je résilie demain ! Merci.';
  it.each([
    [
      'an act wins over a grievance',
      [
        { start: 0, end: 3, text: 'box', reason: 'grievance' },
        { start: 89, end: 96, text: 'résilie', reason: 'act: churn' },
      ],
      'Le service client ne répond pas, je résilie demain !',
    ],
    [
      'offsets that no longer match fall back to a search',
      [{ start: 0, end: 5, text: 'trois semaines', reason: 'duration' }],
      'Ma box ne marche plus depuis trois semaines.',
    ],
    ['no evidence: the start of the text', [], text],
  ])('%s', (_n, evidence, quote) => {
    expect(quoteOf({ text, evidence, grievances: [] })).toBe(quote);
  });

  it('cuts a long sentence around the evidence', () => {
    const long = `${'blabla '.repeat(60)}je porte plainte ${'encore '.repeat(60)}.`;
    const q = quoteOf({
      text: long,
      evidence: [{ start: 0, end: 1, text: 'plainte', reason: 'act: legal' }],
      grievances: [],
    });
    expect(q).toContain('plainte');
    expect(q.length).toBeLessThanOrEqual(222);
    expect(q.startsWith('…') && q.endsWith('…')).toBe(true);
  });
});

describe('selectDigest', () => {
  const cand = (id: string, author: string | null): CandidateInput => ({
    id,
    sourceId: 'blog',
    sourceName: 'Le blog',
    url: `https://example.fr/${id}`,
    title: id,
    text: 'Texte.',
    author,
    publishedAt: '2026-03-28T20:00:00.000Z',
    fetchedAt: '2026-03-28T20:00:00.000Z',
    severity: {
      value: 80.4,
      reasons: ['complaint (confidence 0.90)', 'negative tone (0.80)', 'acts: churn', 'x'],
    },
    reach: { value: 1200, reasons: ['blog audience 1000', '12 comments ≈ 200 readers', 'y'] },
    rank: Math.log(0.5) + (Date.parse('2026-03-28T20:00:00.000Z') / 3_600_000) * (Math.LN2 / 48),
    categories: ['billing'],
    grievances: [],
    evidence: [],
  });
  const base = {
    name: 'matin',
    date: '2026-03-29',
    language: 'fr' as const,
    timezone: 'Europe/Paris',
    since: '2026-03-28T06:00:00.000Z',
    until: '2026-03-29T06:00:00.000Z',
    windowHours: 24,
    sendEmpty: false,
    apiBaseUrl: 'https://grogne.example.fr/',
  };
  const brand = {
    brand: { id: 'sfr', name: 'SFR' },
    candidates: [cand('a', 'Camille'), cand('b', null)],
    windowCount: 9,
    trailingCount: 14,
    categories: [{ category: 'billing', count: 2 }],
    daily: [{ key: '2026-03-28', count: 9 }],
  };

  it('keeps the store order, says why in one line, links to the dashboard', () => {
    const d = selectDigest([brand], base);
    const s = d.sections[0]!;
    expect(s.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(s.items[0]!.severityReasons).toEqual([
      'complaint (confidence 0.90)',
      'negative tone (0.80)',
      'acts: churn',
    ]);
    expect(s.items[0]!.postUrl).toBe('https://grogne.example.fr/#/post/a');
    // The brand's complaints of the days the window (28 Mar 06:00 → 29 Mar 06:00) touches.
    expect(s.moreUrl).toBe(
      'https://grogne.example.fr/#/?brand=sfr&complaint=true&since=2026-03-28&until=2026-03-29',
    );
    // 14 complaints over 7 days = 2 a day; 9 ≥ 2 × 2 → spike.
    expect(s.trailingAverage).toBe(2);
    expect(s.spike).toBe(true);
    // Priority at the send time, 10 h after publication: less than the base.
    expect(s.items[0]!.priority).toBeLessThan(50);
    expect(s.items[0]!.priority).toBeGreaterThan(40);
    expect(d.skip).toBe(false);
  });

  it('pseudonymises authors, the same name the same way, and skips an empty digest', () => {
    const p = pseudonymiser('a-key-of-sixteen-chars');
    const d = selectDigest([brand], { ...base, pseudonym: p });
    expect(d.sections[0]!.items[0]!.author).toBe(p('Camille'));
    expect(p('Camille')).not.toContain('Camille');
    expect(pseudonymiser('another-key-sixteen')('Camille')).not.toBe(p('Camille'));
    expect(d.sections[0]!.items[1]!.author).toBeNull();
    expect(selectDigest([{ ...brand, candidates: [] }], base).skip).toBe(true);
    expect(selectDigest([{ ...brand, candidates: [] }], { ...base, sendEmpty: true }).skip).toBe(
      false,
    );
  });
});
