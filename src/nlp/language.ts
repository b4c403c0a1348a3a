// Language of a post. franc is accurate but costs ~0.2 ms for 400 characters, more than the
// rest of the analysis; most posts here are plainly French, so a cheap count of French and
// English function words decides first and franc only breaks the ties.
import { francAll } from 'franc';

export interface LanguageGuess {
  /** ISO 639-3, or "und" when unsure. */
  lang: string;
  /** 0..1 */
  confidence: number;
}

/** Languages a French forum or blog plausibly holds; a short list is faster and surer. */
export const CANDIDATE_LANGUAGES = ['fra', 'eng', 'spa', 'deu', 'ita', 'por', 'nld', 'cat'];
const SAMPLE_CHARS = 400;
const FRANC_MIN_LENGTH = 20;
const SHORT_LETTERS = 60;

// Function words that are frequent in one language and rare as words of the other. Words
// shared by both ("a", "on", "son") are left out on purpose.
const FR = new Set(
  (
    "le la les de des du un une et est je j' c' l' d' qu' n' s' m' que qui ne pas en dans pour " +
    'sur avec mon ma mes il elle nous vous au aux ce cette ça ca très tres mais ou plus sont ' +
    'ai suis été etre être fait avait avoir leur leurs lui y se sa ses ton ta tes votre vos ' +
    'quand comme aussi depuis chez toujours rien jamais encore donc alors après avant même'
  ).split(' '),
);
const EN = new Set(
  (
    'the and is are was were to of for with my it this that have has not you i be at from by ' +
    "they we he she will would can could should what which there their an or but if so do don't " +
    "it's i'm been its your our just very all no about than then"
  ).split(' '),
);

// Letters as the old /[\p{L}]+'?/gu scan saw them, by UTF-16 unit: a table look-up per unit
// instead of a regex exec and a string per word (words longer than any stop word are never
// sliced). Surrogate pairs are tested as code points, as the "u" flag did.
const LETTER = new Uint8Array(65536);
const IS_LETTER = /\p{L}/u;
for (let c = 0; c < 65536; c++) {
  if (c < 0xd800 || c > 0xdfff) LETTER[c] = IS_LETTER.test(String.fromCharCode(c)) ? 1 : 0;
}
const ASTRAL_LETTER = /^\p{L}$/u;
const LONGEST = Math.max(...[...FR, ...EN].map((w) => w.length));
const APOSTROPHE = 39;

/** Code units of the letter starting at `i` in `s` (2 for an astral letter), 0 if none. */
function letterAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return LETTER[c]!;
  const cp = s.codePointAt(i)!;
  return cp > 0xffff && ASTRAL_LETTER.test(String.fromCodePoint(cp)) ? 2 : 0;
}

/** French and English function words among the words of `sample`, and its word count. */
export function stopWordVotes(sample: string): { fr: number; en: number; words: number } {
  let fr = 0;
  let en = 0;
  let words = 0;
  const lower = sample.toLowerCase().replace(/[\u2019\u2018]/g, "'");
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let step = letterAt(lower, i);
    if (step === 0) {
      i++;
      continue;
    }
    const start = i;
    while (step > 0) {
      i += step;
      step = i < n ? letterAt(lower, i) : 0;
    }
    if (i < n && lower.charCodeAt(i) === APOSTROPHE) i++;
    words++;
    if (i - start > LONGEST) continue;
    const w = lower.slice(start, i);
    if (FR.has(w)) fr++;
    else if (EN.has(w)) en++;
  }
  return { fr, en, words };
}

/** Guesses the language from the title and the first ~400 characters of the body. */
export function detectLanguage(text: string, title?: string | null): LanguageGuess {
  const sample = title ? `${title}\n${text.slice(0, SAMPLE_CHARS)}` : text.slice(0, SAMPLE_CHARS);
  const { fr, en, words } = stopWordVotes(sample);
  if (words === 0) return { lang: 'und', confidence: 0 };
  const frShare = fr / words;
  const enShare = en / words;
  // Fast path: French function words dominate (≥ 25% of words, 3× the English ones).
  if (fr >= 3 && frShare >= 0.25 && fr >= 3 * en) {
    return { lang: 'fra', confidence: Math.min(1, 0.6 + frShare) };
  }
  if (en >= 3 && enShare >= 0.25 && en >= 3 * fr) {
    return { lang: 'eng', confidence: Math.min(1, 0.6 + enShare) };
  }
  const letters = sample.replace(/[^\p{L}]/gu, '').length;
  // A few French function words and no English ones: French ("Free, c'est gratuit ?").
  if (fr >= 2 && en === 0 && frShare >= 0.3) return { lang: 'fra', confidence: 0.55 };
  // Short texts: franc is guesswork under ~20 letters; stop words or nothing.
  if (letters < FRANC_MIN_LENGTH) {
    if (fr >= 2 && fr > en) return { lang: 'fra', confidence: 0.5 };
    if (en >= 2 && en > fr) return { lang: 'eng', confidence: 0.5 };
    return { lang: 'und', confidence: 0 };
  }
  const ranked = francAll(sample, { only: CANDIDATE_LANGUAGES, minLength: FRANC_MIN_LENGTH });
  const [best, second] = ranked;
  if (!best || best[0] === 'und') return { lang: 'und', confidence: 0 };
  // franc's scores are relative (best = 1): the gap to the runner-up is the confidence.
  const gap = 1 - (second?.[1] ?? 0);
  let lang = best[0];
  // French and Catalan/Portuguese trigrams are close; function words settle it.
  if (lang !== 'fra' && fr > en && fr >= 2 && ranked.some(([l, s]) => l === 'fra' && s > 0.9)) {
    lang = 'fra';
  }
  const confidence = Math.min(1, 0.4 + gap * 2);
  if (gap < 0.02 && lang === best[0]) return { lang: 'und', confidence };
  // Under ~60 letters franc often calls French brand talk English ("problème réglé, merci
  // SFR"): a non-French verdict on a short text needs a function word of that language.
  if (letters < SHORT_LETTERS && lang !== 'fra' && !(lang === 'eng' && en > 0)) {
    return { lang: 'und', confidence: 0.3 };
  }
  return { lang, confidence };
}
