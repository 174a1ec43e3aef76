import { HtmlValidate } from 'html-validate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
  await t.createLink({ url: 'https://example.com/a', title: 'A link worth reading', blurb: 'Why.' });
  expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'Coming soon' } })).status).toBe(201);
  expect((await t.request('POST', '/v1/issues/1/assemble', { body: {} })).status).toBe(200);
});
afterEach(async () => {
  await t.close();
});

const BROWSER = { accept: 'text/html' };
const open = (path: string) => t.request('GET', path, { token: null, headers: BROWSER });

async function preview(body?: unknown): Promise<{ url: string; path: string; expiresAt: string }> {
  const res = await t.request('POST', '/v1/issues/1/preview', body === undefined ? {} : { body });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

describe('draft preview links', () => {
  it('show the draft to anyone holding the link, marked as a draft and not indexed', async () => {
    const link = await preview();
    expect(link.url).toBe(`https://news.example.org${link.path}`);
    expect(link.path).toMatch(/^\/preview\/[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBe(new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
    const res = await open(link.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('Draft preview');
    expect(html).toContain('A link worth reading');
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
    // Edits show up in the same link: it previews the draft as it is now.
    expect((await t.request('PATCH', '/v1/issues/1', { body: { subject: 'Coming sooner' } })).status).toBe(200);
    expect(await (await open(link.path)).text()).toContain('Coming sooner');
  });

  it('stop working when they expire, when revoked, and when the issue is published', async () => {
    const short = await preview({ days: 1 });
    t.clock.advance(86_400_000 + 1);
    expect((await open(short.path)).status).toBe(404);

    const revoked = await preview();
    expect((await t.request('DELETE', '/v1/issues/1/preview')).status).toBe(204);
    expect((await open(revoked.path)).status).toBe(404);
    expect((await t.request('DELETE', '/v1/issues/1/preview')).status).toBe(404);

    const replaced = await preview();
    const current = await preview();
    expect((await open(replaced.path)).status).toBe(404);
    expect((await open(current.path)).status).toBe(200);
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    const gone = await open(current.path);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^text\/html/);
    // A published issue is public already: no preview for it.
    expect((await t.request('POST', '/v1/issues/1/preview')).status).toBe(409);
  });

  it('answers 404 to a made-up token, and a submitter may not make one', async () => {
    expect((await open(`/preview/${'a'.repeat(43)}`)).status).toBe(404);
    expect((await open('/preview/short')).status).toBe(404);
    expect((await t.request('POST', '/v1/issues/1/preview', { token: t.tokens.submitter })).status).toBe(403);
  });
});
