// The spike rule (docs/alerts.md), a pure function of a brand's hourly complaint counts.
// Expected count of an hour = level × seasonal factor: the level is an exponentially weighted
// mean of the history (recent weeks weigh more), the factor says how busy that hour of the week
// usually is, shrunk towards its hour of the day and then towards 1 when there is little data,
// so a quiet brand gets a flat baseline and a busy one its office-hours rhythm. An hour is
// anomalous when its count reaches `minCount` and the Poisson probability of seeing at least
// that many, if the expectation held, is at most `pValue`.

export interface RuleOptions {
  /** Fewest complaints in an hour that may be a spike, whatever the baseline. */
  minCount: number;
  /** Largest Poisson upper-tail probability P(X ≥ count | expected) that is a spike. */
  pValue: number;
  /** Half-life of the level's weights, in hours (168: last week weighs twice the one before). */
  halfLifeHours: number;
  /** Pseudo-count (complaints) that pulls a seasonal factor towards its prior. */
  seasonalPrior: number;
  /** Pseudo-count (hours) that pulls a seasonal factor towards its prior. */
  seasonalPriorHours: number;
  /** Least expected count per hour (a brand never seen still has a small chance of a complaint). */
  floor: number;
}

export const DEFAULT_RULE: RuleOptions = {
  minCount: 5,
  pValue: 1e-5,
  halfLifeHours: 168,
  seasonalPrior: 10,
  seasonalPriorHours: 8,
  floor: 1 / 168,
};

const HOUR_MS = 3_600_000;
// 1970-01-01 was a Thursday: hour-of-week counted from Monday 00:00 UTC.
const EPOCH_HOUR_OF_WEEK = 3 * 24;

/** Hour of the week (0 = Monday 00:00 UTC … 167) of an hour index (hours since the epoch). */
export function hourOfWeek(hourIndex: number): number {
  return (((hourIndex + EPOCH_HOUR_OF_WEEK) % 168) + 168) % 168;
}

/** ln Γ(x + 1) = ln x!, by Stirling's series (exact enough from x = 10 on), else by sum. */
function logFactorial(n: number): number {
  if (n < 10) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  const x = n + 1;
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3)
  );
}

/**
 * P(X ≥ k) for X ~ Poisson(λ). Summed from the tail upwards (terms fall fast once past λ),
 * each term in log space, so a count of 500 against λ = 0.1 gives a tiny number, not NaN.
 */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) {
    // Below the mean the upper tail is large: 1 − P(X ≤ k − 1), summed from 0.
    let term = Math.exp(-lambda);
    let cdf = term;
    for (let i = 1; i < k; i++) {
      term *= lambda / i;
      cdf += term;
    }
    return Math.max(0, Math.min(1, 1 - cdf));
  }
  let term = Math.exp(k * Math.log(lambda) - lambda - logFactorial(k));
  let sum = term;
  for (let i = k + 1; term > sum * 1e-15 && i < k + 10_000; i++) {
    term *= lambda / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/** Counts of consecutive UTC hours; `startHour` is the first one's index (hours since epoch). */
export interface HourlySeries {
  startHour: number;
  counts: readonly number[];
}

export interface Baseline {
  /** Weighted mean complaints per hour over the history. */
  level: number;
  /** Expected count of an hour (by index), level × its seasonal factor, at least the floor. */
  expected(hourIndex: number): number;
}

/** The baseline that a history of hourly counts gives for the hours after it. */
export function baselineOf(history: HourlySeries, o: RuleOptions = DEFAULT_RULE): Baseline {
  const n = history.counts.length;
  let weighted = 0;
  let weights = 0;
  let total = 0;
  const daySum = new Array<number>(24).fill(0);
  const dayN = new Array<number>(24).fill(0);
  const weekSum = new Array<number>(168).fill(0);
  const weekN = new Array<number>(168).fill(0);
  for (let i = 0; i < n; i++) {
    const c = history.counts[i]!;
    const w = 2 ** (-(n - 1 - i) / o.halfLifeHours);
    weighted += w * c;
    weights += w;
    total += c;
    const how = hourOfWeek(history.startHour + i);
    weekSum[how]! += c;
    weekN[how]!++;
    daySum[how % 24]! += c;
    dayN[how % 24]!++;
  }
  const level = weights > 0 ? weighted / weights : 0;
  const mean = n > 0 ? total / n : 0;
  const beta = o.seasonalPrior;
  const kappa = o.seasonalPriorHours;
  // Shrinkage: a slot's own ratio (its mean over the overall mean) weighs w, its prior 1 − w,
  // where w is the smaller of E / (E + beta) (E: the complaints the slot would hold at the
  // overall mean; few complaints, little rhythm to see) and, for an hour of the week,
  // n / (n + kappa) (n: the hours seen in the slot; four weeks give four samples, and the noise
  // of four samples is not a rhythm).
  const shrink = (sum: number, hours: number, prior: number, k: number): number => {
    if (hours === 0) return prior;
    const e = hours * mean;
    const w = Math.min(e / (e + beta), hours / (hours + k));
    return w * (sum / e) + (1 - w) * prior;
  };
  const factor = (hourIndex: number): number => {
    if (mean === 0) return 1;
    const how = hourOfWeek(hourIndex);
    // An hour of the day has 28 samples in four weeks: only the complaint count limits it.
    const day = shrink(daySum[how % 24]!, dayN[how % 24]!, 1, 0);
    return shrink(weekSum[how]!, weekN[how]!, day, kappa);
  };
  return {
    level,
    expected: (hourIndex) => Math.max(o.floor, level * factor(hourIndex)),
  };
}

export interface HourVerdict {
  hour: number;
  count: number;
  expected: number;
  pValue: number;
  spike: boolean;
}

/** One hour judged against its expectation. */
export function judge(
  hour: number,
  count: number,
  expected: number,
  o: RuleOptions = DEFAULT_RULE,
): HourVerdict {
  const pValue = poissonTail(count, expected);
  return { hour, count, expected, pValue, spike: count >= o.minCount && pValue <= o.pValue };
}

/** A run of consecutive anomalous hours: one spike. */
export interface Spike {
  /** Index of its first hour and of the hour after its last (hours since epoch). */
  startHour: number;
  endHour: number;
  count: number;
  /** Sum of the expected counts of its hours. */
  baseline: number;
  /** The smallest p-value of its hours. */
  pValue: number;
  hours: HourVerdict[];
}

/**
 * The spikes among the hours of `recent`, judged against the baseline of `history` (the hours
 * before them: the hours being judged never raise their own baseline).
 */
export function findSpikes(
  history: HourlySeries,
  recent: HourlySeries,
  o: RuleOptions = DEFAULT_RULE,
): Spike[] {
  const base = baselineOf(history, o);
  const spikes: Spike[] = [];
  let run: Spike | null = null;
  recent.counts.forEach((count, i) => {
    const hour = recent.startHour + i;
    const v = judge(hour, count, base.expected(hour), o);
    if (!v.spike) {
      run = null;
      return;
    }
    if (run && run.endHour === hour) {
      run.endHour = hour + 1;
      run.count += count;
      run.baseline += v.expected;
      run.pValue = Math.min(run.pValue, v.pValue);
      run.hours.push(v);
    } else {
      run = {
        startHour: hour,
        endHour: hour + 1,
        count,
        baseline: v.expected,
        pValue: v.pValue,
        hours: [v],
      };
      spikes.push(run);
    }
  });
  return spikes;
}

export const hourIndexOf = (ms: number): number => Math.floor(ms / HOUR_MS);
export const hourStart = (hourIndex: number): string => new Date(hourIndex * HOUR_MS).toISOString();
