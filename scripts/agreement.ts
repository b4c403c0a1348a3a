// Inter-annotator agreement between the blind second annotation of the Free tweets and the
// first (gold) annotation. Joins the two files by id, on the ids of the blind file, and prints
// a Markdown report: raw agreement and Cohen's kappa for complaint, sentiment and target, and
// Jaccard / exact-set agreement (plus per-category kappa) for the categories.
//
//   node bin/run-ts.js scripts/agreement.ts [--blind FILE] [--gold FILE] [--out FILE]
//
// The gold annotator labels 700 tweets and the blind one 100 of them, so the gold file may be
// read before it is complete: the script then refuses (exit 1) and names the missing ids,
// because a kappa on a self-selected subset would not be the figure the study promises.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/** One annotated tweet; extra fields (text, notes…) in the gold file are ignored. */
const labelSchema = z.object({
  id: z.string().min(1),
  complaint: z.boolean(),
  target: z.string().min(1),
  categories: z.array(z.string()),
  sentiment: z.string().min(1),
});
export type Label = z.infer<typeof labelSchema>;

export interface Agreement {
  n: number;
  /** Share of items with the same label, 0..1. */
  raw: number;
  /** Cohen's kappa; null when chance agreement is 1 (both annotators used one label only). */
  kappa: number | null;
}

/** Raw agreement and Cohen's kappa for one nominal label given by two annotators. */
export function cohen(a: readonly string[], b: readonly string[]): Agreement {
  if (a.length !== b.length) throw new Error(`cohen: ${a.length} vs ${b.length} labels`);
  const n = a.length;
  if (n === 0) return { n, raw: 0, kappa: null };
  let same = 0;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) same++;
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
  }
  const po = same / n;
  let pe = 0;
  for (const [label, ca] of countA) pe += (ca / n) * ((countB.get(label) ?? 0) / n);
  // pe = 1 only when both annotators gave every item the same single label: kappa is 0/0.
  const kappa = pe >= 1 ? null : (po - pe) / (1 - pe);
  return { n, raw: po, kappa };
}

/** Jaccard index of two label sets; two empty sets agree perfectly (1). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

export interface CategoryAgreement {
  n: number;
  /** Mean per-tweet Jaccard over all joined tweets. */
  meanJaccard: number;
  /** Share of tweets with exactly the same set. */
  exactSet: number;
  /** Same two figures on the tweets that both annotators call a complaint. */
  bothComplaints: { n: number; meanJaccard: number; exactSet: number };
  /** Presence/absence kappa for each category either annotator used, most used first. */
  perCategory: { category: string; blind: number; gold: number; agreement: Agreement }[];
}

export function categoryAgreement(pairs: readonly [Label, Label][]): CategoryAgreement {
  const summarise = (ps: readonly [Label, Label][]) => {
    if (ps.length === 0) return { n: 0, meanJaccard: 0, exactSet: 0 };
    let j = 0;
    let exact = 0;
    for (const [x, y] of ps) {
      const s = jaccard(x.categories, y.categories);
      j += s;
      if (s === 1) exact++;
    }
    return { n: ps.length, meanJaccard: j / ps.length, exactSet: exact / ps.length };
  };
  const all = summarise(pairs);
  const used = new Set(pairs.flatMap(([x, y]) => [...x.categories, ...y.categories]));
  const perCategory = [...used].map((category) => {
    const a = pairs.map(([x]) => String(x.categories.includes(category)));
    const b = pairs.map(([, y]) => String(y.categories.includes(category)));
    return {
      category,
      blind: a.filter((v) => v === 'true').length,
      gold: b.filter((v) => v === 'true').length,
      agreement: cohen(a, b),
    };
  });
  perCategory.sort(
    (p, q) => q.blind + q.gold - (p.blind + p.gold) || (p.category < q.category ? -1 : 1),
  );
  return {
    ...all,
    bothComplaints: summarise(pairs.filter(([x, y]) => x.complaint && y.complaint)),
    perCategory,
  };
}

/** Parses a JSONL label file; names the line of the first bad record. */
export function parseLabels(text: string, file: string): Label[] {
  const out: Label[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = labelSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
    out.push(parsed.data);
  });
  return out;
}

