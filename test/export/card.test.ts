import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportToFile } from '../../src/export/file.ts';
import { seedDb } from './seed.ts';

const SECRET = 'a-test-secret-of-some-length';

describe('dataset card', () => {
  it('describes fields, filters, counts and versions, dated by the injected clock', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'grogne-card-')), 'x.jsonl');
    const r = await exportToFile({
      db: seedDb(),
      format: 'jsonl',
      filter: { complaint: true },
      secret: SECRET,
      out,
      now: () => new Date('2024-06-01T12:00:00Z'),
    });
    const card = JSON.parse(readFileSync(r.cardJson, 'utf8'));
    expect(card.generatedAt).toBe('2024-06-01T12:00:00.000Z');
    expect(card.filters).toEqual({ complaint: true });
    expect(card.counts).toMatchObject({ rows: 4, posts: 3, complaint: { true: 3 } });
    expect(card.counts.modelVersions).toEqual({ 'test-1': 3 });
    expect(card.fields.find((f: { name: string }) => f.name === 'publishedAt')).toMatchObject({
      type: 'ISO 8601 UTC string',
      nullable: true,
    });
    expect(card.authors.note).toMatch(/HMAC-SHA256/);
    expect(card.csv).toBeUndefined();
    const md = readFileSync(r.cardMd, 'utf8');
    expect(md).toContain('2024-06-01T12:00:00.000Z');
    expect(md).toMatch(/\| complaint \| true \|/);
    // Neither the card nor the data carries the secret or a generation time.
    expect(readFileSync(r.cardJson, 'utf8') + md).not.toContain(SECRET);
    expect(readFileSync(out, 'utf8')).not.toContain('2024-06-01');
  });
});
