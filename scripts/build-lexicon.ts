// Builds data/lexicon/fr-sentiment.tsv, the lexicon that src/nlp/lexicon.ts reads, from:
//   1. data/lexicon/fr-hand.tsv — written by the grogne team for complaint French (wins);
//   2. VADER-fr (../shared/lexicons/vader-fr.tsv, MIT): single words and phrases with
//      |valence| ≥ 0.5, minus emoticons (tokens.ts handles those), minus entries whose sign
//      FEEL contradicts (VADER-fr is a word-for-word translation: "frais" = fresh = +1.3);
//   3. FEEL (../shared/lexicons/feel.tsv): only words that FEEL marks negative AND angry AND
//      disgusted, absent from VADER, at a fixed -1.5 — its positives are too noisy for this
//      domain ("service", "client", "boutique" are positive there).
// Run: node bin/run-ts.js scripts/build-lexicon.ts   (or npx tsx scripts/build-lexicon.ts)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fold } from '../src/nlp/normalise.ts';

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
  const feel = new Map<string, { neg: boolean; angry: boolean; disgust: boolean }>();
  for (const r of rows(new URL('feel.tsv', SHARED))) {
    // id term polarity extra fear sadness anger surprise disgust joy
    feel.set(key(r[1]!), { neg: r[2] === 'negative', angry: r[6] === '1', disgust: r[8] === '1' });
  }
  const out = new Map<string, Entry>();
  let vader = 0;
  let vetoed = 0;
  for (const [term, v] of rows(new URL('vader-fr.tsv', SHARED))) {
    const valence = Number(v);
    if (!term || !/^\p{L}/u.test(term) || !Number.isFinite(valence) || Math.abs(valence) < 0.5)
      continue;
    const k = key(term);
    const f = feel.get(k);
    if (f && f.neg !== valence < 0) {
      vetoed++;
      continue;
    }
    out.set(k, { valence, negated: null, source: 'vader' });
    vader++;
  }
  let feelOnly = 0;
  for (const [k, f] of feel) {
    if (f.neg && f.angry && f.disgust && !out.has(k) && !k.includes(' ')) {
      out.set(k, { valence: -1.5, negated: null, source: 'feel' });
      feelOnly++;
    }
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
  console.log(
    `fr-sentiment.tsv: ${out.size} entries (vader ${vader}, vetoed by FEEL ${vetoed}, feel ${feelOnly}, hand ${hand})`,
  );
}

main();
