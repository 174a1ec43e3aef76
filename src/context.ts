import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { readCursorKey } from './db/settings.js';
import { createTransact, type Transact } from './db/transact.js';
import type { FetchPage } from './enrichment/fetch-page.js';
import { createEnrichmentWorker, type EnrichmentWorker, type WorkerOptions } from './enrichment/worker.js';
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
  /** Wakes the enrichment worker after a job is queued (a no-op when there is none). */
  enrichment: { notify(): void };
};

export type ContextParts = {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** With a page fetcher there is an enrichment worker (not started: the caller starts it). */
  fetchPage?: FetchPage | undefined;
  /** Tuning of the worker (tests shorten its backoff and leases). */
  worker?: Partial<Omit<WorkerOptions, 'db' | 'transact' | 'fetchPage' | 'clock' | 'logger'>> | undefined;
};

/**
 * Builds the context of one app on a migrated database: the server and the tests both build
 * theirs here, so what a test runs against is what `npm start` runs.
 */
export async function createContext(parts: ContextParts): Promise<{ ctx: AppContext; worker: EnrichmentWorker | undefined }> {
  const { db, config, clock, logger } = parts;
  const transact = createTransact(db, { guard: config.guardTransactions, beforeCommit: flushLinkSearch });
  // FETCH_TIMEOUT_MS bounds the whole job, parse included; FETCH_ALLOW_PRIVATE also keeps internal image URLs.
  const limits = { jobTimeoutMs: config.fetchTimeoutMs, keepPrivateUrls: config.fetchAllowPrivate };
  const worker = parts.fetchPage
    ? createEnrichmentWorker({ db, transact, fetchPage: parts.fetchPage, clock, logger, concurrency: config.enrichConcurrency, ...limits, ...parts.worker })
    : undefined;
  const ctx: AppContext = {
    db,
    transact,
    config,
    clock,
    logger,
    cursorKey: await readCursorKey(db),
    enrichment: { notify: () => worker?.notify() },
  };
  return { ctx, worker };
}
