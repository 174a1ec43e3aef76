import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const tags = async (query = '') => (await (await t.request('GET', `/v1/tags${query}`)).json()).items;

describe('/v1/tags', () => {
  beforeEach(async () => {
    await t.createLink({ url: 'https://example.com/1', tags: ['sqlite', 'postgres', 'perf'] });
    await t.createLink({ url: 'https://example.com/2', tags: ['sqlite', 'perf'] });
    await t.createLink({ url: 'https://example.com/3', tags: ['sqlite', 'python'] });
  });

  it('lists names with link counts, by count or by name', async () => {
    expect(await tags()).toEqual([
      { name: 'sqlite', count: 3 },
      { name: 'perf', count: 2 },
      { name: 'postgres', count: 1 },
      { name: 'python', count: 1 },
    ]);
    expect((await tags('?sort=name')).map((x: { name: string }) => x.name)).toEqual(['perf', 'postgres', 'python', 'sqlite']);
  });

  it('autocompletes by prefix', async () => {
    expect((await tags('?prefix=P&sort=name')).map((x: { name: string }) => x.name)).toEqual(['perf', 'postgres', 'python']);
    expect((await tags('?prefix=po')).map((x: { name: string }) => x.name)).toEqual(['postgres']);
    expect(await tags('?prefix=zz')).toEqual([]);
  });

  it('renames a tag on every link', async () => {
    const res = await t.request('PATCH', '/v1/tags/postgres', { body: { name: 'PostgreSQL' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'postgresql', count: 1, merged: false });
    const links = (await (await t.request('GET', '/v1/links?tag=postgresql')).json()).items;
    expect(links).toHaveLength(1);
  });

  it('merges when renaming onto an existing tag, keeping one tag per link', async () => {
    const res = await t.request('PATCH', '/v1/tags/perf', { body: { name: 'sqlite' } });
    expect(await res.json()).toEqual({ name: 'sqlite', count: 3, merged: true });
    expect(await tags()).toEqual([
      { name: 'sqlite', count: 3 },
      { name: 'postgres', count: 1 },
      { name: 'python', count: 1 },
    ]);
  });

  it('renaming a tag to its own name changes nothing', async () => {
    const res = await t.request('PATCH', '/v1/tags/perf', { body: { name: ' PERF ' } });
    expect(await res.json()).toEqual({ name: 'perf', count: 2, merged: false });
  });

  it('deletes a tag from every link', async () => {
    expect((await t.request('DELETE', '/v1/tags/sqlite')).status).toBe(204);
    expect((await tags()).map((x: { name: string }) => x.name)).not.toContain('sqlite');
    const link = (await (await t.request('GET', '/v1/links?limit=1&sort=oldest')).json()).items[0];
    expect(link.tags).toEqual(['perf', 'postgres']);
  });

  it('keeps counts right through every way a link gains or loses a tag', async () => {
    const counts = async () => Object.fromEntries((await tags()).map((x: { name: string; count: number }) => [x.name, x.count]));
    const first = (await (await t.request('GET', '/v1/links?limit=1&sort=oldest')).json()).items[0];
    await t.request('POST', `/v1/links/${first.id}/tags`, { body: { tags: ['python', 'sqlite'] } }); // one new, one already there
    expect(await counts()).toEqual({ sqlite: 3, perf: 2, python: 2, postgres: 1 });
    await t.request('PUT', `/v1/links/${first.id}/tags`, { body: { tags: ['perf'] } });
    expect(await counts()).toEqual({ sqlite: 2, perf: 2, python: 1 });
    await t.request('DELETE', `/v1/links/${first.id}/tags/perf`);
    expect(await counts()).toEqual({ sqlite: 2, perf: 1, python: 1 });
    const second = (await (await t.request('GET', '/v1/links?tag=perf')).json()).items[0];
    expect((await t.request('DELETE', `/v1/links/${second.id}`)).status).toBe(204); // cascades
    expect(await counts()).toEqual({ sqlite: 1, python: 1 });
    await t.request('PATCH', '/v1/tags/python', { body: { name: 'sqlite' } }); // merge: the link had both
    expect(await counts()).toEqual({ sqlite: 1 });
  });

  it('answers 404 for an unknown tag and 422 for an invalid new name', async () => {
    expect((await t.request('PATCH', '/v1/tags/nope', { body: { name: 'x' } })).status).toBe(404);
    expect((await t.request('DELETE', '/v1/tags/nope')).status).toBe(404);
    const bad = await t.request('PATCH', '/v1/tags/perf', { body: { name: '' } });
    expect(bad.status).toBe(422);
    expect((await problemOf(bad)).errors[0].path).toBe('name');
  });
});
