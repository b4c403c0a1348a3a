// The API reference at /docs in a real browser (Debian's Chromium, playwright-core): Swagger
// UI loads from this server, renders every operation of /openapi.json, and "Try it out" runs
// a request against the server; nothing is requested outside it and the CSP is never broken.
// A screenshot goes to test-artifacts/docs/ (gitignored).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { type Served, serve } from '../../src/api/server.ts';
import { fixtureDb } from '../api/fixture.ts';
import { ROOT } from '../helpers/cli.ts';
import { NOW } from '../store/make.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`skipping the API reference's browser test: ${CHROMIUM} is absent`);
}
const ARTIFACTS = join(ROOT, 'test-artifacts', 'docs');

describe.skipIf(!hasChromium)('the API reference in Chromium', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serve(createApp({ db: fixtureDb(), now: () => NOW, anonymousRead: true }), {
      port: 0,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders every operation of the document', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const count = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.opblock');
    expect(await page.locator('.opblock').count()).toBe(count);
    await expect(page.locator('.info .title').textContent()).resolves.toContain('grogne API');
    await page.screenshot({ path: join(ARTIFACTS, 'reference.png'), fullPage: false });
  }, 60_000);

  it('runs a request from the page against this server', async () => {
    const op = page.locator('#operations-brands-getV1Brands');
    await op.locator('.opblock-summary').click();
    await op.locator('button.try-out__btn').click();
    const answer = page.waitForResponse((r) => r.url() === `${server.url}/v1/brands`);
    await op.locator('button.execute').click();
    expect((await answer).status()).toBe(200);
    await expect(
      op.locator('.live-responses-table tr.response .response-col_status').first().textContent(),
    ).resolves.toContain('200');
    await page.screenshot({ path: join(ARTIFACTS, 'try-it-out.png'), fullPage: false });
  }, 60_000);

  it('asked nothing of any other host, and broke no rule of its CSP', () => {
    expect(requested.length).toBeGreaterThan(4);
    const outside = requested.filter(
      (u) => !u.startsWith(`${server.url}/`) && !u.startsWith('data:'),
    );
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
