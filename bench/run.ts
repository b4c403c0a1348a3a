// `npm run bench [name…]`: runs the named benchmarks (all when none is named), prints one
// table per benchmark and writes bench/results/NAME.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { Benchmark, BenchResult } from './harness.ts';

const dir = new URL('.//', import.meta.url);
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

function table(r: BenchResult): string {
  const base = r.measures[0]!;
  const baseRate = base.items / base.seconds;
  const rows = r.measures.map((m) => {
    const rate = m.items / m.seconds;
    return [
      m.name,
      String(m.items),
      rate.toFixed(0),
      (rate / baseRate).toFixed(3),
      m.peakRssMiB.toFixed(0),
      m.extra
        ? Object.entries(m.extra)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : '',
    ];
  });
  const head = ['benchmark', 'items', 'items/s', 'ratio', 'peak RSS MiB', 'notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [`# ${r.benchmark}: ${r.description}`, fmt(head), ...rows.map(fmt)].join('\n');
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
mkdirSync(new URL('./results/', dir), { recursive: true });
for (const name of wanted.length > 0 ? wanted : available) {
  const mod = (await import(new URL(`./${name}.bench.ts`, dir).href)) as { run: Benchmark };
  const result = await mod.run();
  console.log(`${table(result)}\n`);
  const out = {
    ...result,
    node: process.version,
    date: new Date().toISOString(),
    measures: result.measures.map((m) => ({
      ...m,
      itemsPerSecond: m.items / m.seconds,
      ratio: m.items / m.seconds / (result.measures[0]!.items / result.measures[0]!.seconds),
    })),
  };
  writeFileSync(new URL(`./results/${name}.json`, dir), `${JSON.stringify(out, null, 2)}\n`);
}
