// Agreement between the blind second annotation of a sample of the locked test posts
// (data/annotations/posts/blind/test-sample.jsonl: 20 posts from each test writer, drawn with a
// seeded shuffle; the second annotator saw the texts and the guide, never the first labels)
// and the first labels. Prints a Markdown table: raw agreement and Cohen's kappa for the
// complaint flag, sentiment, severity band, resolved and sarcasm, and the agreement on each
// listed brand's target flag.
//
//   node bin/run-ts.js scripts/agreement-posts.ts [--out FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { POSTS_DIR, readPosts, splitFiles } from '../src/train/posts.ts';
import { cohen } from './agreement.ts';

const BLIND = fileURLToPath(
  new URL('../data/annotations/posts/blind/test-sample.jsonl', import.meta.url),
);
const blindSchema = z.object({
  id: z.string(),
  sentiment: z.string(),
  complaint: z.boolean(),
  brands: z.array(z.object({ id: z.string(), target: z.boolean() })),
  severity: z.string(),
  resolved: z.boolean(),
  sarcasm: z.boolean(),
});

const blind = readFileSync(BLIND, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => blindSchema.parse(JSON.parse(l)));
const gold = new Map(
  splitFiles('test', POSTS_DIR)
    .flatMap((f) => readPosts(f))
    .map((p) => [p.id, p]),
);
const pairs = blind.map((b) => {
  const g = gold.get(b.id);
  if (!g) throw new Error(`agreement: ${b.id} is no test post`);
  return { b, g };
});
const row = (name: string, a: string[], b: string[]) => {
  const r = cohen(a, b);
  return `| ${name} | ${r.n} | ${r.raw.toFixed(3)} | ${r.kappa === null ? '—' : r.kappa.toFixed(3)} |`;
};
const targets: [string, string][] = [];
for (const { b, g } of pairs) {
  for (const gb of g.brands) {
    const mine = b.brands.find((x) => x.id === gb.id);
    targets.push([String(gb.target), String(mine?.target ?? false)]);
  }
}
const lines = [
  `# Agreement on the locked test posts (${pairs.length} posts, blind second annotation)`,
  '',
  "| label | n | raw agreement | Cohen's kappa |",
  '|---|---|---|---|',
  row(
    'complaint',
    pairs.map((p) => String(p.g.complaint)),
    pairs.map((p) => String(p.b.complaint)),
  ),
  row(
    'sentiment',
    pairs.map((p) => p.g.sentiment),
    pairs.map((p) => p.b.sentiment),
  ),
  row(
    'severity band',
    pairs.map((p) => p.g.severity),
    pairs.map((p) => p.b.severity),
  ),
  row(
    'resolved',
    pairs.map((p) => String(p.g.resolved)),
    pairs.map((p) => String(p.b.resolved)),
  ),
  row(
    'sarcasm',
    pairs.map((p) => String(p.g.sarcasm)),
    pairs.map((p) => String(p.b.sarcasm)),
  ),
  row(
    'target (per listed brand)',
    targets.map((t) => t[0]),
    targets.map((t) => t[1]),
  ),
  '',
];
const out = process.argv.indexOf('--out');
if (out > 0) writeFileSync(process.argv[out + 1]!, lines.join('\n'));
console.log(lines.join('\n'));
