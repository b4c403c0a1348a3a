// Cutting a post's text into marked segments: overlapping spans, spans of the title, and
// spans that no longer match the text (left out rather than marking the wrong words).
import { describe, expect, it } from 'vitest';
import { postSpans, type Span, segments } from '../../src/web/client/highlight.ts';

const span = (start: number, end: number, kind: Span['kind'] = 'evidence', reason = 'r') => ({
  start,
  end,
  kind,
  reason,
});
const shown = (text: string, spans: Span[]) =>
  segments(text, spans).map((s) => [s.text, s.spans.map((x) => x.kind).join('+')]);

describe('segments', () => {
  it('covers the text whole, in order, marking each span', () => {
    expect(shown("SFR c'est l'enfer !", [span(0, 3, 'brand'), span(10, 17)])).toEqual([
      ['SFR', 'brand'],
      [" c'est ", ''],
      ["l'enfer", 'evidence'],
      [' !', ''],
    ]);
  });

  it('splits overlapping spans where they overlap', () => {
    expect(shown('abcdef', [span(0, 4), span(2, 6, 'brand')])).toEqual([
      ['ab', 'evidence'],
      ['cd', 'evidence+brand'],
      ['ef', 'brand'],
    ]);
  });

  it('leaves out spans outside the text, empty, or whose text no longer matches', () => {
    const text = 'facture impayée';
    expect(
      shown(text, [
        span(0, 99),
        span(3, 3),
        { ...span(0, 7), text: 'panne' } as Span,
        { ...span(8, 15), text: 'impayée' } as Span,
      ]),
    ).toEqual([
      ['facture ', ''],
      ['impayée', 'evidence'],
    ]);
  });

  it('is one plain segment without spans, and nothing for an empty text', () => {
    expect(shown('rien', [])).toEqual([['rien', '']]);
    expect(shown('', [])).toEqual([]);
  });
});

describe('postSpans', () => {
  it('sends "title:" spans to the title, the others to the text, each once', () => {
    const e = (start: number, end: number, text: string, reason: string) => ({
      start,
      end,
      text,
      reason,
    });
    const got = postSpans({
      analysis: {
        evidence: [e(0, 5, 'Panne', 'title: outage'), e(4, 11, 'facture', 'billing word')],
        // A grievance repeats an evidence span: marked once.
        grievances: [{ evidence: e(4, 11, 'facture', 'billing word') }],
      },
      brands: [{ spans: [e(0, 3, 'SFR', 'alias'), e(6, 9, 'SFR', 'title: alias')] }],
    });
    expect(got.title.map((s) => [s.text, s.kind, s.reason])).toEqual([
      ['Panne', 'evidence', 'outage'],
      ['SFR', 'brand', 'alias'],
    ]);
    expect(got.text.map((s) => [s.text, s.kind])).toEqual([
      ['facture', 'evidence'],
      ['SFR', 'brand'],
    ]);
  });
});
