import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/nlp/text/language.ts';
import { tokenize } from '../../../src/nlp/tokens/tokenize.ts';

const SHARED = new URL('../../../../shared/', import.meta.url);
const DATASETS = new URL('datasets/', SHARED);

const detect = (text: string) => detectLanguage(text, tokenize(text));

describe('detectLanguage', () => {
  it.each([
    // Plain French prose: decided by function words, no franc needed.
    [
      "Je n'ai toujours pas de réseau depuis trois semaines et le service client ne répond pas.",
      'fra',
    ],
    // Short French full of function words.
    ["c'est nul, je suis dégoûté", 'fra'],
    ['problème réglé, merci SFR', 'fra'],
    ['Free, c’est gratuit ?', 'fra'],
    // ALL CAPS French: the votes are on folded tokens, so capitals and lost accents count.
    ['ORANGE REMBOURSEZ MOI MES 150 EUROS !!! #arnaque', 'fra'],
    ['LE RÉSEAU EST EN PANNE', 'fra'],
    // SMS French: slang expansions vote French.
    ['jsui dégouté g pa de reso depui hier', 'fra'],
    ['ptn jpp de sfr', 'fra'],
    // English.
    [
      'My internet has been down for three weeks and nobody at the support answers the phone.',
      'eng',
    ],
    ["I don't think it's the right time, and I'm sure that they will not answer at all.", 'eng'],
    ['My Free box has not worked for three weeks and SFR support is terrible.', 'eng'],
    // Another language, through franc.
    [
      'Der Kundendienst antwortet nie und die Rechnung kam schon wieder doppelt an, das ist eine Frechheit.',
      'deu',
    ],
    // Nothing to go on.
    ['👍', 'und'],
    ['1234 !!! ... 😡😡😡 ---', 'und'],
    ['', 'und'],
  ])('%s → %s', (text, lang) => {
    expect(detect(text).lang).toBe(lang);
  });

  // Spanish and Italian share "de", "la", "il", "que" with French: only French's own
  // function words vote French, and franc tells the others apart.
  it.each([
    [
      'El servicio de atención al cliente nunca contesta y la factura llegó duplicada otra vez.',
      'spa',
    ],
    [
      'Il servizio clienti non risponde mai e la bolletta è arrivata di nuovo doppia, che vergogna.',
      'ita',
    ],
  ])('%s → %s', (text, lang) => {
    expect(detect(text).lang).toBe(lang);
  });

  // A name alone is read as French with a low confidence, not dropped.
  it('reads brand talk with no sign of another language as French, unsure', () => {
    const g = detect('SFR');
    expect(g.lang).toBe('fra');
    expect(g.confidence).toBeLessThan(0.5);
  });

  it('is surer of plain French than of a bare name', () => {
    expect(detect("c'est nul, je suis dégoûté").confidence).toBeGreaterThan(
      detect('SFR').confidence,
    );
    for (const text of ['SFR', "c'est nul", 'The box is dead and they do not answer', '👍']) {
      const g = detect(text);
      expect(g.confidence).toBeGreaterThanOrEqual(0);
      expect(g.confidence).toBeLessThanOrEqual(1);
    }
  });

  // analyse() passes the title and body as one text and their tokens together.
  it('reads the title too', () => {
    const title = 'SFR';
    const body = 'Je ne peux plus appeler depuis que je suis chez eux';
    const g = detectLanguage(`${title}\n${body}`, [...tokenize(title), ...tokenize(body)]);
    expect(g.lang).toBe('fra');
  });
});

// The labelled sets are French reviews and tweets: nearly every text must read as French, as
// written and shouted in capitals (ALL CAPS French is French).
describe.skipIf(!existsSync(DATASETS))(
  'French datasets in ../shared/datasets read as French (absent: skipped)',
  () => {
    const files = existsSync(DATASETS)
      ? readdirSync(DATASETS, { recursive: true, encoding: 'utf8' }).filter((f) =>
          f.endsWith('.jsonl'),
        )
      : [];
    it.each(files)('%s', (file) => {
      const lines = readFileSync(new URL(file, DATASETS), 'utf8').split('\n').filter(Boolean);
      let french = 0;
      let frenchShouted = 0;
      for (const line of lines) {
        const row = JSON.parse(line);
        const text: string = row.text ?? row.review ?? row.content ?? '';
        if (detect(text).lang === 'fra') french++;
        if (detect(text.toUpperCase()).lang === 'fra') frenchShouted++;
      }
      expect(lines.length).toBeGreaterThan(0);
      expect(french / lines.length).toBeGreaterThanOrEqual(0.99);
      expect(frenchShouted / lines.length).toBeGreaterThanOrEqual(0.99);
    });
  },
);
if (!existsSync(DATASETS)) {
  console.log(`language.test.ts: ${DATASETS.pathname} is absent: the dataset checks are skipped`);
}
