import type { Client } from './prism-exchanges.js';
import type { Tokens } from './prism-sweeps.js';

/**
 * Happy paths and particular errors of the issue, item, preview and public-site routes,
 * through Prism, on what the walkthrough left: issue 1 published with link 1 in it.
 * The editor's token is the client's default; `invalid: true` as in prism-scenarios-links.ts.
 */

const newLink = async (c: Client, slug: string, extra: Record<string, unknown> = {}, token?: string) =>
  (await c.json('POST', '/v1/links', { token, json: { url: `https://example.org/prism/${slug}`, ...extra }, expect: 201 })).id as number;

export async function issueScenarios(c: Client, t: Tokens): Promise<void> {
  const one = await newLink(c, 'issue-one', { title: 'One', blurb: 'The first.', tags: ['prism'] });
  const two = await newLink(c, 'issue-two', { title: 'Two' });
  const three = await newLink(c, 'issue-three');
  const pending = await newLink(c, 'issue-pending', {}, t.submitter);

  const created = await c.json('POST', '/v1/issues', {
    json: {
      date: '2026-12-04',
      subject: 'Contracts',
      note: 'A note for this week.',
      quote: { text: 'Be conservative in what you send.', author: 'Jon Postel', url: 'https://example.org/postel' },
      greeting: 'Hello,',
      intro: null,
      signoff: '',
    },
    expect: 201,
  });
  const n = created.number as number;
  await c.send('POST', '/v1/issues', { json: { date: '2026-02-30', subject: 'No such day' }, expect: 422, invalid: true });
  await c.send('POST', '/v1/issues', { json: { subject: 'No date' }, expect: 422, invalid: true });

  await c.send('GET', '/v1/issues?status=draft', { expect: 200 });
  const page = await c.json('GET', '/v1/issues?limit=1', { expect: 200 });
  await c.send('GET', `/v1/issues?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`, { expect: 200 });
  await c.send('GET', '/v1/issues?cursor=not-a-cursor', { expect: 400 });
  await c.send('GET', '/v1/issues?limit=0', { expect: 400, invalid: true });

  const base = `/v1/issues/${n}`;
  const layout = [
    { name: 'Highlights', featured: true, items: [{ linkId: one, title: 'One, featured' }] },
    { name: 'Tools', featured: false },
  ];
  await c.send('PUT', `${base}/sections`, { json: layout, expect: 200 });
  await c.send('PUT', `${base}/sections`, { json: [...layout, { name: 'Tools' }], expect: 422 });
  await c.send('PUT', `${base}/sections`, { json: { name: 'Tools' }, expect: 422, invalid: true });
  await c.send('PUT', `${base}/sections`, { json: [{ name: 'Tools', items: [{ linkId: 1 }] }], expect: 409 }); // link 1 is in issue 1
  await c.send('PUT', '/v1/issues/999/sections', { json: layout, expect: 404 });
  await c.send('PUT', '/v1/issues/1/sections', { json: layout, expect: 409 });
  await c.send('PUT', '/v1/issues/abc/sections', { json: layout, expect: 400, invalid: true });

  await c.send('POST', `${base}/items`, { json: { linkId: two, section: 'Tools', position: 0, blurb: 'Own words.' }, expect: 201 });
  await c.send('POST', `${base}/items`, { json: { linkId: two, section: 'Tools' }, expect: 409 });
  await c.send('POST', `${base}/items`, { json: { linkId: pending, section: 'Tools' }, expect: 409 });
  await c.send('POST', `${base}/items`, { json: { linkId: three, section: 'Nowhere' }, expect: 422 });
  await c.send('POST', `${base}/items`, { json: { linkId: 999999, section: 'Tools' }, expect: 422 });
  await c.send('POST', `${base}/items`, { json: { section: 'Tools' }, expect: 422, invalid: true });
  await c.send('POST', '/v1/issues/999/items', { json: { linkId: three, section: 'Tools' }, expect: 404 });
  await c.send('POST', '/v1/issues/1/items', { json: { linkId: three, section: 'Tools' }, expect: 409 });
  await c.send('POST', '/v1/issues/abc/items', { json: { linkId: three, section: 'Tools' }, expect: 400, invalid: true });

  await c.send('PATCH', `${base}/items/${two}`, { json: { section: 'Highlights', position: 0, title: 'Moved up', markdown: null }, expect: 200 });
  await c.send('PATCH', `${base}/items/${three}`, { json: { title: 'Not there' }, expect: 404 });
  await c.send('PATCH', `/v1/issues/999/items/${two}`, { json: { title: 'T' }, expect: 404 });
  await c.send('PATCH', '/v1/issues/1/items/1', { json: { title: 'T' }, expect: 409 });
  await c.send('PATCH', `${base}/items/${two}`, { json: { section: 'Nowhere' }, expect: 422 });
  await c.send('PATCH', `${base}/items/${two}`, { json: { position: -1 }, expect: 422, invalid: true });
  await c.send('PATCH', `${base}/items/abc`, { json: { title: 'T' }, expect: 400, invalid: true });

  await c.send('DELETE', `${base}/items/${two}`, { expect: 204 });
  await c.send('DELETE', `${base}/items/${two}`, { expect: 404 });
  await c.send('DELETE', '/v1/issues/1/items/1', { expect: 409 });
  await c.send('DELETE', `${base}/items/0`, { expect: 400, invalid: true });

  await c.send('POST', `${base}/assemble`, { json: { tags: ['prism'], since: '2026-01-01', limit: 10 }, expect: 200 });
  await c.send('POST', `${base}/assemble`, { json: { since: '2026-01-01T00:00:00Z' }, expect: 200 });
  await c.send('POST', `${base}/assemble`, { json: { limit: 0 }, expect: 422, invalid: true });
  await c.send('POST', '/v1/issues/999/assemble', { json: {}, expect: 404 });
  await c.send('POST', '/v1/issues/1/assemble', { json: {}, expect: 409 });
  await c.send('POST', '/v1/issues/abc/assemble', { json: {}, expect: 400, invalid: true });

  await c.send('PATCH', base, { json: { subject: 'Contracts, checked', note: null, quote: null, intro: 'Own intro.', submissionCall: null }, expect: 200 });
  await c.send('PATCH', '/v1/issues/999', { json: { subject: 'S' }, expect: 404 });
  await c.send('PATCH', '/v1/issues/1', { json: { subject: 'S' }, expect: 409 });
  await c.send('PATCH', base, { json: { date: 'tomorrow' }, expect: 422, invalid: true });
  await c.send('PATCH', '/v1/issues/0', { json: { subject: 'S' }, expect: 400, invalid: true });

  for (const ref of [`${n}`, `${n}.md`, `${n}.html`, `${n}.json`]) await c.send('GET', `/v1/issues/${ref}`, { expect: 200 });
  await c.send('GET', base, { headers: { Accept: 'text/markdown' }, expect: 200 });
  await c.send('GET', base, { headers: { Accept: 'text/html' }, expect: 200 });
  await c.send('GET', '/v1/issues/999', { expect: 404 });
  await c.send('GET', '/v1/issues/999.md', { expect: 404 });
  await c.send('GET', '/v1/issues/abc', { expect: 400, invalid: true });
  await c.send('GET', `${base}/check`, { expect: 200 });
  await c.send('GET', '/v1/issues/999/check', { expect: 404 });
  await c.send('GET', '/v1/issues/abc/check', { expect: 400, invalid: true });

  await previewScenarios(c, n);

  await c.send('POST', `${base}/publish?strict=maybe`, { expect: 400, invalid: true });
  await c.send('POST', `${base}/publish`, { expect: 200 });
  await c.send('POST', `${base}/publish`, { expect: 409 });
  await c.send('POST', '/v1/issues/999/publish', { expect: 404 });
  await c.send('POST', '/v1/issues/abc/publish', { expect: 400, invalid: true });
  await c.send('POST', `${base}/unpublish`, { expect: 200 });
  await c.send('POST', `${base}/unpublish`, { expect: 409 });
  await c.send('POST', '/v1/issues/999/unpublish', { expect: 404 });
  await c.send('POST', '/v1/issues/abc/unpublish', { expect: 400, invalid: true });
  await c.send('DELETE', base, { expect: 409 }); // published once: publish the correction instead
  await c.send('POST', `${base}/publish?strict=false`, { expect: 200 });

  const empty = (await c.json('POST', '/v1/issues', { json: { date: '2026-12-11', subject: 'Nothing yet' }, expect: 201 })).number as number;
  await c.send('POST', `/v1/issues/${empty}/publish`, { expect: 409 }); // the check finds no items
  await c.send('DELETE', `/v1/issues/${empty}`, { expect: 204 });
  await c.send('DELETE', `/v1/issues/${empty}`, { expect: 404 });
  await c.send('DELETE', '/v1/issues/1', { expect: 409 });
  await c.send('DELETE', '/v1/issues/abc', { expect: 400, invalid: true });

  await importScenarios(c);
}

