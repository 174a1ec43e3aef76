import cluster, { type Worker } from 'node:cluster';
import SQLite from 'better-sqlite3';
import type { Config } from './config.js';
import { openCheckedDatabase } from './db/check-database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Logger } from './logger.js';

/** Which of the workers this process is; worker 0 runs the enrichment jobs. */
export const WORKER_INDEX_ENV = 'LINKLETTER_WORKER_INDEX';

export function workerIndex(): number | undefined {
  const value = process.env[WORKER_INDEX_ENV];
  return cluster.isWorker && value !== undefined ? Number(value) : undefined;
}

/** Restarts back off from 1 s to 30 s; a worker that stays up a minute resets its delay. */
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;
const STABLE_MS = 60_000;
/** Workers get this long to finish in-flight requests after SIGTERM before they are killed. */
const STOP_DEADLINE_MS = 20_000;
/** A signal this soon after the first is the same one delivered twice (see stop()); a later one kills. */
const SAME_SIGNAL_MS = 1_000;

/**
 * `WORKERS=N` (N > 1): this process applies the migrations, then starts N server processes
 * that share the port (Node's cluster hands each new connection to the next worker) and the
 * database file (WAL lets them read at once; transactions begin IMMEDIATE, so writers wait
 * for each other). Only worker 0 fetches pages: the others' new jobs wait in the database,
 * where its worker finds them within a second.
 *
 * A worker that dies is replaced, with a growing delay. If a worker cannot start when the
 * cluster starts (a taken port, a broken file), everything stops with exit 1. SIGTERM or
 * SIGINT is passed on and the process exits once every worker has stopped; a second signal
 * (a second or more after the first), or workers still running after 20 s, gets them
 * killed. (A connection this process accepts just as the workers close their servers can be
 * left in Node's round-robin queue, which hands it back when a worker refuses it; it is never
 * answered, and is reset when this process exits.)
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  // A damaged file stops the cluster here, with one line, before any worker starts.
  const { handle, checkMs } = openCheckedDatabase(config.databasePath, { mmapSize: config.sqliteMmapSize });
  logger.info('database checked', { check: 'quick_check', durationMs: checkMs });
  try {
    const applied = await migrateToLatest(handle);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  } finally {
    await handle.close();
  }

  const workers = new Map<number, Worker>();
  const restarts = new Map<number, { timer?: NodeJS.Timeout; delayMs: number }>();
  let stopping = false;
  let failed = false;

  const finishIfDone = () => {
    if (stopping && workers.size === 0) {
      foldWal(config.databasePath, logger);
      logger.info('all workers stopped');
      process.exit(failed ? 1 : 0);
    }
  };

  const fork = (index: number, initial: boolean) => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    const forkedAt = Date.now();
    let listening = false;
    workers.set(index, worker);
    worker.once('listening', () => (listening = true));
    worker.once('exit', (code, signal) => {
      workers.delete(index);
      if (stopping) {
        // Stopped by our SIGTERM (or the terminal's SIGINT): a clean end, even mid-start-up.
        if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') failed = true;
        finishIfDone();
        return;
      }
      if (initial && !listening) {
        logger.error('a worker could not start; stopping', { worker: index, code });
        failed = true;
        stop('a worker could not start');
        return;
      }
      const restart = restarts.get(index) ?? { delayMs: RESTART_FIRST_MS };
      if (Date.now() - forkedAt >= STABLE_MS) restart.delayMs = RESTART_FIRST_MS;
      logger.error('worker exited; starting another', { worker: index, code, signal, inMs: restart.delayMs });
      restart.timer = setTimeout(() => {
        restart.timer = undefined;
        if (!stopping) fork(index, false);
      }, restart.delayMs);
      restart.delayMs = Math.min(restart.delayMs * 2, RESTART_MAX_MS);
      restarts.set(index, restart);
    });
  };

  let stoppingSince = 0;
  function stop(reason: string): void {
    if (stopping) {
      // A terminal's Ctrl-C reaches this process twice within milliseconds under `npm start`
      // (from the terminal, and passed on by npm): that is one request to stop, not two.
      if (performance.now() - stoppingSince < SAME_SIGNAL_MS) return;
      // A second signal: do not wait any longer.
      for (const worker of workers.values()) worker.process.kill('SIGKILL');
      return;
    }
    stopping = true;
    stoppingSince = performance.now();
    logger.info('stopping the workers', { reason });
    for (const restart of restarts.values()) clearTimeout(restart.timer);
    for (const worker of workers.values()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.warn('workers did not stop in time; killing them');
      for (const worker of workers.values()) worker.process.kill('SIGKILL');
    }, STOP_DEADLINE_MS).unref();
    finishIfDone();
  }

  for (let index = 0; index < config.workers; index++) fork(index, true);
  logger.info('cluster started', { workers: config.workers });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Workers that close at the same moment each see the other still open, so neither folds the
 * WAL back into the database; the files are safe (the next open recovers them) but a stopped
 * server should leave one file, as a single process does. The primary, last out, does it.
 */
function foldWal(path: string, logger: Logger): void {
  try {
    const sqlite = new SQLite(path, { fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
  } catch (err) {
    logger.warn('could not fold the WAL into the database file', { error: err instanceof Error ? err.message : String(err) });
  }
}
