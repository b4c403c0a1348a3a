// Sentences over tokens: the unit in which negation, contrast, questions and brand blame are
// judged. A line break ends a sentence too: blog lists ("- Le rooming ne marche pas") and
// forum posts often carry no final stop.
import type { Token } from '../tokens/tokens.ts';

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

/** Splits `tokens` of `text` into sentences; every token belongs to exactly one. */
export function splitSentences(text: string, tokens: readonly Token[]): Sentence[] {
  const out: Sentence[] = [];
  let first = 0;
  let newline = text.indexOf('\n');
  let prevEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (newline >= 0 && newline < prevEnd) newline = text.indexOf('\n', newline + 1);
    if (i > first && newline >= 0 && newline < t.start) {
      close(out, tokens, first, i);
      first = i;
    }
    prevEnd = t.end;
    // "..." is a pause in French prose ("le téléphone est ... défectueux"), not a stop. A mark
    // token holding "!" or "?" is a run of them ("?!"), so its first unit tells.
    if (t.kind === 'punct') {
      const c = t.text.charCodeAt(0);
      if (t.text === '.' || c === 33 || c === 63) {
        close(out, tokens, first, i + 1);
        first = i + 1;
      }
    }
  }
  close(out, tokens, first, tokens.length);
  return out;
}

/** Adds the sentence of tokens [first, last), when it holds any. */
function close(out: Sentence[], tokens: readonly Token[], first: number, last: number): void {
  if (last <= first) return;
  const lastTok = tokens[last - 1]!;
  const p = lastTok.kind === 'punct' ? lastTok.text : '';
  let exclaim = 0;
  for (let k = 0; k < p.length; k++) if (p.charCodeAt(k) === 33) exclaim++;
  out.push({
    start: tokens[first]!.start,
    end: lastTok.end,
    first,
    last,
    question: p.includes('?'),
    exclaim,
  });
}
