import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { runExportCommand } from '../../src/exports/export-cli.js';
import { cli, tempDirPerTest } from '../helpers/processes.js';
import { createTestApp } from '../helpers/test-app.js';

const dir = tempDirPerTest();

/** A database file with `count` links (two of them in published issue 1), and what the API exports of it. */
async function seeded(count: number): Promise<{ databasePath: string; markdown: string }> {
  const databasePath = path.join(dir(), 'source.db');
  const t = await createTestApp({}, { databasePath });
  try {
    await t.ctx.transact((trx) =>
      sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
        INSERT INTO links (url, canonical_key, title, status, source, submitter, created_at, updated_at)
        SELECT 'https://example.org/p' || i, 'example.org/p' || i, 'Page ' || i, 'approved', 'editor', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`.execute(trx),
    );
    await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } });
    for (const linkId of [1, 2]) await t.request('POST', '/v1/issues/1/items', { body: { linkId, section: 'Links' } });
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    return { databasePath, markdown: await (await t.request('GET', '/v1/issues/1.md')).text() };
  } finally {
    await t.close();
  }
}

describe('npm run cli -- export', () => {
  it('writes the export to --out (complete, or not at all), progress lines on stderr; `import` restores it into a fresh database', async () => {
    const { databasePath, markdown } = await seeded(1_200);
    const out = path.join(dir(), 'dump.json');
    const res = cli(databasePath, ['export', '--out', out]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/(^|\n)export: 1,200\/1,200 {2}100 % {2}[\d,]+\/s\n/);
    expect(res.stderr).toMatch(/\nexported 1,200 links as json to .*dump\.json: [\d,]+ bytes in [\d.]+ s\n$/);
    const dump = JSON.parse(readFileSync(out, 'utf8'));
    expect(dump.linkletter.counts).toEqual({ links: 1_200, tags: 0, issues: 1 });
    expect(readdirSync(dir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const fresh = path.join(dir(), 'fresh.db');
    const restored = cli(fresh, ['import', out]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ status: 'done', format: 'linkletter', options: { restore: 'exact' }, counts: { created: 1_201, invalid: 0 } });
    const t = await createTestApp({}, { databasePath: fresh });
    try {
      expect(await (await t.request('GET', '/v1/issues/1.md')).text()).toBe(markdown);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('writes to stdout without --out, in any format; a bad format is a usage error (exit 2)', async () => {
    const { databasePath } = await seeded(3);
    const csv = cli(databasePath, ['export', '--format', 'csv']);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n')).toHaveLength(3 + 2);
    expect(csv.stdout).toMatch(/^id,url,title,note,tags,/);
    const html = cli(databasePath, ['export', '--format', 'netscape']);
    expect(html.stdout).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>/);
    const bad = cli(databasePath, ['export', '--format', 'xml']);
    expect([bad.status, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toBe('linkletter: export: --format must be one of json, netscape, csv, not "xml" (see export --help)\n');
    const nowhere = cli(databasePath, ['export', '--out', path.join(dir(), 'missing', 'dump.json')]);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toMatch(/^linkletter: export: ENOENT/);
  }, 60_000);

  it('draws a progress bar (done/total, rate, time left) on a terminal', async () => {
    const { databasePath } = await seeded(1_200);
    const handle = openDatabase(databasePath);
    let err = '';
    const chunks: string[] = [];
    try {
      const stdout = { write: (s: string) => (chunks.push(s), true), once() {}, on() {}, off() {} } as never;
      expect(await runExportCommand(handle.db, { format: 'netscape', databasePath }, { stdout, stderr: { isTTY: true, write: (s: string) => (err += s) } })).toBe(0);
    } finally {
      await handle.close();
    }
    expect(chunks.join('').match(/<DT>/g)).toHaveLength(1_200);
    expect(err).toMatch(/\r\[#+-+\] 500\/1,200 {2}41 % {2}[\d,]+\/s {2}(\d+ s|…) left\u001b\[K/);
    expect(err).toContain('\r[##############################] 1,200/1,200  100 %');
  });
});
