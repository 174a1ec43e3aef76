import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * An import commits a batch every few milliseconds, each a few hundred WAL pages, so the WAL
 * passes SQLite's checkpoint threshold (1,000 pages) every few commits, and the commit that
 * passes it copies the pages back into the database file and syncs it, on the thread that
 * answers requests: measured, half of all commit time and the slowest stalls of an import.
 * While an import runs, a thread of its own checkpoints (PASSIVE: it never waits for the
 * writer, nor the writer for it) every few milliseconds on a connection of its own, so the WAL
 * is copied back as it grows, and the commit that reaches the threshold finds nothing left to do.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export type WalCheckpointer = { stop(): Promise<void> };

export function startWalCheckpointer(databasePath: string, everyMs = 25): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { path: databasePath, driver, everyMs }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
  worker.unref();
  // A checkpoint that fails leaves the work to SQLite's own, at commit: nothing is lost.
  worker.on('error', () => {});
  const exited = once(worker, 'exit').catch(() => {});
  return {
    async stop() {
      // Unref'd while it runs (it must not keep a process up); waited for when it is stopped.
      worker.ref();
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
