import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, runGrogne, SHARED } from '../helpers/cli.ts';

const parseLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe.skipIf(!hasShared)('grogne analyze on the seed', () => {
  it('marks the SFR blog post French, a complaint aimed at SFR, not at the Fnac', async () => {
    const text = readFileSync(join(SHARED, 'seeds/000_4aca5fc094db7989.txt'), 'utf8');
    // Run where there is no config: grogne's default watch list (SFR, the Fnac, …) applies.
    const r = await runGrogne(['analyze'], {
      cwd: tmpdir(),
      input: `${JSON.stringify({ id: 'seed', text })}\n`,
    });
    expect(r.code).toBe(0);
    const [out] = parseLines(r.stdout);
    expect(out.id).toBe('seed');
    expect(out.lang).toBe('fra');
    expect(out.complaint).toBe(true);
    expect(out.sentiment).toBe('negative');
    const sfr = out.brands.find((b: { id: string }) => b.id === 'sfr');
    const fnac = out.brands.find((b: { id: string }) => b.id === 'fnac');
    expect(sfr?.target).toBe(true);
    expect(fnac, 'the Fnac is mentioned').toBeDefined();
    expect(fnac.target).toBe(false);
    expect(out.severity).toBeGreaterThanOrEqual(80);
    // Every evidence span points at the text it quotes.
    for (const e of out.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(out.evidence.some((e: { text: string }) => /c.est l.enfer/.test(e.text))).toBe(true);
    expect(typeof out.modelVersion).toBe('string');
  });
});

describe('grogne analyze, the JSON Lines contract', () => {
  it('answers every line in order, with an error object for a bad line', async () => {
    const input = [
      JSON.stringify({
        id: 'a',
        text: "Ma box SFR ne marche plus depuis trois semaines, c'est honteux.",
      }),
      '{ceci n’est pas du JSON',
      JSON.stringify({
        id: 'c',
        title: 'Bonne surprise',
        text: 'Le débit est pas mal du tout, rien à redire.',
      }),
      JSON.stringify({ id: 'd', texte: 'champ mal nommé' }),
      JSON.stringify({
        text: 'The weather is lovely today and I am going for a walk in the park.',
      }),
    ].join('\n');
    const r = await runGrogne(['analyze'], { input: `${input}\n` });
    expect(r.code).toBe(0);
    const out = parseLines(r.stdout);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ id: 'a', lang: 'fra', complaint: true, sentiment: 'negative' });
    expect(out[0].brands).toContainEqual(expect.objectContaining({ id: 'sfr', target: true }));
    expect(out[1]).toMatchObject({ line: 2 });
    expect(out[1].error).toMatch(/line 2: not valid JSON/);
    expect(out[2]).toMatchObject({ id: 'c', sentiment: 'positive', complaint: false });
    expect(out[3].error).toMatch(/line 4: text/);
    expect(out[3].id).toBe('d');
    expect(out[4]).toMatchObject({ id: 5, complaint: false });
    expect(out[4].lang).not.toBe('fra');
    for (const o of [out[0], out[2], out[4]]) {
      expect(o.severity).toBeGreaterThanOrEqual(0);
      expect(o.severity).toBeLessThanOrEqual(100);
      expect(o.sentimentScore).toBeGreaterThanOrEqual(-1);
      expect(o.sentimentScore).toBeLessThanOrEqual(1);
    }
  });

  it('prints its usage with --help', async () => {
    const r = await runGrogne(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: grogne analyze/);
  });
});
