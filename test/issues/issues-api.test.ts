import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse } from 'parse5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_MARKDOWN, DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ok(res: Response | Promise<Response>, status = 200): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${await r.text()}`);
  return r.headers.get('content-type')?.includes('json') ? r.json() : r.text();
}

/** DESIGN.md's example issue, built entirely through the API. */
async function buildDesignIssue(): Promise<{ number: number; links: Record<string, number> }> {
  await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
  const a = await t.createLink({ url: 'https://example.org/autovacuum', title: 'Autovacuum tuning', blurb: 'A field guide.', credit: { name: 'Bob', url: 'https://example.org/bob' }, section: 'Highlights' });
  const b = await t.createLink({ url: 'https://example.org/pgtool', title: 'pgtool', blurb: 'Inspect bloat.', section: 'Tools' });
  const c = await t.createLink({ url: 'https://example.org/notes', section: 'Tools' });
  const issue = await ok(
    t.request('POST', '/v1/issues', {
      body: { date: '2025-03-07', subject: 'Vacuuming the warehouse', quote: { text: 'Measure twice, migrate once.', author: 'Ada Lovelace', url: 'https://example.org/ada' } },
    }),
    201,
  );
  await ok(
    t.request('PUT', `/v1/issues/${issue.number}/sections`, {
      body: [
        { name: 'Highlights', featured: true, items: [{ linkId: a.id }] },
        { name: 'Tools', featured: false, items: [{ linkId: b.id }, { linkId: c.id, markdown: 'Read [the release notes](https://example.org/notes) before upgrading.' }] },
      ],
    }),
  );
  return { number: issue.number, links: { a: a.id, b: b.id, c: c.id } };
}

