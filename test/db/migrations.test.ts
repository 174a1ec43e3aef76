import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrate.js';

let handle: DbHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe('2026-11-25 metadata in the API shape', () => {
  it('rewrites metadata stored by older code into every key, in the API order', async () => {
    handle = openDatabase(':memory:');
    const { error } = await handle.unguarded((db) => createMigrator(db).migrateTo('2026-11-23T02-00-00-newsletter-issues'));
    expect(error).toBeUndefined();
    const insert = handle.sqlite.prepare(
      `INSERT INTO links (url, canonical_key, status, source, metadata, created_at, updated_at)
       VALUES (?, ?, 'approved', 'editor', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    insert.run('https://a.example/', 'a.example', JSON.stringify({ siteName: 'A', title: 'T', image: { alt: 'x', url: 'https://a.example/i.png', width: 10 } }));
    insert.run('https://b.example/', 'b.example', null);

    expect(await migrateToLatest(handle)).toContain('2026-11-25T00-00-00-metadata-api-shape');
    const rows = handle.sqlite.prepare('SELECT metadata FROM links ORDER BY id').pluck().all();
    expect(rows[0]).toBe(
      JSON.stringify({
        title: 'T',
        description: null,
        siteName: 'A',
        image: { url: 'https://a.example/i.png', width: 10, height: null, alt: 'x' },
        favicon: null,
        author: null,
        publishedAt: null,
        canonicalUrl: null,
      }),
    );
    expect(rows[1]).toBeNull();
  });
});

describe('2026-12-03 linkletter imports', () => {
  it('rebuilds imports to take the linkletter format, keeping every import and its dry-run states; down drops only restores', async () => {
    handle = openDatabase(':memory:');
    const { error } = await handle.unguarded((db) => createMigrator(db).migrateTo('2026-12-02T03-00-00-imports'));
    expect(error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    handle.sqlite.prepare(`INSERT INTO imports (status, format, options, bytes, total, processed, created_at, updated_at) VALUES ('running', 'netscape', '{}', 10, 5, 2, ?, ?)`).run(at, at);
    handle.sqlite.prepare(`INSERT INTO import_dry_links (import_id, canonical_key, has_title, has_blurb, fillable, tags, created_at) VALUES (1, 'example.org', 0, 0, 1, '[]', ?)`).run(at);
    const insertRestore = handle.sqlite.prepare(`INSERT INTO imports (status, format, options, bytes, total, created_at, updated_at) VALUES ('queued', 'linkletter', '{}', 1, 1, ?, ?)`);
    expect(() => insertRestore.run(at, at)).toThrow(/CHECK constraint failed/);

    expect(await migrateToLatest(handle)).toContain('2026-12-02T05-00-00-linkletter-imports');
    insertRestore.run(at, at);
    expect(handle.sqlite.prepare('SELECT id, format, processed FROM imports ORDER BY id').all()).toEqual([
      { id: 1, format: 'netscape', processed: 2 },
      { id: 2, format: 'linkletter', processed: 0 },
    ]);
    expect(handle.sqlite.prepare('SELECT count(*) FROM import_dry_links').pluck().get()).toBe(1);
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.sqlite.pragma('foreign_key_check')).toEqual([]);
    // The foreign key still names the table: deleting an import takes its states.
    handle.sqlite.prepare('DELETE FROM imports WHERE id = 1').run();
    expect(handle.sqlite.prepare('SELECT count(*) FROM import_dry_links').pluck().get()).toBe(0);

    const down = await handle.unguarded((db) => createMigrator(db).migrateTo('2026-12-02T03-00-00-imports'));
    expect(down.error).toBeUndefined();
    expect(handle.sqlite.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
  });
});
