import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm, stat, unlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { isStorageFull } from '../db/errors.js';
import { turn, type Transact } from '../db/transact.js';
import { outsideWriteScope } from '../db/write-scope.js';
import type { Logger } from '../logger.js';
import { applyBatch, queueRecord, type QueuedRecord } from './import-batch.js';
import type { ImportProblem } from './import-record.js';
import { forgetDryStates } from './import-links.repository.js';
import {
  claimImport,
  filesInUse,
  findImport,
  findUnfinishedImports,
  finishedDryRunsWithStates,
  finishImport,
  importOptions,
  MAX_KEPT_PROBLEMS,
  releaseImport,
  saveProgress,
  type ImportRow,
} from './imports.repository.js';
import { ImportFileError } from './record-parser.js';
import { applyRestoreBatch, queueEntry } from './restore-batch.js';
import { readStagedRecords } from './staged-file.js';
import { startWalCheckpointer } from '../db/wal-checkpointer.js';

export type ImportRunnerOptions = {
  db: Db;
  /** The app's group commit: each batch is one piece of it, so requests' writes go on between batches. */
  transact: Transact;
  clock: Clock;
  logger: Logger;
  /** Where uploaded files wait (see importsFolder); removed on stop() when `ownsDir`. */
  dir: string;
  /** The database file, for a checkpointing thread while an import runs (none for `:memory:`, nor where the database has one all the time: the server's). */
  databasePath?: string | undefined;
  ownsDir?: boolean;
  /** Wakes the enrichment worker: imported links have jobs. */
  enrichment: { notify(): void };
  /** How often an idle runner looks for imports (another process may have queued one). */
  pollMs?: number;
  /** A claim lapses this long after its last batch (a crashed process on another host). */
  leaseMs?: number;
  /** Records read ahead for one batch, and the time one batch may spend writing them. */
  batchRecords?: number;
  batchMs?: number;
  /** Run only this import (the CLI's own). */
  only?: number;
  onProgress?: (row: ImportRow) => void;
};

export type ImportRunner = {
  /** Cleans up after a crash (left-over files and dry-run states), then looks for work. */
  start(): Promise<void>;
  /** Finishes the batch being written, lets the import go (the next start resumes it), waits. */
  stop(): Promise<void>;
  /** Wakes the runner: an import was queued. */
  notify(): void;
  /** Runs every import it may take to its end (tests and the CLI). */
  drain(): Promise<void>;
  /** This runner's claim: an import created with it is this runner's to run. */
  readonly claim: string;
  readonly dir: string;
};

/**
 * Where uploads wait: `imports/` beside the database file. An in-memory database (the tests)
 * gets a temporary folder of its own (made by the first upload), which its runner removes
 * when it stops.
 */
export function importsFolder(databasePath: string): { dir: string; owned: boolean } {
  if (!isFile(databasePath)) return { dir: path.join(tmpdir(), `linkletter-imports-${randomUUID()}`), owned: true };
  return { dir: path.join(path.dirname(databasePath), 'imports'), owned: false };
}

const isFile = (databasePath: string) => databasePath !== ':memory:' && !databasePath.startsWith('file:');

/** Claims held by runners of this process, so that two of them never take each other's. */
const liveClaims = new Set<string>();
const HOST = hostname();

class LostClaim extends Error {}

/** Another process's claim that can be taken: lapsed, or held by a process on this host that is gone. */
function claimLapsed(row: ImportRow, now: Date): boolean {
  if (row.claim === null || row.locked_until === null || row.locked_until <= now.toISOString()) return true;
  const [host, pidText] = row.claim.split(':');
  if (host !== HOST) return false;
  const pid = Number(pidText);
  if (pid === process.pid) return !liveClaims.has(row.claim); // a former process that had our pid (pid 1 in a container)
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}


