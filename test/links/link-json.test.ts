import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyMetadata, storedMetadata } from '../../src/enrichment/page-metadata.js';
import { LinkSchema } from '../../src/links/links.schemas.js';
import { staleLinkJson } from '../../soak/database-checks.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ok(res: Response | Promise<Response>, status = 200): Promise<void> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${await r.text()}`);
}

/**
 * Every link has kept JSON, none is kept for a link that is gone, and each is what the
 * link_api_json view builds from the link, its tags and its issue right now.
 */
function expectKeptJsonFresh(step: string): void {
  expect(staleLinkJson(t.sqlite), `after ${step}`).toEqual([]);
  // The view (in a migration) and LinkSchema (in zod) both define a link's JSON: every kept row
  // must be exactly what the schema describes, no key missing and none extra (parsing strips
  // unknown keys, so the parsed value differs from the row when there is one).
  const rows = t.sqlite.prepare('SELECT json FROM link_json').pluck().all() as string[];
  for (const json of rows) {
    const value: unknown = JSON.parse(json);
    const parsed = LinkSchema.safeParse(value);
    expect(parsed.success ? null : parsed.error.issues, `after ${step}: ${json}`).toBeNull();
    expect(parsed.data, `after ${step}`).toEqual(value);
  }
}

describe('kept link JSON (link_json)', () => {
  it('follows every write that changes what a link looks like', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', tags: ['x', 'y'] });
    const b = await t.createLink({ url: 'https://example.com/b', tags: ['x'] });
    const c = await t.createLink({ url: 'https://example.com/c' });
    expectKeptJsonFresh('creating links');

    const steps: [string, string, string, unknown?, number?][] = [
      ['edit a link', 'PATCH', `/v1/links/${a.id}`, { title: 'A', blurb: 'Blurb', credit: { name: 'Ann' }, kind: 'video', section: 'Tools' }],
      ['move a link to another URL', 'PATCH', `/v1/links/${b.id}`, { url: 'https://example.com/b2' }],
      ['replace tags', 'PUT', `/v1/links/${c.id}/tags`, { tags: ['z', 'x'] }],
      ['add tags', 'POST', `/v1/links/${b.id}/tags`, { tags: ['w'] }],
      ['remove a tag', 'DELETE', `/v1/links/${a.id}/tags/y`, undefined, 204],
      ['rename a tag', 'PATCH', '/v1/tags/x', { name: 'ex' }],
      ['merge a tag into another', 'PATCH', '/v1/tags/z', { name: 'w' }],
      ['start an issue', 'POST', '/v1/issues', { date: '2026-01-02', subject: 'One' }, 201],
      ['add a link to it', 'POST', '/v1/issues/1/items', { linkId: a.id, section: 'Links' }, 201],
      ['assemble it', 'POST', '/v1/issues/1/assemble', {}],
      ['remove a link from it', 'DELETE', `/v1/issues/1/items/${c.id}`, undefined, 204],
      ['publish it', 'POST', '/v1/issues/1/publish'],
      ['unpublish it', 'POST', '/v1/issues/1/unpublish'],
      ['publish the correction', 'POST', '/v1/issues/1/publish'],
      ['start another issue', 'POST', '/v1/issues', { date: '2026-01-09', subject: 'Two' }, 201],
      ['delete that draft', 'DELETE', '/v1/issues/2', undefined, 204],
      ['delete a tag', 'DELETE', '/v1/tags/w', undefined, 204],
      ['delete a link', 'DELETE', `/v1/links/${c.id}`, undefined, 204],
    ];
    for (const [step, method, path, body, status] of steps) {
      await ok(t.request(method, path, { body, token: t.tokens.admin }), status);
      t.clock.advance(1000);
      expectKeptJsonFresh(step);
    }

    // Writes from outside the HTTP API (the enrichment worker, the CLI) are kept up too.
    t.sqlite
      .prepare(`UPDATE links SET metadata = ?, fetched_at = '2026-01-05T10:00:00.000Z', enrichment_status = 'done' WHERE id = ?`)
      .run(storedMetadata({ ...emptyMetadata(), title: 'Page', image: { url: 'https://example.com/i.png', width: 10, height: null, alt: null } }), b.id);
    expectKeptJsonFresh('a fetch');
    const d = await t.createLink({ url: 'https://example.com/d' });
    t.sqlite.prepare('UPDATE links SET possible_duplicate_of = ? WHERE id = ?').run(d.id, b.id);
    // Deleting the link it points at clears the pointer (ON DELETE SET NULL).
    await ok(t.request('DELETE', `/v1/links/${d.id}`), 204);
    expectKeptJsonFresh('deleting a link another points at');

    const res = await t.request('GET', `/v1/links/${b.id}`);
    const link = await res.json();
    expect(link).toMatchObject({ url: 'https://example.com/b2', tags: ['ex'], metadata: { title: 'Page' }, enrichment: { status: 'done' }, possibleDuplicateOf: null });
  });

  it('rewrites only the links a write touches', async () => {
    for (let i = 0; i < 30; i++) await t.createLink({ url: `https://example.com/${i}`, tags: ['popular'] });
    // Counted by a temporary trigger: total_changes() would count the search index's own rows too.
    t.sqlite.exec(`CREATE TEMP TABLE json_writes (n INTEGER NOT NULL); INSERT INTO json_writes VALUES (0);
      CREATE TEMP TRIGGER json_insert AFTER INSERT ON link_json BEGIN UPDATE json_writes SET n = n + 1; END;
      CREATE TEMP TRIGGER json_update AFTER UPDATE ON link_json BEGIN UPDATE json_writes SET n = n + 1; END;`);
    const rowsChanged = async (method: string, path: string, body?: unknown) => {
      const before = t.sqlite.prepare('SELECT n FROM json_writes').pluck().get() as number;
      const res = await t.request(method, path, { body });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return (t.sqlite.prepare('SELECT n FROM json_writes').pluck().get() as number) - before;
    };
    // A new link with a tag 30 others carry (the tag upsert sets its name to itself), and an
    // edit to one of them: a handful of rows each (history events included), never the other
    // links' JSON.
    expect(await rowsChanged('POST', '/v1/links', { url: 'https://example.com/new', tags: ['popular'] })).toBeLessThan(15);
    expect(await rowsChanged('PATCH', '/v1/links/1', { title: 'One' })).toBeLessThan(15);
    expect(await rowsChanged('PATCH', '/v1/tags/popular', { name: 'famous' })).toBeGreaterThanOrEqual(31);
    expectKeptJsonFresh('a rename');
  });
});
