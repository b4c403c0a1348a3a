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

// The vote count runs on every post, so it reads the sample once, a table look-up per UTF-16
// unit, with no lower-cased copy, no string per word and no sample string unless franc is
// reached. Its definition stays the plain one: the words of /[\p{L}]+'?/gu over
// `sample.toLowerCase()` with ’ and ‘ read as ', looked up in FR, then in EN.

// Class of a UTF-16 unit, read from its lower case (the definition's letter test ran on the
// lower-cased sample). From FIRST_SYMBOL on, a letter's class is also its trie symbol. The one
// lower case that hangs on context, Σ → σ or final ς, gives a letter of no stop word either way.
const OTHER = 0;
const APOSTROPHE = 1; // ', ’ and ‘
const SURROGATE = 2; // half of a code point outside the BMP: read as a pair
const LONGER = 3; // lower case longer than one unit ("İ" → "i̇"): see votesOfLowered()
const LETTER = 4; // a letter found in no stop word
const FIRST_SYMBOL = 5; // a letter found in a stop word: its trie symbol

// Symbols: one per letter the stop words hold (27 for now), so that the trie stays small.
const SYMBOL = new Map<number, number>();
for (const word of [...FR, ...EN]) {
  for (let k = 0; k < word.length; k++) {
    const u = word.charCodeAt(k);
    // An inner ' ("don't", "it's", "i'm") is kept as written, though a word ends at its first
    // apostrophe ("don'" + "t") so such entries never match: that is the definition's behaviour.
    if (u === 39) continue;
    if (!/^\p{L}$/u.test(word[k]!) || word[k]!.toLowerCase() !== word[k]) {
      // Stop words are matched against lower-cased letters: anything else could never match.
      throw new Error(`language: stop word "${word}" holds "${word[k]}", not a lower-case letter`);
    }
    if (!SYMBOL.has(u)) SYMBOL.set(u, FIRST_SYMBOL + SYMBOL.size);
  }
}
const STRIDE = FIRST_SYMBOL + SYMBOL.size;

const CLASS = new Uint8Array(65536);
const IS_LETTER = /\p{L}/u;
for (let c = 0; c < 65536; c++) {
  if (c >= 0xd800 && c <= 0xdfff) {
    CLASS[c] = SURROGATE;
    continue;
  }
  const lower = String.fromCharCode(c).toLowerCase();
  if (lower.length !== 1) CLASS[c] = LONGER;
  else if (lower === "'" || lower === '\u2019' || lower === '\u2018') CLASS[c] = APOSTROPHE;
  else if (IS_LETTER.test(lower)) CLASS[c] = SYMBOL.get(lower.charCodeAt(0)) ?? LETTER;
}

// A trie over the stop words, walked as a word is scanned: NEXT[state * STRIDE + class] is the
// next state, 0 is the dead state (no stop word starts so), 1 the root; VOTE[state] says
// whether the word read so far is a French (1) or an English (2) stop word. A word longer
// than every stop word, or holding a letter none has, falls into the dead state and stays.
const DEAD = 0;
const ROOT = 1;
const VOTE_FR = 1;
const VOTE_EN = 2;
const { NEXT, VOTE } = (() => {
  const next: number[] = new Array(2 * STRIDE).fill(DEAD);
  const vote: number[] = [0, 0];
  const add = (word: string, lang: number) => {
    let state = ROOT;
    for (let k = 0; k < word.length; k++) {
      const u = word.charCodeAt(k);
      const cell = state * STRIDE + (u === 39 ? APOSTROPHE : SYMBOL.get(u)!);
      if (next[cell] === DEAD) {
        next[cell] = vote.length;
        vote.push(0);
        for (let s = 0; s < STRIDE; s++) next.push(DEAD);
      }
      state = next[cell]!;
    }
    // French first: the definition asked FR before EN.
    if (vote[state] === 0) vote[state] = lang;
  };
  for (const word of FR) add(word, VOTE_FR);
  for (const word of EN) add(word, VOTE_EN);
  return { NEXT: Uint16Array.from(next), VOTE: Uint8Array.from(vote) };
})();

