import { accessSync, constants, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { BackupFailed, errorLine, removeQuietly } from './backup-file.js';
import type { BackupOutcome, BackupTask } from './backup-thread.js';

/**
 * The server's backups: consistent copies of its database file in one folder, named by the
 * UTC time each was begun, the newest BACKUP_KEEP kept. Taking one runs backup-file.ts in a
 * thread with its own connection; one at a time, across the processes of a cluster too (a
 * lock file in the folder), so a second request gets a BackupBusy rather than a second copy.
 */

export type BackupInfo = { name: string; bytes: number; createdAt: string };
export type TakenBackup = BackupInfo & { integrity: 'ok' };
export type BackupTrigger = 'api' | 'schedule';

export type Backups = {
  /** The folder, or null when there is nothing to back up to (an in-memory database, no BACKUP_DIR). */
  readonly dir: string | null;
  take(trigger: BackupTrigger): Promise<TakenBackup>;
  /** Newest first; only files named as backups are, so other files in the folder are left alone. */
  list(): BackupInfo[];
  find(name: string): BackupInfo | undefined;
  /** Makes the folder and checks it is writable, with a one-line error if not (start-up, when scheduled). */
  prepare(): void;
  /** Abandons a backup being taken (its unfinished copy is removed): shutdown does not wait for one. */
  close(): Promise<void>;
};

/** There is no file to back up. */
export class BackupUnavailable extends Error {}
/** A backup is being taken already, by this process or another. */
export class BackupBusy extends Error {}

/** `linkletter-2026-01-05T09-00-00-000Z.db`: ISO time with `-` for `:` and `.`, so it sorts as it reads. */
export const BACKUP_NAME = /^linkletter-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;
const TEMP_NAME = /^linkletter-.*\.db\.tmp$/;
const LOCK_NAME = '.backup.lock';

const nameFor = (at: Date) => `linkletter-${at.toISOString().replace(/[:.]/g, '-')}.db`;

function createdAtOf(name: string): string | undefined {
  const m = BACKUP_NAME.exec(name);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z` : undefined;
}

const isInMemory = (path: string) => path === ':memory:' || (path.startsWith('file:') && /[?&]mode=memory\b/.test(path));

/** BACKUP_DIR, or a `backups` folder beside the database file; null for an in-memory database without one. */
export function backupDirectory(config: Pick<Config, 'backupDir' | 'databasePath'>): string | null {
  if (config.backupDir !== null) return config.backupDir;
  if (isInMemory(config.databasePath) || config.databasePath.startsWith('file:')) return null;
  return join(dirname(config.databasePath), 'backups');
}

export type BackupsParts = { config: Config; clock: Clock; logger: Logger };

export function createBackups({ config, clock, logger }: BackupsParts): Backups {
  const dir = isInMemory(config.databasePath) ? null : backupDirectory(config);
  let running: Promise<TakenBackup> | undefined;
  let thread: { abort: AbortController; temp: string } | undefined;
  let closed = false;

  const unavailable = () =>
    new BackupUnavailable(
      isInMemory(config.databasePath)
        ? 'The database is in memory: there is no file to back up.'
        : 'DATABASE_PATH is a file: URI; set BACKUP_DIR to say where backups go.',
    );

  function list(): BackupInfo[] {
    if (!dir) return [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((name) => BACKUP_NAME.test(name))
      .sort()
      .reverse()
      .flatMap((name) => {
        try {
          return [{ name, bytes: statSync(join(dir, name)).size, createdAt: createdAtOf(name)! }];
        } catch {
          return []; // removed meanwhile (pruned by another process)
        }
      });
  }

  async function copyInThread(task: BackupTask): Promise<number> {
    if (closed) throw new BackupFailed('the server is shutting down');
    // A pool of one thread for one task: a backup is rare, and its thread should not stay.
    const pool = new Piscina({ filename: THREAD_MODULE.href, minThreads: 0, maxThreads: 1, idleTimeout: 0, execArgv: threadExecArgv(), recordTiming: false });
    const abort = new AbortController();
    thread = { abort, temp: task.temp };
    try {
      const outcome = (await pool.run(task, { signal: abort.signal })) as BackupOutcome;
      if (!outcome.ok) throw new BackupFailed(outcome.message);
      return outcome.bytes;
    } finally {
      thread = undefined;
      void pool.destroy();
    }
  }

  async function takeOne(startedAt: Date): Promise<TakenBackup> {
    if (!dir) throw unavailable();
    await mkdir(dir, { recursive: true });
    if (!lockFolder(dir)) throw new BackupBusy('A backup is being taken by another server process; try again once it is done.');
    try {
      removeUnfinished(dir);
      const name = nameFor(startedAt);
      const target = join(dir, name);
      const bytes = await copyInThread({ source: config.databasePath, target, temp: `${target}.tmp` });
      return { name, bytes, createdAt: startedAt.toISOString(), integrity: 'ok' };
    } finally {
      unlockFolder(dir);
    }
  }

  /** Removes the oldest backups beyond BACKUP_KEEP; returns their names. */
  function prune(): string[] {
    const removed: string[] = [];
    for (const old of list().slice(config.backupKeep)) {
      try {
        unlinkSync(join(dir!, old.name));
        removed.push(old.name);
      } catch {
        // Gone already (another process pruned it): nothing to do.
      }
    }
    return removed;
  }

  return {
    dir,
    list,
    find: (name) => list().find((b) => b.name === name),
    async take(trigger) {
      if (running) throw new BackupBusy('A backup is being taken already; try again once it is done.');
      const startedAt = clock.now();
      const began = performance.now();
      const current = (running = takeOne(startedAt));
      try {
        const taken = await current;
        let removed: string[] = [];
        try {
          removed = prune();
        } catch (err) {
          logger.warn('could not remove old backups', { dir, error: errorLine(err) });
        }
        logger.info('backup taken', { trigger, name: taken.name, bytes: taken.bytes, durationMs: Math.round(performance.now() - began), dir, removed });
        return taken;
      } catch (err) {
        if (!(err instanceof BackupBusy || err instanceof BackupUnavailable)) logger.error('backup failed', { trigger, dir, error: errorLine(err) });
        throw err;
      } finally {
        running = undefined;
      }
    },
    prepare() {
      if (!dir) throw unavailable();
      try {
        mkdirSync(dir, { recursive: true });
        accessSync(dir, constants.W_OK);
      } catch (err) {
        throw new Error(`the backup folder ${dir} is not writable: ${errorLine(err)}`);
      }
    },
    async close() {
      closed = true;
      const current = thread;
      if (current) {
        logger.warn('a backup was being taken at shutdown; abandoned', { dir });
        // A thread busy in SQLite stops when that call returns; exiting the process does not wait for it.
        current.abort.abort();
        removeQuietly(current.temp);
        return;
      }
      // Not copying yet: it stops at the thread it would have started (copyInThread).
      await running?.catch(() => {});
    },
  };
}

/**
 * The lock is a file holding the pid of the process taking a backup. One left behind by a
 * process that died mid-backup is taken over: its pid is not running, or it is this process's
 * own pid from an earlier life (a container's server is always pid 1), since this process
 * takes the lock only while it has no backup running.
 */
function lockFolder(dir: string): boolean {
  const lock = join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // released meanwhile
    }
    if (holder !== process.pid && isRunning(holder)) return false;
    removeQuietly(lock);
  }
  return false;
}

function unlockFolder(dir: string): void {
  removeQuietly(join(dir, LOCK_NAME));
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}

/** Copies left by a backup that was cut short (the lock is held, so none is being written). */
function removeUnfinished(dir: string): void {
  for (const name of readdirSync(dir)) if (TEMP_NAME.test(name)) removeQuietly(join(dir, name));
}

const THREAD_MODULE = new URL(`./backup-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Node 20 does not load .ts in a worker thread, and a thread does not inherit the loader hooks
 * of the process (`--import tsx` in `npm start`, vitest's in tests): the thread gets tsx by path
 * (and piscina loads the module with require, which tsx's hook then compiles). Compiled
 * JavaScript would need nothing.
 */
function threadExecArgv(): string[] {
  if (!THREAD_MODULE.pathname.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}
