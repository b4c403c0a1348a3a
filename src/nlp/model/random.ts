// Seeded randomness for training and evaluation: the same seed gives the same shuffles and
// folds on every machine, so that training is reproducible and figures can be re-run.
/** mulberry32: a tiny seeded PRNG, enough for shuffling. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function shuffleInPlace<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Fold of each row for K-fold cross-validation: rows grouped by label (groups taken in
 * `order`), each group shuffled by a seeded PRNG and dealt round-robin, so every fold holds
 * each label in proportion and the same inputs always give the same folds.
 */
export function stratifiedFolds<L>(
  labels: readonly L[],
  k: number,
  seed: number,
  order: readonly L[],
): number[] {
  const folds = new Array<number>(labels.length).fill(0);
  const random = prng(seed);
  let next = 0;
  for (const label of order) {
    const members = labels.flatMap((l, i) => (l === label ? [i] : []));
    for (const i of shuffleInPlace(members, random)) folds[i] = next++ % k;
  }
  return folds;
}
