import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, putLinkInIssue, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('POST /v1/links', () => {
  it('creates an approved editor link with 201, Location and the cleaned URL', async () => {
    const res = await t.request('POST', '/v1/links', {
      body: {
        url: 'https://www.Example.com/a/?utm_source=x&b=2#top',
        title: ' A title ',
        blurb: 'A *short* blurb.',
        tags: ['SQLite', 'Data Bases', 'sqlite'],
        section: 'Tools',
        kind: 'article',
        credit: { name: 'Bob', url: 'https://example.org' },
      },
    });
    expect(res.status).toBe(201);
    const link = await res.json();
    expect(res.headers.get('location')).toBe(`/v1/links/${link.id}`);
    expect(link).toMatchObject({
      url: 'https://www.example.com/a/?b=2#top',
      canonicalKey: 'example.com/a?b=2',
      title: 'A title',
      blurb: 'A *short* blurb.',
      tags: ['data-bases', 'sqlite'],
      section: 'Tools',
      kind: 'article',
      credit: { name: 'Bob', url: 'https://example.org' },
      status: 'approved',
      source: 'editor',
      submitter: 'editor-token',
      metadata: null,
      enrichment: { status: 'pending', attempts: 0, error: null, fetchedAt: null },
      issue: null,
    });
    expect(link.createdAt).toBe('2026-01-05T09:00:00.000Z');
  });

  it('keeps a credit URL exactly as the editor typed it', async () => {
    const link = await t.createLink({ url: 'https://example.com/x', credit: { name: 'Ada', url: 'https://example.org' } });
    expect(link.credit.url).toBe('https://example.org');
  });

  it('treats every spelling of the same page as a duplicate (409 naming the existing link)', async () => {
    const first = await t.createLink({ url: 'https://www.Example.com/a/?utm_source=x#top' });
    for (const url of ['http://example.com/a', 'https://example.com/a/', 'HTTPS://EXAMPLE.COM:443/a?fbclid=1', 'http://www.example.com/a#other']) {
      const res = await t.request('POST', '/v1/links', { body: { url } });
      expect(res.status, url).toBe(409);
      expect(res.headers.get('location')).toBe(`/v1/links/${first.id}`);
      const problem = await problemOf(res);
      expect(problem.duplicate).toEqual({ id: first.id, url: first.url, issue: null, location: `/v1/links/${first.id}` });
      expect(problem.detail).toContain(`link ${first.id}`);
    }
    const other = await t.request('POST', '/v1/links', { body: { url: 'https://example.com/a?b=1' } });
    expect(other.status).toBe(201);
  });

  it('names the issue a duplicate is already in', async () => {
    const first = await t.createLink({ url: 'https://example.com/in-issue' });
    await putLinkInIssue(t, first.id, 7);
    const res = await t.request('POST', '/v1/links', { body: { url: 'http://example.com/in-issue/' } });
    const problem = await problemOf(res);
    expect(problem.duplicate.issue).toBe(7);
    expect(problem.detail).toContain('issue 7');
  });

  it('refuses URLs that are not http(s), carry credentials or are too long, with 422 field errors', async () => {
    const cases: Array<[string, RegExp]> = [
      ['ftp://example.com/file', /http/i],
      ['javascript:alert(1)', /http/i],
      ['https://user:pw@example.com/', /credential|password|user/i],
      [`https://example.com/${'a'.repeat(2100)}`, /2048|long/i],
      ['not a url', /url|http/i],
    ];
    for (const [url, message] of cases) {
      const res = await t.request('POST', '/v1/links', { body: { url } });
      expect(res.status, url).toBe(422);
      const problem = await problemOf(res);
      expect(problem.type).toBe('urn:linkletter:problem:validation');
      expect(problem.errors[0].path).toBe('url');
      expect(problem.errors[0].message).toMatch(message);
    }
  });

  it('rejects unknown fields so a client can never set id, createdAt or metadata', async () => {
    const res = await t.request('POST', '/v1/links', {
      body: { url: 'https://example.com/', id: 99, createdAt: 'x', metadata: {}, enrichment: {} },
    });
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors.map((e: { path: string }) => e.path).join(' ')).toMatch(/id.*createdAt.*metadata.*enrichment/);
  });

  it('answers 400 for malformed JSON, 415 for a non-JSON body and 413 for a body over 64 KiB', async () => {
    const bad = await t.request('POST', '/v1/links', { body: '{"url":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).type).toBe('urn:linkletter:problem:malformed-json');

    const form = await t.request('POST', '/v1/links', { body: 'url=https://example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    await problemOf(form);

    const huge = await t.request('POST', '/v1/links', { body: { url: 'https://example.com/', blurb: 'x'.repeat(70 * 1024) } });
    expect(huge.status).toBe(413);
    await problemOf(huge);
  });

  it('answers 422 listing the missing url when the body is empty', async () => {
    const res = await t.request('POST', '/v1/links', { body: {} });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors[0].path).toBe('url');
  });

  it('validates tags, kind, status and credit', async () => {
    const res = await t.request('POST', '/v1/links', {
      body: { url: 'https://example.com/', tags: ['ok', '', '!!'], kind: 'movie', status: 'published', credit: { url: 'https://x.org' } },
    });
    expect(res.status).toBe(422);
    const paths = (await problemOf(res)).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['tags.1', 'tags.2', 'kind', 'status', 'credit.name']));
  });

  it('makes a submitter’s link pending, with source submission, and refuses a submitter who sets status', async () => {
    const res = await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.com/sub' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'pending', source: 'submission', submitter: 'submitter-token' });
    const forced = await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.com/sub2', status: 'approved' } });
    expect(forced.status).toBe(403);
    await problemOf(forced);
  });

  it('serialises racing duplicate submissions: exactly one 201', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.request('POST', '/v1/links', { body: { url: `https://example.com/race${i % 2 ? '/' : ''}` } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('gives each of many simultaneous writes its own answer (they share commits)', async () => {
    const urls = Array.from({ length: 24 }, (_, i) => `https://example.com/burst/${i % 20}`); // 4 duplicates
    const bodies = urls.map((url, i) => (i === 7 ? { url, kind: 'not-a-kind' } : { url, tags: [`t${i % 3}`] }));
    const results = await Promise.all(bodies.map((body) => t.request('POST', '/v1/links', { body })));
    const statuses = results.map((r) => r.status);
    expect(statuses.slice(0, 20).filter((s) => s === 201)).toHaveLength(19);
    expect(statuses[7]).toBe(422);
    expect(statuses.slice(20)).toEqual([409, 409, 409, 409]);
    const page = await (await t.request('GET', '/v1/links?limit=100')).json();
    expect(page.items).toHaveLength(19);
    for (const [i, res] of results.entries()) {
      if (res.status !== 201) continue;
      const link = await res.json();
      expect(link).toMatchObject({ url: urls[i], tags: [`t${i % 3}`] });
      expect(page.items).toContainEqual(link);
    }
  });
});

describe('GET/PATCH/DELETE /v1/links/{id}', () => {
  it('gets a link, and 404s an unknown one and 400s a bad id', async () => {
    const link = await t.createLink({ url: 'https://example.com/g' });
    const res = await t.request('GET', `/v1/links/${link.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(link);
    expect((await t.request('GET', '/v1/links/999')).status).toBe(404);
    expect((await t.request('GET', '/v1/links/abc')).status).toBe(400);
    expect((await t.request('GET', '/v1/links/-1')).status).toBe(400);
  });

  it('patches fields, clears them with null, and bumps updatedAt only', async () => {
    const link = await t.createLink({ url: 'https://example.com/p', title: 'Old', section: 'Tools', credit: { name: 'A' } });
    t.clock.advance(5000);
    const res = await t.request('PATCH', `/v1/links/${link.id}`, { body: { title: 'New', section: null, credit: null, kind: 'video', status: 'archived' } });
    expect(res.status).toBe(200);
    const patched = await res.json();
    expect(patched).toMatchObject({ title: 'New', section: null, credit: null, kind: 'video', status: 'archived', createdAt: link.createdAt });
    expect(patched.updatedAt > link.updatedAt).toBe(true);
  });

  it('re-checks duplicates when the URL changes, and allows re-saving its own URL', async () => {
    const a = await t.createLink({ url: 'https://example.com/one' });
    const b = await t.createLink({ url: 'https://example.com/two' });
    const clash = await t.request('PATCH', `/v1/links/${b.id}`, { body: { url: 'http://www.example.com/one/' } });
    expect(clash.status).toBe(409);
    expect((await problemOf(clash)).duplicate.id).toBe(a.id);
    const same = await t.request('PATCH', `/v1/links/${a.id}`, { body: { url: 'https://example.com/one?utm_medium=x' } });
    expect(same.status).toBe(200);
    const moved = await t.request('PATCH', `/v1/links/${b.id}`, { body: { url: 'https://example.com/three' } });
    expect(moved.status).toBe(200);
    expect((await moved.json()).canonicalKey).toBe('example.com/three');
  });

  it('deletes a link with 204 and forgets tags nobody uses any more', async () => {
    const link = await t.createLink({ url: 'https://example.com/d', tags: ['lonely', 'shared'] });
    await t.createLink({ url: 'https://example.com/e', tags: ['shared'] });
    const res = await t.request('DELETE', `/v1/links/${link.id}`);
    expect(res.status).toBe(204);
    expect((await t.request('GET', `/v1/links/${link.id}`)).status).toBe(404);
    const tags = await (await t.request('GET', '/v1/tags')).json();
    expect(tags.items).toEqual([{ name: 'shared', count: 1 }]);
    expect((await t.request('DELETE', `/v1/links/${link.id}`)).status).toBe(404);
  });
});

describe('link tags', () => {
  it('replaces with PUT, adds with POST, removes with DELETE', async () => {
    const link = await t.createLink({ url: 'https://example.com/t', tags: ['a', 'b'] });
    const put = await t.request('PUT', `/v1/links/${link.id}/tags`, { body: { tags: ['C', 'd'] } });
    expect((await put.json()).tags).toEqual(['c', 'd']);
    const post = await t.request('POST', `/v1/links/${link.id}/tags`, { body: { tags: ['d', 'e'] } });
    expect((await post.json()).tags).toEqual(['c', 'd', 'e']);
    const del = await t.request('DELETE', `/v1/links/${link.id}/tags/D`);
    expect(del.status).toBe(204);
    expect((await (await t.request('GET', `/v1/links/${link.id}`)).json()).tags).toEqual(['c', 'e']);
    expect((await t.request('DELETE', `/v1/links/${link.id}/tags/d`)).status).toBe(404);
    expect((await t.request('PUT', '/v1/links/999/tags', { body: { tags: ['x'] } })).status).toBe(404);
  });
});
