import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Transact } from './db/transact.js';
import type { Logger } from './logger.js';

/** Everything a request handler may use, built once in createApp and handed on. */
export type AppContext = {
  db: Db;
  /** Write transactions, committed in groups (see createTransact); routes write through it. */
  transact: Transact;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Signs list cursors; read from the database once at start. */
  cursorKey: Buffer;
  /** Wakes the enrichment worker after a job is queued (a no-op when it is off). */
  enrichment: { notify(): void };
};
