import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks the code that runs inside one piece of a write transaction (see createTransact), so
 * that a query sent through the plain `db` from there fails at once instead of hanging.
 *
 * Why it would hang: Kysely's SQLite driver has one connection behind a mutex, and a write
 * transaction holds it until its COMMIT. A `db` query made inside the transaction's own work
 * waits for that mutex, and the work waits for the query: nothing ever runs again.
 *
 * The mark is an AsyncLocalStorage store, which on Node 20 makes every promise in the
 * process cost more (about 3× in a promise-bound loop), so it is on only where mistakes are
 * looked for (tests, development); `NODE_ENV=production` turns it off (see Config).
 */
export type WriteScope = { active: boolean };

const storage = new AsyncLocalStorage<WriteScope>();

export class TransactionMisuse extends Error {
  override readonly name = 'TransactionMisuse';
}

/** Runs `work` marked as inside a write transaction; the mark is lifted when it settles. */
export async function inWriteScope<T>(work: () => Promise<T>): Promise<T> {
  const scope: WriteScope = { active: true };
  try {
    return await storage.run(scope, work);
  } finally {
    // Timers or callbacks started by `work` keep the store; they are outside it from now on.
    scope.active = false;
  }
}

/**
 * Runs `fn` outside any write scope: for timers and callbacks that are started from inside a
 * transaction's work but run on their own (they would only wait, never deadlock).
 */
export function outsideWriteScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** Whether the caller runs inside a piece of write-transaction work (always false when the guard is off). */
export function insideWriteScope(): boolean {
  return storage.getStore()?.active === true;
}

export function assertOutsideWriteScope(what: string): void {
  if (insideWriteScope()) {
    throw new TransactionMisuse(
      `${what} inside a transact() callback would wait forever for the connection the transaction holds: use the callback's trx.`,
    );
  }
}