/** A past issue from the archive, in the newsletter Markdown format. */
const ARCHIVED = (slug: string) => `---
title: 2024-06-07
---

# From the archive

**Hello,**

---

**Quote of the day:**

> Old news is good news.  
> — <small>[Someone](https://example.org/someone)</small>

## Highlights
- [**An old post**](https://example.org/prism/${slug}) - Still true. — <small>Ann</small>

## Links
- Notes on [this](https://example.org/prism/${slug}-notes).

Bye!
`;

async function importScenarios(c: Client): Promise<void> {
  const markdown = (raw: string, query = '', expect = 201, invalid = false) =>
    c.send('POST', `/v1/issues/import${query}`, { raw, contentType: 'text/markdown; charset=utf-8', expect, invalid });
  const imported = await markdown(ARCHIVED('archived-one'));
  const { number } = (await imported.json()) as { number: number };
  await c.send('GET', `/v1/issues/${number}.md`, { expect: 200 });
  await markdown(ARCHIVED('archived-two'), '?number=100&draft=true');
  await markdown(ARCHIVED('archived-three'), '?number=100', 409); // the number is taken
  await markdown(ARCHIVED('archived-one'), '', 409); // its pages are in the issue imported first
  await markdown('Not an issue at all.\n', '', 422);
  await markdown(ARCHIVED('archived-four').replace('# From the archive', 'From the archive'), '', 422);
  await markdown(ARCHIVED('archived-five'), '?number=abc', 400, true);
  await markdown(ARCHIVED('archived-five'), '?draft=maybe', 400, true);
  await markdown(ARCHIVED('archived-five').repeat(8000), '', 413);
  await c.send('POST', '/v1/issues/import', { json: { markdown: ARCHIVED('archived-five') }, expect: 415, invalid: true });
}

