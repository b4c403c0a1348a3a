// `grogne analyze`: the JSON Lines contract of DESIGN.md. One output line per input line, in
// order; a bad line gets an error object and the stream goes on.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { BrandConfig } from '../config.ts';
import { Analyzer } from '../nlp/analyzer.ts';
import { loadModels } from '../nlp/model/models.ts';
import { severity } from '../score/severity.ts';
import { commonOptions, parse } from './args.ts';
import { defaultBrands } from './brands.ts';
import { hasConfig, loadFor } from './context.ts';
import { type Io, line } from './io.ts';

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  published: z.string().nullish(),
  /** The brand the text is about (a review on its page): a brand id of the watch list. */
  brand: z.string().nullish(),
});

/** The config's brands when there is a config; else grogne's default watch list. */
function brandsFor(flag: string | undefined, io: Io): BrandConfig[] {
  if (hasConfig(flag, io)) {
    return loadFor(flag, io).config.brands;
  }
  return defaultBrands();
}

export function analyzeLine(raw: string, n: number, analyzer: Analyzer) {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { id: null, line: n, error: `line ${n}: not valid JSON` };
  }
  const parsed = inputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id = (json as { id?: unknown } | null)?.id ?? null;
    return {
      id,
      line: n,
      error: `line ${n}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    };
  }
  const input = parsed.data;
  if (input.brand && !analyzer.watches(input.brand)) {
    return {
      id: input.id ?? n,
      line: n,
      error: `line ${n}: brand: not a watched brand id (got "${input.brand}")`,
    };
  }
  const a = analyzer.analyse({
    text: input.text,
    title: input.title ?? null,
    brand: input.brand ?? null,
  });
  const sev = severity(a);
  return {
    id: input.id ?? n,
    lang: a.lang,
    langConfidence: a.langConfidence,
    sentiment: a.sentiment,
    sentimentScore: a.sentimentScore,
    complaint: a.complaint,
    complaintConfidence: a.complaintConfidence,
    resolved: a.resolved,
    severity: sev.value,
    severityDetail: { components: sev.components, reasons: sev.reasons, version: sev.version },
    brands: a.brands.map((b) => ({
      id: b.id,
      target: b.target,
      confidence: b.confidence,
      sentiment: b.sentiment,
      count: b.count,
      reasons: b.reasons,
    })),
    categories: a.categories,
    grievances: a.grievances,
    acts: a.acts,
    evidence: a.evidence,
    modelVersion: a.modelVersion,
  };
}

export async function analyzeVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, commonOptions);
  const analyzer = new Analyzer({ brands: brandsFor(values.config, io), models: loadModels() });
  const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let errors = 0;
  for await (const raw of rl) {
    n++;
    if (raw.trim() === '') continue;
    const out = analyzeLine(raw, n, analyzer);
    if ('error' in out) errors++;
    line(io.stdout, JSON.stringify(out));
  }
  return errors > 0 && errors === n ? 2 : 0;
}
