// One brand's daily trend drawn with uPlot: complaints as bars, negative mentions and all
// mentions as lines, spikes (the trend's rule) and spike alerts (docs/alerts.md) as points.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Alert, TrendBucket } from './types.ts';

const COLORS = {
  complaints: '#c2410c',
  negative: '#7c3aed',
  mentions: '#64748b',
  spike: '#dc2626',
  alert: '#111827',
};

export interface ChartLabels {
  complaints: string;
  negative: string;
  mentions: string;
  spike: string;
  alert: string;
  day: (iso: string) => string;
  /** A short day for the axis ("7 nov."). */
  tick: (iso: string) => string;
}

/** The alerts' days, as the trend's day buckets ("YYYY-MM-DD"), that an alert window touches. */
function alertDays(alerts: Alert[]): Set<string> {
  const days = new Set<string>();
  for (const a of alerts) {
    for (let t = Date.parse(a.windowStart); t < Date.parse(a.windowEnd); t += 3_600_000) {
      days.add(new Date(t).toISOString().slice(0, 10));
    }
  }
  return days;
}

export function TrendChart(props: {
  buckets: TrendBucket[];
  alerts: Alert[];
  labels: ChartLabels;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { buckets, alerts, labels } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onAlert = alertDays(alerts);
    const data: uPlot.AlignedData = [
      buckets.map((b) => Date.parse(b.start) / 1000),
      buckets.map((b) => b.complaints),
      buckets.map((b) => b.negative),
      buckets.map((b) => b.mentions),
      buckets.map((b) => (b.spike ? b.complaints : null)),
      buckets.map((b) => (onAlert.has(b.start.slice(0, 10)) ? b.complaints + 0.5 : null)),
    ];
    const onlyPoints = (color: string, size: number) => ({
      paths: () => null,
      points: { show: true, size, fill: color, stroke: color },
    });
    const opts: uPlot.Options = {
      width: Math.max(260, el.clientWidth),
      height: props.height ?? 200,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(3, max)] } },
      axes: [
        {
          space: 60,
          values: (_u, ticks) => ticks.map((t) => labels.tick(new Date(t * 1000).toISOString())),
        },
        { size: 40 },
      ],
      series: [
        {
          label: '',
          value: (_u, t) => (t == null ? '' : labels.day(new Date(t * 1000).toISOString())),
        },
        {
          label: labels.complaints,
          stroke: COLORS.complaints,
          fill: `${COLORS.complaints}55`,
          paths: uPlot.paths.bars!({ size: [0.7, 40] }),
          points: { show: false },
        },
        {
          label: labels.negative,
          stroke: COLORS.negative,
          width: 2,
          points: { show: false },
        },
        {
          label: labels.mentions,
          stroke: COLORS.mentions,
          width: 1,
          dash: [4, 4],
          points: { show: false },
        },
        { label: labels.spike, stroke: COLORS.spike, ...onlyPoints(COLORS.spike, 11) },
        { label: labels.alert, stroke: COLORS.alert, ...onlyPoints(COLORS.alert, 7) },
      ],
    };
    const plot = new uPlot(opts, data, el);
    // Follows its box: a phone turned sideways, a window resized.
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(260, el.clientWidth), height: props.height ?? 200 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [buckets, alerts, labels, props.height]);
  return <div class="chart" ref={box} />;
}
