import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ROOT, tempDirPerTest } from '../helpers/processes.js';

/**
 * A database file that fails `PRAGMA quick_check` stops the server at start-up with one line
 * and exit 1, instead of serving (and writing to) it: src/db/check-database.ts, as `npm start`
 * runs it, with one process and with a cluster (whose primary checks before any worker starts).
 */

const dir = tempDirPerTest();

/** A migrated file with a few thousand tags (so there are b-tree pages in the middle to break), WAL folded in. */
async function migratedFile(file: string): Promise<void> {
  const handle = openDatabase(file);
  await migrateToLatest(handle);
  await handle.unguarded(async () => {
    handle.sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
      INSERT INTO tags (name) SELECT printf('tag-%05d-%s', i, hex(randomblob(16))) FROM n`);
  });
  handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await handle.close();
}

/**
 * Breaks a leaf page of the tags table half-way through the file, in one of two ways: a cell
 * pointer aimed into the page's own header (quick_check reports it, row by row), or the page
 * header's cell count and content offset set to 0xFFFF (quick_check itself fails with
 * SQLITE_CORRUPT). Bytes inside a row's text would not do: SQLite keeps no checksums, and no
 * check could tell them from data.
 */
function breakPageInTheMiddle(file: string, how: 'cell pointer' | 'page header'): void {
  const db = new SQLite(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'tags' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
  db.close();
  const start = (pages[Math.floor(pages.length / 2)]! - 1) * pageSize;
  const [offset, bytes] = how === 'cell pointer' ? [start + 8 + 2 * 3, Buffer.from([0x00, 0x09])] : [start + 1, Buffer.alloc(7, 0xff)];
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

/** What quick_check says of the file: its rows, or the error it fails with. */
function quickCheck(file: string): string[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare('PRAGMA quick_check').pluck().all() as string[];
  } catch (err) {
    return [`${(err as { code: string }).code}: ${(err as Error).message}`];
  } finally {
    db.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** `node --import tsx src/main.ts`, as npm start runs it, to its end (killed after 30 s). */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const ONE_LINE = /^linkletter: the database \S+\.db is damaged \(PRAGMA quick_check: [^\n]+\); not serving it: restore the newest backup \(see the README, Operations\)\n$/;

describe('a damaged database file at start-up', () => {
  it('stops the server, one process or a cluster, with one line on stderr and exit 1, and leaves the file as it was', async () => {
    const reported = path.join(dir(), 'reported.db');
    const failing = path.join(dir(), 'failing.db');
    await migratedFile(reported);
    expect(quickCheck(reported)).toEqual(['ok']);
    copyFileSync(reported, failing);
    breakPageInTheMiddle(reported, 'cell pointer');
    breakPageInTheMiddle(failing, 'page header');
    // The damage is real, and quick_check sees it: the test would prove nothing otherwise.
    expect(quickCheck(reported).join(' ')).toMatch(/Tree \d+ page \d+ cell 3: Offset 9 out of range/);
    expect(quickCheck(failing)).toEqual(['SQLITE_CORRUPT: database disk image is malformed']);
    const before = [sha(reported), sha(failing)];

    const runs = await Promise.all([
      start({ DATABASE_PATH: reported }),
      start({ DATABASE_PATH: reported, WORKERS: '2' }),
      start({ DATABASE_PATH: failing }),
    ]);
    for (const [i, run] of runs.entries()) {
      const label = ['reported, one process', 'reported, WORKERS=2', 'failing, one process'][i];
      expect(run.code, `${label}: ${run.stdout}${run.stderr}`).toBe(1);
      expect(run.stderr, label).toMatch(ONE_LINE);
      expect(run.stdout, label).not.toContain('"listening"');
    }
    expect(runs[0]!.stderr).toContain('Offset 9 out of range');
    expect(runs[2]!.stderr).toContain('database disk image is malformed');
    expect([sha(reported), sha(failing)], 'nothing was written to the damaged files').toEqual(before);
  });
});
