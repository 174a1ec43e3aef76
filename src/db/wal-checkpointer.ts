import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * A commit that takes the WAL past SQLite's checkpoint threshold (1,000 pages) copies the
 * pages back into the database file and syncs it, on the thread that answers requests:
 * measured, half the time of a 1,000-link bulk approve (28 ms of 55; it writes ~2,000 pages)
 * and of an import's commits, and the slowest stalls of both.
 *
 * So checkpoints run on a thread of their own, on a connection of their own: every few
 * milliseconds, when another connection has committed since the last look (`data_version`)
 * or the last checkpoint could not copy everything, a PASSIVE checkpoint (it never waits for
 * the writer, nor the writer for it) copies the WAL back as it grows. With `owner`, the app's
 * connection stops checkpointing at commit (`wal_autocheckpoint = 0`) for as long as the
 * thread runs, and takes it up again if the thread fails or a checkpoint fails (a full disk);
 * closing the last connection
 * checkpoints what is left, as always.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
let seen = -1;
let behind = false;
const timer = setInterval(() => {
  try {
    const version = db.pragma('data_version', { simple: true });
    if (version === seen && !behind) return;
    seen = version;
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    behind = row.busy !== 0 || row.checkpointed < row.log;
  } catch {
    // A full disk, an I/O error: the thread ends, and the app's connection checkpoints at
    // commit again, as SQLite does by default (it answers such writes with the error itself).
    clearInterval(timer);
    db.close();
    process.exit(0);
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export type WalCheckpointer = { stop(): Promise<void> };

/** SQLite's own default threshold, restored on the app's connection when the thread ends. */
const AUTOCHECKPOINT_PAGES = 1000;

export function startWalCheckpointer(databasePath: string, options: { everyMs?: number; owner?: SQLite.Database } = {}): WalCheckpointer {
  const { everyMs = 25, owner } = options;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { path: databasePath, driver, everyMs }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
  worker.unref();
  const handBack = () => {
    if (owner?.open) owner.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  owner?.pragma('wal_autocheckpoint = 0');
  // A thread that fails leaves the work to SQLite's own, at commit: nothing is lost.
  worker.on('error', handBack);
  const exited = once(worker, 'exit')
    .catch(() => {})
    .finally(handBack);
  return {
    async stop() {
      // Unref'd while it runs (it must not keep a process up); waited for when it is stopped.
      worker.ref();
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await worker.terminate();
      handBack();
    },
  };
}
