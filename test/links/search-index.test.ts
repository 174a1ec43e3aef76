import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createToken } from '../../src/auth/tokens.repository.js';
import { testConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrate.js';
import { emptyMetadata, storedMetadata } from '../../src/enrichment/page-metadata.js';
import { silentLogger } from '../../src/logger.js';
import { searchIndexDifferences } from '../../soak/database-checks.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/test-app.js';

/**
 * The three index tables hold exactly what the link_search_source view says right now (see
 * searchIndexDifferences: every term at every position of every column, no more), and
 * nothing waits in the queue.
 */
function expectIndexFresh(sqlite: DbHandle['sqlite'], step: string): void {
  expect(searchIndexDifferences(sqlite), `after ${step}`).toEqual([]);
}

describe('the search index follows every write', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function ok(method: string, path: string, body?: unknown, status = 200): Promise<any> {
    const res = await t.request(method, path, { body, token: t.tokens.admin });
    if (res.status !== status) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return status === 204 ? null : res.json();
  }
  const found = async (q: string) => ((await ok('GET', `/v1/links?q=${encodeURIComponent(q)}`)).items as { id: number }[]).map((l) => l.id);

  it('through links, tags, renames, merges, deletes and fetched metadata', async () => {
    const a = await t.createLink({ url: 'https://www.sqlite.org/wal.html', title: 'Write-ahead log', tags: ['sqlite', 'storage'], credit: { name: 'Richard Hipp' } });
    const b = await t.createLink({ url: 'https://blog.example.com/b', blurb: 'On checkpoints', tags: ['storage'] });
    const c = await t.createLink({ url: 'https://example.org/c' });
    const steps: [string, () => Promise<unknown>][] = [
      ['edit a title and a credit', () => ok('PATCH', `/v1/links/${a.id}`, { title: 'The WAL', credit: { name: 'D. R. Hipp' } })],
      ['change a URL', () => ok('PATCH', `/v1/links/${b.id}`, { url: 'https://docs.example.net/b2' })],
      ['clear a blurb', () => ok('PATCH', `/v1/links/${b.id}`, { blurb: null })],
      ['replace tags', () => ok('PUT', `/v1/links/${c.id}/tags`, { tags: ['vacuum', 'sqlite'] })],
      ['add a tag', () => ok('POST', `/v1/links/${b.id}/tags`, { tags: ['wal'] })],
      ['remove a tag', () => ok('DELETE', `/v1/links/${c.id}/tags/vacuum`, undefined, 204)],
      ['rename a tag', () => ok('PATCH', '/v1/tags/storage', { name: 'storage-engines' })],
      ['merge a tag into another', () => ok('PATCH', '/v1/tags/wal', { name: 'sqlite' })],
      ['delete a tag', () => ok('DELETE', '/v1/tags/storage-engines', undefined, 204)],
      ['fetch a page', () => t.ctx.transact((trx) => trx.updateTable('links').set({ metadata: storedMetadata({ ...emptyMetadata(), title: 'Fetched', description: 'A description', siteName: 'Example Site' }) }).where('id', '=', c.id).execute())],
      ['approve a link', () => ok('PATCH', `/v1/links/${c.id}`, { status: 'archived' })],
      ['delete a link', () => ok('DELETE', `/v1/links/${b.id}`, undefined, 204)],
    ];
    for (const [step, write] of steps) {
      await write();
      expectIndexFresh(t.sqlite, step);
    }
    expect(await found('hipp')).toEqual([a.id]);
    expect(await found('tag:storage')).toEqual([]);
    expect(await found('tag:sqlite')).toEqual([c.id, a.id]);
    expect(await found('description fetched')).toEqual([c.id]);
    expect(await found('checkpoints')).toEqual([]);
  });

  it('indexes a write made without the application at the next commit', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Before' });
    t.sqlite.prepare('UPDATE links SET title = ? WHERE id = ?').run('After', a.id);
    expect(t.sqlite.prepare('SELECT link_id FROM link_search_queue').pluck().all()).toEqual([a.id]);
    await t.createLink({ url: 'https://example.com/b' });
    expectIndexFresh(t.sqlite, 'the next write');
    expect(await found('after')).toEqual([a.id]);
  });

  it('keeps the newest links, and only them, in the recent table as links are added and deleted', async () => {
    t.sqlite.prepare('UPDATE link_search_state SET recent_size = 3').run();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await t.createLink({ url: `https://example.com/${i}`, title: `Link ${i}` })).id);
      expectIndexFresh(t.sqlite, `link ${i}`);
    }
    await ok('DELETE', `/v1/links/${ids.at(-1)}`, undefined, 204);
    expectIndexFresh(t.sqlite, 'deleting the newest');
    const recent = t.sqlite.prepare(`SELECT rowid FROM link_search_recent WHERE link_search_recent MATCH 'link' ORDER BY rowid`).pluck().all();
    expect(recent).toEqual(ids.slice(3, 5));
  });
});

describe('the search migration', () => {
  let handle: DbHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('indexes the links that were there before it, in batches', async () => {
    handle = openDatabase(':memory:');
    const { error } = await handle.unguarded((db) => createMigrator(db).migrateTo('2026-12-01T01-00-00-issue-previews'));
    expect(error).toBeUndefined();
    const sqlite = handle.sqlite;
    const insert = sqlite.prepare(`INSERT INTO links (id, url, canonical_key, title, metadata, status, source, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'approved', 'editor', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    sqlite.transaction(() => {
      sqlite.prepare(`INSERT INTO tags (id, name) VALUES (1, 'old-tag')`).run();
      // Ids across more than one batch of the migration (20,000), with a gap.
      for (const id of [1, 2, 19_999, 20_000, 20_001, 45_000]) {
        insert.run(id, `https://old.example/${id}`, `old.example/${id}`, `Old link ${id}`, storedMetadata({ ...emptyMetadata(), description: `fetched before search ${id}` }));
        sqlite.prepare('INSERT INTO link_tags (tag_id, link_id) VALUES (1, ?)').run(id);
      }
    })();

    expect(await migrateToLatest(handle)).toContain('2026-12-02T01-00-00-link-search');
    expectIndexFresh(sqlite, 'the migration');

    const clock = new ManualClock();
    const { ctx } = await createContext({ db: handle.db, config: testConfig(), clock, logger: silentLogger });
    const app = createApp(ctx);
    const { secret } = await ctx.transact((trx) => createToken(trx, { name: 'e', role: 'editor', now: clock.now() }));
    const res = await app.request('/v1/links?q=fetched+before+tag:old-tag&sort=oldest', { headers: { authorization: `Bearer ${secret}` } });
    expect(((await res.json()) as { items: { id: number }[] }).items.map((l) => l.id)).toEqual([1, 2, 19_999, 20_000, 20_001, 45_000]);
  });
});
