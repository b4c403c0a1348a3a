// A small in-process metrics registry rendered in the Prometheus text format (0.0.4):
// counters, gauges and histograms with labels, all kept up to date as things happen, so that
// a scrape only renders them. Store-wide numbers (posts, analyses, sources) and the per-source
// crawl counters come from the store, kept as rows are written (store/stats.ts): right across
// restarts and for every process writing the file (crawl workers on the queue included), and
// read without a scan.
import type { RunResult } from '../digest/send.ts';
import type { SourceOutcome } from '../pipeline.ts';
import type { SourceCounts } from '../store/stats.ts';
import type { RuntimeMetrics } from './runtime-metrics.ts';

type Labels = Record<string, string>;

const escapeValue = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeValue(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

export class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const k = labelText(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

export class Gauge {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  set(labels: Labels, value: number): void {
    this.values.set(labelText(labels), value);
  }

  /** Series set so far. */
  get size(): number {
    return this.values.size;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

/** Request latency buckets in seconds: a ranked list should answer within the first few. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; n: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}

  observe(labels: Labels, value: number): void {
    const k = labelText(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, n: 0 };
      this.series.set(k, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++;
    s.sum += value;
    s.n++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const inner = k.slice(1, -1);
      const withLe = (le: string) => `{${inner ? `${inner},` : ''}le="${le}"}`;
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${withLe(String(b))} ${s.counts[i]}`);
      });
      lines.push(`${this.name}_bucket${withLe('+Inf')} ${s.n}`);
      lines.push(`${this.name}_sum${k} ${s.sum}`);
      lines.push(`${this.name}_count${k} ${s.n}`);
    }
    return lines.join('\n');
  }
}

/** A metric family computed at scrape time. */
function family(
  type: 'gauge' | 'counter',
  name: string,
  help: string,
  values: [Labels, number][],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [l, v] of values) lines.push(`${name}${labelText(l)} ${v}`);
  return lines.join('\n');
}

export const gauge = (name: string, help: string, values: [Labels, number][]) =>
  family('gauge', name, help, values);

export const counter = (name: string, help: string, values: [Labels, number][]) =>
  family('counter', name, help, values);

/**
 * The crawl series of every source, from the store's counters: the same whether this process
 * crawled (`grogne start`) or workers did (`grogne start --queue`). A series appears once its
 * count is above zero.
 */
export function sourceFamilies(rows: readonly SourceCounts[]): string[] {
  const above0 = (f: (r: SourceCounts) => [Labels, number][]) =>
    rows.flatMap(f).filter(([, n]) => n > 0);
  return [
    counter(
      'grogne_source_crawls_total',
      'Crawls of a source by outcome: ok, not_modified, error (the source failed), internal_error (grogne failed).',
      above0(({ source, crawls: c }) => [
        [{ source, outcome: 'ok' }, c.ok],
        [{ source, outcome: 'not_modified' }, c.notModified],
        [{ source, outcome: 'error' }, c.error],
        [{ source, outcome: 'internal_error' }, c.internalError],
      ]),
    ),
    counter(
      'grogne_source_items_total',
      'Items crawled by source and by what the store made of them: new, updated, unchanged.',
      above0(({ source, items: i }) => [
        [{ source, kind: 'new' }, i.new],
        [{ source, kind: 'updated' }, i.updated],
        [{ source, kind: 'unchanged' }, i.unchanged],
      ]),
    ),
    counter(
      'grogne_source_errors_total',
      'Failed crawls by source and class: source (counts toward pausing it) or internal (logged with its stack).',
      above0(({ source, crawls: c }) => [
        [{ source, class: 'source' }, c.error],
        [{ source, class: 'internal' }, c.internalError],
      ]),
    ),
    gauge(
      'grogne_source_last_success_timestamp_seconds',
      'When a source was last crawled without error (Unix time).',
      rows.flatMap(({ source, lastOkAt }): [Labels, number][] =>
        lastOkAt === null ? [] : [[{ source }, Math.floor(Date.parse(lastOkAt) / 1000)]],
      ),
    ),
  ];
}

/** Analysis batch buckets in seconds: a poll's few posts to an import's thousands. */
export const ANALYSIS_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Registry {
  readonly requests = new Counter(
    'grogne_http_requests_total',
    'HTTP requests by route and status.',
  );
  readonly latency = new Histogram(
    'grogne_http_request_duration_seconds',
    'HTTP request latency by route.',
  );
  readonly analysis = new Histogram(
    'grogne_analysis_duration_seconds',
    'Time to analyse and score one crawled batch of posts.',
    ANALYSIS_BUCKETS,
  );
  readonly analysed = new Counter('grogne_analysed_posts_total', 'Posts analysed and scored.');
  readonly digestSends = new Counter(
    'grogne_digest_sends_total',
    'Digest deliveries by digest, channel and status (sent, retry, failed, empty, done-elsewhere).',
  );
  readonly lastDigest = new Gauge(
    'grogne_digest_last_success_timestamp_seconds',
    'When a digest was last sent to a recipient (Unix time), since this process started.',
  );

  /** Set by `grogne start --queue` only; rendered once it has values. */
  readonly queueJobs = new Gauge(
    'grogne_queue_jobs',
    'Crawl jobs on the queue by state (waiting, active, delayed, failed), at the last scheduling tick.',
  );

  constructor(
    /** Memory, CPU and event-loop lag of this process; absent in tests and one-shot verbs. */
    readonly runtime?: RuntimeMetrics,
  ) {}

  /**
   * Times the analysis of one crawled source: the pipeline's onOutcome hook. The source's
   * crawl counters are the store's (sourceFamilies), which every crawling process writes.
   */
  recordAnalysis(o: SourceOutcome): void {
    if (o.analysisMs !== null) {
      this.analysis.observe({}, o.analysisMs / 1000);
      this.analysed.inc({}, o.fetched);
    }
  }

  /** Counts one run of a digest: its scheduler's onRun hook. */
  recordDigest(r: RunResult, at: Date = new Date()): void {
    for (const o of r.outcomes) {
      this.digestSends.inc({ digest: r.digest, channel: o.channel, status: o.status });
      if (o.status === 'sent') {
        this.lastDigest.set({ digest: r.digest }, Math.floor(at.getTime() / 1000));
      }
    }
  }

  render(extra: string[] = []): string {
    const families = [
      this.requests,
      this.latency,
      this.analysis,
      this.analysed,
      this.digestSends,
      this.lastDigest,
    ].map((f) => f.render());
    if (this.queueJobs.size > 0) families.push(this.queueJobs.render());
    const runtime = this.runtime ? [this.runtime.render()] : [];
    return `${[...families, ...extra, ...runtime].join('\n')}\n`;
  }
}
