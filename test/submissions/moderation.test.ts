import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const history = async (id: number) => (await (await t.request('GET', `/v1/links/${id}/history`)).json()).items as any[];

describe('GET /v1/links/{id}/history', () => {
  it('has every event of a link, with who and when', async () => {
    const sent = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/h', name: 'Ann', email: 'ann@example.org', note: 'Look.' } });
    expect(sent.status).toBe(202);
    const [link] = (await (await t.request('GET', '/v1/links?status=pending')).json()).items;
    t.clock.advance(1000);
    await t.request('POST', '/v1/submissions', { token: t.tokens.submitter, body: { url: 'https://example.com/h', note: 'Again.' } });
    await t.request('PATCH', `/v1/links/${link.id}`, { body: { status: 'approved', reason: { text: 'Good.', public: true }, title: 'Better title' } });
    await t.request('PUT', `/v1/links/${link.id}/tags`, { body: { tags: ['sqlite'] } });
    await t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'One' } });
    await t.request('POST', '/v1/issues/1/items', { body: { linkId: link.id, section: 'Links' } });
    await t.request('DELETE', `/v1/issues/1/items/${link.id}`);
    await t.request('POST', '/v1/issues/1/items', { body: { linkId: link.id, section: 'Links' } });
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);

    const events = await history(link.id);
    expect(events.map((e) => e.type)).toEqual([
      // One PATCH changed the title and the status: two events of the same moment.
      'created', 'submitted', 'submitted', 'edited', 'approved', 'tagged', 'added_to_issue', 'removed_from_issue', 'added_to_issue', 'published',
    ]);
    expect(events[0]).toMatchObject({ actor: null, detail: { source: 'submission', status: 'pending' }, at: '2026-01-05T09:00:00.000Z' });
    expect(events[1]).toMatchObject({ actor: null, detail: { name: 'Ann', email: 'ann@example.org', note: 'Look.' } });
    expect(events[2]).toMatchObject({ actor: 'submitter-token', detail: { note: 'Again.', token: 'submitter-token' }, at: '2026-01-05T09:00:01.000Z' });
    expect(events[3]).toMatchObject({ actor: 'editor-token', detail: { fields: ['title'] } });
    expect(events[4]).toMatchObject({ actor: 'editor-token', detail: { from: 'pending', reason: 'Good.', public: true } });
    expect(events[5]).toMatchObject({ detail: { tag: 'sqlite' } });
    expect(events[6]).toMatchObject({ detail: { issue: 1, section: 'Links' } });
    expect(events[9]).toMatchObject({ actor: 'editor-token', detail: { issue: 1 } });
    expect((await t.request('GET', '/v1/links/999/history')).status).toBe(404);
  });
});

describe('POST /v1/links/bulk', () => {
  it('approves, tags, moves and deletes many links in one go, reporting each id', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.createLink({ url: `https://example.com/${i}`, status: 'pending' })).id);
    const approve = await t.request('POST', '/v1/links/bulk', { body: { ids: [...ids.slice(0, 3), 999], action: 'approve', reason: 'Batch.' } });
    expect(approve.status).toBe(200);
    expect(await approve.json()).toEqual({
      results: [...ids.slice(0, 3).map((id) => ({ id, result: 'done' })), { id: 999, result: 'not_found' }],
      counts: { done: 3, not_found: 1 },
    });
    expect((await (await t.request('GET', '/v1/links?status=pending')).json()).items.map((l: any) => l.id)).toEqual(ids.slice(3));
    expect((await (await t.request('GET', `/v1/links/${ids[0]}`)).json()).statusReason).toEqual({ text: 'Batch.', public: false });

    const tagged = await (await t.request('POST', '/v1/links/bulk', { body: { ids, action: 'tag', tags: ['Weekly Pick'] } })).json();
    expect(tagged.counts).toEqual({ done: 5 });
    expect((await (await t.request('GET', '/v1/links?tag=weekly-pick')).json()).items).toHaveLength(5);
    const untagged = await (await t.request('POST', '/v1/links/bulk', { body: { ids: ids.slice(0, 2), action: 'untag', tags: ['weekly-pick', 'never'] } })).json();
    expect(untagged.counts).toEqual({ done: 2 });
    expect((await (await t.request('POST', '/v1/links/bulk', { body: { ids: [ids[0]], action: 'untag', tags: ['weekly-pick'] } })).json()).counts).toEqual({ unchanged: 1 });
    expect((await (await t.request('POST', '/v1/links/bulk', { body: { ids, action: 'section', section: 'Tools' } })).json()).counts).toEqual({ done: 5 });

    // A published issue's link keeps its status; a link in an issue is not deleted.
    await t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'One' } });
    await t.request('POST', '/v1/issues/1/items', { body: { linkId: ids[0], section: 'Links' } });
    await t.request('POST', '/v1/issues/1/publish');
    await t.request('POST', '/v1/issues', { body: { date: '2026-01-16', subject: 'Two' } });
    await t.request('POST', '/v1/issues/2/items', { body: { linkId: ids[1], section: 'Links' } });
    const reject = await (await t.request('POST', '/v1/links/bulk', { body: { ids: ids.slice(0, 3), action: 'reject' } })).json();
    expect(reject.results.map((r: any) => r.result)).toEqual(['in_published_issue', 'done', 'done']);
    const del = await (await t.request('POST', '/v1/links/bulk', { body: { ids, action: 'delete' } })).json();
    expect(del.results.map((r: any) => r.result)).toEqual(['in_published_issue', 'in_issue', 'done', 'done', 'done']);
  });

  it('refuses a malformed action with a 422 and writes nothing', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', status: 'pending' });
    const bad = [
      { ids: [], action: 'approve' },
      { ids: Array.from({ length: 1001 }, (_, i) => i + 1), action: 'approve' },
      { ids: [a.id], action: 'explode' },
      { ids: [a.id], action: 'tag' },
      { ids: [a.id], action: 'section' },
      { ids: [a.id], action: 'tag', tags: ['x'], reason: 'why' },
      { ids: [a.id], action: 'reject', reason: { code: 'unknown' } },
      { ids: ['1'], action: 'approve' },
    ];
    for (const body of bad) expect((await t.request('POST', '/v1/links/bulk', { body })).status, JSON.stringify(body).slice(0, 60)).toBe(422);
    expect((await (await t.request('GET', `/v1/links/${a.id}`)).json()).status).toBe('pending');
  });
});
