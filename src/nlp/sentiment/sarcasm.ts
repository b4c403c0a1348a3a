// Sarcasm: praise that means blame. French customers thank and congratulate the brand that
// failed them ("Merci Free pour ces trois semaines sans internet", "Bravo La Poste",
// "Magnifique expérience … qui ne couvre rien. Applaudissements.", « service » client).
//
// A praise word turns into blame when a frame of trouble stands beside it:
//   - a failure, a duration of waiting, or clear negativity in its own or a neighbouring
//     sentence;
//   - "merci … pour ces / ce / cette" followed by a duration or a failure in the sentence;
//   - applause (👏, "applaudissements", "bravo", "chapeau", "quelle efficacité") anywhere in
//     a post that reports a failure, or an irony mark (🙃, 😏, 🙄) anywhere;
//   - a positive word alone in a short quote (« génial ») in a post that reports a failure.
// Never when the post says the problem was solved nearby ("réglé, merci au technicien"):
// thanks after a repair are thanks.
import { APPLAUSE, IRONY_MARKS, PRAISE, THANKS_FOR } from '../lexicon/cues.ts';
import type { Token } from '../tokens/tokenize.ts';
import type { Contribution } from './walk.ts';

export interface SentenceFrame {
  start: number;
  end: number;
  failure: boolean;
  duration: boolean;
  /** Sum of its negative contributions (≤ 0), before sarcasm. */
  negative: number;
  /** A resolution cue lies in it ("problème réglé", "ça remarche"). */
  resolved: boolean;
}

const NEGATIVE_FRAME = -1.5;

const troubled = (s: SentenceFrame | undefined) =>
  s !== undefined && (s.failure || s.negative <= NEGATIVE_FRAME || (s.duration && s.negative < 0));

/** Whether the tokens hold an irony mark (🙃, 🙄, 😏, 🤡): the writer mocks, or means the opposite. */
export const hasIronyMark = (tokens: readonly Token[]) =>
  tokens.some((t) => t.kind === 'emoji' && IRONY_MARKS.has(t.folded));

/** Token indices that sit inside a short quote (≤ 3 words): « bonheur », "génial". */
export function shortQuotes(tokens: readonly Token[]): Set<number> {
  const inside = new Set<number>();
  let open = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    const isClose = t.text === '»' || t.text === '”' || (t.text === '"' && open >= 0);
    if (isClose && open >= 0) {
      let words = 0;
      for (let k = open + 1; k < i; k++) if (tokens[k]!.kind === 'word') words++;
      if (words > 0 && words <= 3) for (let k = open + 1; k < i; k++) inside.add(k);
      open = -1;
    } else if (t.text === '«' || t.text === '“' || t.text === '"') open = i;
  }
  return inside;
}

/**
 * Marks the sarcastic contributions (value made negative, `sarcasm` set) and returns how
 * many. `flat` is the folded text; `frames` one per sentence, in order.
 */
export function markSarcasm(
  flat: string,
  tokens: readonly Token[],
  contributions: Contribution[],
  frames: readonly SentenceFrame[],
): number {
  const postFailure = frames.some((s) => s.failure || s.negative <= 2 * NEGATIVE_FRAME);
  const postResolved = frames.some((s) => s.resolved);
  // 🙃 and 😏 beside praise are irony whatever the rest says; applause needs a failure.
  const ironic = hasIronyMark(tokens);
  const clapping = tokens.some((t) => t.folded === '👏');
  const applause = !postResolved && (ironic || (postFailure && (clapping || APPLAUSE.test(flat))));
  const quoted = postFailure ? shortQuotes(tokens) : new Set<number>();
  let n = 0;
  for (const c of contributions) {
    if (c.value <= 0) continue;
    const s = c.sentence;
    const here = frames[s];
    if (!here || here.resolved || frames[s - 1]?.resolved || frames[s + 1]?.resolved) continue;
    const praise = PRAISE.has(c.term) || c.reason === 'emoticon';
    const sentenceText = flat.slice(here.start, here.end);
    const thanksFor = THANKS_FOR.test(sentenceText) && (here.duration || here.failure);
    const framed = troubled(here) || troubled(frames[s - 1]) || troubled(frames[s + 1]);
    if (
      (praise && framed) ||
      thanksFor ||
      (praise && applause) ||
      (quoted.has(c.token) && !c.negated)
    ) {
      c.value = -Math.abs(c.value);
      c.sarcasm = true;
      c.reason = `sarcasm: ${c.term}`;
      n++;
    }
  }
  return n;
}
