// What every benchmark returns, and the helpers they share. A benchmark measures a subject
// against a baseline in the same run and reports the ratio, never an absolute threshold.

export interface Measure {
  name: string;
  items: number;
  seconds: number;
  /** Peak resident set size seen during this measure, in MiB. */
  peakRssMiB: number;
  extra?: Record<string, number | string>;
}

export interface BenchResult {
  benchmark: string;
  description: string;
  /** The first measure is the baseline; ratios are items/s against it. */
  measures: Measure[];
}

export type Benchmark = () => Promise<BenchResult>;

/** Samples RSS while `fn` runs, so a peak is seen even when memory is freed before the end. */
export async function measure(
  name: string,
  items: number,
  fn: () => unknown | Promise<unknown>,
  extra?: Record<string, number | string>,
): Promise<Measure> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { name, items, seconds, peakRssMiB: peak / 2 ** 20, extra };
}
