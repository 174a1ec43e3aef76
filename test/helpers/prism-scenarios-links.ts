import type { Client } from './prism-exchanges.js';
import { DESIGN_NEWSLETTER } from './design-example.js';
import type { Tokens } from './prism-sweeps.js';

/**
 * Happy paths and the errors particular to each operation (404, 409, 422, and 400 for bad
 * parameters) of the system, links, tags, tokens and newsletter routes, through Prism.
 * The editor's token is the client's default. `invalid: true` marks a request that breaks the
 * contract on purpose, so Prism's findings about that request are expected.
 */

export async function systemScenarios(c: Client): Promise<void> {
  await c.send('GET', '/healthz', { token: null, expect: 200 });
  await c.send('GET', '/readyz', { token: null, expect: 200 });
  await c.send('GET', '/openapi.yaml', { token: null, expect: 200 });
}

export async function linkScenarios(c: Client, t: Tokens): Promise<void> {
  const a = await c.json('POST', '/v1/links', {
    json: {
      url: 'https://example.org/prism/a?utm_source=feed',
      title: 'Contracts',
      blurb: 'Checking what a server says against what it promised.',
      tags: ['Prism', 'Contract Tests'],
      section: 'Tools',
      kind: 'article',
      credit: { name: 'Ann Example', url: 'https://ann.example.org/' },
    },
    expect: 201,
  });
  // A submitter's link is pending, its section kept only when the newsletter has it.
  await c.send('POST', '/v1/links', { token: t.submitter, json: { url: 'https://example.org/prism/b', section: 'tools', title: 'Sent in' }, expect: 201 });
  await c.send('POST', '/v1/links', { json: { url: 'http://example.org/prism/a' }, expect: 409 });
  await c.send('POST', '/v1/links', { json: { url: 'not a url' }, expect: 422, invalid: true });
  await c.send('POST', '/v1/links', { json: { url: 'https://example.org/prism/c', colour: 'red' }, expect: 422, invalid: true });
  await c.send('POST', '/v1/links', { json: { url: 'ftp://example.org/file' }, expect: 422 });

  await c.send('GET', '/v1/links?status=approved&tag=prism&tag=contract-tests&section=Tools&kind=article&source=editor&enrichment=pending&issue=none&q=Contracts&sort=oldest&limit=1', { expect: 200 });
  const { nextCursor } = await c.json('GET', '/v1/links?limit=1', { expect: 200 });
  await c.send('GET', `/v1/links?limit=1&cursor=${encodeURIComponent(nextCursor)}`, { expect: 200 });
  await c.send('GET', `/v1/links?limit=1&sort=oldest&cursor=${encodeURIComponent(nextCursor)}`, { expect: 400 }); // another order's cursor
  await c.send('GET', '/v1/links?issue=1', { expect: 200 });
  await c.send('GET', '/v1/links?limit=0', { expect: 400, invalid: true });
  await c.send('GET', '/v1/links?status=lost', { expect: 400, invalid: true });
  await c.send('GET', '/v1/links?cursor=not-a-cursor', { expect: 400 });
  await c.send('GET', `/v1/links?${Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&')}`, { expect: 422, invalid: true });

  const id = a.id as number;
  await c.send('GET', `/v1/links/${id}`, { expect: 200 });
  await c.send('GET', '/v1/links/999999', { expect: 404 });
  await c.send('GET', '/v1/links/abc', { expect: 400, invalid: true });

  await c.send('PATCH', `/v1/links/${id}`, { json: { blurb: null, kind: null, credit: null, section: null, status: 'approved', tags: ['prism'] }, expect: 200 });
  await c.send('PATCH', `/v1/links/${id}`, { json: { url: 'https://example.org/prism/a2', title: 'Contracts, again', credit: { name: 'Ann' } }, expect: 200 });
  await c.send('PATCH', '/v1/links/999999', { json: { title: 'Nobody' }, expect: 404 });
  await c.send('PATCH', `/v1/links/${id}`, { json: { url: 'https://sqlite.org/wal.html' }, expect: 409 });
  await c.send('PATCH', `/v1/links/${id}`, { json: { title: 5 }, expect: 422, invalid: true });
  await c.send('PATCH', '/v1/links/0', { json: { title: 'Zero' }, expect: 400, invalid: true });

  await c.send('POST', `/v1/links/${id}/refresh`, { expect: 202 });
  await c.send('POST', '/v1/links/999999/refresh', { expect: 404 });
  await c.send('POST', '/v1/links/abc/refresh', { expect: 400, invalid: true });

  await c.send('PUT', `/v1/links/${id}/tags`, { json: { tags: ['prism', 'OpenAPI'] }, expect: 200 });
  await c.send('PUT', '/v1/links/999999/tags', { json: { tags: ['prism'] }, expect: 404 });
  await c.send('PUT', `/v1/links/${id}/tags`, { json: { tags: 'prism' }, expect: 422, invalid: true });
  await c.send('PUT', `/v1/links/${id}/tags`, { json: { tags: ['-dash-first'] }, expect: 422 });
  await c.send('PUT', '/v1/links/abc/tags', { json: { tags: ['prism'] }, expect: 400, invalid: true });

  await c.send('POST', `/v1/links/${id}/tags`, { json: { tags: ['contracts'] }, expect: 200 });
  await c.send('POST', '/v1/links/999999/tags', { json: { tags: ['prism'] }, expect: 404 });
  await c.send('POST', `/v1/links/${id}/tags`, { json: {}, expect: 422, invalid: true });
  await c.send('POST', '/v1/links/abc/tags', { json: { tags: ['prism'] }, expect: 400, invalid: true });

  await c.send('DELETE', `/v1/links/${id}/tags/contracts`, { expect: 204 });
  await c.send('DELETE', `/v1/links/${id}/tags/contracts`, { expect: 404 });
  await c.send('DELETE', '/v1/links/999999/tags/prism', { expect: 404 });
  await c.send('DELETE', `/v1/links/${id}/tags/-dash-first`, { expect: 400 });

  const doomed = await c.json('POST', '/v1/links', { json: { url: 'https://example.org/prism/doomed' }, expect: 201 });
  await c.send('DELETE', `/v1/links/${doomed.id}`, { expect: 204 });
  await c.send('DELETE', `/v1/links/${doomed.id}`, { expect: 404 });
  await c.send('DELETE', '/v1/links/1', { expect: 409 }); // in issue 1
  await c.send('DELETE', '/v1/links/abc', { expect: 400, invalid: true });
}

