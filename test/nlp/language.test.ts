import { describe, expect, it } from 'vitest';
import { detectLanguage, stopWordVotes } from '../../src/nlp/language.ts';

describe('detectLanguage', () => {
  it.each([
    // Plain French prose: decided by function words, no franc needed.
    [
      "Je n'ai toujours pas de réseau depuis trois semaines et le service client ne répond pas.",
      'fra',
    ],
    // Short French full of function words.
    ["c'est nul, je suis dégoûté", 'fra'],
    // English.
    [
      'My internet has been down for three weeks and nobody at the support answers the phone.',
      'eng',
    ],
    // Spanish, through franc.
    [
      'El servicio de atención al cliente nunca contesta y la factura llegó duplicada otra vez.',
      'spa',
    ],
    // Nothing to go on.
    ['👍', 'und'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text).lang).toBe(lang);
  });

  it('reads the title too', () => {
    expect(detectLanguage('SFR', 'Je ne peux plus appeler depuis que je suis chez eux').lang).toBe(
      'fra',
    );
  });
});

describe('stopWordVotes', () => {
  // The regex scan the letter table replaced: the votes must be the same, word for word.
  const WORD = /[\p{L}]+'?/gu;
  const FR_SAMPLE = new Set(['je', 'le', "c'", "l'", 'pas', 'très', 'ça', 'être']);
  function reference(sample: string) {
    const lower = sample.toLowerCase().replace(/[\u2019\u2018]/g, "'");
    return [...lower.matchAll(WORD)].map((m) => m[0]);
  }

  it.each([
    ["C'est l’enfer, je n'ai pas de réseau"],
    ['İstanbul ß straße ÉTÉ être'],
    ['𝐀𝐁𝐂 mathematical letters and 😡 emoji 👍🏽'],
    ['deux  espaces\u00a0insécables ; l’apostrophe’ finale’'],
    ['e\u0301te\u0301 décomposé, mots-composés, aujourd’hui'],
    ["the and it's i'm don't"],
    [''],
  ])('counts the words the regex scan found: %s', (text) => {
    const words = reference(text);
    const votes = stopWordVotes(text);
    expect(votes.words).toBe(words.length);
    // Every French vote of the reference is one of ours.
    const frWords = words.filter((w) => FR_SAMPLE.has(w)).length;
    expect(votes.fr).toBeGreaterThanOrEqual(frWords);
  });
});
