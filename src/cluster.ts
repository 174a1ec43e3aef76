import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Logger } from './logger.js';

/** Which of the workers this process is; worker 0 runs the enrichment jobs. */
export const WORKER_INDEX_ENV = 'LINKLETTER_WORKER_INDEX';

export function workerIndex(): number | undefined {
  const value = process.env[WORKER_INDEX_ENV];
  return cluster.isWorker && value !== undefined ? Number(value) : undefined;
}

/**
 * `WORKERS=N` (N > 1): this process applies the migrations, then starts N server processes
 * that share the port (Node's cluster hands each new connection to the next worker) and the
 * database file (WAL lets them read at once; transactions begin IMMEDIATE, so writers wait
 * for each other). Only worker 0 fetches pages: the others' new jobs wait in the database,
 * where its worker finds them within a second. A worker that dies is replaced; SIGTERM or
 * SIGINT is passed on, and this process exits once every worker has stopped.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const handle = openDatabase(config.databasePath, { mmapSize: config.sqliteMmapSize });
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  } finally {
    await handle.close();
  }

  const workers = new Map<number, Worker>();
  let stopping = false;
  let failedExit = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    workers.set(index, worker);
    let listening = false;
    worker.once('listening', () => (listening = true));
    worker.once('exit', (code, signal) => {
      workers.delete(index);
      if (!listening && !stopping) {
        // It never served (a bad port, a broken database): starting it again would fail again.
        logger.error('a worker could not start; stopping', { worker: index, code });
        failedExit = true;
        stop('SIGTERM');
      }
      if (stopping) {
        if (code !== 0) failedExit = true;
        if (workers.size === 0) {
          logger.info('all workers stopped');
          process.exit(failedExit ? 1 : 0);
        }
        return;
      }
      logger.error('worker exited; starting another', { worker: index, code, signal });
      setTimeout(() => fork(index), 1000).unref();
    });
  };
  for (let index = 0; index < config.workers; index++) fork(index);
  logger.info('cluster started', { workers: config.workers, pid: process.pid });

  function stop(signal: NodeJS.Signals): void {
    if (stopping) return;
    stopping = true;
    logger.info('signal received', { signal });
    if (workers.size === 0) process.exit(failedExit ? 1 : 0);
    for (const worker of workers.values()) worker.process.kill('SIGTERM');
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
