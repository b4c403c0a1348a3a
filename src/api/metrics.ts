// A small in-process metrics registry rendered in the Prometheus text format (0.0.4):
// counters and histograms with labels. Store-wide numbers (posts, sources…) are read at
// scrape time instead of being counted, so they stay right across restarts and crawlers.

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

/** A gauge family computed at scrape time. */
export function gauge(name: string, help: string, values: [Labels, number][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const [l, v] of values) lines.push(`${name}${labelText(l)} ${v}`);
  return lines.join('\n');
}

export class Registry {
  readonly requests = new Counter(
    'grogne_http_requests_total',
    'HTTP requests by route and status.',
  );
  readonly latency = new Histogram(
    'grogne_http_request_duration_seconds',
    'HTTP request latency by route.',
  );

  render(extra: string[] = []): string {
    return `${[this.requests.render(), this.latency.render(), ...extra].join('\n')}\n`;
  }
}
