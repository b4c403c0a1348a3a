// What a brand manager expects of grogne, post by post (expectations.json: written by hand from
// the annotation guide, never copied from grogne's output), checked on analyse() as it ships:
// the committed models and grogne's default watch list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultBrands } from '../../src/cli/brands.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { severity, severityBand } from '../../src/score/severity.ts';

interface Case {
  id: string;
  why: string;
  text: string;
  title?: string;
  brand?: string;
  complaint?: boolean;
  sentiment?: string;
  lang?: string;
  resolved?: boolean;
  bands?: string[];
  targets?: string[];
  notTargets?: string[];
  brands?: string[];
  notBrands?: string[];
}

const { cases } = JSON.parse(
  readFileSync(new URL('./expectations.json', import.meta.url), 'utf8'),
) as {
  cases: Case[];
};
const analyzer = new Analyzer({ brands: defaultBrands(), models: loadModels() });

describe('grogne as shipped, on the posts a brand manager would judge', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const a = analyzer.analyse({ text: c.text, title: c.title ?? null, brand: c.brand ?? null });
    const found = a.brands.map((b) => b.id);
    const targets = a.brands.filter((b) => b.target).map((b) => b.id);
    const got = {
      complaint: a.complaint,
      sentiment: a.sentiment,
      lang: a.lang,
      resolved: a.resolved,
      band: severityBand(severity(a).value),
      targets,
      found,
    };
    const want: Partial<typeof got> = {};
    if (c.complaint !== undefined) want.complaint = c.complaint;
    if (c.sentiment !== undefined) want.sentiment = c.sentiment as typeof got.sentiment;
    if (c.lang !== undefined) want.lang = c.lang;
    if (c.resolved !== undefined) want.resolved = c.resolved;
    // Compared as one object, so that a failure shows every field at once.
    expect(got, c.why).toMatchObject(want);
    if (c.bands) expect(c.bands, `${c.why}: band`).toContain(got.band);
    for (const id of c.targets ?? []) expect(targets, `${c.why}: ${id} blamed`).toContain(id);
    for (const id of c.notTargets ?? [])
      expect(targets, `${c.why}: ${id} not blamed`).not.toContain(id);
    for (const id of c.brands ?? []) expect(found, `${c.why}: ${id} found`).toContain(id);
    for (const id of c.notBrands ?? [])
      expect(found, `${c.why}: ${id} not found`).not.toContain(id);
  });
});
