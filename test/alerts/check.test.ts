// Spike alerts end to end: a real crawl of a feed served on 127.0.0.1, analysed by the real
// analyser, stored in SQLite, judged against four weeks of history, and delivered once to a
// real local webhook server (Slack-compatible and Teams) and a real local SMTP server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkAlerts } from '../../src/alerts/check.ts';
import { createApp } from '../../src/api/app.ts';
import { type Config, ConfigError, parseConfig } from '../../src/config.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { type CrawlDeps, crawlSource } from '../../src/pipeline.ts';
import { alertSends, listAlerts } from '../../src/store/alerts.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { insertSavedSearch } from '../../src/store/saved-searches.ts';
import { savePosts, syncBrands, syncSources } from '../../src/store/write.ts';
import { bearer, makeKey } from '../api/fixture.ts';
import { type Smtp, startSmtp } from '../digest/fixtures.ts';
import { type FeedItem, rss, testBrands } from '../helpers/feeds.ts';
import { item, mention } from '../store/make.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T10:20:00Z');
const models = loadModels();

/** A local server that records each POST body, and answers with the next queued status. */
interface Hooks {
  origin: string;
  /** What GET /feed serves. */
  feed: string;
  bodies: Record<string, unknown[]>;
  statuses: number[];
  close(): Promise<void>;
}
async function startHooks(): Promise<Hooks> {
  const bodies: Record<string, unknown[]> = {};
  const statuses: number[] = [];
  const state = { feed: '' };
  const server: Server = createServer((req: IncomingMessage, res) => {
    if (req.method === 'GET' && req.url === '/feed') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(state.feed);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        const path = req.url ?? '/';
        bodies[path] = [
          ...(bodies[path] ?? []),
          JSON.parse(Buffer.concat(chunks).toString('utf8')),
        ];
      }
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get feed() {
      return state.feed;
    },
    set feed(x: string) {
      state.feed = x;
    },
    bodies,
    statuses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let smtp: Smtp;
let hooks: Hooks;
beforeAll(async () => {
  smtp = await startSmtp();
  hooks = await startHooks();
});
afterAll(async () => {
  await smtp.close();
  await hooks.close();
});

let db: Db;
beforeEach(() => {
  smtp.mails.length = 0;
  for (const k of Object.keys(hooks.bodies)) delete hooks.bodies[k];
  hooks.statuses.length = 0;
  db = openStore(':memory:');
});
afterEach(() => db.close());

function configWith(alerts: Record<string, unknown> = {}): Config {
  return parseConfig({
    brands: testBrands,
    sources: [
      { id: 'blog', kind: 'feed', url: `${hooks.origin}/feed`, fullText: 'never' },
      { id: 'history', kind: 'feed', file: 'history.xml' },
    ],
    crawl: { allowPrivateHosts: ['127.0.0.1'], minHostDelayMs: 0 },
    delivery: {
      smtp: { host: '127.0.0.1', port: smtp.port, starttls: false, from: 'grogne <a@grogne.test>' },
    },
    alerts: {
      webhooks: [`${hooks.origin}/slack`],
      teams: [`${hooks.origin}/teams`],
      recipients: ['cm@example.fr'],
      apiBaseUrl: 'https://grogne.example.fr',
      ...alerts,
    },
  });
}

/** Sources known for a month, and four weeks of SFR complaints at about one every 4 hours. */
function seedHistory(config: Config): void {
  syncSources(db, config.sources, () => new Date(NOW.getTime() - 30 * 24 * HOUR));
  syncBrands(db, config.brands);
  const items = [];
  // Every 4th hour and every 7th: a steady trickle, with no two in the same hour.
  for (let h = 4; h < 28 * 24; h++) {
    if (h % 4 !== 0 && h % 7 !== 0) continue;
    const at = new Date(NOW.getTime() - h * HOUR).toISOString();
    items.push(
      item(
        `old-${h}`,
        { sourceId: 'history', publishedAt: at, fetchedAt: at },
        { brands: [mention('sfr')] },
      ),
    );
  }
  savePosts(db, 'history', items, () => NOW);
}

const angry = (i: number, minutesAgo: number): FeedItem => ({
  guid: `spike-${i}`,
  title: `SFR en panne, encore (${i})`,
  body: `Ma box SFR ne marche plus depuis trois semaines, le service client ne répond pas. C'est l'enfer, je résilie. (${i})`,
  date: new Date(NOW.getTime() - minutesAgo * 60_000).toUTCString(),
});

function deps(config: Config, clock: { t: number }): CrawlDeps {
  return {
    db,
    config,
    baseDir: '/',
    analyzer: new Analyzer({ brands: config.brands, models }),
    now: () => new Date(clock.t),
    random: () => 0.5,
  };
}

describe('after every crawl', () => {
  it('a normal crawl raises nothing', async () => {
    const config = configWith();
    seedHistory(config);
    hooks.feed = rss('Blog', [angry(1, 10)]);
    const o = await crawlSource(config.sources[0]!, deps(config, { t: NOW.getTime() }));
    expect(o.new).toBe(1);
    expect(listAlerts(db, { limit: 10 })).toEqual([]);
    expect(hooks.bodies).toEqual({});
    expect(smtp.mails).toHaveLength(0);
  });

  it('a spike alerts at the crawl that brings it, once, on every channel, with its posts', async () => {
    const config = configWith();
    seedHistory(config);
    const clock = { t: NOW.getTime() };
    hooks.feed = rss(
      'Blog',
      Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
    );
    const o = await crawlSource(config.sources[0]!, deps(config, clock));
    expect(o.new).toBe(8);
    expect(o.warnings).toEqual([]);

    const [alert, ...others] = listAlerts(db, { limit: 10 });
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      brand: 'sfr',
      count: 8,
      state: 'sent',
      windowStart: '2026-11-25T10:00:00.000Z',
    });
    // About one complaint every 3 hours, more at 10:00 (every 4th hour of the history falls
    // at 10:20): the history was read, and its hour of the day with it.
    expect(alert!.baseline).toBeGreaterThan(0.4);
    expect(alert!.baseline).toBeLessThan(1);
    expect(alert!.pValue).toBeLessThan(1e-5);
    expect(alert!.postIds).toHaveLength(8);

    const slack = hooks.bodies['/slack'] as { text: string; blocks: unknown[]; grogne: unknown }[];
    expect(slack).toHaveLength(1);
    expect(slack[0]!.text).toContain('pic de réclamations SFR');
    expect(JSON.stringify(slack[0]!.blocks)).toContain('SFR en panne, encore');
    expect(slack[0]!.grogne).toEqual({ alert: alert!.id, brand: 'sfr', search: null });
    const teams = hooks.bodies['/teams'] as {
      type: string;
      attachments: { contentType: string; content: { type: string; body: unknown[] } }[];
    }[];
    expect(teams).toHaveLength(1);
    expect(teams[0]!.type).toBe('message');
    expect(teams[0]!.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams[0]!.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(JSON.stringify(teams[0]!.attachments[0]!.content.body)).toContain('SFR en panne');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toMatch(/pic de réclamations SFR — 8 en 1 h/);
    expect(smtp.mails[0]!.text).toContain('https://blog.example.fr/spike-');
    // A mail client's "unsubscribe" button: a mail to the sender naming the alerts.
    expect(
      smtp.mails[0]!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(
        /\r?\n\s+/g,
        ' ',
      ),
    ).toBe(
      'List-Unsubscribe: <mailto:a@grogne.test?subject=unsubscribe%20alerts%20cm%40example.fr>',
    );

    // The spike goes on: two more posts a quarter of an hour later. The alert grows, nothing
    // is sent again.
    clock.t += 15 * 60_000;
    hooks.feed = rss('Blog', [
      ...Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
      angry(8, -10),
      angry(9, -12),
    ]);
    const again = await crawlSource(config.sources[0]!, deps(config, clock));
    expect(again.new).toBe(2);
    const after = listAlerts(db, { limit: 10 });
    expect(after).toHaveLength(1);
    expect(after[0]!.count).toBe(10);
    expect(after[0]!.postIds).toHaveLength(10);
    expect(hooks.bodies['/slack']).toHaveLength(1);
    expect(hooks.bodies['/teams']).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);

    // And the API shows it, within a key's brands only.
    const app = createApp({ db, now: () => new Date(clock.t) });
    const sfrKey = makeKey(db, 'reader', ['sfr']);
    const orangeKey = makeKey(db, 'reader', ['orange']);
    const seen = (await (await app.request('/v1/alerts', { headers: bearer(sfrKey) })).json()) as {
      items: { brand: string; count: number; posts: { title: string }[] }[];
    };
    expect(seen.items.map((a) => [a.brand, a.count])).toEqual([['sfr', 10]]);
    expect(seen.items[0]!.posts[0]!.title).toMatch(/SFR en panne/);
    const hidden = (await (
      await app.request('/v1/alerts', { headers: bearer(orangeKey) })
    ).json()) as {
      items: unknown[];
    };
    expect(hidden.items).toEqual([]);
    const refused = await app.request('/v1/alerts?brand=sfr', { headers: bearer(orangeKey) });
    expect(refused.status).toBe(403);
    const bad = await app.request('/v1/alerts?limit=0', { headers: bearer(sfrKey) });
    expect(bad.status).toBe(400);
  });

  it('a search watches its own complaints: a saved search or a query, each alerting once', async () => {
    const config = configWith({
      searches: [
        { savedSearch: 'pannes' },
        { search: 'panne' },
        { search: 'facture' },
        { savedSearch: 'absente' },
      ],
    });
    seedHistory(config);
    insertSavedSearch(db, {
      name: 'pannes',
      query: 'panne OR coupure',
      brands: ['sfr'],
      keyId: null,
      createdAt: NOW.toISOString(),
    });
    const clock = { t: NOW.getTime() };
    hooks.feed = rss(
      'Blog',
      Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
    );
    const o = await crawlSource(config.sources[0]!, deps(config, clock));
    // A saved search that is gone costs its own watch, said in the crawl's warnings.
    expect(o.warnings).toEqual([
      'alert check: alerts.searches[3]: no saved search named "absente" (GET /v1/searches lists them)',
    ]);
    const watches = () =>
      listAlerts(db, { limit: 10 })
        .map((a) => `${a.brand} ${a.search ?? '(all)'} ${a.count}`)
        .sort();
    // The eight posts say "panne": the brand's watch and both panne watches spike; the
    // facture watch finds none of them.
    expect(watches()).toEqual(['sfr (all) 8', 'sfr panne 8', 'sfr pannes 8']);
    const subjects = smtp.mails.map((m) => m.subject).sort();
    expect(subjects).toHaveLength(3);
    expect(subjects).toContainEqual(
      expect.stringMatching(/^grogne : pic de réclamations SFR « pannes » — 8 en 1 h/),
    );
    const slack = hooks.bodies['/slack'] as { grogne: { search: string | null } }[];
    expect(slack.map((b) => b.grogne.search ?? '(all)').sort()).toEqual([
      '(all)',
      'panne',
      'pannes',
    ]);

    // The spike goes on: each watch's alert grows; nothing is sent again.
    clock.t += 15 * 60_000;
    hooks.feed = rss('Blog', [
      ...Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
      angry(8, -10),
      angry(9, -12),
    ]);
    await crawlSource(config.sources[0]!, deps(config, clock));
    expect(watches()).toEqual(['sfr (all) 10', 'sfr panne 10', 'sfr pannes 10']);
    expect(smtp.mails).toHaveLength(3);
  });

  it('retries a webhook that failed, and sends to the others once', async () => {
    const config = configWith();
    seedHistory(config);
    const clock = { t: NOW.getTime() };
    hooks.statuses.push(503);
    hooks.feed = rss(
      'Blog',
      Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
    );
    const o = await crawlSource(config.sources[0]!, deps(config, clock));
    expect(o.warnings.join('\n')).toMatch(/alert \d+ to .*\/slack: retry: webhook 503/);
    const [alert] = listAlerts(db, { limit: 10 });
    expect(alert!.state).toBe('pending');
    // A check before the retry is due sends nothing; one after sends the webhook only.
    const ctx = { db, config, baseDir: '/', now: () => new Date(clock.t) };
    expect((await checkAlerts(ctx)).outcomes).toEqual([]);
    clock.t += 2 * 60_000;
    const r = await checkAlerts(ctx);
    expect(r.created).toEqual([]);
    expect(r.outcomes.map((x) => [x.channel, x.status])).toEqual([['webhook', 'sent']]);
    expect(hooks.bodies['/slack']).toHaveLength(1);
    expect(hooks.bodies['/teams']).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    expect(listAlerts(db, { limit: 10 })[0]!.state).toBe('sent');
    expect(alertSends(db, alert!.id).find((s) => s.channel === 'webhook')!.attempts).toBe(2);
  });

  it("a new source's backfill is no spike", async () => {
    const config = configWith();
    seedHistory(config);
    // The blog was added an hour ago: its eight posts of this hour are its backlog.
    db.prepare("UPDATE sources SET created_at = ? WHERE id = 'blog'").run(
      new Date(NOW.getTime() - HOUR).toISOString(),
    );
    hooks.feed = rss(
      'Blog',
      Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
    );
    await crawlSource(config.sources[0]!, deps(config, { t: NOW.getTime() }));
    expect(listAlerts(db, { limit: 10 })).toEqual([]);
  });

  it('without a channel, alerts are stored for the API only', async () => {
    const config = configWith({ webhooks: [], teams: [], recipients: [] });
    seedHistory(config);
    hooks.feed = rss(
      'Blog',
      Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
    );
    await crawlSource(config.sources[0]!, deps(config, { t: NOW.getTime() }));
    const [alert] = listAlerts(db, { limit: 10 });
    expect(alert!.state).toBe('stored');
    expect(alertSends(db, alert!.id)).toEqual([]);
    expect(hooks.bodies).toEqual({});
  });

  it('alerts.enabled false: no check', async () => {
    const config = configWith({ enabled: false });
    seedHistory(config);
    hooks.feed = rss(
      'Blog',
      Array.from({ length: 8 }, (_, i) => angry(i, 5 + i * 2)),
    );
    await crawlSource(config.sources[0]!, deps(config, { t: NOW.getTime() }));
    expect(listAlerts(db, { limit: 10 })).toEqual([]);
  });
});

