// What a configuration that fails its schema is told: one line per problem, each naming the
// field's full path and the bad value, and for an unknown key the known key it was probably
// meant to be ("databse" → "database"). A misspelt key is the mistake that costs most: left
// unreported, the setting silently keeps its default (a second, empty database).
import { z } from 'zod';

/** At most this many lines: past that, the config is likely not a grogne config at all. */
const MAX_LINES = 10;

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours ("prot" → "port" is one edit, not two), each costing 1.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known key a misspelt one was probably meant to be, or null. Case is ignored. A key is
 * near when at most 40% of its letters differ ("alias" → "aliases": 2 of 5), or when one key
 * begins the other ("halfLife" → "halfLifeHours", "password" → "pass"); short unrelated
 * words ("foo") suggest nothing.
 */
export function closestKey(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  const limit = Math.max(1, Math.ceil(key.length * 0.4));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const other = k.toLowerCase();
    const distance = editDistance(lower, other);
    const prefix =
      Math.min(lower.length, other.length) >= 4 &&
      (other.startsWith(lower) || lower.startsWith(other));
    if ((distance <= limit || prefix) && distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/** The keys an object schema knows at `path` (array indexes step into the element). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; ; i++) {
    // Defaults and optionals wrap the schema that says what is inside.
    while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (i === path.length || s === undefined) break;
    const step = path[i]!;
    if (s instanceof z.ZodArray && typeof step === 'number') s = s.element as z.ZodType;
    else if (s instanceof z.ZodObject && typeof step === 'string') s = s.shape[step] as z.ZodType;
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

export function describeValue(value: unknown): string {
  const s = JSON.stringify(value);
  if (s === undefined) return 'nothing';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** `sources[0].selectors.post`, as a user finds it in the file. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/**
 * Where a path's value sits in the document, as the position of each key among its object's
 * keys (or the array index): problems are then reported in the order the file shows them.
 */
function documentOrder(root: unknown, path: readonly PropertyKey[]): number[] {
  const order: number[] = [];
  let v: unknown = root;
  for (const step of path) {
    if (v === null || typeof v !== 'object') break;
    order.push(typeof step === 'number' ? step : Object.keys(v).indexOf(String(step)));
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return order;
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** An unknown key, with the known key it probably stands for. */
export interface UnknownKey {
  path: PropertyKey[];
  key: string;
  suggestion: string | null;
}

/** Every unknown key in the issues, each with its suggestion (none when nothing is near). */
export function unknownKeys(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): UnknownKey[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: [...issue.path],
          key,
          suggestion: closestKey(key, knownKeysAt(schema, issue.path)),
        }))
      : [],
  );
}

/**
 * One line per problem, `where` first, in the order the document shows them. A required key
 * reported missing is left out when an unknown key of its object was its misspelling:
 * "unknown key "nme" (did you mean "name"?)" says it all.
 */
export function issueLines(
  schema: z.ZodType,
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
  where: string,
): string[] {
  const unknown = unknownKeys(schema, issues);
  const explained = new Set(
    unknown.filter((u) => u.suggestion !== null).map((u) => formatPath([...u.path, u.suggestion!])),
  );
  const problems: { at: number[]; text: string }[] = unknown.map(({ path, key, suggestion }) => {
    const at = path.length ? `${formatPath(path)}: ` : '';
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    return { at: documentOrder(raw, [...path, key]), text: `${at}unknown key "${key}"${hint}` };
  });
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const path = formatPath(issue.path);
    const bad = valueAt(raw, issue.path);
    if (bad === undefined && explained.has(path)) continue;
    problems.push({
      at: documentOrder(raw, issue.path),
      text: `${path || '(root)'}: ${issue.message} (got ${describeValue(bad)})`,
    });
  }
  const lines = problems.sort((a, b) => compareOrder(a.at, b.at)).map((p) => `${where}: ${p.text}`);
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `${where}: and ${lines.length - MAX_LINES} more problems`];
}
