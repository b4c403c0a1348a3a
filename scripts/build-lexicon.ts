// Builds data/lexicon/fr-sentiment.tsv, the lexicon that src/nlp/lexicon/lexicon.ts reads, from:
//   1. data/lexicon/fr-hand.tsv — written by the grogne team for complaint French (wins);
//   2. VADER-fr (../shared/lexicons/vader-fr.tsv, MIT): single words and phrases with
//      |valence| >= 0.5, minus emoticons (tokens.ts handles those). Its word-for-word
//      translation slips ("beurre", "haie", "simple") are zeroed in the hand list.
// FEEL is not used: its GPL-3.0 licence and its NRC-EmoLex origin (whose terms restrict
// commercial use) do not fit grogne's MIT licence; the hand list covers complaint French.
// Run: node bin/run-ts.js scripts/build-lexicon.ts   (or npx tsx scripts/build-lexicon.ts)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fold } from '../src/nlp/text/fold.ts';

const SHARED = new URL('../../shared/lexicons/', import.meta.url);
const HAND = new URL('../data/lexicon/fr-hand.tsv', import.meta.url);
const OUT = new URL('../data/lexicon/fr-sentiment.tsv', import.meta.url);

interface Entry {
  valence: number;
  negated: number | null;
  source: string;
}

function rows(url: URL): string[][] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

const key = (term: string) =>
  fold(term.trim().replace(/[\u2019\u2018]/g, "'")).replace(/\s+/g, ' ');

function main(): void {
  if (!existsSync(new URL('vader-fr.tsv', SHARED))) {
    console.error(`build-lexicon: ${fileURLToPath(SHARED)} not found (needs ../shared)`);
    process.exit(2);
  }
  const out = new Map<string, Entry>();
  let vader = 0;
  for (const [term, v] of rows(new URL('vader-fr.tsv', SHARED))) {
    const valence = Number(v);
    if (!term || !/^\p{L}/u.test(term) || !Number.isFinite(valence) || Math.abs(valence) < 0.5)
      continue;
    out.set(key(term), { valence, negated: null, source: 'vader' });
    vader++;
  }
  let hand = 0;
  for (const [term, v, neg] of rows(HAND)) {
    if (!term) continue;
    const valence = Number(v);
    if (!Number.isFinite(valence)) throw new Error(`fr-hand.tsv: bad valence for ${term}: ${v}`);
    const negated = neg && neg.trim() !== '' ? Number(neg) : null;
    out.set(key(term), { valence, negated, source: 'hand' });
    hand++;
  }
  const lines = ['term\tvalence\tnegated\tsource'];
  for (const k of [...out.keys()].sort()) {
    const e = out.get(k)!;
    // A hand "0" removes a derived entry: keep it in the file so the removal is visible.
    lines.push(`${k}\t${e.valence}\t${e.negated ?? ''}\t${e.source}`);
  }
  writeFileSync(OUT, `${lines.join('\n')}\n`);
  console.log(`fr-sentiment.tsv: ${out.size} entries (vader ${vader}, hand ${hand})`);
}

main();