const ASTRAL_LETTER = /^\p{L}$/u;

/**
 * Units of the letter starting at surrogate `i` of `s[..end]`: 2 for a letter outside the BMP,
 * 0 for anything else (an emoji, a lone surrogate, a pair cut by `end`). Lower case maps a
 * code point outside the BMP to one such code point, a letter if and only if it was one
 * (test/nlp checks it over every code point), so the code point is tested as written.
 */
function astralAt(s: string, i: number, end: number): number {
  if (i + 1 >= end) return 0;
  const cp = s.codePointAt(i)!;
  return cp > 0xffff && ASTRAL_LETTER.test(String.fromCodePoint(cp)) ? 2 : 0;
}

export interface StopWordVotes {
  fr: number;
  en: number;
  words: number;
}

/**
 * Adds the votes of `s[0..end]` to `votes`; false (votes left half-counted) when `s` holds a
 * unit whose lower case is longer, which the caller must lower-case first.
 */
function tally(votes: StopWordVotes, s: string, end: number): boolean {
  let i = 0;
  while (i < end) {
    let cls = CLASS[s.charCodeAt(i)]!;
    if (cls < LETTER) {
      if (cls === LONGER) return false;
      if (cls === OTHER || cls === APOSTROPHE || astralAt(s, i, end) === 0) {
        i++;
        continue;
      }
    }
    // A word: letters, then one optional apostrophe ("l'", "c’").
    votes.words++;
    let state = ROOT;
    for (;;) {
      if (cls >= LETTER) {
        state = NEXT[state * STRIDE + cls]!;
        i++;
      } else if (cls === SURROGATE) {
        if (astralAt(s, i, end) === 0) break;
        state = DEAD; // no stop word holds a letter outside the BMP
        i += 2;
      } else break;
      if (i >= end) break;
      cls = CLASS[s.charCodeAt(i)]!;
    }
    if (i < end && cls === APOSTROPHE) {
      state = NEXT[state * STRIDE + APOSTROPHE]!;
      i++;
    }
    const vote = VOTE[state];
    if (vote === VOTE_FR) votes.fr++;
    else if (vote === VOTE_EN) votes.en++;
  }
  return true;
}

/** Votes of a sample holding a unit that lower case lengthens: lower-case it, then count. */
function votesOfLowered(sample: string): StopWordVotes {
  const votes = { fr: 0, en: 0, words: 0 };
  // Lower case is stable (nothing in a lower-cased string changes again, test/nlp checks it
  // over every code point), so this tally never meets a LONGER unit.
  const lower = sample.toLowerCase();
  tally(votes, lower, lower.length);
  return votes;
}

/** French and English function words among the words of `sample`, and its word count. */
export function stopWordVotes(sample: string): StopWordVotes {
  const votes = { fr: 0, en: 0, words: 0 };
  return tally(votes, sample, sample.length) ? votes : votesOfLowered(sample);
}

/** The title, a line break, then the first ~400 characters of the body. */
function sampleOf(text: string, title?: string | null): string {
  return title ? `${title}\n${text.slice(0, SAMPLE_CHARS)}` : text.slice(0, SAMPLE_CHARS);
}

/**
 * Votes of sampleOf(text, title) without building it: the title, then the body's prefix. No
 * word crosses the "\n" between them (neither a letter nor an apostrophe), and a surrogate pair
 * cut by the 400-unit slice is no letter, as in the sample.
 */
function votesOf(text: string, title?: string | null): StopWordVotes {
  const votes = { fr: 0, en: 0, words: 0 };
  const simple =
    (!title || tally(votes, title, title.length)) &&
    tally(votes, text, Math.min(text.length, SAMPLE_CHARS));
  return simple ? votes : votesOfLowered(sampleOf(text, title));
}

/** Guesses the language from the title and the first ~400 characters of the body. */
export function detectLanguage(text: string, title?: string | null): LanguageGuess {
  const { fr, en, words } = votesOf(text, title);
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
  // Past the fast paths (a few posts in a hundred): the sample string is worth building.
  const sample = sampleOf(text, title);
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
