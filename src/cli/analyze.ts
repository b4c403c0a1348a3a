// `grogne analyze`: the JSON Lines contract of DESIGN.md. One output line per input line, in
// order; a bad line gets an error object and the stream goes on.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { type BrandConfig, brandSchema } from '../config.ts';
import { analyse } from '../nlp/analyse.ts';
import { severity } from '../score/severity.ts';
import { commonOptions, parse } from './args.ts';
import { hasConfig, loadFor } from './context.ts';
import { defaultModel } from './crawl.ts';
import { type Io, line } from './io.ts';

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  published: z.string().nullish(),
});

const DEFAULT_BRANDS = new URL('../../data/brands/default.json', import.meta.url);

/** The config's brands when there is a config; else grogne's default watch list. */
function brandsFor(flag: string | undefined, io: Io): BrandConfig[] {
  if (hasConfig(flag, io)) {
    return loadFor(flag, io).config.brands;
  }
  return z.array(brandSchema).parse(JSON.parse(readFileSync(DEFAULT_BRANDS, 'utf8')));
}

export function analyzeLine(raw: string, n: number, brands: BrandConfig[], model = defaultModel()) {
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
  const a = analyse({ text: input.text, title: input.title ?? null }, { brands, model });
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
  const brands = brandsFor(values.config, io);
  const model = defaultModel();
  const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let errors = 0;
  for await (const raw of rl) {
    n++;
    if (raw.trim() === '') continue;
    const out = analyzeLine(raw, n, brands, model);
    if ('error' in out) errors++;
    line(io.stdout, JSON.stringify(out));
  }
  return errors > 0 && errors === n ? 2 : 0;
}
