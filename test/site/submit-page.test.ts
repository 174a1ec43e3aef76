import { HtmlValidate } from 'html-validate';
import { parse } from 'parse5';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { attr, elements, textContent, type Element } from '../helpers/html.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

// The submission form as a reader meets it: GET /submit (prefilled from a bookmarklet's
// query), a form post answered with the receipt page, or with the form again saying what to
// fix, and the receipt page in each state its link can be in.

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.9', ...BROWSER };

async function app(overrides: Partial<Config> = {}): Promise<TestApp> {
  t = await createTestApp({ trustProxy: 1, ...overrides });
  expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
  return t;
}

const get = (path: string) => t.request('GET', path, { token: null, headers: BROWSER });
const post = (fields: Record<string, string>) => t.request('POST', '/v1/submissions', { token: null, headers: FORM, body: new URLSearchParams(fields).toString() });

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
async function expectValidHtml(html: string, page: string): Promise<void> {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
  expect(messages, page).toEqual([]);
}

const byId = (html: string, id: string): Element | undefined => elements(parse(html)).find((el) => attr(el, 'id') === id);
const valueOf = (html: string, id: string) => {
  const el = byId(html, id);
  return el?.tagName === 'textarea' ? textContent(el) : el && attr(el, 'value');
};
const scripts = (html: string) => elements(parse(html)).filter((el) => el.tagName === 'script');

/** A form post with good fields: 303 to the receipt page; its path. */
async function submitted(fields: Record<string, string>): Promise<string> {
  const res = await post(fields);
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/submissions\/[A-Za-z0-9_-]{43}$/);
  return location;
}

const statusOf = (html: string) => {
  const p = elements(parse(html)).find((el) => attr(el, 'class') === 'status');
  return { status: p && attr(p, 'data-status'), text: p ? textContent(p) : '' };
};

