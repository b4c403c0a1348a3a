// `grogne eval --task complaint`: complaint precision, recall and F1 on the Free gold
// tweets (the team's labels joined with ../shared tweet texts), for grogne as shipped, the
// rules alone, and the peers read as "negative ⇒ complaint". With --cv K, each fold's tweets
// are scored by models trained on the whole corpus without them.

import type { BrandConfig } from '../config.ts';
import { Analyzer } from '../nlp/analyzer.ts';
import type { Models } from '../nlp/model/models.ts';
import { type Doc, loadCorpus } from './corpus.ts';
import type { FileResult, SystemResult } from './eval-rows.ts';
import { evaluate } from './metrics.ts';
import type { Peer } from './peers.ts';
import { featurize, trainModels } from './train-models.ts';

const LABELS = ['complaint', 'other'];
const label = (c: boolean) => (c ? 'complaint' : 'other');

export async function evalComplaint(
  file: string,
  tweets: readonly Doc[],
  brands: readonly BrandConfig[],
  models: Models,
  peers: readonly Peer[],
  cv?: number,
): Promise<FileResult> {
  const truth = tweets.map((d) => label(d.complaint === true));
  const results: SystemResult[] = [];
  const push = (system: string, predicted: string[]) =>
    results.push({ system, view: 'complaint', report: evaluate(truth, predicted, LABELS) });
  const flags = (a: Analyzer, docs: readonly Doc[]) =>
    docs.map((d) => label(a.analyse(d.input).complaint));
  if (cv) {
    const corpus = loadCorpus();
    const analyzer0 = new Analyzer({ brands });
    const data = featurize(corpus, analyzer0.lexicon);
    const predicted = new Array<string>(tweets.length);
    for (let f = 0; f < cv; f++) {
      const held = (d: Doc) => d.set === 'freemobile-gold' && Number(d.group.slice(5)) % cv === f;
      const trained = trainModels(data.filter((x) => !held(x.doc)));
      const a = new Analyzer({ brands, models: trained, lexicon: analyzer0.lexicon });
      tweets.forEach((d, i) => {
        if (held(d)) predicted[i] = label(a.analyse(d.input).complaint);
      });
    }
    push(`grogne-cv${cv}`, predicted);
  } else {
    push('grogne', flags(new Analyzer({ brands, models }), tweets));
  }
  push('grogne-rules', flags(new Analyzer({ brands }), tweets));
  for (const peer of peers) {
    const predicted: string[] = [];
    for (const d of tweets)
      predicted.push((await peer.score(d.input.text)) < 0 ? 'complaint' : 'other');
    push(peer.name, predicted);
  }
  return { file, n: tweets.length, results };
}
