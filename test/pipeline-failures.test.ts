// Whose failure a crawl's error is: only a source's own (HTTP, parse) counts toward pausing
// it; grogne's own (an analysis bug, a store error) is logged with its stack and does not.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { Registry } from '../src/api/metrics.ts';
import { describeOutcome } from '../src/cli/crawl.ts';
import { startPoller } from '../src/cli/start.ts';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log/logger.ts';
import { Analyzer } from '../src/nlp/analyzer.ts';
import { loadModels } from '../src/nlp/model/models.ts';
import { type CrawlDeps, crawlSource, type SourceOutcome } from '../src/pipeline.ts';
import { getFetchState } from '../src/store/meta.ts';
import { describeStoreError, openStore } from '../src/store/open.ts';
import { syncSources } from '../src/store/write.ts';
import { rss, testBrands } from './helpers/feeds.ts';
import { reply, serve, type TestServer } from './helpers/http.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NOW = new Date('2026-11-25T10:00:00Z');
const models = loadModels();
const feed = rss('Blog', [
  { guid: 'a1', title: 'SFR en panne', body: 'Ma box SFR ne marche plus, c’est l’enfer.' },
]);

async function setup(handler: Parameters<typeof reply>[0] | null, status = 200) {
  const srv = await serve({ '/feed': reply(handler ?? feed, {}, status) });
  servers.push(srv);
  const config = parseConfig({
    brands: testBrands,
    sources: [{ id: 'blog', kind: 'feed', url: `${srv.origin}/feed` }],
    crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0, pauseAfterErrors: 2 },
  });
  const db = openStore(':memory:');
  syncSources(db, config.sources);
  const lines: string[] = [];
  const log = createLogger({ stream: { write: (t: string) => lines.push(t) }, level: 'debug' });
  const metrics = new Registry();
  const outcomes: SourceOutcome[] = [];
  const deps: CrawlDeps = {
    db,
    config,
    baseDir: '/',
    analyzer: new Analyzer({ brands: config.brands, models }),
    now: () => NOW,
    random: () => 0.5,
    log,
    onOutcome: (o) => {
      outcomes.push(o);
      metrics.recordAnalysis(o);
    },
  };
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  // What /metrics shows: the crawl counters are the store's, the analysis times this process's.
  const app = createApp({ db, now: () => NOW, metrics, anonymousRead: true });
  const scrape = async () => (await app.request('/metrics')).text();
  return { db, config, deps, records, scrape, outcomes };
}

describe('crawl failures by class', () => {
  it('an analysis bug is internal: logged with its stack, never pauses the source', async () => {
    const { deps, config, db, records, scrape } = await setup(null);
    vi.spyOn(deps.analyzer, 'analyse').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    for (let i = 0; i < 3; i++) {
      const o = await crawlSource(config.sources[0]!, deps);
      expect(o).toMatchObject({ ok: false, errorClass: 'internal', paused: false });
      expect(describeOutcome(o)).toMatch(/^blog: internal error: Cannot read/);
    }
    expect(getFetchState(db, 'blog')).toMatchObject({ state: 'active', consecutiveErrors: 0 });
    expect(getFetchState(db, 'blog')!.lastError).toMatch(
      /^internal error \(analyse\): Cannot read/,
    );
    const logged = records().filter((r) => r.level === 'error');
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({ source: 'blog', stage: 'analyse' });
    expect((logged[0]!.err as { stack: string }).stack).toMatch(/TypeError: Cannot read.*\n\s+at /);
    const text = await scrape();
    expect(text).toContain('grogne_source_crawls_total{source="blog",outcome="internal_error"} 3');
    expect(text).toContain('grogne_source_errors_total{source="blog",class="internal"} 3');
  });

  it('a store error is internal too', async () => {
    const { deps, config, db, outcomes } = await setup(null);
    db.exec('DROP TABLE brand_mentions');
    const o = await crawlSource(config.sources[0]!, deps);
    expect(o).toMatchObject({ ok: false, errorClass: 'internal', paused: false });
    expect(getFetchState(db, 'blog')!.lastError).toMatch(
      /^internal error \(store\): .*brand_mentions/,
    );
    expect(outcomes).toEqual([o]);
  });

  it('an HTTP failure is the source’s: it counts, and pauses the source at the limit', async () => {
    const { deps, config, db, records, scrape } = await setup('boom', 500);
    const first = await crawlSource(config.sources[0]!, deps);
    const second = await crawlSource(config.sources[0]!, deps);
    expect([first.errorClass, second.errorClass]).toEqual(['source', 'source']);
    expect([first.paused, second.paused]).toEqual([false, true]);
    expect(getFetchState(db, 'blog')).toMatchObject({ state: 'paused' });
    expect(records().filter((r) => r.level === 'warn')).toHaveLength(2);
    expect(records().some((r) => r.level === 'error')).toBe(false);
    expect(await scrape()).toContain('grogne_source_errors_total{source="blog",class="source"} 2');
  });

  it('a success counts items and sets the last-success time and analysis latency', async () => {
    const { deps, config, scrape } = await setup(null);
    await crawlSource(config.sources[0]!, deps);
    const text = await scrape();
    expect(text).toContain('grogne_source_crawls_total{source="blog",outcome="ok"} 1');
    expect(text).toContain('grogne_source_items_total{source="blog",kind="new"} 1');
    expect(text).toContain(
      `grogne_source_last_success_timestamp_seconds{source="blog"} ${NOW.getTime() / 1000}`,
    );
    expect(text).toMatch(/^grogne_analysis_duration_seconds_count 1$/m);
    expect(text).toMatch(/^grogne_analysed_posts_total 1$/m);
  });
});

describe('the poller', () => {
  it('survives a tick that throws: logged, and the next tick runs', async () => {
    vi.useFakeTimers();
    const { deps, records } = await setup(null);
    deps.db.close();
    const io = { stdout: { write: () => true }, stderr: { write: () => true } } as never;
    const stop = startPoller(deps, io, { tickMs: 1_000, now: () => NOW });
    vi.advanceTimersByTime(2_000);
    stop();
    const failures = records().filter((r) => r.msg === 'poll failed');
    expect(failures).toHaveLength(2);
    expect((failures[0]!.err as { message: string }).message).toMatch(
      /database connection is not open/,
    );
  });
});

describe('a locked database', () => {
  it('says which file is locked and how to find who holds it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'grogne-lock-')), 'grogne.db');
    openStore(file).close();
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    let err: unknown;
    try {
      other.exec('CREATE TABLE t (x)');
    } catch (e) {
      err = e;
    }
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
    expect((err as { code: string }).code).toMatch(/^SQLITE_BUSY/);
    const described = describeStoreError(err, file);
    expect(described.message).toContain(`database ${file} is locked`);
    expect(described.message).toContain(`fuser ${file}`);
    expect(described.cause).toBe(err);
    // Anything else is left as it is.
    const other2 = new Error('no such table: x');
    expect(describeStoreError(other2, file)).toBe(other2);
  });
});
