// Peer sentiment analysers that `grogne eval` measures grogne against, on the same rows:
//   - natural: SentimentAnalyzer('French', PorterStemmerFr, 'pattern') on natural's French
//     aggressive tokenizer. Loaded from its module files: natural's index prints to stdout and
//     pulls in databases, so `import 'natural'` is never done.
//   - nlp.js: @nlpjs/sentiment's SentimentAnalyzer in a container with @nlpjs/lang-fr.
// Both give a signed score; the label mapping is score > 0 positive, < 0 negative, 0 neutral.
// They are loaded lazily through require: nlp.js is a dev dependency and neither ships types
// for these module paths.
import { createRequire } from 'node:module';
import type { Sentiment } from '../types.ts';

export interface Peer {
  name: string;
  /** Signed sentiment score of the text (its sign is what is compared). */
  score(text: string): Promise<number>;
}

const require = createRequire(import.meta.url);

/** Peer label mapping: the sign of the score. */
export function peerLabel(score: number): Sentiment {
  if (score > 0) return 'positive';
  if (score < 0) return 'negative';
  return 'neutral';
}

interface NaturalAnalyzer {
  getSentiment(tokens: string[]): number;
}
interface NaturalTokenizer {
  tokenize(text: string): string[];
}

export function naturalPeer(): Peer {
  const Analyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (
    language: string,
    stemmer: unknown,
    type: string,
  ) => NaturalAnalyzer;
  const stemmer = require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as unknown;
  const Tokenizer =
    require('natural/lib/natural/tokenizers/aggressive_tokenizer_fr.js') as new () => NaturalTokenizer;
  const analyzer = new Analyzer('French', stemmer, 'pattern');
  const tokenizer = new Tokenizer();
  return {
    name: 'natural',
    async score(text) {
      const tokens = tokenizer.tokenize(text);
      // natural divides by the token count and returns NaN for no tokens.
      return tokens.length === 0 ? 0 : analyzer.getSentiment(tokens) || 0;
    },
  };
}

interface NlpjsAnalyzer {
  process(input: { locale: string; text: string }): Promise<{ sentiment?: { score: number } }>;
}

export async function nlpjsPeer(): Promise<Peer> {
  const { containerBootstrap } = require('@nlpjs/core') as {
    containerBootstrap: () => Promise<{ use(x: unknown): void }>;
  };
  const { SentimentAnalyzer } = require('@nlpjs/sentiment') as {
    SentimentAnalyzer: new (settings: { container: unknown }) => NlpjsAnalyzer;
  };
  const { LangFr } = require('@nlpjs/lang-fr') as { LangFr: unknown };
  const container = await containerBootstrap();
  container.use(LangFr);
  const analyzer = new SentimentAnalyzer({ container });
  return {
    name: 'nlp.js',
    async score(text) {
      const out = await analyzer.process({ locale: 'fr', text });
      return out.sentiment?.score ?? 0;
    },
  };
}

/** Both peers, ready to score. */
export async function defaultPeers(): Promise<Peer[]> {
  return [naturalPeer(), await nlpjsPeer()];
}
