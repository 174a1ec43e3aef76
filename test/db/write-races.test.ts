import { afterEach, describe, expect, it } from 'vitest';
import { createPageFetcher } from '../../src/enrichment/fetch-page.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { sendPage, Servers } from '../enrichment/helpers.js';

// Requests that race for the same name or number: each check and its write share one piece of
// one transaction (see createTransact), so exactly one wins and the others get a clear answer.

const servers = new Servers();
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  await servers.closeAll();
});

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

describe('check-then-insert under concurrent requests', () => {
  it('creates a token once when 50 requests ask for the same name at once: one 201, 49 409s', async () => {
    t = await createTestApp();
    const app = t;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => app.request('POST', '/v1/tokens', { token: app.tokens.admin, body: { name: 'twin', role: 'editor' } })),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(49).fill(409)]);
    for (const res of responses.filter((r) => r.status === 409)) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(t.sqlite.prepare("SELECT count(*) FROM tokens WHERE name = 'twin'").pluck().get()).toBe(1);
  });

  it('gives issues started at once one number each', async () => {
    t = await createTestApp();
    const app = t;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: `S${i}` } })),
    );
    expect(statuses(responses)).toEqual(Array<number>(20).fill(201));
    const numbers = await Promise.all(responses.map(async (r) => (await r.json()).number as number));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('adds one link when the same page is posted 20 times at once', async () => {
    t = await createTestApp();
    const app = t;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.request('POST', '/v1/links', { body: { url: i % 2 ? 'https://www.example.com/a/' : 'http://example.com/a', tags: ['x', `t${i}`] } })),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(t.sqlite.prepare("SELECT count(*) FROM tags WHERE name = 'x'").pluck().get()).toBe(1);
  });

  it('renames two tags onto one name at once: both merge into it, nothing is lost', async () => {
    t = await createTestApp();
    await t.createLink({ url: 'https://example.com/1', tags: ['a'] });
    await t.createLink({ url: 'https://example.com/2', tags: ['b'] });
    const app = t;
    const [first, second] = await Promise.all([
      app.request('PATCH', '/v1/tags/a', { body: { name: 'c' } }),
      app.request('PATCH', '/v1/tags/b', { body: { name: 'c' } }),
    ]);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    expect((await second!.json()).merged).toBe(true);
    expect(await (await t.request('GET', '/v1/tags')).json()).toEqual({ items: [{ name: 'c', count: 2 }] });
  });

  it('keeps the worker’s writes and concurrent requests apart: every one completes, nothing hangs', async () => {
    const fetcher = createPageFetcher({ allowPrivate: true, timeoutMs: 2000 });
    try {
      t = await createTestApp({}, { fetchPage: fetcher });
      const app = t;
      const site = await servers.start(sendPage('<title>Fetched</title>'));
      const links = [];
      for (let i = 0; i < 10; i++) links.push(await app.createLink({ url: `${site.origin}/${i}` }));
      // The worker records its results while editors edit the same links and add new ones.
      const draining = app.worker!.drain();
      const edits = await Promise.all([
        ...links.map((l, i) => app.request('PATCH', `/v1/links/${l.id}`, { body: { title: `Edited ${i}` } })),
        ...links.map((_, i) => app.request('POST', '/v1/links', { body: { url: `https://example.org/new/${i}` } })),
        ...links.map((l) => app.request('GET', `/v1/links/${l.id}`)),
      ]);
      await draining;
      expect(edits.every((r) => r.status < 300)).toBe(true);
      for (const [i, l] of links.entries()) {
        const link = await (await app.request('GET', `/v1/links/${l.id}`)).json();
        expect(link).toMatchObject({ title: `Edited ${i}`, metadata: { title: 'Fetched' }, enrichment: { status: 'done' } });
      }
    } finally {
      await fetcher.close();
    }
  });
});
