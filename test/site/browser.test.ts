import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.repository.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { chromiumOrSkip, launchChromium } from '../helpers/chromium.js';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';

// A reader in a real browser (Debian's headless Chromium): from the home page to an issue,
// its neighbours, the archive and a feed, and a draft's preview link before and after
// publishing. .ci/run installs chromium; without it these tests are skipped.

describe.skipIf(!chromiumOrSkip('browser tests'))('the public site in a browser', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let previewPath: string;
  let token: string;

  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linkletter-browser-'));
    server = await startServer(testConfig({ port: 0, databasePath: path.join(dir, 'site.db') }), { logger: silentLogger });
    base = `http://127.0.0.1:${server.port}`;
    ({ secret: token } = await server.ctx.transact((trx) => createToken(trx, { name: 'browser', role: 'editor', now: new Date() })));
    await api('PUT', '/v1/newsletter', { ...DESIGN_NEWSLETTER, baseUrl: base });
    for (const [i, subject] of ['First', 'Second', 'Third'].entries()) {
      await api('POST', '/v1/links', { url: `https://example.com/${i}`, title: `Link ${i}`, blurb: 'Worth it.' });
      await api('POST', '/v1/issues', { date: `2026-01-0${i + 1}`, subject });
      await api('POST', `/v1/issues/${i + 1}/assemble`, {});
      await api('POST', `/v1/issues/${i + 1}/publish`);
    }
    await api('POST', '/v1/links', { url: 'https://example.com/draft', title: 'Still a draft', blurb: 'Soon.' });
    await api('POST', '/v1/issues', { date: '2026-01-09', subject: 'Next week' });
    await api('POST', '/v1/issues/4/assemble', {});
    ({ path: previewPath } = await api('POST', '/v1/issues/4/preview'));
    browser = await launchChromium(dir);
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Clicks the link with this text and waits for the page it leads to. */
  async function follow(text: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForNavigation(),
      // Runs in the page; this project's types have no DOM, so the page's globals are reached untyped.
      page.evaluate((t) => {
        const doc = (globalThis as any).document;
        const link = [...doc.querySelectorAll('a')].find((a: { textContent: string | null }) => a.textContent?.includes(t));
        if (!link) throw new Error(`no link "${t}" on ${doc.location.pathname}`);
        link.click();
      }, text),
    ]);
    return response?.status() ?? 0;
  }

  const heading = () => page.$eval('h1', (h) => h.textContent ?? '');

  it('goes from the home page to an issue, its neighbours, the archive and a feed without a dead end', async () => {
    const home = await page.goto(`${base}/`);
    expect(home?.status()).toBe(200);
    expect(await heading()).toBe(DESIGN_NEWSLETTER.name);
    expect(await follow('#3 — Third')).toBe(200);
    expect(await heading()).toBe('Third');
    expect(await follow('← Issue 2')).toBe(200);
    expect(await heading()).toBe('Second');
    expect(await follow('Issue 3 →')).toBe(200);
    expect(await follow('Archive')).toBe(200);
    expect(await page.$$eval('ul.issues li', (items) => items.length)).toBe(3);
    const feeds = await page.$$eval('link[rel="alternate"]', (links) => links.map((l) => l.getAttribute('type')));
    expect(feeds).toEqual(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
    const feed = await page.goto(await page.$eval('footer a', (a) => (a as unknown as { href: string }).href));
    expect(feed?.status()).toBe(200);
    expect(feed?.headers()['content-type']).toMatch(/^application\/rss\+xml/);
    const missing = await page.goto(`${base}/issues/99`);
    expect(missing?.status()).toBe(404);
    expect(await follow('Home')).toBe(200);
  });

  it('shows a draft through its preview link, and not after it is published', async () => {
    const res = await page.goto(`${base}${previewPath}`);
    expect(res?.status()).toBe(200);
    expect(await page.$eval('.draft-banner', (p) => p.textContent)).toContain('Draft preview');
    expect(await page.$eval('meta[name="robots"]', (m) => m.getAttribute('content'))).toBe('noindex, nofollow');
    expect(await page.content()).toContain('Still a draft');
    await api('POST', '/v1/issues/4/publish');
    const after = await page.reload();
    expect(after?.status()).toBe(404);
  });
});
