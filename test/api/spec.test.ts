// The OpenAPI document checked by tools that did not write it: an independent validator of
// OpenAPI 3.1 (@seriousme/openapi-schema-validator), `redocly lint` with redocly.yaml, and
// openapi-typescript, whose output src/api/openapi-types.ts must be what is committed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiDocument, apiTypes } from '../../scripts/openapi.ts';

const ROOT = new URL('../../', import.meta.url);
const run = promisify(execFile);

interface Op {
  security?: unknown[];
  'x-access': string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
let spec: {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Op>>;
};
beforeAll(async () => {
  spec = (await apiDocument()) as unknown as typeof spec;
});

const operations = () =>
  Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for an independent validator', async () => {
    const result = await new Validator().validate(spec as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does find a broken document', async () => {
    const broken = structuredClone(spec) as unknown as Record<string, unknown>;
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('passes redocly lint with neither error nor warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grogne-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(spec));
      const cli = new URL('node_modules/@redocly/cli/bin/cli.js', ROOT).pathname;
      const config = new URL('redocly.yaml', ROOT).pathname;
      // Exit code 1 on errors: the JSON report is on stdout either way.
      const out = await run(
        process.execPath,
        [cli, 'lint', file, '--config', config, '--format', 'json'],
        {
          env: {
            ...process.env,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      const report = JSON.parse(out.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string }[];
      };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names a server, a schema for every success answer and the real media types', () => {
    expect(spec.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const { path, method, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (!status.startsWith('2') || status === '204') continue;
        const media = Object.values(r.content ?? {});
        expect(media.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
        for (const m of media) expect(m.schema, `${method} ${path} ${status}`).toBeDefined();
      }
    }
    const types = (path: string) => Object.keys(spec.paths[path]!.get!.responses['200']!.content!);
    expect(types('/metrics')).toEqual(['text/plain; version=0.0.4']);
    expect(types('/docs')).toEqual(['text/html']);
    expect(types('/v1/posts')).toEqual(['application/json']);
  });

  it('says which operations need no key', () => {
    for (const { path, method, op } of operations()) {
      const expected = op['x-access'] === 'public' ? [] : [{ bearer: [] }];
      expect(op.security, `${method} ${path}`).toEqual(expected);
    }
    const open = operations().filter(({ op }) => op['x-access'] === 'public');
    expect(open.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'get /docs',
      'get /healthz',
      'get /openapi.json',
      'get /readyz',
    ]);
  });

  it('src/api/openapi-types.ts is what openapi-typescript makes of it (npm run api-types)', async () => {
    const committed = readFileSync(new URL('src/api/openapi-types.ts', ROOT), 'utf8');
    expect(committed === (await apiTypes()), 'run npm run api-types and commit the result').toBe(
      true,
    );
  }, 60_000);
});
