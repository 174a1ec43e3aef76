import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { chromiumOrSkip, launchChromium } from '../helpers/chromium.js';

// A reader sending a link from a real browser (headless Chromium), to a real server on
// 127.0.0.1: with JavaScript off, from the home page through the form to the receipt page;
// and with proof of work on (SUBMISSION_POW_BITS), with the form's script solving it.

describe.skipIf(!chromiumOrSkip('submission browser tests'))('submitting a link in a browser', () => {
  let dir: string;
  let plain: RunningServer;
  let pow: RunningServer;
  let browser: Browser;

  const start = (name: string, overrides: Parameters<typeof testConfig>[0] = {}) =>
    startServer(testConfig({ port: 0, databasePath: path.join(dir, `${name}.db`), ...overrides }), { logger: silentLogger });
  const base = (server: RunningServer) => `http://127.0.0.1:${server.port}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linkletter-submit-browser-'));
    [plain, pow, browser] = await Promise.all([start('plain'), start('pow', { submissionPowBits: 8 }), launchChromium(dir)]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([plain?.stop(), pow?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page that records what the console says (a CSP refusal shows there). */
  async function newPage(): Promise<{ page: Page; console: string[] }> {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${String(e)}`));
    return { page, console: messages };
  }

  /** Submits the form on the page and waits for where it leads. */
  async function send(page: Page): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation({ timeout: 20_000 }), page.click('form.submit button[type="submit"]')]);
    return response?.status() ?? 0;
  }

  const receiptStatus = (page: Page) => page.$eval('p.status', (p) => [p.getAttribute('data-status'), p.textContent]);

  it('works with JavaScript off: from the home page to the form, sent, on the receipt page saying pending', async () => {
    const { page, console } = await newPage();
    await page.setJavaScriptEnabled(false);
    expect((await page.goto(`${base(plain)}/`))?.status()).toBe(200);
    const [form] = await Promise.all([page.waitForNavigation(), page.click('main a[href="/submit"]')]);
    expect(form?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/submit');
    await page.type('#f-url', 'https://example.com/from-the-browser');
    await page.type('#f-note', 'Found it <here>.');
    expect(await send(page)).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/submissions\/[A-Za-z0-9_-]{43}$/);
    expect(await receiptStatus(page)).toEqual(['pending', 'Pending. The editors have not looked at it yet.']);
    expect(await page.$eval('dd.url', (dd) => dd.textContent)).toBe('https://example.com/from-the-browser');
    const [row] = await plain.ctx.db.selectFrom('submissions').select(['url', 'note', 'dropped']).execute();
    expect(row).toEqual({ url: 'https://example.com/from-the-browser', note: 'Found it <here>.', dropped: 0 });
    expect(console).toEqual([]);
    await page.close();
  }, 30_000);

  it('with proof of work on and JavaScript on, solves the challenge in the page and lands on the receipt page', async () => {
    const { page, console } = await newPage();
    expect((await page.goto(`${base(pow)}/submit?url=${encodeURIComponent('https://example.com/worked')}&title=Worked`))?.status()).toBe(200);
    expect(await page.$eval('#f-url', (i) => (i as unknown as { value: string }).value)).toBe('https://example.com/worked');
    expect(await send(page)).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/submissions\//);
    expect((await receiptStatus(page))[0]).toBe('pending');
    // The server took the proof: one challenge spent, and the link is in the queue.
    expect(await pow.ctx.db.selectFrom('pow_used').select('nonce').execute()).toHaveLength(1);
    expect(await pow.ctx.db.selectFrom('links').select(['url', 'title', 'status']).execute()).toEqual([{ url: 'https://example.com/worked', title: 'Worked', status: 'pending' }]);
    expect(console).toEqual([]);
    await page.close();
  }, 30_000);

  it('with proof of work on and JavaScript off, says the form needs JavaScript, and a post without the proof is refused', async () => {
    const { page } = await newPage();
    await page.setJavaScriptEnabled(false);
    await page.goto(`${base(pow)}/submit`);
    expect(await page.$eval('form.submit', (f) => f.textContent)).toContain('This form needs JavaScript');
    await page.type('#f-url', 'https://example.com/no-script');
    expect(await send(page)).toBe(422);
    expect(await page.$eval('.problem[role="alert"]', (d) => d.textContent)).toContain('This form needs JavaScript to send a link');
    expect(await page.$eval('#f-url', (i) => (i as unknown as { value: string }).value)).toBe('https://example.com/no-script');
    await page.close();
  }, 30_000);
});