describe('newsletter settings', () => {
  it('has sensible defaults on a new database', async () => {
    const settings = await ok(t.request('GET', '/v1/newsletter'));
    expect(settings).toMatchObject({ name: expect.any(String), signoff: expect.any(String), baseUrl: expect.stringMatching(/^https?:\/\//) });
    expect(settings.sections.length).toBeGreaterThan(0);
  });

  it('replaces the settings, trimming the base URL’s trailing slash', async () => {
    const saved = await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
    expect(saved).toEqual({ ...DESIGN_NEWSLETTER, baseUrl: 'https://news.example.org' });
  });

  it('rejects a bad base URL, duplicate sections and unknown fields with 422', async () => {
    const res = await t.request('PUT', '/v1/newsletter', {
      body: { ...DESIGN_NEWSLETTER, baseUrl: 'javascript:alert(1)', sections: [{ name: 'A' }, { name: 'A' }], colour: 'red' },
    });
    expect(res.status).toBe(422);
    const paths = (await problemOf(res)).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['baseUrl', 'sections.1.name', 'colour']));
  });
});

describe('issues', () => {
  it('numbers issues 1, 2, … with the default sections, empty', async () => {
    const first = await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/v1/issues/1');
    const body = await first.json();
    expect(body).toMatchObject({ number: 1, status: 'draft', publishedAt: null, note: null, quote: null });
    expect(body.sections).toEqual([
      { name: 'Highlights', featured: true, items: [] },
      { name: 'Links', featured: false, items: [] },
    ]);
    expect((await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'Two' } }), 201)).number).toBe(2);
  });

  it('validates dates and fields', async () => {
    const res = await t.request('POST', '/v1/issues', { body: { date: '2026-02-30', subject: '', number: 7 } });
    expect(res.status).toBe(422);
    const paths = (await problemOf(res)).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['date', 'subject', 'number']));
  });

  it('lists issues newest first with status filter and cursor', async () => {
    for (let i = 1; i <= 3; i++) await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: `S${i}` } }), 201);
    const page = await ok(t.request('GET', '/v1/issues?limit=2'));
    expect(page.items.map((i: { number: number }) => i.number)).toEqual([3, 2]);
    const next = await ok(t.request('GET', `/v1/issues?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`));
    expect(next.items.map((i: { number: number }) => i.number)).toEqual([1]);
    expect(next.nextCursor).toBeNull();
    expect((await ok(t.request('GET', '/v1/issues?status=published'))).items).toEqual([]);
  });

  it('renders DESIGN.md’s example to exactly its Markdown', async () => {
    const { number } = await buildDesignIssue();
    const res = await t.request('GET', `/v1/issues/${number}.md`);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await res.text()).toBe(DESIGN_MARKDOWN);
    const again = await (await t.request('GET', `/v1/issues/${number}`, { headers: { accept: 'text/markdown' } })).text();
    expect(again).toBe(DESIGN_MARKDOWN);
  });

  it('serves JSON with resolved items, and HTML by suffix or Accept', async () => {
    const { number, links } = await buildDesignIssue();
    const json = await ok(t.request('GET', `/v1/issues/${number}.json`));
    expect(json.sections[0].items[0]).toMatchObject({
      linkId: links.a,
      url: 'https://example.org/autovacuum',
      title: 'Autovacuum tuning',
      blurb: 'A field guide.',
      credit: { name: 'Bob', url: 'https://example.org/bob' },
      markdown: null,
    });
    expect(json.sections[1].items[1]).toMatchObject({ linkId: links.c, title: 'https://example.org/notes', markdown: expect.stringContaining('release notes') });
    const html = await t.request('GET', `/v1/issues/${number}`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toMatch(/^<!doctype html>/i);
    expect((await t.request('GET', `/v1/issues/${number}.html`)).status).toBe(200);
    expect((await t.request('GET', `/v1/issues/${number}.txt`)).status).toBe(400);
    expect((await t.request('GET', '/v1/issues/99.md')).status).toBe(404);
  });

  it('adds, moves, overrides and removes items', async () => {
    const issue = await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } }), 201);
    const a = await t.createLink({ url: 'https://example.com/a', title: 'A' });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'B' });
    await ok(t.request('POST', '/v1/issues/1/items', { body: { linkId: a.id, section: 'Links' } }), 201);
    let state = await ok(t.request('POST', '/v1/issues/1/items', { body: { linkId: b.id, section: 'Links', position: 0, title: 'Better B' } }), 201);
    expect(state.sections[1].items.map((i: { linkId: number; title: string }) => [i.linkId, i.title])).toEqual([
      [b.id, 'Better B'],
      [a.id, 'A'],
    ]);
    state = await ok(t.request('PATCH', `/v1/issues/1/items/${a.id}`, { body: { section: 'Highlights', blurb: 'Now featured' } }));
    expect(state.sections[0].items).toMatchObject([{ linkId: a.id, blurb: 'Now featured' }]);
    state = await ok(t.request('PATCH', `/v1/issues/1/items/${b.id}`, { body: { title: null } }));
    expect(state.sections[1].items[0].title).toBe('B');
    expect((await t.request('DELETE', `/v1/issues/1/items/${a.id}`)).status).toBe(204);
    expect((await t.request('DELETE', `/v1/issues/1/items/${a.id}`)).status).toBe(404);
    expect((await ok(t.request('GET', `/v1/links/${a.id}`))).issue).toBeNull();
    expect((await ok(t.request('GET', `/v1/links/${b.id}`))).issue).toBe(issue.number);
  });

  it('refuses pending, rejected, unknown and already-placed links, and unknown sections, clearly', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } }), 201);
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'Two' } }), 201);
    const pending = await t.createLink({ url: 'https://example.com/p', status: 'pending' });
    const rejected = await t.createLink({ url: 'https://example.com/r', status: 'rejected' });
    const good = await t.createLink({ url: 'https://example.com/g' });
    const add = (issue: number, linkId: number, section = 'Links') => t.request('POST', `/v1/issues/${issue}/items`, { body: { linkId, section } });

    expect((await add(1, pending.id)).status).toBe(409);
    expect((await add(1, rejected.id)).status).toBe(409);
    const unknown = await add(1, 999);
    expect(unknown.status).toBe(422);
    expect((await problemOf(unknown)).errors[0].path).toBe('linkId');
    const noSection = await add(1, good.id, 'Nope');
    expect(noSection.status).toBe(422);
    expect((await problemOf(noSection)).errors[0].path).toBe('section');

    await ok(add(1, good.id), 201);
    expect((await add(1, good.id)).status).toBe(409);
    const elsewhere = await add(2, good.id);
    expect(elsewhere.status).toBe(409);
    expect((await problemOf(elsewhere)).detail).toContain('issue 1');
    const layout = await t.request('PUT', '/v1/issues/2/sections', { body: [{ name: 'X', items: [{ linkId: good.id }] }] });
    expect(layout.status).toBe(409);
  });

  it('replaces the whole layout, freeing links left out, and validates it', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } }), 201);
    const a = await t.createLink({ url: 'https://example.com/a' });
    const b = await t.createLink({ url: 'https://example.com/b' });
    await ok(t.request('PUT', '/v1/issues/1/sections', { body: [{ name: 'Top', featured: true, items: [{ linkId: a.id }, { linkId: b.id }] }] }));
    const after = await ok(t.request('PUT', '/v1/issues/1/sections', { body: [{ name: 'Only', items: [{ linkId: b.id, title: 'T' }] }, { name: 'Empty' }] }));
    expect(after.sections).toMatchObject([
      { name: 'Only', featured: false, items: [{ linkId: b.id, title: 'T' }] },
      { name: 'Empty', featured: false, items: [] },
    ]);
    expect((await ok(t.request('GET', `/v1/links/${a.id}`))).issue).toBeNull();
    const dup = await t.request('PUT', '/v1/issues/1/sections', { body: [{ name: 'A', items: [{ linkId: a.id }] }, { name: 'A', items: [{ linkId: a.id }] }] });
    expect(dup.status).toBe(422);
    expect((await problemOf(dup)).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['1.name', '1.items.0.linkId']));
  });

  it('assembles approved links in no issue, oldest first, into their sections; twice adds nothing', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } }), 201);
    const a = await t.createLink({ url: 'https://example.com/a', section: 'Highlights', tags: ['db'] });
    const b = await t.createLink({ url: 'https://example.com/b', tags: ['db'] });
    const c = await t.createLink({ url: 'https://example.com/c', section: 'Tools' });
    await t.createLink({ url: 'https://example.com/p', status: 'pending' });
    const first = await ok(t.request('POST', '/v1/issues/1/assemble', { body: {} }));
    expect(first.added).toEqual([
      { linkId: a.id, section: 'Highlights' },
      { linkId: b.id, section: 'Links' },
      { linkId: c.id, section: 'Tools' },
    ]);
    expect(first.issue.sections.map((s: { name: string }) => s.name)).toEqual(['Highlights', 'Links', 'Tools']);
    const second = await ok(t.request('POST', '/v1/issues/1/assemble', { body: {} }));
    expect(second.added).toEqual([]);
  });

  it('assembles with tag, since and limit filters, and with no body at all', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } }), 201);
    await t.createLink({ url: 'https://example.com/old', tags: ['db'] });
    t.clock.advance(86_400_000);
    const newer = await t.createLink({ url: 'https://example.com/new', tags: ['db', 'perf'] });
    await t.createLink({ url: 'https://example.com/other' });
    const since = t.clock.now().toISOString().slice(0, 10);
    const byTag = await ok(t.request('POST', '/v1/issues/1/assemble', { body: { tags: ['db'], since } }));
    expect(byTag.added.map((x: { linkId: number }) => x.linkId)).toEqual([newer.id]);
    const limited = await ok(t.request('POST', '/v1/issues/1/assemble', { body: { limit: 1 } }));
    expect(limited.added).toHaveLength(1);
    const noBody = await ok(t.request('POST', '/v1/issues/1/assemble'));
    expect(noBody.added).toHaveLength(1);
  });

  it('never puts a link in two issues when assembles race', async () => {
    for (let i = 0; i < 3; i++) await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: `S${i}` } }), 201);
    for (let i = 0; i < 20; i++) await t.createLink({ url: `https://example.com/${i}` });
    const results = await Promise.all([1, 2, 3, 1, 2].map((n) => ok(t.request('POST', `/v1/issues/${n}/assemble`, { body: {} }))));
    const all = results.flatMap((r) => r.added.map((x: { linkId: number }) => x.linkId));
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
  });

  it('deletes a draft (freeing its links) but not a published issue, nor one reopened for a correction', async () => {
    const { number, links } = await buildDesignIssue();
    await ok(t.request('POST', `/v1/issues/${number}/publish`));
    expect((await t.request('DELETE', `/v1/issues/${number}`)).status).toBe(409);
    await ok(t.request('POST', `/v1/issues/${number}/unpublish`));
    expect((await t.request('DELETE', `/v1/issues/${number}`)).status).toBe(409);
    await ok(t.request('POST', '/v1/issues', { body: { date: '2025-03-21', subject: 'Never published' } }), 201);
    await ok(t.request('POST', '/v1/issues/2/items', { body: { linkId: links.a, section: 'Tools' } }), 201).catch(() => undefined);
    expect((await t.request('DELETE', '/v1/issues/2')).status).toBe(204);
  });
});