describe('GET /submit', () => {
  it('is a form posting to the API without JavaScript: the fields, the sections, the hidden honeypot and a bookmarklet', async () => {
    await app();
    const res = await get('/submit');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    const html = await res.text();
    const form = elements(parse(html)).find((el) => el.tagName === 'form')!;
    expect([attr(form, 'method'), attr(form, 'action')]).toEqual(['post', '/v1/submissions']);
    const names = elements(form).filter((el) => ['input', 'textarea', 'select'].includes(el.tagName)).map((el) => attr(el, 'name'));
    expect(names).toEqual(['url', 'title', 'note', 'name', 'email', 'section', 'website']);
    expect(attr(byId(html, 'f-url')!, 'required')).toBe('');
    const options = elements(byId(html, 'f-section')!).filter((el) => el.tagName === 'option').map((o) => attr(o, 'value'));
    expect(options).toEqual(['', 'Highlights', 'Tools']);
    const honeypot = byId(html, 'f-website')!;
    expect([attr(honeypot, 'tabindex'), attr(honeypot, 'autocomplete'), attr(honeypot, 'value')]).toEqual(['-1', 'off', '']);
    expect(html).toMatch(/<p class="hp"><label for="f-website">Leave empty<\/label>/);
    expect(html).toMatch(/\.hp\{position:absolute;left:-10000px/);
    expect(scripts(html)).toEqual([]);
    const bookmarklet = elements(parse(html)).find((el) => attr(el, 'class') === 'bookmarklet')!;
    expect(attr(bookmarklet, 'href')).toBe(
      'javascript:(function(){location.href="https://news.example.org/submit?url="+encodeURIComponent(location.href)+\'&title=\'+encodeURIComponent(document.title)})()',
    );
    await expectValidHtml(html, '/submit');
  });

  it('is linked from the home page and from every page’s navigation', async () => {
    await app();
    const home = await (await get('/')).text();
    const links = elements(parse(home)).filter((el) => el.tagName === 'a').map((a) => attr(a, 'href'));
    expect(links.filter((href) => href === '/submit')).toHaveLength(2);
    expect(await (await get('/issues')).text()).toContain('<a href="/submit">Submit a link</a></nav>');
  });

  it('prefills from ?url=&title=, escaped; a value it cannot use is left out, and no query is refused', async () => {
    await app();
    const hostile = '"><script>alert(1)</script>';
    const res = await get(`/submit?url=${encodeURIComponent('https://example.com/a?b=1&c="x"')}&title=${encodeURIComponent(hostile)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(valueOf(html, 'f-url')).toBe('https://example.com/a?b=1&c="x"');
    expect(valueOf(html, 'f-title')).toBe(hostile);
    await expectValidHtml(html, '/submit with a prefill');

    const long = `https://example.com/${'a'.repeat(2100)}`;
    const cases: [string, string | undefined, string | undefined][] = [
      ['url=javascript:alert(1)&title=%E2%80%AEevil%0A%20line', undefined, 'evil line'],
      [`url=${long}&title=${'t'.repeat(400)}`, undefined, 't'.repeat(300)],
      ['url=https://a.example/1&url=https://b.example/2&title=One&title=Two', 'https://a.example/1', 'One'],
      ['url=%ZZ&title=%E0%A4%A&%=&=&&', undefined, '%E0%A4%A'],
      ['url=https://exa mple.com/&title=%00', undefined, undefined],
    ];
    for (const [query, url, title] of cases) {
      const page = await get(`/submit?${query}`);
      expect(page.status, query).toBe(200);
      const body = await page.text();
      expect([valueOf(body, 'f-url'), valueOf(body, 'f-title')], query).toEqual([url ?? '', title ?? '']);
    }
  });

  it('with proof of work on, carries the hidden fields, the same-origin script and a line for readers without JavaScript', async () => {
    await app({ submissionPowBits: 8 });
    const res = await get('/submit?url=https://example.com/pow');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(scripts(html).map((s) => [attr(s, 'src'), textContent(s)])).toEqual([['/submit.js', '']]);
    expect(html).toContain('<input type="hidden" name="pow_challenge" value=""><input type="hidden" name="pow_solution" value="">');
    expect(html).toMatch(/<noscript><p class="problem">This form needs JavaScript/);
    await expectValidHtml(html, '/submit with proof of work');
    const script = await t.request('GET', '/submit.js', { token: null });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(source).toContain("fetch('/v1/submissions/challenge'");
    expect(source).toContain("crypto.subtle.digest('SHA-256'");
    expect(source).toContain('Working…');
  });
});

describe('a form post', () => {
  it('with good fields is answered 303 to the receipt page, which says pending', async () => {
    await app();
    const receipt = await submitted({ url: 'https://example.com/form', title: 'A form', note: 'Read it', name: '', email: '', section: 'Tools', website: '' });
    const res = await get(receipt);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const html = await res.text();
    expect(statusOf(html)).toEqual({ status: 'pending', text: 'Pending. The editors have not looked at it yet.' });
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<dd class="url">https://example.com/form</dd>');
    expect(html).toContain('<a href="/submit">Submit another link</a>');
    await expectValidHtml(html, 'receipt pending');
  });

  it('with an invalid email is answered 422 with the form again: the values refilled, escaped, and the message by the field', async () => {
    await app();
    const hostile = '</textarea><script>alert(1)</script>';
    const res = await post({ url: 'https://example.com/x', title: '"><b>bold', note: hostile, email: 'not-an-email', section: 'Tools', website: '' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect([valueOf(html, 'f-url'), valueOf(html, 'f-title'), valueOf(html, 'f-note'), valueOf(html, 'f-email')]).toEqual(['https://example.com/x', '"><b>bold', hostile, 'not-an-email']);
    expect(html).toContain('<option value="Tools" selected>Tools</option>');
    expect(textContent(byId(html, 'f-email-error')!)).toBe('Must be an email address.');
    expect(attr(byId(html, 'f-email')!, 'aria-invalid')).toBe('true');
    expect(attr(byId(html, 'f-email')!, 'aria-describedby')).toBe('f-email-hint f-email-error');
    expect(html).toContain('<li><a href="#f-email">Your email: Must be an email address.</a></li>');
    await expectValidHtml(html, 'the form again after a 422');
    // JSON clients keep problem+json.
    const json = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/x', email: 'nope' } });
    expect((await problemOf(json)).errors).toEqual([expect.objectContaining({ path: 'email' })]);
  });

  it('past the rate limit is answered 429 with the form again, its Retry-After and what to do', async () => {
    await app({ submissionRate: 1 });
    await submitted({ url: 'https://example.com/one' });
    const res = await post({ url: 'https://example.com/two', note: 'Again' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    const html = await res.text();
    expect(textContent(parse(html))).toMatch(/Not sent: too many links from here.*1 per minute\); try again in \d+ s\./s);
    expect(valueOf(html, 'f-note')).toBe('Again');
    await expectValidHtml(html, 'the form again after a 429');
  });

  it('that the form could not have sent (a field twice) is a 400 page; without JavaScript under proof of work, a 422 saying JavaScript is needed', async () => {
    await app({ submissionPowBits: 8 });
    const twice = await t.request('POST', '/v1/submissions', { token: null, headers: FORM, body: 'url=https://a.example/&url=https://b.example/' });
    expect(twice.status).toBe(400);
    const twiceHtml = await twice.text();
    expect(twiceHtml).toContain('This field arrived more than once.');
    await expectValidHtml(twiceHtml, 'the form again after a 400');
    const res = await post({ url: 'https://example.com/no-js', pow_challenge: '', pow_solution: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This form needs JavaScript to send a link');
    expect(valueOf(html, 'f-url')).toBe('https://example.com/no-js');
  });
});

describe('GET /submissions/{receipt}', () => {
  it('follows the link: approved, rejected with its public reason only, archived, published with a link to the issue, removed', async () => {
    await app();
    const reasons = { reasons: [{ code: 'spam', text: 'Looks like spam to us.', public: false }] };
    expect((await t.request('PUT', '/v1/moderation/reasons', { body: reasons })).status).toBe(200);
    const paths = [];
    for (const slug of ['a', 'b', 'c', 'd', 'e', 'f']) paths.push(await submitted({ url: `https://example.com/${slug}`, title: `<i>${slug}</i>` }));
    const links = (await (await t.request('GET', '/v1/links?status=pending')).json()).items as { id: number }[];
    const patch = (i: number, body: unknown) => t.request('PATCH', `/v1/links/${links[i]!.id}`, { body });
    // The one approved link goes into issue 1, published; then the others are decided.
    expect((await patch(4, { status: 'approved' })).status).toBe(200);
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'One' } })).status).toBe(201);
    expect((await t.request('POST', '/v1/issues/1/assemble', { body: {} })).status).toBe(200);
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    expect((await patch(0, { status: 'approved', reason: { text: 'Great <find>.', public: true } })).status).toBe(200);
    expect((await patch(1, { status: 'rejected', reason: { text: 'Paywalled <sadly>.', public: true } })).status).toBe(200);
    expect((await patch(2, { status: 'rejected', reason: { code: 'spam' } })).status).toBe(200);
    expect((await patch(3, { status: 'archived' })).status).toBe(200);
    expect((await t.request('DELETE', `/v1/links/${links[5]!.id}`)).status).toBe(204);

    const pages = await Promise.all(paths.map(async (p) => (await get(p)).text()));
    expect(pages.map((html) => statusOf(html).status)).toEqual(['approved', 'rejected', 'rejected', 'archived', 'published', 'removed']);
    expect(pages[0]).toContain('The editors’ reason: Great &lt;find&gt;.');
    expect(pages[1]).toContain('The editors’ reason: Paywalled &lt;sadly&gt;.');
    expect(pages[2]).not.toContain('reason');
    expect(pages[2]).not.toContain('spam');
    expect(statusOf(pages[4]!).text).toBe('Published. It is in issue 1.');
    expect(pages[4]).toContain('<a href="/issues/1">issue 1</a>');
    expect(statusOf(pages[5]!).text).toBe('Removed. The editors removed this link.');
    for (const [i, html] of pages.entries()) {
      expect(html).not.toContain('<i>');
      await expectValidHtml(html, `receipt ${statusOf(html).status} (${i})`);
    }
  });

  it('answers an unknown or malformed receipt with the site’s 404 page (problem+json for API clients)', async () => {
    await app();
    for (const receipt of ['A'.repeat(43), 'short', 'x'.repeat(500), '%3Cscript%3E']) {
      const res = await get(`/submissions/${receipt}`);
      expect(res.status, receipt).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      const html = await res.text();
      expect(html).toContain('There is no submission with this receipt.');
      await expectValidHtml(html, `404 for ${receipt.slice(0, 10)}`);
    }
    const api = await t.request('GET', `/submissions/${'A'.repeat(43)}`, { token: null, headers: { accept: 'application/json' } });
    expect((await problemOf(api)).status).toBe(404);
  });
});
