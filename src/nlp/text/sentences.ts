// Sentences over tokens: the unit in which negation, contrast, questions and brand blame are
// judged. A line break ends a sentence too: blog lists ("- Le rooming ne marche pas") and
// forum posts often carry no final stop.
import type { Token } from '../tokens/tokenize.ts';

export interface Sentence {
  /** Offsets into the text. */
  start: number;
  end: number;
  /** Token indices: [first, last). */
  first: number;
  last: number;
  /** Ends with "?" (or "?!"). */
  question: boolean;
  /** Number of "!" in its final punctuation. */
  exclaim: number;
}

const STOP = /[!?]/;

/** Splits `tokens` of `text` into sentences; every token belongs to exactly one. */
export function splitSentences(text: string, tokens: readonly Token[]): Sentence[] {
  const out: Sentence[] = [];
  let first = 0;
  const close = (last: number) => {
    if (last <= first) return;
    const lastTok = tokens[last - 1]!;
    const p = lastTok.kind === 'punct' ? lastTok.text : '';
    out.push({
      start: tokens[first]!.start,
      end: lastTok.end,
      first,
      last,
      question: p.includes('?'),
      exclaim: p.includes('!') ? p.replace(/[^!]/g, '').length : 0,
    });
    first = last;
  };
  let newline = text.indexOf('\n');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (newline >= 0 && newline < (tokens[i - 1]?.end ?? 0))
      newline = text.indexOf('\n', newline + 1);
    if (i > first && newline >= 0 && newline < t.start) close(i);
    // "..." is a pause in French prose ("le téléphone est ... défectueux"), not a stop.
    if (t.kind === 'punct' && (t.text === '.' || STOP.test(t.text))) close(i + 1);
  }
  close(tokens.length);
  return out;
}
