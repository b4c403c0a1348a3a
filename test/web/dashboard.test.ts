// The dashboard in a real browser: Debian's Chromium, driven by playwright-core, on a real
// server over the crawled demo (plus a spike the alert check found). A user filters by brand,
// moves with the keyboard, opens a post and sees its evidence marked, is told a reader key
// cannot write, marks the post handled with an editor key (and the API has it), sees the
// spike alert and the trends, and everything the page loads comes from 127.0.0.1.
// Screenshots go to test-artifacts/dashboard/ (gitignored).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { CATEGORY_WORDS } from '../../src/digest/i18n.ts';
import { frenchReason } from '../../src/digest/reasons.ts';
import { kindOf, sayReason } from '../../src/web/client/reasons.ts';
import { bearer, makeKey } from '../api/fixture.ts';
import { ROOT } from '../helpers/cli.ts';
import { type DemoStore, demoStore } from './demo-store.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `skipping the dashboard's browser tests: ${CHROMIUM} is absent (apt-get install chromium)`,
  );
}
const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard');

/**
 * The page's globals, for the functions that run in the page (these tests type-check with
 * Node's library, not the DOM's). Functions, not strings: the page's CSP forbids eval.
 */
interface InPage {
  location: { hash: string };
  document: {
    querySelectorAll(selector: string): { length: number };
    activeElement: { blur(): void } | null;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
}
const hashHas = (page: Page, part: string, has = true) =>
  page.waitForFunction(
    ([p, h]) => (globalThis as unknown as InPage).location.hash.includes(p) === h,
    [part, has] as const,
  );
const rowsAre = (page: Page, n: number) =>
  page.waitForFunction(
    (count) =>
      (globalThis as unknown as InPage).document.querySelectorAll('.post-list li').length === count,
    n,
  );
const overflow = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as InPage;
    return w.document.documentElement.scrollWidth - w.innerWidth;
  });

interface ApiPost {
  id: string;
  brands: { id: string; reasons: string[]; spans: { reason: string }[] }[];
  analysis: {
    evidence: { text: string; reason: string }[];
    grievances: { evidence: { text: string; reason: string } }[];
  } | null;
  severity: { reasons: string[] } | null;
  reach: { reasons: string[] } | null;
  priority: { reasons: string[] } | null;
  feedback: {
    keyId: string | null;
    complaint?: boolean;
    sentiment?: string;
    target?: string | null;
    note?: string;
  }[];
  workflow: { handled: boolean; handledBy: { name: string | null } | null; notes: unknown[] };
}

/** Every reason of a post as the API gives it (English, as the analysis and scores wrote it). */
function reasonsOf(p: ApiPost): { score: string[]; brand: string[]; evidence: string[] } {
  return {
    score: [p.severity, p.reach, p.priority].flatMap((s) => s?.reasons ?? []),
    brand: p.brands.flatMap((b) => b.reasons),
    evidence: [
      ...(p.analysis?.evidence ?? []).map((e) => e.reason),
      ...(p.analysis?.grievances ?? []).map((g) => g.evidence.reason),
      ...p.brands.flatMap((b) => b.spans.map((s) => s.reason)),
    ],
  };
}

/** A reason still in the analysis' English: of a known kind, or a score's the digest knows. */
const english = (
  text: string,
  words: { num: (n: number) => string; category: (id: string) => string },
) => kindOf(text) !== null || frenchReason(text, words) !== null;

describe.skipIf(!hasChromium)('the dashboard in Chromium', () => {
  let store: DemoStore;
  let server: Served;
  let browser: Browser;
  let page: Page;
  let editor: string;
  let reader: string;
  const requested: string[] = [];

  const api = async <T>(path: string, key?: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { headers: key ? bearer(key) : {} });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const useKey = async (key: string, on: Page = page) => {
    await on.click('.key-status');
    await on.fill('input[name=apiKey]', key);
    await on.click('.key-form button[type=submit]');
  };
  const openPost = async (on: Page, id: string) => {
    await on.evaluate((h) => {
      (globalThis as unknown as InPage).location.hash = h;
    }, `#/post/${id}`);
    await on.waitForSelector(`.post-view[data-id="${id}"] .scores`);
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await demoStore(new Date());
    editor = makeKey(store.db, 'editor');
    reader = makeKey(store.db, 'reader');
    // A loopback server as `grogne serve` runs it by default: reads need no key.
    server = await serve(createApp({ db: store.db, anonymousRead: true }), { port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A missing element fails its step, named, before the test's own timeout.
    page.setDefaultTimeout(10_000);
    page.on('request', (r) => requested.push(r.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    store?.db.close();
  });

  it('lists the demo ranked, with the spike alert above it', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.post-list li');
    const ids = await page.$$eval('.post-list a', (as) => as.map((a) => a.getAttribute('data-id')));
    const ranked = await api<{ items: { id: string }[] }>('/v1/posts?limit=50');
    expect(ids).toEqual(ranked.items.map((p) => p.id));
    const banner = await page.textContent('.alerts-banner');
    expect(banner).toContain('SFR');
    expect(banner).toContain(`${store.alert.count} réclamations`);
    await shot('list');
  });

  it('filters by brand: the list is what the API gives for that brand', async () => {
    await page.selectOption('select[name=brand]', 'orange');
    await hashHas(page, 'brand=orange');
    const expected = await api<{ items: { id: string; brands: { id: string }[] }[] }>(
      '/v1/posts?brand=orange&limit=50',
    );
    expect(expected.items.length).toBeGreaterThan(0);
    expect(expected.items.every((p) => p.brands.some((b) => b.id === 'orange'))).toBe(true);
    const want = expected.items.map((p) => p.id);
    await rowsAre(page, want.length);
    const ids = await page.$$eval('.post-list a', (as) => as.map((a) => a.getAttribute('data-id')));
    expect(ids).toEqual(want);
    await shot('filtered-orange');
  });

  // The digest's "see all complaints" link (src/digest/select.ts moreUrl) opens this list.
  it("opens on a digest's link: the brand's complaints of its days, as the API lists them", async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${server.url}/#/?brand=sfr&complaint=true&since=2026-11-01&until=2026-11-30`);
      const expected = await api<{ items: { id: string; complaint: boolean | null }[] }>(
        '/v1/posts?brand=sfr&complaint=true&since=2026-11-01&until=2026-12-01&limit=50',
      );
      expect(expected.items.length).toBeGreaterThan(0);
      expect(expected.items.every((p) => p.complaint === true)).toBe(true);
      await rowsAre(tab, expected.items.length);
      const ids = await tab.$$eval('.post-list a', (as) =>
        as.map((a) => a.getAttribute('data-id')),
      );
      expect(ids).toEqual(expected.items.map((p) => p.id));
      expect(await tab.inputValue('select[name=complaint]')).toBe('true');
      // Not complaints: the other posts of the brand.
      await tab.selectOption('select[name=complaint]', 'false');
      await hashHas(tab, 'complaint=false');
      const others = await api<{ items: { id: string }[] }>(
        '/v1/posts?brand=sfr&complaint=false&since=2026-11-01&until=2026-12-01&limit=50',
      );
      await rowsAre(tab, others.items.length);
    } finally {
      await tab.close();
    }
  });

  it('opens a post from the keyboard: its evidence marked, its reasons in French', async () => {
    // The list of the previous test: Orange's posts, all from the crawled demo.
    const list = await api<{ items: { id: string }[] }>('/v1/posts?brand=orange&limit=50');
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    // Keys go to the page, not to the brand select that had the focus.
    await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.blur());
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const third = list.items[2]!.id;
    expect(await page.getAttribute('.post-list li.selected a', 'data-id')).toBe(third);
    await page.keyboard.press('Enter');
    await hashHas(page, `#/post/${third}`);
    await page.waitForSelector('.post-text mark.mark-evidence');
    const post = await api<ApiPost>(`/v1/posts/${third}`);
    const evidence = [
      ...post.analysis!.evidence,
      ...post.analysis!.grievances.map((g) => g.evidence),
    ].map((e) => e.text);
    const marked = await page.$$eval('.post-text mark.mark-evidence', (ms) =>
      ms.map((m) => m.textContent ?? ''),
    );
    expect(marked.length).toBeGreaterThan(0);
    // Each highlighted piece is (part of) an evidence span the API gives for this post.
    for (const m of marked)
      expect(
        evidence.some((e) => e.includes(m)),
        m,
      ).toBe(true);
    // The severity's reasons, said in French with the digest's words (src/digest/reasons.ts).
    const num = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format;
    const category = (id: string) => CATEGORY_WORDS.fr[id] ?? id;
    const shown = await page.$$eval('.score >> nth=0 >> .reasons li', (lis) =>
      lis.map((li) => li.textContent),
    );
    expect(shown).toEqual(
      post.severity!.reasons.map((r) => frenchReason(r, { num, category }) ?? r),
    );
    expect(shown.join(' ')).not.toMatch(/confidence|complaint/);
    await shot('post');
    await page.keyboard.press('Escape');
    await hashHas(page, '#/post/', false);
  });

  it('says every reason of every demo post in French: none is left in the analysis’ English', async () => {
    const num = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format;
    const words = { num, category: (id: string) => CATEGORY_WORDS.fr[id] ?? id };
    const { items } = await api<{ items: { id: string }[] }>('/v1/posts?limit=200');
    expect(items.length).toBeGreaterThan(50);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.post-list li');
    const kinds = new Set<string>();
    for (const { id } of items) {
      const post = await api<ApiPost>(`/v1/posts/${id}`);
      const raw = reasonsOf(post);
      // Every reason the API gives is of a kind the page knows how to say (else it would be
      // shown as written, in English).
      for (const r of [...raw.score, ...raw.brand, ...raw.evidence]) {
        expect(english(r, words), `${id}: "${r}" is of no known kind`).toBe(true);
        const k = kindOf(r);
        if (k) kinds.add(k.kind.id);
      }
      await openPost(page, id);
      const scores = await page.$$eval('.score .reasons li', (lis) =>
        lis.map((li) => li.textContent ?? ''),
      );
      const brands = await page.$$eval('.brand-reasons', (ss) =>
        ss.map((s) => s.textContent ?? ''),
      );
      const marks = await page.$$eval('.post-view mark[data-reason]', (ms) =>
        ms.flatMap((m) => (m.getAttribute('data-reason') ?? '').split(' · ')),
      );
      expect(scores, id).toHaveLength(raw.score.length);
      expect(brands.join(' ; ').split(' ; ').filter(Boolean), id).toHaveLength(raw.brand.length);
      const shown = [...scores, ...brands.flatMap((b) => b.split(' ; ')), ...marks];
      for (const text of shown) {
        expect(english(text, words), `${id}: "${text}" is shown in English`).toBe(false);
      }
      // The brands' reasons, one by one, as their kind says them in French.
      expect(brands.join(' ; '), id).toBe(
        post.brands
          .map((b) => b.reasons.map((r) => sayReason(r, 'fr', words)).join(' ; '))
          .join(' ; '),
      );
    }
    // The demo shows brand reasons and evidence of many kinds, not one or two.
    expect(kinds.size).toBeGreaterThan(12);
  }, 180_000);

  it('tells a reader it cannot write; an editor marks the post handled, and the API has it', async () => {
    const { items } = await api<{ items: { id: string }[] }>('/v1/posts?brand=sfr&limit=1');
    const id = items[0]!.id;
    // A fresh page (a hash change alone would keep the list's filters as they were).
    await page.goto(`${server.url}/#/post/${id}`);
    await page.reload();
    await page.waitForSelector('.workflow');
    // Without a key (a loopback server reads without one): read-only, said so.
    expect(await page.isDisabled('.handled-state button')).toBe(true);
    expect(await page.textContent('.workflow .readonly')).toContain('clé éditeur');
    await useKey(reader);
    // The badge is there without a key too: wait for the page to have read the reader key.
    await page.waitForSelector('.key-status:has-text("lecteur")');
    await page.waitForSelector('.workflow .readonly:has-text("clé lecteur")');
    expect(await page.$('.readonly-badge')).not.toBeNull();
    expect(await page.textContent('.workflow .readonly')).toContain('clé lecteur');
    expect(await page.isDisabled('.handled-state button')).toBe(true);
    await shot('reader-read-only');

    await useKey(editor);
    await page.waitForSelector('.handled-state button:not([disabled])');
    expect(await page.$('.readonly-badge')).toBeNull();
    await page.click('.handled-state button');
    await page.waitForSelector('.handled-state .badge.done');
    await page.fill('textarea[name=note]', 'client rappelé, geste commercial');
    await page.click('.workflow form:last-of-type button[type=submit]');
    await page.waitForSelector('.notes li');
    const stored = await api<ApiPost>(`/v1/posts/${id}`, editor);
    expect(stored.workflow.handled).toBe(true);
    expect(stored.workflow.notes).toHaveLength(1);
    await shot('handled');
    // The list shows it handled too.
    await page.click('a.back');
    await page.waitForSelector(`.post-list a[data-id="${id}"] .badge.done`);
  });

  it('lets any key say the analysis is wrong, not a page without one; the API has it', async () => {
    const { items } = await api<{ items: { id: string }[] }>('/v1/posts?brand=orange&limit=1');
    const id = items[0]!.id;
    // A new tab: no key in its sessionStorage.
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    tab.setDefaultTimeout(10_000);
    tab.on('request', (r) => requested.push(r.url()));
    try {
      await tab.goto(`${server.url}/`);
      await tab.waitForSelector('.post-list li');
      await openPost(tab, id);
      // Without a key the API refuses feedback (401): the form is not there.
      expect(await tab.$('.feedback-form')).toBeNull();
      // A reader key may give feedback, though not edit the workflow.
      await useKey(reader, tab);
      await tab.waitForSelector('.feedback-form');
      expect(await tab.isDisabled('.handled-state button')).toBe(true);
      expect(await tab.isDisabled('.feedback-form button[type=submit]')).toBe(true);
      await tab.selectOption('select[name=fbComplaint]', 'false');
      await tab.selectOption('select[name=fbTarget]', 'free');
      await tab.fill('textarea[name=fbNote]', 'ironie : le client est content de sa Livebox');
      await tab.click('.feedback-form button[type=submit]');
      await tab.waitForSelector('.feedback-given li');
      expect(await tab.textContent('.feedback .message')).toBe('Correction enregistrée.');
      const said = await tab.textContent('.feedback-given li');
      expect(said).toContain('pas une réclamation');
      expect(said).toContain('marque visée : Free');
      await tab.screenshot({ path: join(ARTIFACTS, 'feedback.png'), fullPage: true });

      const me = await api<{ key: { id: string } }>('/v1/me', reader);
      const stored = await api<ApiPost>(`/v1/posts/${id}`, reader);
      expect(stored.feedback).toEqual([
        expect.objectContaining({
          keyId: me.key.id,
          complaint: false,
          target: 'free',
          note: 'ironie : le client est content de sa Livebox',
        }),
      ]);
      // Fields left at "sans avis" are not sent.
      expect(stored.feedback[0]).not.toHaveProperty('sentiment');
      // Only what was chosen is sent: here the tone alone.
      await tab.selectOption('select[name=fbSentiment]', 'neutral');
      await tab.click('.feedback-form button[type=submit]');
      await tab.waitForSelector('.feedback-given li:nth-child(2)');
      const again = await api<ApiPost>(`/v1/posts/${id}`, reader);
      expect(again.feedback).toHaveLength(2);
      expect(again.feedback[1]).toMatchObject({ keyId: me.key.id, sentiment: 'neutral' });
      expect(again.feedback[1]).not.toHaveProperty('complaint');
      expect(again.feedback[1]).not.toHaveProperty('target');
      expect(await tab.textContent('.feedback-given li:nth-child(2)')).toContain('ton neutre');
      // "No brand aimed at" is an answer of its own, read back as such.
      await tab.selectOption('select[name=fbTarget]', '-none');
      await tab.click('.feedback-form button[type=submit]');
      await tab.waitForSelector('.feedback-given li:nth-child(3)');
      const third = (await api<ApiPost>(`/v1/posts/${id}`, reader)).feedback[2];
      expect(third).toMatchObject({ target: null });
      expect(await tab.textContent('.feedback-given li:nth-child(3)')).toContain(
        'aucune marque visée',
      );
    } finally {
      await tab.close();
    }
  });

  it('shows the spike alert, the trends with their spikes and the share of voice', async () => {
    await page.click('nav a[href="#/trends"]');
    await page.waitForSelector('li.alert[data-brand="sfr"]');
    await page.waitForSelector('figure.trend[data-brand="sfr"] canvas');
    // The brand with an alert comes first, marked as spiking.
    expect(await page.getAttribute('figure.trend >> nth=0', 'data-brand')).toBe('sfr');
    expect(await page.textContent('figure.trend[data-brand="sfr"] figcaption')).toContain('pic');
    const alertPosts = await page.$$eval('li.alert[data-brand="sfr"] li a', (as) => as.length);
    expect(alertPosts).toBe(Math.min(5, store.alert.postIds.length));
    const brands = await page.$$eval('.share-table tbody tr', (rs) => rs.length);
    expect(brands).toBe((await api<{ items: unknown[] }>('/v1/brands')).items.length);
    await shot('trends');
  });

  it('lists the sources with their health', async () => {
    await page.click('nav a[href="#/sources"]');
    await page.waitForSelector('table.sources tbody tr');
    const rows = await page.$$eval('table.sources tbody tr', (rs) =>
      rs.map((r) => [r.getAttribute('data-source'), r.querySelector('.health')?.textContent]),
    );
    const sources = await api<{ items: { id: string }[] }>('/v1/sources');
    expect(rows.map((r) => r[0])).toEqual(sources.items.map((s) => s.id));
    // The crawled demo sources are healthy; the forum added over the API was never fetched.
    expect(Object.fromEntries(rows)).toMatchObject({
      'demo-blog-consommateur': 'OK',
      'forum-panne': 'jamais lue',
    });
    await shot('sources');
  });

  it('speaks English on demand, and keeps it', async () => {
    await page.click('.lang button[lang="en"]');
    await page.waitForSelector('nav a[href="#/sources"]:text("Sources")');
    expect(await page.textContent('nav')).toContain('Complaints');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.waitForSelector('table.sources');
    expect(await page.textContent('h2#sources-title')).toBe('Sources and their health');
    // A post's reasons in English words too, each by its kind.
    const { items } = await api<{ items: { id: string }[] }>('/v1/posts?brand=orange&limit=1');
    const post = await api<ApiPost>(`/v1/posts/${items[0]!.id}`);
    await openPost(page, post.id);
    const num = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format;
    const words = { num, category: (id: string) => CATEGORY_WORDS.en[id] ?? id };
    expect(await page.$$eval('.brand-reasons', (ss) => ss.map((s) => s.textContent))).toEqual(
      post.brands.map((b) => b.reasons.map((r) => sayReason(r, 'en', words)).join(' ; ')),
    );
    expect(await page.textContent('.post-view')).toContain('Scores and their reasons');
    await page.click('nav a[href="#/sources"]');
    await page.waitForSelector('table.sources');
    await page.click('.lang button[lang="fr"]');
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    phone.on('request', (r) => requested.push(r.url()));
    await phone.goto(`${server.url}/`);
    await phone.waitForSelector('.post-list li');
    const wider = await overflow(phone);
    expect(wider).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-list.png'), fullPage: false });
    await phone.click('.post-list li:first-child a');
    await phone.waitForSelector('.post-text');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-post.png'), fullPage: false });
    await phone.close();
  });

  it('asks for a key where the server requires one, and reads with it', async () => {
    // The same store behind a server with api.auth "required": nothing reads without a key.
    const strict = await serve(createApp({ db: store.db, anonymousRead: false }), { port: 0 });
    const tab = await browser.newPage();
    tab.setDefaultTimeout(10_000);
    tab.on('request', (r) => requested.push(r.url()));
    try {
      await tab.goto(`${strict.url}/`);
      await tab.waitForSelector('.key-form');
      expect(await tab.textContent('.key-form')).toContain('demande une clé');
      expect(await tab.$('.post-list li')).toBeNull();
      await tab.fill('input[name=apiKey]', 'grg_not-a-key');
      await tab.click('.key-form button[type=submit]');
      await tab.waitForSelector('.key-form .error >> text=Clé refusée');
      await tab.fill('input[name=apiKey]', reader);
      await tab.click('.key-form button[type=submit]');
      await tab.waitForSelector('.post-list li');
      expect(await tab.textContent('.key-status')).toContain('lecteur');
      await tab.screenshot({ path: join(ARTIFACTS, 'key-required.png') });
    } finally {
      await tab.close();
      await strict.close();
    }
  });

  it('made no request outside 127.0.0.1', () => {
    expect(requested.length).toBeGreaterThan(10);
    const outside = requested.filter((u) => {
      if (u.startsWith('data:')) return false;
      return new URL(u).hostname !== '127.0.0.1';
    });
    expect(outside).toEqual([]);
  });
});
