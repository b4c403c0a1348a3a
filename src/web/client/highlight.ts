// A post's text cut into segments, each with the evidence spans that cover it, so that the
// view can wrap them in <mark>. Spans come from the analysis (offsets into the text, or into
// the title when their reason starts with "title:", src/nlp/analyse.ts) and may overlap.

export interface Span {
  start: number;
  end: number;
  /** evidence: why it is a complaint or negative; brand: a mention of a watched brand. */
  kind: 'evidence' | 'brand';
  reason: string;
}

export interface Segment {
  text: string;
  spans: Span[];
}

interface Located {
  start: number;
  end: number;
  text: string;
  reason: string;
}

/** Where a span points: the title or the text, and its reason without the "title: " prefix. */
export function place(e: Located): { inTitle: boolean; reason: string } {
  return e.reason.startsWith('title:')
    ? { inTitle: true, reason: e.reason.slice('title:'.length).trim() }
    : { inTitle: false, reason: e.reason };
}

/**
 * Segments of `text` in order, covering it whole. A span outside the text, empty, or whose
 * offsets no longer give its text (a post edited since its analysis) is left out rather than
 * marking the wrong words.
 */
export function segments(text: string, spans: (Span & { text?: string })[]): Segment[] {
  const valid = spans.filter(
    (s) =>
      s.start >= 0 &&
      s.end <= text.length &&
      s.start < s.end &&
      (s.text === undefined || text.slice(s.start, s.end) === s.text),
  );
  const cuts = [...new Set([0, text.length, ...valid.flatMap((s) => [s.start, s.end])])].sort(
    (a, b) => a - b,
  );
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    const covering = valid.filter((s) => s.start <= from && s.end >= to);
    const last = out.at(-1);
    // Neighbours covered by the same spans stay one segment.
    if (last && sameSpans(last.spans, covering)) last.text += text.slice(from, to);
    else out.push({ text: text.slice(from, to), spans: covering });
  }
  return out;
}

function sameSpans(a: Span[], b: Span[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Every span of a post, split between its title and its text, duplicates dropped. */
export function postSpans(post: {
  analysis: { evidence: Located[]; grievances: { evidence: Located }[] } | null;
  brands: { spans: Located[] }[];
}): { title: (Span & { text: string })[]; text: (Span & { text: string })[] } {
  const title: (Span & { text: string })[] = [];
  const text: (Span & { text: string })[] = [];
  const seen = new Set<string>();
  const add = (e: Located, kind: Span['kind']) => {
    const key = `${kind}|${e.start}|${e.end}|${e.reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { inTitle, reason } = place(e);
    (inTitle ? title : text).push({ start: e.start, end: e.end, text: e.text, kind, reason });
  };
  for (const e of post.analysis?.evidence ?? []) add(e, 'evidence');
  for (const g of post.analysis?.grievances ?? []) add(g.evidence, 'evidence');
  for (const b of post.brands) for (const s of b.spans) add(s, 'brand');
  return { title, text };
}
