import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } })).status).toBe(201);
  for (const name of ['a', 'b', 'c', 'd']) {
    const link = await t.createLink({ url: `https://example.com/${name}`, title: name.toUpperCase() });
    expect((await t.request('POST', '/v1/issues/1/items', { body: { linkId: link.id, section: 'Links' } })).status).toBe(201);
  }
});
afterEach(async () => {
  await t.close();
});

/** The titles in each section, in order, and the stored positions (always 0, 1, 2 …). */
async function layout(): Promise<Record<string, string[]>> {
  const issue = await (await t.request('GET', '/v1/issues/1')).json();
  const dense = t.sqlite.prepare('SELECT section, group_concat(position) AS p FROM (SELECT section, position FROM issue_items ORDER BY section, position) GROUP BY section').all() as { section: string; p: string }[];
  for (const { p } of dense) expect(p.split(',').map(Number)).toEqual(p.split(',').map((_, i) => i));
  return Object.fromEntries(
    issue.sections.filter((s: { items: unknown[] }) => s.items.length > 0).map((s: { name: string; items: { title: string }[] }) => [s.name, s.items.map((i) => i.title)]),
  );
}

const move = (linkId: number, body: Record<string, unknown>) => t.request('PATCH', `/v1/issues/1/items/${linkId}`, { body });

describe('moving issue items', () => {
  it('moves an item down within its section to exactly the place asked for', async () => {
    expect((await move(1, { position: 3 })).status).toBe(200);
    expect(await layout()).toEqual({ Links: ['B', 'C', 'D', 'A'] });
    expect((await move(2, { position: 1 })).status).toBe(200);
    expect(await layout()).toEqual({ Links: ['C', 'B', 'D', 'A'] });
  });

  it('moves an item up within its section', async () => {
    expect((await move(4, { position: 0 })).status).toBe(200);
    expect(await layout()).toEqual({ Links: ['D', 'A', 'B', 'C'] });
  });

  it('leaves an item where it is when asked for its own place', async () => {
    expect((await move(2, { position: 1 })).status).toBe(200);
    expect(await layout()).toEqual({ Links: ['A', 'B', 'C', 'D'] });
  });

  it('moves an item to the end of its own section when only the section is named', async () => {
    expect((await move(1, { section: 'Links' })).status).toBe(200);
    expect(await layout()).toEqual({ Links: ['B', 'C', 'D', 'A'] });
  });

  it('moves an item to another section, closing the gap it leaves', async () => {
    expect((await move(2, { section: 'Highlights' })).status).toBe(200);
    expect((await move(3, { section: 'Highlights', position: 0 })).status).toBe(200);
    expect(await layout()).toEqual({ Highlights: ['C', 'B'], Links: ['A', 'D'] });
  });

  it('inserts a new item at a position, and a removal closes the gap', async () => {
    const e = await t.createLink({ url: 'https://example.com/e', title: 'E' });
    expect((await t.request('POST', '/v1/issues/1/items', { body: { linkId: e.id, section: 'Links', position: 1 } })).status).toBe(201);
    expect(await layout()).toEqual({ Links: ['A', 'E', 'B', 'C', 'D'] });
    expect((await t.request('DELETE', '/v1/issues/1/items/2')).status).toBe(204);
    expect(await layout()).toEqual({ Links: ['A', 'E', 'C', 'D'] });
  });
});
