import { closeSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * One consistent copy of a live database file, as `VACUUM INTO` writes it, checked before it
 * is given its name. Shared by `cli backup` (in its own process) and the server (in a thread,
 * see backup-thread.ts): synchronous, it holds whatever thread runs it until the copy is done.
 *
 * Why VACUUM INTO rather than SQLite's online backup API (better-sqlite3's `db.backup()`): the
 * backup API copies pages a step at a time and starts over whenever another connection writes,
 * so a backup from the CLI, or from one of several WORKERS, never finished while a server wrote
 * every few milliseconds (measured: still copying after 120 s of a write every 5 ms, on a 213 MB
 * file it copies in 0.9 s when idle). VACUUM INTO reads one snapshot in one read transaction:
 * in WAL mode writers go on meanwhile (their writes just are not in the copy), and it took
 * 0.6–1.4 s for the same file under the same writer, whose slowest write was 11–33 ms.
 */

export type BackupFileResult = { bytes: number };

export class BackupFailed extends Error {}

/**
 * Copies the database at `source` to `target` through `temp` (which must not exist): VACUUM
 * INTO, fsync (SQLite does not sync what VACUUM INTO writes), `PRAGMA integrity_check` on the
 * copy, then the rename and an fsync of the folder. Without `overwrite`, an existing `target` is
 * never replaced, even one that appears meanwhile. On any failure `temp` is removed, `target`
 * is untouched, and the error is a BackupFailed with a one-line message.
 */
export function writeBackupFile(source: string, target: string, temp: string, { overwrite = false } = {}): BackupFileResult {
  let db: SQLite.Database;
  try {
    // Never created: a mistyped path fails instead of backing up an empty file. Not read-only:
    // a read-only connection that is the last to close leaves the -wal and -shm files behind.
    db = new SQLite(source, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new BackupFailed(`could not open the database ${source}: ${errorLine(err)}`);
  }
  try {
    db.prepare('VACUUM INTO ?').run(temp);
  } catch (err) {
    removeQuietly(temp);
    throw new BackupFailed(`could not copy ${source} into ${dirname(target)}: ${errorLine(err)}`);
  } finally {
    db.close();
  }
  try {
    syncFile(temp);
    const problems = integrityProblems(temp);
    if (problems) throw new BackupFailed(`the copy failed PRAGMA integrity_check (${problems}); nothing was kept`);
    if (overwrite) {
      renameSync(temp, target);
    } else {
      // A hard link fails if the name is taken, where a rename would replace that file.
      linkSync(temp, target);
      unlinkSync(temp);
    }
    syncFile(dirname(target));
    return { bytes: statSync(target).size };
  } catch (err) {
    removeQuietly(temp);
    if (err instanceof BackupFailed) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new BackupFailed(code === 'EEXIST' ? `${target} exists already` : `could not write ${target}: ${errorLine(err)}`);
  }
}

/** `ok` → undefined; otherwise the first problem SQLite names, and how many there are. */
function integrityProblems(path: string): string | undefined {
  const copy = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const rows = copy.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const first = rows[0]?.integrity_check;
    if (rows.length === 1 && first === 'ok') return undefined;
    return `${first ?? 'no answer'}${rows.length > 1 ? `, and ${rows.length - 1} more` : ''}`;
  } finally {
    copy.close();
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Not there (VACUUM INTO failed before creating it) is fine.
  }
}

export const errorLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');

/**
 * Where `cli backup PATH` may write, as an absolute path, or a BackupFailed saying why not: a
 * folder that exists, a PATH that is not taken (unless `overwrite`), and not the database itself.
 */
export function checkBackupTarget(databasePath: string, path: string, overwrite: boolean): string {
  if (databasePath === ':memory:') throw new BackupFailed('DATABASE_PATH is :memory:: there is no file to back up');
  const target = resolve(path);
  const existing = statOrUndefined(target);
  if (existing?.isDirectory()) throw new BackupFailed(`${target} is a folder: name the backup file in it`);
  if (target === resolve(databasePath)) throw new BackupFailed(`${target} is the database itself`);
  if (existing && !overwrite) throw new BackupFailed(`${target} exists already (--force replaces it)`);
  if (!statOrUndefined(dirname(target))?.isDirectory()) throw new BackupFailed(`the folder ${dirname(target)} does not exist`);
  return target;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
