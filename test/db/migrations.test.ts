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
