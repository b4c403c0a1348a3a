// Matching a robots.txt path pattern (RFC 9309 §2.2.3: `*` is any run of characters, a final
// `$` anchors the end) without a regular expression. A host writes the patterns, so they are
// hostile input: "/*a*a*a*a*a*b" compiled to a backtracking regex takes seconds against a
// path of a hundred "a"s and blocks the event loop. This matcher keeps the set of path
// positions the pattern read so far can end at (Google's robots.txt matcher does the same),
// so its work is bounded by (pattern length + 1) × (path length + 1), whatever the pattern.

/** A pattern prepared once, when robots.txt is parsed. */
export interface PathPattern {
  /** The pattern without its end anchor, in canonical form (see canonicalPath in robots.ts). */
  body: string;
  /** The pattern ended with `$`: the path must end where the pattern does. */
  anchored: boolean;
}

/** Counts the matcher's inner steps, for a test to prove the bound; optional. */
export interface StepMeter {
  steps: number;
}

/** Splits off the end anchor: only a final `$` anchors; elsewhere it is a literal "$". */
export function toPathPattern(canonical: string): PathPattern {
  const anchored = canonical.endsWith('$');
  return { body: anchored ? canonical.slice(0, -1) : canonical, anchored };
}

/** Does `path` start with (or, anchored, equal) a string that `pattern` describes? */
export function matchesPath(pattern: PathPattern, path: string, meter?: StepMeter): boolean {
  const { body, anchored } = pattern;
  const n = path.length;
  // positions[0..count) holds, in increasing order, every index of `path` right after a
  // prefix that the pattern characters read so far can match.
  const positions = new Int32Array(n + 1);
  let count = 1;
  positions[0] = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '*') {
      // Any run of characters: every position from the smallest one onwards is reachable.
      const from = positions[0]!;
      count = n - from + 1;
      for (let k = 0; k < count; k++) positions[k] = from + k;
      if (meter) meter.steps += count;
      continue;
    }
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const at = positions[k]!;
      if (at < n && path[at] === ch) positions[kept++] = at + 1;
    }
    if (meter) meter.steps += count;
    if (kept === 0) return false;
    count = kept;
  }
  // Unanchored, the pattern is a prefix: any position left is a match. Anchored, the largest
  // position must be the end of the path.
  return anchored ? positions[count - 1] === n : true;
}