/** Pairs each blind label with the gold label of the same id; lists the ids gold lacks. */
export function join(blind: readonly Label[], gold: readonly Label[]) {
  const byId = new Map(gold.map((g) => [g.id, g]));
  const pairs: [Label, Label][] = [];
  const missing: string[] = [];
  for (const b of blind) {
    const g = byId.get(b.id);
    if (g) pairs.push([b, g]);
    else missing.push(b.id);
  }
  return { pairs, missing };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const k = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** A confusion table, blind labels as rows and gold labels as columns. */
function confusion(a: readonly string[], b: readonly string[]): string[] {
  const labels = [...new Set([...a, ...b])].sort();
  const rows = [
    `| blind \\ gold | ${labels.join(' | ')} |`,
    `|---|${labels.map(() => '---:').join('|')}|`,
  ];
  for (const r of labels) {
    const cells = labels.map((c) => a.filter((x, i) => x === r && b[i] === c).length);
    rows.push(`| ${r} | ${cells.join(' | ')} |`);
  }
  return rows;
}

/** One line per tweet on which the annotators differ, naming each differing field. */
export function disagreements(pairs: readonly [Label, Label][]): string[] {
  const show = (l: Label) => ({ ...l, categories: [...l.categories].sort().join('+') || '∅' });
  const out: string[] = [];
  for (const [x, y] of pairs) {
    const a = show(x);
    const b = show(y);
    const diffs = (['complaint', 'target', 'sentiment', 'categories'] as const)
      .filter((f) => a[f] !== b[f])
      .map((f) => `${f} ${a[f]} → ${b[f]}`);
    if (diffs.length > 0) out.push(`- ${x.id}: ${diffs.join('; ')}`);
  }
  return out.length > 0 ? out : ['- none'];
}

export function report(pairs: readonly [Label, Label][]): string {
  const fields = {
    complaint: (l: Label) => String(l.complaint),
    sentiment: (l: Label) => l.sentiment,
    target: (l: Label) => l.target,
  };
  const lines = ["| label | n | raw agreement | Cohen's kappa |", '|---|---:|---:|---:|'];
  const tables: string[] = [];
  for (const [name, get] of Object.entries(fields)) {
    const a = pairs.map(([x]) => get(x));
    const b = pairs.map(([, y]) => get(y));
    const r = cohen(a, b);
    lines.push(`| ${name} | ${r.n} | ${pct(r.raw)} | ${k(r.kappa)} |`);
    tables.push('', `### ${name}`, '', ...confusion(a, b));
  }
  const c = categoryAgreement(pairs);
  lines.push(
    '',
    '| categories | n | mean Jaccard | exact same set |',
    '|---|---:|---:|---:|',
    `| all tweets | ${c.n} | ${c.meanJaccard.toFixed(3)} | ${pct(c.exactSet)} |`,
    `| both say complaint | ${c.bothComplaints.n} | ${c.bothComplaints.meanJaccard.toFixed(3)} | ${pct(c.bothComplaints.exactSet)} |`,
    '',
    '| category | blind | gold | raw agreement | kappa (present/absent) |',
    '|---|---:|---:|---:|---:|',
    ...c.perCategory.map(
      (p) =>
        `| ${p.category} | ${p.blind} | ${p.gold} | ${pct(p.agreement.raw)} | ${k(p.agreement.kappa)} |`,
    ),
    '',
    '## Confusion tables',
    ...tables,
    '',
    '## Disagreements (for adjudication; blind → gold)',
    '',
    ...disagreements(pairs),
  );
  return `${lines.join('\n')}\n`;
}

function main(argv: string[]): number {
  const opt = (name: string, fallback: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const blindFile = opt('--blind', 'data/annotations/freemobile-blind.jsonl');
  const goldFile = opt('--gold', 'data/annotations/freemobile-gold.jsonl');
  const outFile = argv.includes('--out') ? opt('--out', '') : null;
  const blind = parseLabels(readFileSync(blindFile, 'utf8'), blindFile);
  const gold = parseLabels(readFileSync(goldFile, 'utf8'), goldFile);
  const { pairs, missing } = join(blind, gold);
  if (missing.length > 0) {
    process.stderr.write(
      `agreement: ${goldFile} lacks ${missing.length} of the ${blind.length} blind ids ` +
        `(${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}); ` +
        'wait until the gold annotation is complete.\n',
    );
    return 1;
  }
  const text = [
    '# Inter-annotator agreement — Free tweets',
    '',
    `Blind second annotation (\`${blindFile}\`, ${blind.length} tweets: line index`,
    `i % 35 == 0, i < 3500) against the first annotation (\`${goldFile}\`), both`,
    'following GUIDE.md. The second annotator labelled by hand, and wrote the file, before',
    'reading any gold label. Regenerate with:',
    '',
    '    node bin/run-ts.js scripts/agreement.ts --out data/annotations/AGREEMENT.md',
    '',
    report(pairs),
  ].join('\n');
  process.stdout.write(text);
  if (outFile) writeFileSync(outFile, text);
  return 0;
}

// Runs only as an entry point, so that the test can import the pure functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
