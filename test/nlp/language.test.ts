import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/nlp/language.ts';

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