describe('alerts configuration', () => {
  it.each([
    [{ minCount: 0 }, /alerts\.minCount/],
    [{ pValue: 0.5 }, /alerts\.pValue/],
    [{ treshold: 3 }, /alerts.*treshold/],
    [{ webhooks: ['not a url'] }, /alerts\.webhooks\[0\]/],
    [{ brands: ['bouygues'] }, /alerts\.brands\[0\]: not the id of a configured brand/],
    [{ timezone: 'Mars/Olympus' }, /alerts\.timezone.*IANA/],
    [{ searches: [{}] }, /alerts\.searches\[0\].*give search, savedSearch or both/],
    [{ searches: [{ search: 'panne AND (' }] }, /alerts\.searches\[0\]\.search/],
    [{ searches: [{ search: 'panne', brand: 'sfr' }] }, /alerts\.searches\[0\].*brand/],
  ])('%j is refused, naming the field', (alerts, message) => {
    expect(() => parseConfig({ brands: testBrands, alerts })).toThrow(ConfigError);
    expect(() => parseConfig({ brands: testBrands, alerts })).toThrow(message);
  });
  it('has defaults for everything', () => {
    expect(parseConfig({}).alerts).toMatchObject({
      enabled: true,
      minCount: 5,
      pValue: 1e-5,
      lookbackHours: 3,
      webhooks: [],
    });
  });
});
