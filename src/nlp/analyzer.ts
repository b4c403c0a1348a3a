// One analyser: the lexicon, the watched brands compiled into matchers and the trained models,
// loaded once and read by every analysis. Build one per thread (each of the pool's workers
// builds its own) and call analyse() for each post; nothing is shared between analysers and
// nothing changes between calls.
import type { BrandConfig } from '../config.ts';
import type { Analysis } from '../types.ts';
import { type AnalyseInput, analyse, type Resources, sentimentProbabilities } from './analyse.ts';
import { BrandMatcher } from './brands/mentions.ts';
import { type Lexicon, loadLexicon } from './lexicon/lexicon.ts';
import { FeatureBuffers } from './model/features.ts';
import { JointScorer } from './model/linear.ts';
import type { Models } from './model/models.ts';
import type { Probabilities } from './sentiment/compose.ts';
import { TokenForms } from './tokens/tokenize.ts';

export type { AnalyseInput } from './analyse.ts';

export interface AnalyzerOptions {
  brands: readonly BrandConfig[];
  /** The trained models (loadModels()); without them, the rules decide alone. */
  models?: Models;
  /** The lexicon; the committed one by default. */
  lexicon?: Lexicon;
}

export class Analyzer {
  private readonly resources: Resources;

  constructor(options: AnalyzerOptions) {
    this.resources = {
      lexicon: options.lexicon ?? loadLexicon(),
      brands: new BrandMatcher(options.brands),
      scoring: options.models && {
        models: options.models,
        // The order probabilities() reads them in (analyse.ts): sentiment 0, complaint 1.
        scorer: new JointScorer([options.models.sentiment, options.models.complaint]),
      },
      buffers: new FeatureBuffers(),
      forms: new TokenForms(),
    };
  }

  /** Whether `id` is the id of a watched brand. */
  watches(id: string): boolean {
    return this.resources.brands.brands.some((b) => b.id === id);
  }

  get models(): Models | undefined {
    return this.resources.scoring?.models;
  }

  get lexicon(): Lexicon {
    return this.resources.lexicon;
  }

  analyse(input: AnalyseInput): Analysis {
    return analyse(input, this.resources);
  }

  /** The sentiment model's probabilities alone (undefined without models). */
  sentimentProbabilities(input: AnalyseInput): Probabilities | undefined {
    return sentimentProbabilities(input, this.resources);
  }
}
