// What an operator reads from /healthz and /metrics.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { Registry } from '../../src/api/metrics.ts';
import { RuntimeMetrics } from '../../src/api/runtime-metrics.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { Db } from '../../src/store/open.ts';
import { NOW } from '../store/make.ts';
import { bearer, fixtureDb, makeKey } from './fixture.ts';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let db: Db;
let admin: string;
beforeEach(() => {
  db = fixtureDb();
  admin = makeKey(db, 'admin');
});

describe('/healthz', () => {
  it("names the package's version when none is given", async () => {
    const app = createApp({ db, now: () => NOW });
    const body = (await (await app.request('/healthz')).json()) as Record<string, unknown>;
    expect(body).toEqual({ status: 'ok', version: PKG.version });
  });
});

describe('request labels', () => {
  it('labels a refused key with the route it asked for, and a missing route "unmatched"', async () => {
    const app = createApp({ db, now: () => NOW });
    expect((await app.request('/v1/posts', { headers: bearer('grg_nope') })).status).toBe(401);
    expect((await app.request('/v1/posts/abc')).status).toBe(401);
    expect((await app.request('/v1/nothing-here', { headers: bearer(admin) })).status).toBe(404);
    const text = await (await app.request('/metrics', { headers: bearer(admin) })).text();
    expect(text).toMatch(
      /grogne_http_requests_total\{route="\/v1\/posts",method="GET",status="401"\} 1/,
    );
    expect(text).toMatch(
      /grogne_http_requests_total\{route="\/v1\/posts\/:id",method="GET",status="401"\} 1/,
    );
    expect(text).toMatch(
      /grogne_http_requests_total\{route="unmatched",method="GET",status="404"\} 1/,
    );
  });
});

describe('request log', () => {
  function logged() {
    const lines: string[] = [];
    const log = createLogger({ stream: { write: (t: string) => lines.push(t) } });
    return { log, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it('writes one line per request, with the id it answers in X-Request-Id', async () => {
    const { log, records } = logged();
    const app = createApp({ db, now: () => NOW, log, generateRequestId: () => 'gen-1' });
    const given = await app.request('/v1/posts?q=secret', {
      headers: { ...bearer(admin), 'X-Request-Id': 'proxy-42' },
    });
    expect(given.headers.get('x-request-id')).toBe('proxy-42');
    // An id that could forge log content is replaced.
    const forged = await app.request('/healthz', { headers: { 'X-Request-Id': 'a b"c' } });
    expect(forged.headers.get('x-request-id')).toBe('gen-1');
    const refused = await app.request('/v1/posts');
    expect(refused.headers.get('x-request-id')).toBe('gen-1');
    const lines = records().filter((r) => r.msg === 'request');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      level: 'info',
      reqId: 'proxy-42',
      method: 'GET',
      path: '/v1/posts',
      route: '/v1/posts',
      status: 200,
    });
    expect(typeof lines[0]!.ms).toBe('number');
    expect(JSON.stringify(records())).not.toContain('secret');
    expect(lines[2]).toMatchObject({ status: 401, route: '/v1/posts' });
  });

  it('logs an unexpected error at error level with its stack and request id', async () => {
    const { log, records } = logged();
    const app = createApp({ db, now: () => NOW, log, anonymousRead: true });
    db.exec('DROP TABLE brand_mentions');
    const res = await app.request('/v1/brands', { headers: { 'X-Request-Id': 'r-500' } });
    expect(res.status).toBe(500);
    const failure = records().find((r) => r.msg === 'unexpected error')!;
    expect(failure).toMatchObject({ level: 'error', reqId: 'r-500', path: '/v1/brands' });
    expect((failure.err as { stack: string }).stack).toMatch(/brand_mentions/);
    expect(records().find((r) => r.msg === 'request')).toMatchObject({
      level: 'error',
      status: 500,
    });
  });

  it("logs /readyz's 503 while crawling at info level: an answer, not a failure", async () => {
    const { log, records } = logged();
    const app = createApp({
      db,
      now: () => NOW,
      log,
      anonymousRead: true,
      readiness: () => ({ status: 'crawling', sources: 2, crawled: 0 }),
    });
    expect((await app.request('/readyz')).status).toBe(503);
    expect(records().find((r) => r.msg === 'request')).toMatchObject({
      level: 'info',
      route: '/readyz',
      status: 503,
    });
  });
});

describe('process and digest metrics', () => {
  it('shows CPU, memory, heap and event-loop lag under the usual Node.js names', async () => {
    const runtime = new RuntimeMetrics();
    try {
      const app = createApp({ db, now: () => NOW, metrics: new Registry(runtime) });
      const text = await (await app.request('/metrics', { headers: bearer(admin) })).text();
      for (const name of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'process_start_time_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_p99_seconds',
      ]) {
        expect(text).toMatch(new RegExp(`^${name} \\d+(\\.\\d+)?(e[-+]\\d+)?$`, 'm'));
      }
      expect(text).toContain(`nodejs_version_info{version="${process.version}"} 1`);
    } finally {
      runtime.stop();
    }
  });

  it('counts digest deliveries by digest, channel and status', () => {
    const metrics = new Registry();
    metrics.recordDigest(
      {
        digest: 'matin',
        date: '2026-11-20',
        total: 3,
        outcomes: [
          { key: 'a@example.fr', channel: 'smtp', status: 'sent', attempts: 1 },
          { key: 'https://hooks.example/x', channel: 'webhook', status: 'retry', attempts: 1 },
        ],
      },
      NOW,
    );
    const text = metrics.render();
    expect(text).toContain(
      'grogne_digest_sends_total{digest="matin",channel="smtp",status="sent"} 1',
    );
    expect(text).toContain(
      'grogne_digest_sends_total{digest="matin",channel="webhook",status="retry"} 1',
    );
    expect(text).toContain(
      `grogne_digest_last_success_timestamp_seconds{digest="matin"} ${NOW.getTime() / 1000}`,
    );
  });
});
