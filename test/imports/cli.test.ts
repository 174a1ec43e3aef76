import { writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTransact } from '../../src/db/transact.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { runImportCommand } from '../../src/imports/import-cli.js';
import { cli, tempDirPerTest } from '../helpers/processes.js';
import { FIXTURES } from './helpers.js';

const dir = tempDirPerTest();

describe('npm run cli -- import FILE', () => {
  it('imports into the database with no server, progress on stderr, the report on stdout, exit 0', () => {
    const databasePath = path.join(dir(), 'cli.db');
    const res = cli(databasePath, ['import', path.join(FIXTURES, 'firefox.html')]);
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ id: 1, status: 'done', format: 'netscape', createdBy: null, counts: { created: 7, merged: 1, skipped: 0, invalid: 2 } });
    expect(res.stderr).toMatch(/^import 1: 10 records, netscape\n/);
    expect(res.stderr).toMatch(/\nimport 1: 10\/10 {2}100 % {2}[\d,]+\/s\n/);
    expect(res.stderr).toMatch(/\nimport 1 done: 7 created, 1 merged, 0 skipped, 2 invalid \(2 problems, the first in the JSON above\)\n$/);
    const sqlite = new SQLite(databasePath, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM links').pluck().get()).toBe(7);
    expect(sqlite.prepare("SELECT count(*) FROM link_events WHERE type = 'created' AND actor IS NULL").pluck().get()).toBe(7);
    sqlite.close();

    // Again, as a dry run of pending links: nothing new, nothing written.
    const again = cli(databasePath, ['import', path.join(FIXTURES, 'firefox.html'), '--dry-run', '--status', 'pending']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ options: { dryRun: true, status: 'pending' }, counts: { created: 0, merged: 0, skipped: 8, invalid: 2 } });
  });

  it('exits 1 with one line when the file cannot be read, and forces a format with --format', () => {
    const databasePath = path.join(dir(), 'bad.db');
    const file = path.join(dir(), 'broken.json');
    writeFileSync(file, '[{"href": "https://example.org/"},\n{"href": "https://example.org/2"');
    const broken = cli(databasePath, ['import', file]);
    expect([broken.status, broken.stdout]).toEqual([1, '']);
    expect(broken.stderr).toBe(`linkletter: import: ${file}: The file cannot be read: line 2: the JSON ends with 2 brackets still open.\n`);
    const list = path.join(dir(), 'list.txt');
    writeFileSync(list, 'example.org/a\nhttps://example.org/b\n');
    const forced = cli(databasePath, ['import', list, '--format', 'urls']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).counts).toEqual({ created: 1, merged: 0, skipped: 0, invalid: 1 });
  });

  it('draws a progress bar (done/total, rate, time left) when stderr is a terminal', async () => {
    const databasePath = path.join(dir(), 'tty.db');
    const handle = openDatabase(databasePath);
    await migrateToLatest(handle);
    const file = path.join(dir(), 'many.txt');
    writeFileSync(file, Array.from({ length: 3_000 }, (_, i) => `https://example.org/tty/${i}`).join('\n'));
    let err = '';
    let out = '';
    try {
      const code = await runImportCommand(
        handle.db,
        createTransact(handle.db),
        { file, status: 'approved', dryRun: false, databasePath },
        { stdout: { write: (s: string) => (out += s) }, stderr: { isTTY: true, write: (s: string) => (err += s) } },
      );
      expect(code).toBe(0);
    } finally {
      await handle.close();
    }
    expect(JSON.parse(out).counts.created).toBe(3_000);
    expect(err).toMatch(/\r\[#*-*\] [\d,]+\/3,000 {2}\d+ % {2}[\d,]+\/s {2}(\d+ s|…) left\u001b\[K/);
    expect(err).toContain('\r[##############################] 3,000/3,000  100 %');
  });
});