describe('check and publish', () => {
  it('reports an empty issue as an error and refuses to publish it', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S', quote: { text: 'Hm.' } } }), 201);
    const check = await ok(t.request('GET', '/v1/issues/1/check'));
    expect(check.ok).toBe(false);
    expect(check.errors.map((f: { code: string }) => f.code)).toEqual(['empty_issue']);
    expect(check.warnings.map((f: { code: string }) => f.code)).toContain('quote_without_author');
    const res = await t.request('POST', '/v1/issues/1/publish');
    expect(res.status).toBe(409);
    expect((await problemOf(res)).check.errors[0].code).toBe('empty_issue');
  });

  it('warns about URL titles, missing blurbs, failed fetches, empty sections and tracking parameters', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } }), 201);
    const bare = await t.createLink({ url: 'https://example.com/bare' });
    const md = await t.createLink({ url: 'https://example.com/md' });
    await t.ctx.transact((trx) => trx.updateTable('links').set({ enrichment_status: 'failed', enrichment_error: 'http 404' }).where('id', '=', bare.id).execute());
    await ok(t.request('PUT', '/v1/issues/1/sections', {
      body: [
        { name: 'A', items: [{ linkId: bare.id }, { linkId: md.id, markdown: 'See [x](https://example.com/x?utm_source=nl&id=2)' }] },
        { name: 'Empty' },
      ],
    }));
    const check = await ok(t.request('GET', '/v1/issues/1/check'));
    expect(check.ok).toBe(true);
    const codes = check.warnings.map((f: { code: string }) => f.code).sort();
    expect(codes).toEqual(['empty_section', 'enrichment_failed', 'no_blurb', 'title_is_url', 'tracking_params']);
    expect((await t.request('POST', '/v1/issues/1/publish?strict=true')).status).toBe(409);
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
  });

  it('errors when an item’s link is no longer approved', async () => {
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } }), 201);
    const a = await t.createLink({ url: 'https://example.com/a', title: 'A', blurb: 'B' });
    await ok(t.request('POST', '/v1/issues/1/items', { body: { linkId: a.id, section: 'Links' } }), 201);
    await ok(t.request('PATCH', `/v1/links/${a.id}`, { body: { status: 'rejected' } }));
    const check = await ok(t.request('GET', '/v1/issues/1/check'));
    expect(check.errors).toMatchObject([{ code: 'link_not_approved', linkId: a.id, section: 'Links' }]);
  });

  it('warns when a page already went out in an earlier published issue', async () => {
    const { number, links } = await buildDesignIssue();
    await ok(t.request('POST', `/v1/issues/${number}/publish`));
    // The published link moves to another URL, and a new link takes its old one.
    await ok(t.request('PATCH', `/v1/links/${links.b}`, { body: { url: 'https://example.org/pgtool-v2' } }));
    const again = await t.createLink({ url: 'https://example.org/pgtool', title: 'pgtool again', blurb: 'x' });
    await ok(t.request('POST', '/v1/issues', { body: { date: '2025-03-14', subject: 'Next' } }), 201);
    await ok(t.request('POST', '/v1/issues/2/items', { body: { linkId: again.id, section: 'Tools' } }), 201);
    const check = await ok(t.request('GET', '/v1/issues/2/check'));
    expect(check.warnings.filter((w: { code: string }) => w.code === 'already_published')).toMatchObject([
      { code: 'already_published', linkId: again.id, message: expect.stringContaining('issue 1') },
    ]);
  });

  it('freezes a published issue: link edits never change it and issue edits are 409', async () => {
    const { number, links } = await buildDesignIssue();
    const published = await ok(t.request('POST', `/v1/issues/${number}/publish`));
    expect(published).toMatchObject({ status: 'published', publishedAt: t.clock.now().toISOString() });
    await ok(t.request('PATCH', `/v1/links/${links.a}`, { body: { title: 'Changed', blurb: 'Changed too' } }));
    await ok(t.request('PUT', '/v1/newsletter', { body: { ...DESIGN_NEWSLETTER, signoff: 'Bye' } }));
    expect(await (await t.request('GET', `/v1/issues/${number}.md`)).text()).toBe(DESIGN_MARKDOWN);
    expect((await ok(t.request('GET', `/v1/issues/${number}`))).sections[0].items[0].title).toBe('Autovacuum tuning');
    for (const [method, path, body] of [
      ['PATCH', `/v1/issues/${number}`, { subject: 'x' }],
      ['PUT', `/v1/issues/${number}/sections`, []],
      ['POST', `/v1/issues/${number}/items`, { linkId: links.a, section: 'Tools' }],
      ['PATCH', `/v1/issues/${number}/items/${links.a}`, { title: 'x' }],
      ['DELETE', `/v1/issues/${number}/items/${links.a}`, undefined],
      ['POST', `/v1/issues/${number}/assemble`, {}],
      ['POST', `/v1/issues/${number}/publish`, undefined],
    ] as const) {
      const res = await t.request(method, path, body === undefined ? {} : { body });
      expect(res.status, `${method} ${path}`).toBe(409);
    }
    expect((await t.request('DELETE', `/v1/links/${links.a}`)).status).toBe(409);
  });

  it('lets an editor reopen a published issue for a correction: the draft renders live, the public keeps the published one', async () => {
    const { number, links } = await buildDesignIssue();
    const published = await ok(t.request('POST', `/v1/issues/${number}/publish`));
    expect((await t.request('POST', `/v1/issues/${number}/unpublish`, { token: t.tokens.submitter })).status).toBe(403);
    t.clock.advance(60_000);
    const draft = await ok(t.request('POST', `/v1/issues/${number}/unpublish`));
    expect(draft).toMatchObject({ status: 'draft', publishedAt: published.publishedAt });
    await ok(t.request('PATCH', `/v1/links/${links.b}`, { body: { blurb: 'Inspect bloat, fast.' } }));
    expect(await (await t.request('GET', `/v1/issues/${number}.md`)).text()).toContain('Inspect bloat, fast.');
    // While it is being corrected, readers still get the issue as published.
    const page = await (await t.request('GET', `/issues/${number}`, { token: null })).text();
    expect(page).not.toContain('Inspect bloat, fast.');
    expect(page).toContain('Inspect bloat.');
    expect((await t.request('POST', `/v1/issues/${number}/unpublish`)).status).toBe(409);
    // Published again: the correction is public, in its first place, with the time it was corrected.
    t.clock.advance(60_000);
    const corrected = await ok(t.request('POST', `/v1/issues/${number}/publish`));
    expect(corrected.publishedAt).toBe(published.publishedAt);
    expect(corrected.updatedAt > published.updatedAt).toBe(true);
    expect(await (await t.request('GET', `/issues/${number}`, { token: null })).text()).toContain('Inspect bloat, fast.');
  });
});

