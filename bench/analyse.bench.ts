// analyse() on ~2,000 distinct 1 KB French posts (the real model, grogne's default brands),
// against a baseline that does the least any analysis must: one regex tokenisation and one
// Map look-up per token, on the same posts in the same run. Issue 4 targets ≥ 5,000 posts/s.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { brandSchema } from '../src/config.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { prng } from '../src/nlp/model/random.ts';
import { type BenchResult, measure } from './harness.ts';

const POSTS = Number(process.env.GROGNE_BENCH_POSTS ?? 2_000);
/** Passes over the posts per measure: enough for a stable figure, each post seen once a pass. */
const ROUNDS = Number(process.env.GROGNE_BENCH_ROUNDS ?? 3);
const BRANDS_FILE = new URL('../data/brands/default.json', import.meta.url);

// Sentences of the kinds the analysis meets: complaints with acts and durations, praise,
// sarcasm, questions, announcements, slang, curly apostrophes, emoji, handles and URLs.
const SENTENCES = [
  'Ma box {B} ne marche plus depuis {N} jours, c’est honteux.',
  "Le service client de {B} ne répond jamais, j'ai appelé {N} fois cette semaine.",
  'Facture {B} en double ce mois-ci : {N} € prélevés sans explication !',
  "Je vais résilier mon abonnement {B}, c'est l'enfer depuis le déménagement.",
  'Mise en demeure envoyée par courrier recommandé, UFC-Que Choisir prévenue.',
  'La fibre coupe tous les soirs vers 21 h, impossible de regarder un film.',
  'Le technicien devait passer jeudi, personne n’est venu et personne ne prévient.',
  'Bravo {B}, encore une panne, ça fait {N} semaines sans internet.',
  'Merci {B} pour ces trois semaines sans réseau, vraiment top le service.',
  'Pas mal du tout la nouvelle offre {B}, rien à redire sur le débit.',
  'Le conseiller en boutique a été très sympa et efficace, problème réglé.',
  'Quelqu’un sait si {B} propose la fibre à Lyon ?',
  'Pourquoi ma Freebox ne marche plus depuis lundi ?',
  'jsuis dégoûté, c nul, tjs bcp de pb avec le wifi 😡',
  'Le réseau 4G est NUUUUL dans mon quartier, aucune barre depuis {N} jours !!!',
  'Colis jamais reçu, le transporteur dit qu’il a été livré, à fuir.',
  'Je déconseille {B} à tout le monde : arnaque, voleurs, incompétents.',
  'On m’a facturé des frais de résiliation alors que mon engagement était fini.',
  'Le remboursement promis il y a {N} semaines n’est toujours pas arrivé.',
  "Portabilité ratée : mon numéro n'a pas été porté et je n'ai plus de ligne.",
  'Prix en hausse de {N} euros sans prévenir, je pars chez {B}.',
  'Démarchage téléphonique tous les jours, ils ont vendu mes données personnelles ?',
  'Le roaming ne marche pas à l’étranger, impossible d’envoyer des SMS.',
  'Écran noir sur le décodeur, le SAV me dit de redémarrer pour la {N}e fois.',
  'Au moins chez {B} ça marche, je ne regrette pas d’avoir changé.',
  'Un peu lent au début mais service excellent, je recommande vivement.',
  'Ce n’est pas mauvais, mais ce n’est pas génial non plus.',
  'Oh « bonheur », je ne peux plus envoyer de SMS depuis hier.',
  'Retrouvez la nouvelle chaîne sur le canal {N} dès aujourd’hui.',
  'Le salon de la télévision ouvre demain à 9 heures, entrée libre.',
  'J’en ai parlé dans mon article sur la Fnac, rien à voir avec ce souci.',
  '@SFR ma ligne est coupée depuis hier, toujours rien #panne',
  'Voir https://forum.exemple.fr/t/{N} pour le détail des coupures.',
  'Le débit est passé de 900 Mb/s à {N} Mb/s, la hotline raccroche au nez.',
  '5e appel au service client, {N} minutes d’attente, toujours pas de solution :(',
  'Tout est rentré dans l’ordre après la visite du technicien, merci.',
  'Pas de barres dans le salon, zone blanche en plein centre-ville.',
  'Ma commande sur la boutique en ligne est bloquée, expédition reportée encore une fois.',
  'Le forfait à {N} € est correct pour le prix, sans plus.',
  'Super rapide et efficace, très content de ma box :)',
];
const BRAND_NAMES = ['SFR', 'Orange', 'Free', 'Bouygues Telecom', 'Sosh', 'RED by SFR'];
const TITLES = [
  '{B} : panne géante',
  'Re: Problème de connexion {B}',
  'Mon expérience avec {B}',
  'Forum • Facture incompréhensible',
  'Question sur la fibre',
];

