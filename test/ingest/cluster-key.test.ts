import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  clusterKey,
  LEAD_CHARS,
  MIN_CHARS,
  normaliseForDup,
} from '../../src/ingest/cluster-key.ts';
import { commentFeedRefs, feedTtlMinutes } from '../../src/ingest/feed-hints.ts';
import { prng } from '../../src/nlp/model/random.ts';

const text =
  'Trois semaines sans internet chez SFR : la box clignote, le service client promet un technicien ' +
  "qui ne vient jamais, et la facture tombe quand même. J'ai envoyé un recommandé, sans réponse. " +
  'Trois appels au 1023, trois conseillers, trois versions différentes. On me propose un ' +
  'geste commercial de dix euros pour un mois sans service. Je résilie.';

describe('clusterKey', () => {
  // Copies of one text differ in case, accents, punctuation, spacing and an appended footer.
  it.each([
    ['upper case', text.toUpperCase()],
    ['no accents', text.normalize('NFD').replace(/\p{M}/gu, '')],
    ['other spacing and punctuation', text.replace(/ : /g, ' - ').replace(/\s+/g, '  ')],
    ['a footer after 300 characters', `${text} Cet article est paru sur le blog de Léa.`],
  ])('gives a copy with %s the same key', (_, copy) => {
    expect(clusterKey(copy)).toBe(clusterKey(text));
  });

  it('tells different texts apart, and gives short texts no key', () => {
    expect(clusterKey(text.replace('SFR', 'Orange'))).not.toBe(clusterKey(text));
    expect(clusterKey('Moi aussi, pareil chez SFR !')).toBeNull();
  });
});

describe('feed hints', () => {
  it('reads the channel ttl and the comment feed of each item', () => {
    const xml = `<rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel>
      <title>B</title><ttl>90</ttl>
      <item><guid>g1</guid><link>/a</link><wfw:commentRss>/a/feed</wfw:commentRss></item>
      <item><guid>g2</guid><link>/b</link></item></channel></rss>`;
    expect(feedTtlMinutes(xml)).toBe(90);
    expect(commentFeedRefs(xml)).toEqual([{ guid: 'g1', link: '/a', feed: '/a/feed' }]);
    expect(feedTtlMinutes('<rss><channel><title>x</title></channel></rss>')).toBeNull();
  });
});

describe('normaliseForDup', () => {
  // The definition, which the Latin fast path must match.
  const definition = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  it('matches its definition on every character of the BMP and on random texts', () => {
    const chars = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter(
      (ch) => !/[\uD800-\uDFFF]/.test(ch),
    );
    for (const ch of chars) {
      for (const text of [ch, `a${ch}${ch}b`]) {
        expect(normaliseForDup(text), JSON.stringify(text)).toBe(definition(text));
      }
    }
    const random = prng(7);
    // Mostly Latin, with marks, Greek (Σ, final or not), punctuation and any BMP character.
    const pools = [
      chars.slice(0, 0x250),
      chars.slice(0x300, 0x370),
      chars.slice(0x370, 0x400),
      ['Σ', 'σ', 'ς', ' ', '’', '…', '€', '\u00a0', '\u202f', '😡', 'e\u0301'],
      chars,
    ];
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let k = 0; k < length; k++) {
        const pool = pools[Math.floor(random() * pools.length)]!;
        text += pool[Math.floor(random() * pool.length)];
      }
      expect(normaliseForDup(text), JSON.stringify(text)).toBe(definition(text));
    }
  });

  it('falls back to the definition for astral characters and Σ', () => {
    for (const text of ['e\u0301te', 'ΣΟΦΙΑΣ ΟΔΟΣ', 'İstanbul 😡 ok', 'ǅemal', '𝓢𝓕𝓡 !!']) {
      expect(normaliseForDup(text)).toBe(definition(text));
    }
  });
});

describe('reading only the opening of long texts', () => {
  // The key as computed from the whole text, the definition the shortcut must keep.
  const whole = (text: string) => {
    const flat = normaliseForDup(text);
    if (flat.length < MIN_CHARS) return null;
    const lead =
      flat.length <= LEAD_CHARS ? flat : flat.slice(0, flat.lastIndexOf(' ', LEAD_CHARS));
    return `dup:${createHash('sha256').update(lead).digest('hex').slice(0, 16)}`;
  };
  const pieces = [
    'SFR',
    'c’est',
    "l'enfer",
    '!!!',
    '…',
    '   ',
    '\n',
    'é',
    'e\u0301',
    'Ça',
    '😡',
    '𝓢𝓕𝓡',
    'ΣΟΦΙΑΣ',
    '—',
    '12,5 €',
    '.....................................................',
    'İstanbul',
  ];
  it('gives the key of the whole text, whatever the text', () => {
    const random = prng(31);
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = 200 + Math.floor(random() * 3000);
      while (text.length < length) text += `${pieces[Math.floor(random() * pieces.length)]} `;
      expect(clusterKey(text), text).toBe(whole(text));
    }
  });
});
