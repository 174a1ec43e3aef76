import MarkdownIt from 'markdown-it';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
  await t.createLink({ url: 'https://example.com/a', title: 'A', blurb: 'B.' });
});
afterEach(async () => {
  await t.close();
});

const md = async (n: number) => (await t.request('GET', `/v1/issues/${n}.md`)).text();

describe('an issue’s own greeting, intro, submission call and signoff', () => {
  it('replace the newsletter’s in that issue only; null uses the newsletter’s, an empty string leaves the block out', async () => {
    const created = await t.request('POST', '/v1/issues', {
      body: { date: '2026-01-02', subject: 'Special', greeting: 'Hello, special readers,', intro: 'This one is **different**.', signoff: '' },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ greeting: 'Hello, special readers,', intro: 'This one is **different**.', submissionCall: null, signoff: '' });
    const text = await md(1);
    expect(text).toContain('**Hello, special readers,**\n\nThis one is **different**.');
    expect(text).toContain(DESIGN_NEWSLETTER.submissionCall);
    expect(text).not.toContain(DESIGN_NEWSLETTER.intro);
    expect(text).not.toContain(DESIGN_NEWSLETTER.signoff);
    const html = await (await t.request('GET', '/v1/issues/1.html')).text();
    expect(html).toContain(new MarkdownIt().render('This one is **different**.').trim());

    // Back to the newsletter's intro with null; another issue never sees this one's texts.
    expect((await t.request('PATCH', '/v1/issues/1', { body: { intro: null } })).status).toBe(200);
    expect(await md(1)).toContain(DESIGN_NEWSLETTER.intro);
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'Plain' } })).status).toBe(201);
    const plain = await md(2);
    expect(plain).toContain(`**${DESIGN_NEWSLETTER.greeting}**`);
    expect(plain).toContain(DESIGN_NEWSLETTER.signoff);
  });

  it('are frozen with the issue when it is published, and never become the newsletter’s in the archive or feeds', async () => {
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S', intro: 'Only for issue one.' } })).status).toBe(201);
    expect((await t.request('POST', '/v1/issues/1/assemble', { body: {} })).status).toBe(200);
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    expect((await t.request('PATCH', '/v1/newsletter', { body: { intro: 'A later intro.' } })).status).toBe(200);
    expect(await md(1)).toContain('Only for issue one.');
    const archive = await (await t.request('GET', '/issues', { token: null })).text();
    expect(archive).toContain('A later intro.');
    expect(archive).not.toContain('Only for issue one.');
    const feed = await (await t.request('GET', '/feed.json', { token: null })).json();
    expect(feed.description).toBe('A later intro.');
    expect(feed.items[0].content_html).toContain('Only for issue one.');
  });
});
