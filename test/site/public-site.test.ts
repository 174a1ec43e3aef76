import { HtmlValidate } from 'html-validate';
import { parse } from 'parse5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { attr, elements, textContent } from '../helpers/html.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// The public site as a reader meets it: a home page, the archive, issues with their
// neighbours, feeds, and a page of the site (not JSON) when something is missing.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const get = (path: string, headers: Record<string, string> = BROWSER) => t.request('GET', path, { token: null, headers });

async function publishIssues(subjects: string[]): Promise<void> {
  expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
  for (const [i, subject] of subjects.entries()) {
    await t.createLink({ url: `https://example.com/${i}`, title: `Link ${i}`, blurb: 'A blurb.' });
    expect((await t.request('POST', '/v1/issues', { body: { date: `2026-01-0${i + 1}`, subject } })).status).toBe(201);
    expect((await t.request('POST', `/v1/issues/${i + 1}/assemble`, { body: {} })).status).toBe(200);
    expect((await t.request('POST', `/v1/issues/${i + 1}/publish`)).status).toBe(200);
  }
}

const links = (html: string) => elements(parse(html)).filter((el) => el.tagName === 'a').map((a) => attr(a, 'href')!);
const headLinks = (html: string) =>
  elements(parse(html))
    .filter((el) => el.tagName === 'link')
    .map((l) => `${attr(l, 'rel')} ${attr(l, 'type')} ${attr(l, 'href')}`);

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
async function expectValidHtml(html: string, page: string): Promise<void> {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
  expect(messages, page).toEqual([]);
}

describe('the public site', () => {
  it('has a home page with the newsletter, its latest issues and how to subscribe', async () => {
    await publishIssues(['First', 'Second', 'Third']);
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(textContent(parse(html))).toContain(DESIGN_NEWSLETTER.name);
    expect(html).toContain('<a href="/issues/3">#3 — Third</a>');
    expect(links(html)).toEqual(expect.arrayContaining(['/issues/2', '/issues/1', '/issues', 'https://news.example.org/feed.xml']));
    expect(headLinks(html)).toEqual([
      'icon image/svg+xml /favicon.svg',
      'alternate application/rss+xml https://news.example.org/feed.xml',
      'alternate application/atom+xml https://news.example.org/feed.atom',
      'alternate application/feed+json https://news.example.org/feed.json',
    ]);
  });

  it('says so on the home page when nothing is published yet, and still links the archive and feeds', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain('No issues have been published yet.');
    expect(links(html)).toEqual(expect.arrayContaining(['/', '/issues', 'http://127.0.0.1:8787/feed.xml']));
  });

  it('links every issue page to the one before and after it, home, the archive and the feeds', async () => {
    await publishIssues(['First', 'Second', 'Third']);
    const middle = await (await get('/issues/2')).text();
    expect(middle).toContain('<a href="/issues/1" rel="prev">');
    expect(middle).toContain('<a href="/issues/3" rel="next">');
    expect(links(middle)).toEqual(expect.arrayContaining(['/', '/issues', 'https://news.example.org/feed.xml']));
    expect(headLinks(middle)).toContain('alternate application/rss+xml https://news.example.org/feed.xml');
    const first = await (await get('/issues/1')).text();
    expect(first).not.toContain('rel="prev"');
    const last = await (await get('/issues/3')).text();
    expect(last).not.toContain('rel="next"');
  });

  it('leaves no dead end: every link from the home page leads to a page that answers 200', async () => {
    await publishIssues(['First', 'Second']);
    const seen = new Set<string>();
    const queue = ['/'];
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await get(path);
      expect(res.status, path).toBe(200);
      if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
      const html = await res.text();
      for (const href of [...links(html), ...headLinks(html).map((l) => l.split(' ')[2]!)]) {
        const local = href.startsWith('https://news.example.org') ? href.slice('https://news.example.org'.length) : href;
        if (local.startsWith('/')) queue.push(local);
      }
    }
    expect([...seen].sort()).toEqual(['/', '/favicon.svg', '/feed.atom', '/feed.json', '/feed.xml', '/issues', '/issues/1', '/issues/2', '/submit']);
  });

  it('answers a browser with an HTML 404 page that leads back, and API clients with problem+json', async () => {
    for (const path of ['/nothing-here', '/issues/99']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=UTF-8');
      const html = await res.text();
      expect(links(html)).toEqual(expect.arrayContaining(['/', '/issues']));
      await expectValidHtml(html, `404 ${path}`);
      const api = await get(path, { accept: 'application/json' });
      expect(api.headers.get('content-type')).toBe('application/problem+json');
    }
    // The API keeps problem+json whatever the client asks for.
    expect((await get('/v1/nothing')).headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves pages that pass html-validate’s recommended rules', async () => {
    await expectValidHtml(await (await get('/')).text(), 'empty home');
    await expectValidHtml(await (await get('/issues')).text(), 'empty archive');
    await publishIssues(['First', 'Second', 'Third']);
    for (const path of ['/', '/issues', '/issues/1', '/issues/2', '/issues/3']) await expectValidHtml(await (await get(path)).text(), path);
    await expectValidHtml(await (await t.request('GET', '/v1/issues/2.html')).text(), '/v1/issues/2.html');
  });
});