export async function tagScenarios(c: Client): Promise<void> {
  await c.send('GET', '/v1/tags', { expect: 200 });
  await c.send('GET', '/v1/tags?sort=name&prefix=S&limit=5', { expect: 200 });
  await c.send('GET', '/v1/tags?sort=popular', { expect: 400, invalid: true });
  await c.send('GET', `/v1/tags?prefix=${'s'.repeat(65)}`, { expect: 400, invalid: true });

  await c.json('POST', '/v1/links', { json: { url: 'https://example.org/prism/tags', tags: ['old-name', 'merge-me', 'openapi'] }, expect: 201 });
  await c.send('PATCH', '/v1/tags/old-name', { json: { name: 'New Name' }, expect: 200 });
  await c.send('PATCH', '/v1/tags/merge-me', { json: { name: 'openapi' }, expect: 200 }); // onto an existing tag: a merge
  await c.send('PATCH', '/v1/tags/old-name', { json: { name: 'again' }, expect: 404 });
  await c.send('PATCH', '/v1/tags/new-name', { json: { name: '' }, expect: 422, invalid: true });
  await c.send('PATCH', '/v1/tags/new-name', { json: { name: 'x', extra: true }, expect: 422, invalid: true });
  await c.send('PATCH', '/v1/tags/-bad', { json: { name: 'good' }, expect: 400 });
  await c.send('PATCH', `/v1/tags/${'t'.repeat(129)}`, { json: { name: 'good' }, expect: 400, invalid: true });
  await c.send('PATCH', '/v1/tags/new-name', { json: { name: 'n'.repeat(129) }, expect: 422, invalid: true });

  await c.send('DELETE', '/v1/tags/new-name', { expect: 204 });
  await c.send('DELETE', '/v1/tags/new-name', { expect: 404 });
  await c.send('DELETE', '/v1/tags/-bad', { expect: 400 });
}

export async function tokenScenarios(c: Client, t: Tokens): Promise<void> {
  await c.send('GET', '/v1/tokens', { token: t.admin, expect: 200 });
  await c.send('POST', '/v1/tokens', { token: t.admin, json: { name: 'Zoë laptop', role: 'editor' }, expect: 201 });
  await c.send('POST', '/v1/tokens', { token: t.admin, json: { name: 'short-lived', role: 'submitter' }, expect: 201 });
  await c.send('POST', '/v1/tokens', { token: t.admin, json: { name: 'short-lived', role: 'editor' }, expect: 409 });
  await c.send('POST', '/v1/tokens', { token: t.admin, json: { name: 'ok', role: 'owner' }, expect: 422, invalid: true });
  await c.send('POST', '/v1/tokens', { token: t.admin, json: { name: '-dash', role: 'editor' }, expect: 422, invalid: true });

  await c.send('DELETE', '/v1/tokens/short-lived', { token: t.admin, expect: 204 });
  await c.send('DELETE', '/v1/tokens/short-lived', { token: t.admin, expect: 404 }); // revoked already
  await c.send('DELETE', '/v1/tokens/nobody', { token: t.admin, expect: 404 });
  await c.send('DELETE', '/v1/tokens/-dash', { token: t.admin, expect: 400, invalid: true });
}

export async function newsletterScenarios(c: Client): Promise<void> {
  await c.send('GET', '/v1/newsletter', { expect: 200 });
  await c.send('PUT', '/v1/newsletter', { json: DESIGN_NEWSLETTER, expect: 200 });
  await c.send('PUT', '/v1/newsletter', { json: { ...DESIGN_NEWSLETTER, sections: [] }, expect: 422, invalid: true });
  await c.send('PUT', '/v1/newsletter', { json: { name: 'Only a name' }, expect: 422, invalid: true });
  await c.send('PUT', '/v1/newsletter', { json: { ...DESIGN_NEWSLETTER, baseUrl: `https://news.example.org/${'p'.repeat(480)}` }, expect: 422, invalid: true });
  await c.send('PATCH', '/v1/newsletter', { json: { greeting: 'Hi all,', signoff: '' }, expect: 200 });
  await c.send('PATCH', '/v1/newsletter', { json: { baseUrl: 'https://news.example.org/?q=1' }, expect: 422 });
  await c.send('PATCH', '/v1/newsletter', { json: { colour: 'blue' }, expect: 422, invalid: true });
}
