// The process's own health in the names Prometheus' Node.js client uses (process_*, nodejs_*),
// so that existing dashboards and alerts work unchanged: CPU, memory, heap, event-loop lag,
// start time. The event-loop histogram samples every 20 ms from when it is started until
// stop(); a scrape reads it and resets it, so each scrape shows the lag since the last one.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { counter, gauge } from './metrics.ts';

export class RuntimeMetrics {
  private readonly loop: IntervalHistogram;
  private readonly startedAt: number;

  constructor() {
    this.startedAt = performance.timeOrigin / 1000;
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
  }

  stop(): void {
    this.loop.disable();
  }

  render(): string {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    // Nanoseconds to seconds; NaN before the first sample.
    const lag = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
    const text = [
      counter('process_cpu_user_seconds_total', 'User CPU time spent.', [[{}, cpu.user / 1e6]]),
      counter('process_cpu_system_seconds_total', 'System CPU time spent.', [
        [{}, cpu.system / 1e6],
      ]),
      gauge('process_resident_memory_bytes', 'Resident memory size.', [[{}, mem.rss]]),
      gauge('process_start_time_seconds', 'Start time of the process (Unix time).', [
        [{}, Math.round(this.startedAt)],
      ]),
      gauge('nodejs_heap_size_total_bytes', 'V8 heap size.', [[{}, mem.heapTotal]]),
      gauge('nodejs_heap_size_used_bytes', 'V8 heap used.', [[{}, mem.heapUsed]]),
      gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript.', [
        [{}, mem.external],
      ]),
      gauge('nodejs_eventloop_lag_mean_seconds', 'Mean event-loop lag since the last scrape.', [
        [{}, lag(this.loop.mean)],
      ]),
      gauge(
        'nodejs_eventloop_lag_p99_seconds',
        '99th percentile of the event-loop lag since the last scrape.',
        [[{}, lag(this.loop.percentile(99))]],
      ),
      gauge('nodejs_eventloop_lag_max_seconds', 'Longest event-loop lag since the last scrape.', [
        [{}, lag(this.loop.max)],
      ]),
      gauge('nodejs_version_info', 'Node.js version.', [[{ version: process.version }, 1]]),
    ].join('\n');
    this.loop.reset();
    return text;
  }
}