describe('untrusted text', () => {
  const HOSTILE = 'x](javascript:alert(1)) <script>alert(1)</script> ![i](https://evil.example/i.png)';

  it('renders hostile fetched titles and descriptions inert in Markdown, HTML and JSON', async () => {
    await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
    const link = await t.createLink({ url: 'https://example.com/evil' });
    await t.ctx.transact((trx) =>
      trx
        .updateTable('links')
        .set({ metadata: JSON.stringify({ title: HOSTILE, description: `<img src=x onerror=alert(1)> ${HOSTILE}` }), enrichment_status: 'done' })
        .where('id', '=', link.id)
        .execute(),
    );
    const sub = await ok(t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.com/sub', title: HOSTILE, blurb: HOSTILE } }), 201);
    await ok(t.request('PATCH', `/v1/links/${sub.id}`, { body: { status: 'approved' } }));
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } }), 201);
    await ok(t.request('POST', '/v1/issues/1/assemble', { body: {} }));

    const md = await (await t.request('GET', '/v1/issues/1.md')).text();
    // Every `<`, `[`, `]`, `(` and `!` of the hostile text is backslash-escaped.
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).not.toMatch(/(?<!\\)<(script|img)/);
    expect(md).not.toMatch(/(?<!\\)!\[i/);
    expect(md).toContain('\\<script\\>');

    const html = await (await t.request('GET', '/v1/issues/1.html')).text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');

    await ok(t.request('POST', '/v1/issues/1/publish'));
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json', '/issues/1']) {
      const body = await (await t.request('GET', path, { token: null })).text();
      expect(body, path).not.toMatch(/<script>alert/);
      expect(body, path).not.toMatch(/<img src=x/);
    }
  });
});