/** `n` distinct posts of about `chars` characters each, deterministic for a seed. */
export function frenchPosts(
  n: number,
  seed = 4,
  chars = 1000,
): { title: string | null; text: string }[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const fill = (s: string) =>
    s
      .replaceAll('{B}', () => pick(BRAND_NAMES))
      .replaceAll('{N}', () => String(2 + Math.floor(random() * 60)));
  const posts: { title: string | null; text: string }[] = [];
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    let length = 0;
    while (length < chars) {
      const s = fill(pick(SENTENCES));
      parts.push(s);
      length += s.length + 1;
    }
    posts.push({
      title: random() < 0.5 ? fill(pick(TITLES)) : null,
      text: parts.join(random() < 0.3 ? '\n' : ' '),
    });
  }
  return posts;
}

// The baseline: the cheapest analysis one could call one — a regex tokenisation and one
// Map look-up per token (a sentiment lexicon's word list).
const WORD = /[\p{L}\p{N}]+/gu;

export async function run(): Promise<BenchResult> {
  const brands = z.array(brandSchema).parse(JSON.parse(readFileSync(BRANDS_FILE, 'utf8')));
  const analyzer = new Analyzer({ brands, models: loadModels() });
  const posts = frenchPosts(POSTS);
  const lexicon = new Map<string, number>();
  for (const w of ['nul', 'panne', 'honteux', 'arnaque', 'excellent', 'merci', 'lent', 'enfer'])
    lexicon.set(w, 1);
  const bytes = posts.reduce((n, p) => n + Buffer.byteLength(p.text), 0) / posts.length;
  const baselinePass = () => {
    let hits = 0;
    for (const p of posts) {
      const text = p.title ? `${p.title}\n${p.text}` : p.text;
      for (const m of text.toLowerCase().matchAll(WORD)) if (lexicon.has(m[0])) hits++;
    }
    return hits;
  };
  // Warm-up, outside the timings: one pass over the posts for each, so that both are measured
  // as a long-running crawler runs them, with the JIT's optimised code. The first pass of
  // analyse() is reported as `firstPass`: the JIT's warming is in it.
  baselinePass();
  let complaints = 0;
  const first = performance.now();
  for (const p of posts) if (analyzer.analyse(p).complaint) complaints++;
  const firstPass = Math.round(posts.length / ((performance.now() - first) / 1000));

  let hits = 0;
  const baseline = await measure(
    'regex tokens + Map look-up (baseline)',
    posts.length * ROUNDS,
    () => {
      for (let r = 0; r < ROUNDS; r++) hits += baselinePass();
    },
  );
  baseline.extra = { hits };
  const subject = await measure('analyse() with model and brands', posts.length * ROUNDS, () => {
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of posts) if (analyzer.analyse(p).complaint) complaints++;
    }
  });
  subject.extra = {
    complaints: complaints / (ROUNDS + 1),
    meanBytes: Math.round(bytes),
    firstPass: `${firstPass}/s`,
  };
  return {
    benchmark: 'analyse',
    description: `analyse() on ${posts.length} distinct ~1 KB French posts × ${ROUNDS} vs regex tokens + Map`,
    measures: [baseline, subject],
  };
}
