// Progress of a long verb (import, export, rescore, crawl) on stderr: done/total, rate and
// time left. On a terminal, one line redrawn in place (at most every 100 ms); otherwise
// (a log file, a pipe, cron) plain lines at fixed steps of the work, so that the log of the
// same job is the same whatever the machine's speed: each 10% of the total by default, or
// every `every` items when the user asks for it. Nothing is drawn before the first step, and
// a log gets no progress line for fewer than 10 items (a few files, a few sources): the
// verbs' own lines already say as much.
import type { Writable } from 'node:stream';

export interface ProgressOptions {
  /** Where the progress goes (stderr); a TTY gets the redrawn line. */
  stream: Writable & { isTTY?: boolean };
  /** The verb, first word of each line. */
  label: string;
  /** How much work there is, in `unit`s. */
  total: number;
  /** What is counted: "files", "rows", "posts", "sources". */
  unit: string;
  /** Plain lines every this many items, instead of each 10% of the total. */
  every?: number;
  /** Milliseconds, monotonic; injected by tests. */
  now?: () => number;
}

export interface Progress {
  /** `done` items of the total; `counts` are other totals shown with their own rate. */
  update(done: number, counts?: Record<string, number>): void;
  /** Writes a line of output without breaking the redrawn line. */
  log(stream: Writable, text: string): void;
  /** Ends the redrawn line (a terminal) so that what follows starts on its own line. */
  finish(): void;
}

const REDRAW_MS = 100;
const STEPS = 10;
const MIN_TOTAL = 10;

export function createProgress(o: ProgressOptions): Progress {
  const now = o.now ?? (() => performance.now());
  const start = now();
  const tty = o.stream.isTTY === true;
  const step = o.every ?? Math.max(1, Math.ceil(o.total / STEPS));
  let nextLine = step;
  let drawnAt = -Infinity;
  let drawn = '';
  let last: { done: number; counts: Record<string, number> } = { done: 0, counts: {} };

  const draw = () => {
    o.stream.write(`\r${drawn}\x1b[K`);
  };
  return {
    update(done, counts = {}) {
      last = { done, counts };
      const t = now();
      if (tty) {
        if (t - drawnAt < REDRAW_MS && done < o.total) return;
        drawnAt = t;
        drawn = progressLine(o.label, done, o.total, o.unit, counts, (t - start) / 1000);
        draw();
        return;
      }
      if (done < nextLine || (o.total < MIN_TOTAL && o.every === undefined)) return;
      while (nextLine <= done) nextLine += step;
      const text = progressLine(o.label, done, o.total, o.unit, counts, (t - start) / 1000);
      o.stream.write(`${text}\n`);
    },
    log(stream, text) {
      if (tty && drawn !== '') o.stream.write('\r\x1b[K');
      stream.write(`${text}\n`);
      if (tty && drawn !== '') draw();
    },
    finish() {
      if (!tty || drawn === '') return;
      const t = now();
      drawn = progressLine(o.label, last.done, o.total, o.unit, last.counts, (t - start) / 1000);
      o.stream.write(`\r${drawn}\x1b[K\n`);
      drawn = '';
    },
  };
}

/** "import: 40/400 files (10%), 1.3 files/s, 1,203 posts (39/s), 4 min 37 s left" */
export function progressLine(
  label: string,
  done: number,
  total: number,
  unit: string,
  counts: Record<string, number>,
  seconds: number,
): string {
  const parts = [`${label}: ${n(done)}/${n(total)} ${unit}`];
  if (total > 0) parts[0] += ` (${Math.floor((100 * Math.min(done, total)) / total)}%)`;
  const rate = seconds > 0 ? done / seconds : 0;
  parts.push(`${rateText(rate)} ${unit}/s`);
  for (const [name, count] of Object.entries(counts)) {
    parts.push(`${n(count)} ${name} (${rateText(seconds > 0 ? count / seconds : 0)}/s)`);
  }
  if (done >= total) parts.push(`done in ${duration(seconds)}`);
  else if (rate > 0) parts.push(`${duration((total - done) / rate)} left`);
  return parts.join(', ');
}

const n = (x: number) => x.toLocaleString('en');
// Below 10 a rate keeps a decimal: "0.4 files/s" says more than "0 files/s".
const rateText = (r: number) => (r < 10 ? r.toFixed(1) : n(Math.round(r)));

/** "4 s", "3 min 05 s", "2 h 07 min" */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const pad = (x: number) => String(x).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
