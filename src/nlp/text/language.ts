// Language of a post. grogne reads French sources, so the question is mostly "is this not
// French?": a count of French and English function words on the folded tokens decides first
// (folded, so ALL CAPS and missing accents count the same), SMS French counts as French, and
// franc only breaks the ties on longer texts. A text with no sign of another language is
// read as French with a low confidence rather than dropped as undetermined.
import { francAll } from 'franc';
import type { Token } from '../tokens/tokenize.ts';

export interface LanguageGuess {
  /** ISO 639-3, or "und" when unsure. */
  lang: string;
  /** 0..1 */
  confidence: number;
}

/** Languages a French forum or blog plausibly holds; a short list is faster and surer. */
export const CANDIDATE_LANGUAGES = ['fra', 'eng', 'spa', 'deu', 'ita', 'por', 'nld', 'cat'];
const SAMPLE_TOKENS = 120;
const FRANC_MIN_LETTERS = 40;

// Function words frequent in French and rare as words of English, Spanish or Italian, folded.
// Words French shares with them ("a", "on", "de", "la", "en", "il", "que", "se") are left out
// on purpose: a Spanish complaint is full of "de" and "la".
const FR = new Set(
  (
    "le les des du un une et est je j' c' l' d' qu' n' s' m' t' ne pas dans " +
    'pour sur avec mon mes elle nous vous au aux ce cette ca tres mais ou plus sont ' +
    'ai suis ete etre fait avait avoir leur leurs lui ses ton tes votre vos ' +
    'quand comme aussi depuis chez toujours rien jamais encore donc alors apres avant meme ' +
    'moi toi vraiment sans aucun aucune deja parce pourquoi quoi bonjour merci ils elles ' +
    'cest jai mdr'
  ).split(' '),
);
const EN = new Set(
  (
    'the and is are was were to of for with my it this that have has not you i be at from by ' +
    "they we he she will would can could should what which there their an or but if so do don't " +
    "it's i'm been its your our just very all about than then"
  ).split(' '),
);
// Letters French writes and English does not: one accented word is a strong sign.
const FRENCH_LETTERS = /[éèêàùçôîëïœ]/i;

function votes(tokens: readonly Token[]): { fr: number; en: number; words: number } {
  let fr = 0;
  let en = 0;
  let words = 0;
  for (const t of tokens.slice(0, SAMPLE_TOKENS)) {
    if (t.kind !== 'word' && t.kind !== 'elision') continue;
    words++;
    if (t.slang || FR.has(t.folded)) fr++;
    else if (EN.has(t.folded)) en++;
    else if (FRENCH_LETTERS.test(t.text)) fr += 0.5;
  }
  return { fr, en, words };
}

/** Guesses the language of a post from the tokens of its title and body. */
export function detectLanguage(text: string, tokens: readonly Token[]): LanguageGuess {
  const { fr, en, words } = votes(tokens);
  if (words === 0) return { lang: 'und', confidence: 0 };
  const frShare = fr / words;
  const enShare = en / words;
  if (fr >= 2 && frShare >= 0.2 && fr >= 2 * en) {
    return { lang: 'fra', confidence: Math.min(1, 0.6 + frShare) };
  }
  if (en >= 3 && enShare >= 0.2 && en >= 3 * fr) {
    return { lang: 'eng', confidence: Math.min(1, 0.6 + enShare) };
  }
  const sample = text.slice(0, 600).toLowerCase();
  const letters = sample.replace(/[^\p{L}]/gu, '').length;
  if (letters >= FRANC_MIN_LETTERS) {
    const ranked = francAll(sample, { only: CANDIDATE_LANGUAGES, minLength: FRANC_MIN_LETTERS });
    const [best, second] = ranked;
    if (best && best[0] !== 'und' && best[0] !== 'fra') {
      const gap = 1 - (second?.[1] ?? 0);
      const frenchClose = ranked.some(([l, s]) => l === 'fra' && s > 0.9);
      // Another language wins only with its own function words, or clearly, with French far.
      if (!frenchClose && (en > fr || gap > 0.1) && fr < 2) {
        return { lang: best[0], confidence: Math.min(1, 0.4 + gap * 2) };
      }
    }
  }
  // Nothing says "another language": brand talk, names, numbers, SMS. Read it as French.
  if (en > fr && en >= 2) return { lang: 'und', confidence: 0.3 };
  return { lang: 'fra', confidence: fr > 0 ? 0.5 : 0.3 };
}
