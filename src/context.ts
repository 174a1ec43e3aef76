import { createBackups, type Backups } from './backups/backups.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { readKey } from './db/settings.js';
import { createTransact, type Transact } from './db/transact.js';
import type { FetchPage } from './enrichment/fetch-page.js';
import { createEnrichmentWorker, type EnrichmentWorker, type WorkerOptions } from './enrichment/worker.js';
import { createImportRunner, importsFolder, type ImportRunner, type ImportRunnerOptions } from './imports/import-runner.js';
import { flushLinkSearch } from './links/search/search-index.repository.js';
import type { Logger } from './logger.js';

/** Everything a request handler may use, built once by createContext and handed on. */
export type AppContext = {
  /** Reads. Writes go through `transact`, whose `trx` is the only way to write. */
  db: Db;
  /** Write transactions, committed in groups (see createTransact). */
  transact: Transact;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Signs list cursors; read from the database once at start. */
  cursorKey: Buffer;
  /** Signs proof-of-work challenges for public submissions. */
  powKey: Buffer;
  /** Wakes the enrichment worker after a job is queued (a no-op when there is none). */
  enrichment: { notify(): void };
  /** Backups of the database file (POST /v1/admin/backup, BACKUP_EVERY). */
  backups: Backups;
  /** Where uploaded bookmark files wait, and the wake-up of the runner that imports them. */
  imports: { dir: string; notify(): void };
};

export type ContextParts = {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** The database has a thread checkpointing its WAL all the time (the server's), so imports need none of their own. */
  checkpointThread?: boolean;
  /** With a page fetcher there is an enrichment worker (not started: the caller starts it). */
  fetchPage?: FetchPage | undefined;
  /** Tuning of the worker (tests shorten its backoff and leases). */
  worker?: Partial<Omit<WorkerOptions, 'db' | 'transact' | 'fetchPage' | 'clock' | 'logger'>> | undefined;
  /** Tuning of the import runner (built always, started by the caller). */
  imports?: Partial<Omit<ImportRunnerOptions, 'db' | 'transact' | 'clock' | 'logger' | 'enrichment'>> | undefined;
};

/**
 * Builds the context of one app on a migrated database: the server and the tests both build
 * theirs here, so what a test runs against is what `npm start` runs.
 */
export async function createContext(
  parts: ContextParts,
): Promise<{ ctx: AppContext; worker: EnrichmentWorker | undefined; importRunner: ImportRunner }> {
  const { db, config, clock, logger } = parts;
  const transact = createTransact(db, { guard: config.guardTransactions, now: () => clock.now(), beforeCommit: flushLinkSearch });
  // FETCH_TIMEOUT_MS bounds the whole job, parse included; FETCH_ALLOW_PRIVATE also keeps internal image URLs.
  const limits = { jobTimeoutMs: config.fetchTimeoutMs, keepPrivateUrls: config.fetchAllowPrivate };
  const worker = parts.fetchPage
    ? createEnrichmentWorker({ db, transact, fetchPage: parts.fetchPage, clock, logger, concurrency: config.enrichConcurrency, ...limits, ...parts.worker })
    : undefined;
  const enrichment = { notify: () => worker?.notify() };
  const folder = parts.imports?.dir === undefined ? importsFolder(config.databasePath) : { dir: parts.imports.dir, owned: false };
  const importRunner = createImportRunner({ db, transact, clock, logger, enrichment, dir: folder.dir, ownsDir: folder.owned, databasePath: parts.checkpointThread ? undefined : config.databasePath, ...parts.imports });
  const ctx: AppContext = {
    db,
    transact,
    config,
    clock,
    logger,
    cursorKey: await readKey(db, 'cursor_key'),
    powKey: await readKey(db, 'pow_key'),
    enrichment,
    backups: createBackups({ config, clock, logger }),
    imports: { dir: importRunner.dir, notify: () => importRunner.notify() },
  };
  return { ctx, worker, importRunner };
}