export function createImportRunner(options: ImportRunnerOptions): ImportRunner {
  const { db, transact, clock, logger, dir } = options;
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 10_000;
  const batchRecords = options.batchRecords ?? 500;
  const batchMs = options.batchMs ?? 5;
  const claim = `${HOST}:${process.pid}:${randomUUID().slice(0, 8)}`;
  liveClaims.add(claim);
  /** Failures of each import in this process; a few in a row end it. */
  const failures = new Map<number, number>();
  let running = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let working: Promise<void> | undefined;
  /** Set when a write found the disk full: the runner stops until its next poll. */
  let waitingForSpace = false;

  const leaseEnd = () => new Date(clock.now().getTime() + leaseMs);

  async function next(): Promise<ImportRow | undefined> {
    for (const row of await findUnfinishedImports(db)) {
      if (options.only !== undefined && row.id !== options.only) continue;
      if (row.claim !== claim && !claimLapsed(row, clock.now())) continue;
      if (await transact((trx) => claimImport(trx, row.id, row.claim, claim, leaseEnd(), clock.now()))) return findImport(db, row.id);
    }
    return undefined;
  }

  async function runAll(): Promise<void> {
    waitingForSpace = false;
    while (!stopping && !waitingForSpace) {
      const row = await next();
      if (!row) return;
      await runImport(row);
    }
  }

  function work(): Promise<void> {
    return (working ??= runAll()
      .catch((err) =>
        isStorageFull(err)
          ? logger.warn('import runner waiting for disk space', { error: (err as Error).message })
          : logger.error('import runner failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        working = undefined;
      }));
  }

  async function runImport(row: ImportRow): Promise<void> {
    const actor = row.created_by;
    const { status, dryRun, restore } = importOptions(row);
    // linkletter's own export: a restore, whose mode its first batch decides (restore-batch.ts).
    const restoring = row.format === 'linkletter';
    let mode = restore;
    const file = row.file === null ? null : path.join(dir, row.file);
    let processed = row.processed;
    let problems = JSON.parse(row.problems) as ImportProblem[];
    let problemCount = row.problem_count;
    const end = async (outcome: { status: 'done' | 'failed'; error?: string }) => {
      await transact((trx) => finishImport(trx, row.id, claim, { ...outcome, now: clock.now() }), actor);
      if (file) await unlink(file).catch(() => {});
      if (dryRun) await forgetAll(row.id);
      const finished = await findImport(db, row.id);
      if (finished) options.onProgress?.(finished);
      logger.info('import finished', { import: row.id, ...outcome, processed });
    };

    const commit = async (queue: QueuedRecord[]): Promise<QueuedRecord[]> => {
      const { result, kept } = await transact(async (trx) => {
        const now = clock.now();
        const batch = { importId: row.id, dryRun, status, submitter: actor, now, deadline: performance.now() + batchMs };
        const result = restoring ? await applyRestoreBatch(trx, queue, { ...batch, mode }) : { ...(await applyBatch(trx, queue, batch)), mode };
        const kept = problems.length >= MAX_KEPT_PROBLEMS ? problems : [...problems, ...result.problems].slice(0, MAX_KEPT_PROBLEMS);
        const progress = { processed: processed + result.consumed, counts: result.counts, problems: kept, problemCount: problemCount + result.problems.length, lockedUntil: leaseEnd(), now };
        if (!(await saveProgress(trx, row.id, claim, progress))) throw new LostClaim();
        return { result, kept };
      }, actor);
      processed += result.consumed;
      mode = result.mode;
      problems = kept;
      problemCount += result.problems.length;
      if (result.linksCreated > 0) options.enrichment.notify();
      if (options.onProgress) {
        const now = await findImport(db, row.id);
        if (now) options.onProgress(now);
      }
      // Let the requests that came in meanwhile be read and answered before the next batch.
      await turn();
      return queue.slice(result.consumed);
    };

    const checkpointer = options.databasePath && isFile(options.databasePath) ? startWalCheckpointer(options.databasePath) : undefined;
    try {
      if (!file || !existsSync(file)) return await end({ status: 'failed', error: 'The uploaded file is gone from the imports folder.' });
      let queue: QueuedRecord[] = [];
      for await (const record of readStagedRecords(file, row.format)) {
        if (record.record <= processed) continue;
        queue.push(restoring ? queueEntry(record) : queueRecord(record, clock.now()));
        while (queue.length >= batchRecords && !stopping) queue = await commit(queue);
        if (stopping) break;
      }
      while (queue.length > 0 && !stopping) queue = await commit(queue);
      if (stopping) {
        await transact((trx) => releaseImport(trx, row.id, claim));
        logger.info('import paused', { import: row.id, processed, total: row.total });
        return;
      }
      failures.delete(row.id);
      await end({ status: 'done' });
    } catch (err) {
      if (err instanceof LostClaim) return void logger.warn('import taken over by another process', { import: row.id });
      if (isStorageFull(err)) {
        // No fault of the import's, and nothing of the batch was written: it waits, with no
        // failure counted, and is taken up again at the next poll (a second), until there is room.
        waitingForSpace = true;
        logger.warn('import waiting for disk space', { import: row.id, processed, error: (err as Error).message });
        await transact((trx) => releaseImport(trx, row.id, claim)).catch(() => {});
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      const count = (failures.get(row.id) ?? 0) + 1;
      failures.set(row.id, count);
      logger.error('import batch failed', { import: row.id, attempt: count, error: message });
      if (err instanceof ImportFileError || count >= 3) {
        await end({ status: 'failed', error: err instanceof ImportFileError ? `The file cannot be read: ${message}.` : 'The import failed; see the server log.' }).catch(() => {});
      } else {
        await transact((trx) => releaseImport(trx, row.id, claim)).catch(() => {});
      }
    } finally {
      await checkpointer?.stop();
    }
  }

  /** A dry run's states, forgotten a chunk at a time (each chunk its own short transaction). */
  async function forgetAll(importId: number): Promise<void> {
    while ((await transact((trx) => forgetDryStates(trx, importId, 2_000))) > 0) await turn();
  }

  /** Files no import needs (a crash between upload and commit), an hour old so that no upload in flight is taken. */
  async function removeOrphans(): Promise<void> {
    const needed = await filesInUse(db);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.upload') || needed.has(name)) continue;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > 3_600_000) await unlink(file).catch(() => {});
    }
  }

  function schedule(delayMs: number): void {
    if (!running || stopping) return;
    if (timer) clearTimeout(timer);
    // notify() may come from inside a request's transaction: the runner's work is not part of it.
    timer = setTimeout(() => outsideWriteScope(() => void work().finally(() => schedule(pollMs))), delayMs);
    timer.unref();
  }

  return {
    claim,
    dir,
    async start() {
      for (const id of await finishedDryRunsWithStates(db)) await forgetAll(id);
      await removeOrphans();
      running = true;
      schedule(0);
    },
    async stop() {
      stopping = true;
      running = false;
      if (timer) clearTimeout(timer);
      await working;
      liveClaims.delete(claim);
      if (options.ownsDir) await rm(dir, { recursive: true, force: true });
    },
    notify() {
      schedule(0);
    },
    async drain() {
      await working;
      await work();
    },
  };
}
