import { afterEach, describe, expect, it } from 'vitest';
import { insertLink } from '../../src/links/links.repository.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** An app with `n` approved links in no issue (some with a section of their own), and a draft issue 1. */
async function appWithFreeLinks(n: number): Promise<TestApp> {
  const app = await createTestApp();
  const now = app.clock.now();
  await app.ctx.transact(async (trx) => {
    for (let i = 0; i < n; i++) {
      await insertLink(trx, {
        url: `https://example.com/${i}`,
        canonicalKey: `example.com/${i}`,
        section: i % 10 === 0 ? 'Tools' : undefined,
        status: 'approved',
        source: 'editor',
        submitter: 'editor-token',
        tags: i % 2 === 0 ? ['even'] : [],
        now,
      });
    }
  });
  const res = await app.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'Big' } });
  expect(res.status).toBe(201);
  return app;
}

const totalChanges = (app: TestApp) => app.sqlite.prepare('SELECT total_changes()').pluck().get() as number;

async function rowsWrittenAssembling(n: number): Promise<{ rows: number; added: number }> {
  t = await appWithFreeLinks(n);
  const before = totalChanges(t);
  const res = await t.request('POST', '/v1/issues/1/assemble', { body: { limit: n } });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json();
  const rows = totalChanges(t) - before;
  await t.close();
  t = undefined;
  return { rows, added: body.added.length };
}

describe('POST /v1/issues/{number}/assemble', () => {
  it('writes a bounded number of rows per link: 1,000 links cost ten times what 100 do', async () => {
    const small = await rowsWrittenAssembling(100);
    const large = await rowsWrittenAssembling(1000);
    expect(small.added).toBe(100);
    expect(large.added).toBe(1000);
    // Each link: its item, its kept JSON and its history event; plus a few rows for the issue and a new section.
    expect(large.rows).toBeLessThanOrEqual(3 * 1000 + 10);
    expect(large.rows - 10).toBeLessThanOrEqual(10 * small.rows);
  });

  it('places links in order, each section numbered densely, and a second run adds nothing', async () => {
    t = await appWithFreeLinks(30);
    const first = await (await t.request('POST', '/v1/issues/1/assemble', { body: {} })).json();
    expect(first.added).toHaveLength(30);
    const positions = t.sqlite
      .prepare('SELECT section, group_concat(position) AS p FROM (SELECT section, position FROM issue_items ORDER BY section, link_id) GROUP BY section')
      .all() as { section: string; p: string }[];
    expect(positions).toEqual([
      { section: 'Links', p: Array.from({ length: 27 }, (_, i) => i).join(',') },
      { section: 'Tools', p: '0,1,2' },
    ]);
    const sections = first.issue.sections.map((s: { name: string; items: { linkId: number }[] }) => [s.name, s.items.length]);
    expect(sections).toEqual([['Highlights', 0], ['Links', 27], ['Tools', 3]]);
    const again = await (await t.request('POST', '/v1/issues/1/assemble', { body: {} })).json();
    expect(again.added).toEqual([]);
  });

  it('filters by tag names inside the query; an unknown tag adds nothing', async () => {
    t = await appWithFreeLinks(10);
    const none = await (await t.request('POST', '/v1/issues/1/assemble', { body: { tags: ['even', 'nope'] } })).json();
    expect(none.added).toEqual([]);
    const even = await (await t.request('POST', '/v1/issues/1/assemble', { body: { tags: ['even'] } })).json();
    expect(even.added.map((a: { linkId: number }) => a.linkId)).toEqual([1, 3, 5, 7, 9]);
  });

  it('makes a "Links" section for links without one when every section is featured, and uses a new plain one first', async () => {
    t = await appWithFreeLinks(3);
    expect((await t.request('PATCH', '/v1/links/1', { body: { section: null } })).status).toBe(200);
    expect((await t.request('PUT', '/v1/issues/1/sections', { body: [{ name: 'Top', featured: true }] })).status).toBe(200);
    const res = await (await t.request('POST', '/v1/issues/1/assemble', { body: {} })).json();
    expect(res.added).toEqual([1, 2, 3].map((linkId) => ({ linkId, section: 'Links' })));
    expect(res.issue.sections.map((s: { name: string }) => s.name)).toEqual(['Top', 'Links']);

    // A link with a section of its own makes that section, and links without one follow it there.
    t.clock.advance(1000);
    await t.createLink({ url: 'https://example.com/own', section: 'Own' });
    await t.createLink({ url: 'https://example.com/none' });
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-03', subject: 'Two' } })).status).toBe(201);
    expect((await t.request('PUT', '/v1/issues/2/sections', { body: [{ name: 'Top', featured: true }] })).status).toBe(200);
    const second = await (await t.request('POST', '/v1/issues/2/assemble', { body: {} })).json();
    expect(second.added.map((a: { section: string }) => a.section)).toEqual(['Own', 'Own']);
  });

  it('adds to the end of sections that already hold items', async () => {
    t = await appWithFreeLinks(4);
    expect((await t.request('POST', '/v1/issues/1/items', { body: { linkId: 2, section: 'Links' } })).status).toBe(201);
    const res = await (await t.request('POST', '/v1/issues/1/assemble', { body: {} })).json();
    const links = res.issue.sections.find((s: { name: string }) => s.name === 'Links');
    expect(links.items.map((i: { linkId: number }) => i.linkId)).toEqual([2, 3, 4]);
  });
});
