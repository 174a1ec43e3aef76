import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } })).status).toBe(201);
});
afterEach(async () => {
  await t.close();
});

/** A link in issue 1 whose page could not be fetched. */
async function failedLink(fields: Record<string, unknown>): Promise<number> {
  const link = await t.createLink({ url: `https://example.com/${Math.random()}`, ...fields });
  t.sqlite.prepare("UPDATE links SET enrichment_status = 'failed', enrichment_error = 'dns failure' WHERE id = ?").run(link.id);
  expect((await t.request('POST', '/v1/issues/1/items', { body: { linkId: link.id, section: 'Links' } })).status).toBe(201);
  return link.id;
}

const warningsFor = async (linkId: number) =>
  ((await (await t.request('GET', '/v1/issues/1/check')).json()).warnings as { code: string; linkId?: number }[]).filter((w) => w.linkId === linkId).map((w) => w.code);

describe('the enrichment_failed warning', () => {
  it('is given when the item falls back to fetched text that is missing', async () => {
    const id = await failedLink({ title: 'Editor title' });
    expect(await warningsFor(id)).toEqual(['no_blurb', 'enrichment_failed']);
  });

  it('is not given when the editor wrote the title and the blurb, so strict publishing goes ahead', async () => {
    const id = await failedLink({ title: 'Editor title', blurb: 'Editor blurb.' });
    expect(await warningsFor(id)).toEqual([]);
    // With the empty Highlights section gone, nothing is left to stop a strict publish.
    expect((await t.request('PUT', '/v1/issues/1/sections', { body: [{ name: 'Links', items: [{ linkId: id }] }] })).status).toBe(200);
    const publish = await t.request('POST', '/v1/issues/1/publish?strict=true');
    expect(publish.status, await publish.clone().text()).toBe(200);
  });
});
