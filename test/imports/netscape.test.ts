import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { allLinks, byUrl, fixture, importFile } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('importing a Netscape bookmark file as browsers write it', () => {
  it('keeps every folder as a tag, every TAGS entry, ADD_DATE as createdAt, DD notes, decoded entities', async () => {
    t = await createTestApp();
    const report = await importFile(t, fixture('firefox.html'), { type: 'text/html' });
    expect(report).toMatchObject({ status: 'done', format: 'netscape', total: 10, processed: 10, counts: { created: 7, merged: 1, skipped: 0, invalid: 2 } });
    expect(report.problems.map((p: any) => [p.record, p.line])).toEqual([
      [5, 26],
      [6, 27],
    ]);
    const links = byUrl(await allLinks(t));
    expect(links.size).toBe(7);
    const wal = links.get('https://www.sqlite.org/wal.html')!;
    expect(wal).toMatchObject({
      title: 'Write-Ahead Logging',
      blurb: 'How SQLite gets concurrent readers & a writer.',
      tags: ['databases', 'reading-list-2021', 'sqlite', 'storage-engines'],
      source: 'import',
      status: 'approved',
      submitter: 'editor-token',
      createdAt: '2020-02-01T00:00:00.000Z', // the earlier of its two entries
    });
    expect(links.get('https://www.postgresql.org/docs/current/mvcc.html')).toMatchObject({
      title: 'MVCC — Concurrency Control',
      tags: ['databases', 'postgres-friends'],
      createdAt: '2020-06-01T00:00:00.000Z',
      blurb: null,
    });
    expect(links.get('http://example.org/caf%C3%A9')).toMatchObject({ title: 'Café <notes> ☕', blurb: 'Two lines\nof note', createdAt: '2021-01-01T00:00:00.000Z' });
    expect(links.get('https://example.org/no-date')).toMatchObject({ title: 'Lots of whitespace here', tags: [], createdAt: t.clock.now().toISOString() });
    expect(links.get('https://example.org/toolbar')).toMatchObject({ tags: ['reading'], createdAt: '2021-02-01T00:00:00.000Z' });
    expect(links.get('https://example.org/unfiled')).toMatchObject({ tags: [] });
    const hostile = links.get('https://example.org/hostile')!;
    expect(hostile.title).toBe('<script>alert("x")</script><img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))');
    expect(hostile.blurb).toBe('<b>not bold</b>');
  });
});
