import { describe, expect, it } from 'vitest';
import { ACT_RULES } from '../../src/nlp/complaints/rules.ts';
import { ACT_POINTS, NON_COMPLAINT_CAP, severity } from '../../src/score/severity.ts';
import type { Analysis } from '../../src/types.ts';
import { analysis, mention } from '../store/make.ts';

const g = (category: string) => ({
  category,
  evidence: { start: 0, end: 1, text: 'x', reason: category },
});
const sev = (over: Partial<Analysis>) => severity(analysis(over)).value;

describe('severity is bounded 0..100', () => {
  const extremes: [string, Partial<Analysis>][] = [
    [
      'everything at its worst',
      {
        sentimentScore: -1,
        complaintConfidence: 1,
        grievances: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(g),
        acts: ['churn', 'legal', 'avoid', 'insult', 'repeat_contact', 'money', 'duration'],
        brands: [mention('sfr', { confidence: 1 })],
      },
    ],
    [
      'everything at its mildest',
      { sentimentScore: 1, complaint: false, complaintConfidence: 0, grievances: [], brands: [] },
    ],
    ['out-of-range inputs', { sentimentScore: -7, complaintConfidence: 3 }],
    ['NaN inputs', { sentimentScore: Number.NaN, complaintConfidence: Number.NaN }],
  ];
  it.each(extremes)('%s', (_n, over) => {
    const v = sev(over);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(100);
  });
});

describe('severity is monotone in each input', () => {
  // [input, milder, worse]: the worse one never scores lower.
  const pairs: [string, Partial<Analysis>, Partial<Analysis>][] = [
    ['negativity', { sentimentScore: -0.2 }, { sentimentScore: -0.9 }],
    ['complaint flag', { complaint: false }, { complaint: true }],
    ['complaint confidence', { complaintConfidence: 0.5 }, { complaintConfidence: 0.95 }],
    [
      'distinct grievance categories',
      { grievances: [g('billing')] },
      { grievances: [g('billing'), g('network'), g('support')] },
    ],
    [
      'the same category twice counts once',
      { grievances: [g('billing'), g('billing')] },
      { grievances: [g('billing'), g('network')] },
    ],
    ['churn', { acts: [] }, { acts: ['churn'] }],
    ['legal', { acts: [] }, { acts: ['legal'] }],
    ['call to avoid', { acts: [] }, { acts: ['avoid'] }],
    ['insult', { acts: [] }, { acts: ['insult'] }],
    ['repeat contact', { acts: [] }, { acts: ['repeat_contact'] }],
    ['money', { acts: [] }, { acts: ['money'] }],
    ['duration', { acts: [] }, { acts: ['duration'] }],
    [
      'target confidence',
      { brands: [mention('sfr', { confidence: 0.3 })] },
      { brands: [mention('sfr', { confidence: 0.95 })] },
    ],
    [
      'a target vs none',
      { brands: [mention('sfr', { target: false })] },
      { brands: [mention('sfr')] },
    ],
    ['resolved lowers it', { resolved: true }, { resolved: false }],
  ];
  it.each(pairs)('%s', (_n, milder, worse) => {
    expect(sev(worse)).toBeGreaterThan(sev(milder));
  });
});

describe('what severity says about the post', () => {
  it.each([-0.1, -0.5, -1])('negativity %s without a complaint stays ≤ 30', (s) => {
    const v = sev({ complaint: false, sentimentScore: s, acts: ['insult', 'churn'] });
    expect(v).toBeLessThanOrEqual(NON_COMPLAINT_CAP);
  });

  it.each(['eng', 'spa'])('lang %s scores 0 and says why', (lang) => {
    const e = severity(analysis({ lang }));
    expect(e.value).toBe(0);
    expect(e.reasons.join(' ')).toMatch(/not French/);
  });

  // A few words, names and numbers: no other language is seen, so grogne reads it as French.
  it('an undetermined language is scored', () => {
    expect(severity(analysis({ lang: 'und' })).value).toBe(severity(analysis()).value);
  });

  it('the canonical SFR post (many grievances, money, duration, letter, hell) is severe', () => {
    const e = severity(
      analysis({
        sentimentScore: -0.8,
        complaintConfidence: 0.9,
        grievances: ['sales', 'device', 'network', 'roaming', 'support', 'billing'].map(g),
        acts: ['money', 'duration', 'repeat_contact'],
      }),
    );
    expect(e.value).toBeGreaterThanOrEqual(65);
    expect(e.reasons.join(' ')).toMatch(/grievance/);
    expect(e.reasons.join(' ')).toMatch(/acts: money, duration, repeat_contact/);
  });

  it('says when the problem was solved', () => {
    expect(severity(analysis({ resolved: true })).reasons.join(' ')).toMatch(/solved/);
  });
});

describe('act ids', () => {
  // The analysis names the acts and severity weighs them: a renamed act would silently stop
  // counting, so the two lists must stay the same.
  it('weighs every act the analysis can emit, and only those', () => {
    expect(Object.keys(ACT_POINTS).sort()).toEqual(ACT_RULES.map((r) => r.id).sort());
  });
});