async function previewScenarios(c: Client, n: number): Promise<void> {
  const base = `/v1/issues/${n}`;
  await c.send('POST', `${base}/preview`, { expect: 201 }); // no body: the default days
  const preview = await c.json('POST', `${base}/preview`, { json: { days: 3 }, expect: 201 });
  await c.send('GET', preview.path, { token: null, expect: 200 });
  await c.send('GET', preview.path, { token: null, headers: { Accept: 'text/html' }, expect: 200 });
  await c.send('POST', `${base}/preview`, { json: { days: 100 }, expect: 422, invalid: true });
  await c.send('POST', '/v1/issues/999/preview', { json: {}, expect: 404 });
  await c.send('POST', '/v1/issues/1/preview', { json: {}, expect: 409 });
  await c.send('POST', '/v1/issues/abc/preview', { json: {}, expect: 400, invalid: true });
  await c.send('GET', '/preview/unknown', { token: null, expect: 404 });
  await c.send('GET', '/preview/unknown', { token: null, headers: { Accept: 'text/html' }, expect: 404 });
  await c.send('GET', `/preview/${'x'.repeat(101)}`, { token: null, expect: 400, invalid: true });
  await c.send('DELETE', `${base}/preview`, { expect: 204 });
  await c.send('DELETE', `${base}/preview`, { expect: 404 });
  await c.send('DELETE', '/v1/issues/999/preview', { expect: 404 });
  await c.send('DELETE', '/v1/issues/abc/preview', { expect: 400, invalid: true });
  await c.send('GET', preview.path, { token: null, expect: 404 });
}

/** A GET, then the same GET with its validators: 304 both by ETag and by date. */
async function conditionalGets(c: Client, path: string): Promise<void> {
  const res = await c.send('GET', path, { token: null, expect: 200 });
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  await res.arrayBuffer();
  if (etag) await c.send('GET', path, { token: null, headers: { 'If-None-Match': etag }, expect: 304 });
  if (lastModified) await c.send('GET', path, { token: null, headers: { 'If-Modified-Since': lastModified }, expect: 304 });
}

export async function publicScenarios(c: Client): Promise<void> {
  for (const path of ['/', '/issues', '/issues/1', '/feed.xml', '/feed.atom', '/feed.json']) await conditionalGets(c, path);
  await c.send('GET', '/', { token: null, headers: { Accept: 'text/html' }, expect: 200 });
  await c.send('GET', '/favicon.svg', { token: null, expect: 200 });
  await c.send('GET', '/issues/999', { token: null, expect: 404 });
  await c.send('GET', '/issues/999', { token: null, headers: { Accept: 'text/html' }, expect: 404 });
  await c.send('GET', '/issues/abc', { token: null, expect: 400, invalid: true });
}