describe('public archive and feeds', () => {
  async function publishDesignIssue() {
    const { number } = await buildDesignIssue();
    await ok(t.request('POST', `/v1/issues/${number}/publish`));
    await ok(t.request('POST', '/v1/issues', { body: { date: '2025-03-14', subject: 'A draft' } }), 201);
    return number;
  }

  it('lists only published issues and never shows drafts, with no token', async () => {
    const number = await publishDesignIssue();
    const archive = await t.request('GET', '/issues', { token: null });
    expect(archive.status).toBe(200);
    const page = await archive.text();
    expect(page).toContain('Vacuuming the warehouse');
    expect(page).not.toContain('A draft');
    expect((await t.request('GET', `/issues/${number}`, { token: null })).status).toBe(200);
    expect((await t.request('GET', '/issues/2', { token: null })).status).toBe(404);
    expect((await t.request('GET', '/v1/issues/1.md', { token: null })).status).toBe(401);
  });

  it('serves RSS, Atom and JSON Feed with absolute links from baseUrl', async () => {
    await publishDesignIssue();
    const rss = await t.request('GET', '/feed.xml', { token: null });
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await rss.text();
    expect(xml).toContain('<link>https://news.example.org/issues/1</link>');
    expect(xml).not.toContain('A draft');
    const atom = await (await t.request('GET', '/feed.atom', { token: null })).text();
    expect(atom).toContain('https://news.example.org/issues/1');
    const json = await (await t.request('GET', '/feed.json', { token: null })).json();
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items).toHaveLength(1);
    expect(json.items[0].url).toBe('https://news.example.org/issues/1');
    expect(json.items[0].content_html).toContain('Autovacuum tuning');
  });

  it('serves feeds a real XML parser accepts and pages a real HTML parser accepts', async () => {
    await publishDesignIssue();
    for (const path of ['/feed.xml', '/feed.atom']) {
      const xml = await (await t.request('GET', path, { token: null })).text();
      expect(XMLValidator.validate(xml), path).toBe(true);
    }
    const rss = new XMLParser().parse(await (await t.request('GET', '/feed.xml', { token: null })).text());
    expect(rss.rss.channel.item.title).toBe('Vacuuming the warehouse');
    for (const path of ['/issues', '/issues/1', '/v1/issues/1.html']) {
      const errors: string[] = [];
      const html = await (await t.request('GET', path, { token: path.startsWith('/v1') ? undefined : null })).text();
      parse(html, { onParseError: (e) => errors.push(e.code) });
      expect(errors, path).toEqual([]);
    }
  });

  it('reflects every publication, unpublication and settings change in the archive and feeds', async () => {
    await publishDesignIssue();
    const feed = async () => (await t.request('GET', '/feed.json', { token: null })).json();
    const archive = async () => (await t.request('GET', '/issues', { token: null })).text();
    expect((await feed()).items).toHaveLength(1);
    expect(await archive()).not.toContain('A draft');

    const link = await t.createLink({ url: 'https://example.org/second', title: 'Second', blurb: 'B' });
    await ok(t.request('POST', '/v1/issues/2/items', { body: { linkId: link.id, section: 'Tools' } }), 201);
    await ok(t.request('POST', '/v1/issues/2/publish'));
    expect((await feed()).items.map((i: { title: string }) => i.title)).toEqual(['A draft', 'Vacuuming the warehouse']);
    expect(await archive()).toContain('A draft');

    // Reopened for a correction, it stays in the feed and the archive as last published.
    await ok(t.request('POST', '/v1/issues/2/unpublish'));
    expect((await feed()).items).toHaveLength(2);
    expect(await archive()).toContain('A draft');

    await ok(t.request('PUT', '/v1/newsletter', { body: { ...DESIGN_NEWSLETTER, name: 'Renamed Weekly' } }));
    expect((await feed()).title).toBe('Renamed Weekly');
  });

  it('answers conditional requests with 304', async () => {
    await publishDesignIssue();
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json', '/issues', '/issues/1']) {
      const first = await t.request('GET', path, { token: null });
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag, path).toMatch(/^".+"$/);
      expect(lastModified, path).toBe(new Date(t.clock.now()).toUTCString());
      const byTag = await t.request('GET', path, { token: null, headers: { 'if-none-match': etag } });
      expect(byTag.status, path).toBe(304);
      expect(await byTag.text()).toBe('');
      const byDate = await t.request('GET', path, { token: null, headers: { 'if-modified-since': lastModified } });
      expect(byDate.status, path).toBe(304);
      const stale = await t.request('GET', path, { token: null, headers: { 'if-none-match': '"old"' } });
      expect(stale.status, path).toBe(200);
    }
  });

  it('sends the archive and feeds gzipped to clients that take gzip, with their own ETag', async () => {
    await publishDesignIssue();
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json', '/issues']) {
      const plain = await t.request('GET', path, { token: null });
      const plainBody = await plain.text();
      expect(plain.headers.get('content-encoding'), path).toBeNull();
      expect(plain.headers.get('vary'), path).toBe('Accept-Encoding');

      const zipped = await t.request('GET', path, { token: null, headers: { 'accept-encoding': 'br;q=1.0, gzip;q=0.8, *;q=0.1' } });
      expect(zipped.status, path).toBe(200);
      expect(zipped.headers.get('content-encoding'), path).toBe('gzip');
      expect(zipped.headers.get('content-type'), path).toBe(plain.headers.get('content-type'));
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8'), path).toBe(plainBody);
      const etag = zipped.headers.get('etag')!;
      expect(etag, path).not.toBe(plain.headers.get('etag'));

      // Either tag names the same content, and the 304 says which one matched.
      for (const tag of [etag, plain.headers.get('etag')!]) {
        const again = await t.request('GET', path, { token: null, headers: { 'accept-encoding': 'gzip', 'if-none-match': tag } });
        expect(again.status, path).toBe(304);
        expect(again.headers.get('etag'), path).toBe(tag);
      }
      // `*` covers gzip only when gzip itself is not named.
      for (const [accept, encoding] of [
        ['gzip;q=0, identity', null],
        ['gzip;q=0, *', null],
        ['*;q=1, GZIP;q=0.0', null],
        ['*', 'gzip'],
        ['identity;q=1, *;q=0.5', 'gzip'],
        ['br, *;q=0', null],
      ] as const) {
        const res = await t.request('GET', path, { token: null, headers: { 'accept-encoding': accept } });
        expect(res.headers.get('content-encoding'), `${path} ${accept}`).toBe(encoding);
        if (encoding === null) expect(await res.text(), `${path} ${accept}`).toBe(plainBody);
      }
    }
  });
});
