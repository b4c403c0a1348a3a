// Classification metrics, pure: accuracy, macro-F1, per-class precision/recall/F1 and the
// confusion matrix, plus the label views grogne reports (three-class, negative-vs-rest,
// negative-vs-positive for binary gold).

export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold rows of this class. */
  support: number;
}

export interface Report {
  /** Gold classes, in the order given; macro-F1 averages over these. */
  labels: string[];
  /** Row/column labels of the matrix: the gold labels, then any predicted-only label. */
  matrixLabels: string[];
  /** matrix[gold][predicted], indexed as matrixLabels. */
  matrix: number[][];
  accuracy: number;
  macroF1: number;
  perClass: ClassScores[];
  n: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Scores predictions against gold labels. `labels` fixes the class order and the classes
 * macro-F1 averages over; a prediction outside them (e.g. a peer's "neutral" on binary gold)
 * gets its own matrix column and counts as an error.
 */
export function evaluate(
  gold: readonly string[],
  predicted: readonly string[],
  labels?: readonly string[],
): Report {
  if (gold.length !== predicted.length) {
    throw new Error(`evaluate: ${gold.length} gold labels but ${predicted.length} predictions`);
  }
  const classes = labels ? [...labels] : [...new Set(gold)].sort();
  const matrixLabels = [...classes];
  for (const p of predicted) if (!matrixLabels.includes(p)) matrixLabels.push(p);
  for (const g of gold) if (!matrixLabels.includes(g)) matrixLabels.push(g);
  const at = new Map(matrixLabels.map((l, i) => [l, i]));
  const matrix = matrixLabels.map(() => matrixLabels.map(() => 0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    matrix[at.get(gold[i]!)!]![at.get(predicted[i]!)!]!++;
    if (gold[i] === predicted[i]) correct++;
  }
  const perClass = classes.map((label) => {
    const k = at.get(label)!;
    const tp = matrix[k]![k]!;
    const support = matrix[k]!.reduce((a, b) => a + b, 0);
    const predictedAs = matrix.reduce((a, row) => a + row[k]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    return {
      label,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
    };
  });
  return {
    labels: classes,
    matrixLabels,
    matrix,
    accuracy: ratio(correct, gold.length),
    macroF1: ratio(
      perClass.reduce((a, c) => a + c.f1, 0),
      perClass.length,
    ),
    perClass,
    n: gold.length,
  };
}

/** Gold labels `grogne eval` reads: three sentiments, plus DEFT 2017's objective and mixed. */
export const GOLD_LABELS = ['negative', 'neutral', 'positive', 'objective', 'mixed'] as const;
export type GoldLabel = (typeof GOLD_LABELS)[number];

/** A gold label as written in a data file (any case), or null when it is not one. */
export function parseGoldLabel(raw: unknown): GoldLabel | null {
  if (typeof raw !== 'string') return null;
  const l = raw.trim().toLowerCase();
  return (GOLD_LABELS as readonly string[]).includes(l) ? (l as GoldLabel) : null;
}

/**
 * Three-class view of a gold label. DEFT's "objective" (no opinion) is neutral; "mixed"
 * (both polarities) counts as negative, because for grogne a complaint wrapped in praise is
 * still a complaint to read (DEFT's own note: "negative, optionally mixed" for complaints).
 */
export function threeClass(label: GoldLabel): 'negative' | 'neutral' | 'positive' {
  if (label === 'objective') return 'neutral';
  if (label === 'mixed') return 'negative';
  return label;
}

/** Negative-vs-rest: the view that matters for complaints. */
export function negativeVsRest(label: string): string {
  return label === 'negative' ? 'negative' : 'rest';
}

export interface Probabilities {
  negative: number;
  neutral: number;
  positive: number;
}

/** Three-class decision: the most probable sentiment (ties go to neutral, then negative). */
export function argmaxSentiment(p: Probabilities): 'negative' | 'neutral' | 'positive' {
  if (p.neutral >= p.negative && p.neutral >= p.positive) return 'neutral';
  return p.negative >= p.positive ? 'negative' : 'positive';
}

/**
 * Binary decision for gold that has no neutral class (film or book reviews): a "neutral"
 * answer is no answer there, so the model's P(negative) and P(positive) are compared.
 */
export function binarySentiment(p: Probabilities): 'negative' | 'positive' {
  return p.negative > p.positive ? 'negative' : 'positive';
}
