import { sql } from 'kysely';
import { writerOf, type Db, type Trx } from './database.js';
import { assertOutsideWriteScope, inWriteScope, outsideWriteScope } from './write-scope.js';

export type { Trx } from './database.js';

/**
 * Lets the event loop read and answer the requests that came in meanwhile. Inside a long
 * transaction (a bulk action, an import batch), between its statements: the reads those
 * requests make run on the reading connection (see openDatabase) and see what was last
 * committed; their writes wait for the next group.
 */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` in a write transaction and resolves once it is committed; a throw from `work`
 * undoes everything it wrote and rejects with that error.
 *
 * Inside `work`, use only its `trx`: a query through `db`, or another `transact`, would wait
 * for the connection this transaction holds, forever. The types keep writes on `trx`; with
 * the guard on (tests, development) a stray `db` query or nested `transact` throws a
 * TransactionMisuse at once.
 */
export type Transact = <T>(work: (trx: Trx) => Promise<T>, actor?: string | null) => Promise<T>;

export type TransactOptions = {
  /** Mark each piece of work so that misuse throws instead of hanging (see write-scope.ts). Default on. */
  guard?: boolean;
  /** The time each transaction stamps on the history it writes (write_actor.at). */
  now?: () => Date;
  /**
   * Runs once per transaction, after its pieces and before the COMMIT: for derived data that is
   * cheaper to bring up to date once per transaction than once per row (the search index). A
   * throw fails the whole transaction.
   */
  beforeCommit?: (trx: Trx) => Promise<void>;
};

type Job = { work: (trx: Trx) => Promise<unknown>; actor: string | null; resolve(value: unknown): void; reject(error: unknown): void; settled?: true };

/**
 * Group commit. A commit is most of what a small write costs here: SQLite appends every page
 * the transaction touched to the WAL (a new link touches ~20: the row, its kept JSON, seven
 * indexes, two tags and their counts, its job), and every ~1,000 pages a checkpoint syncs to
 * disk. Writes that arrive together (everything queued by the time the event loop has read
 * its sockets) run one after another in one transaction, each inside its own savepoint, and
 * share one COMMIT: the pages they touch in common are written once.
 *
 * Each piece of work keeps its own outcome: one that throws is rolled back to its savepoint
 * and rejected, and the others go on. The rest are resolved only after the COMMIT, so a
 * response never reports a write that is not durable; if the COMMIT (or BEGIN) fails, every
 * piece that has not already failed on its own is rejected with that error.
 *
 * Because the pieces run one after another on the one connection, a check and the write that
 * depends on it (is the name free? then insert) inside one piece cannot be interleaved with
 * another request's: check-then-insert is safe inside `work`, and only there.
 */
/** A group that has held the thread this long turns the event loop before its beforeCommit. */
const LONG_GROUP_MS = 3;

export function createTransact(db: Db, options: TransactOptions = {}): Transact {
  const guard = options.guard ?? true;
  const now = options.now ?? (() => new Date());
  const writer = writerOf(db);
  let queue: Job[] = [];
  const runWork = guard ? (job: Job, trx: Trx) => inWriteScope(() => job.work(trx)) : (job: Job, trx: Trx) => job.work(trx);

  async function run(batch: Job[]): Promise<void> {
    const committed: Array<() => void> = [];
    try {
      // The one place a transaction is opened: Db leaves `transaction` out of its type.
      await writer.transaction().execute(async (kyselyTrx) => {
        const trx = kyselyTrx as Trx;
        // Who writes, for the history triggers (link_events): set before each piece's
        // savepoint, so that a piece that fails does not undo it for the next one.
        let actor: string | null | undefined;
        const at = now().toISOString();
        const began = performance.now();
        for (const job of batch) {
          if (job.actor !== actor) {
            actor = job.actor;
            await sql`UPDATE write_actor SET name = ${actor}, at = ${at} WHERE id = 1`.execute(trx);
          }
          await sql`SAVEPOINT work`.execute(trx);
          let value: unknown;
          try {
            value = await runWork(job, trx);
          } catch (error) {
            job.settled = true;
            try {
              await sql`ROLLBACK TO work`.execute(trx);
              await sql`RELEASE work`.execute(trx);
            } catch {
              // SQLite gave up the whole transaction (a full disk, say): that error is the
              // one every piece gets, not "no such savepoint" (and the driver skips the
              // ROLLBACK that would fail with "no transaction is active").
              job.reject(error);
              throw error;
            }
            job.reject(error);
            continue;
          }
          await sql`RELEASE work`.execute(trx);
          committed.push(() => job.resolve(value));
        }
        if (options.beforeCommit && committed.length > 0) {
          // A long group (a bulk action, an import batch) lets the reads that came in meanwhile
          // be answered before the index catches up with it.
          if (performance.now() - began > LONG_GROUP_MS) await turn();
          await options.beforeCommit(trx);
        }
      });
    } catch (error) {
      for (const job of batch) if (!job.settled) job.reject(error);
      return;
    }
    for (const resolve of committed) resolve();
  }

  return <T>(work: (trx: Trx) => Promise<T>, actor: string | null = null) => {
    try {
      assertOutsideWriteScope('transact()');
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, actor, resolve: resolve as (value: unknown) => void, reject });
      if (queue.length > 1) return;
      // Wait until the event loop has handled the requests that arrived with this one.
      setImmediate(() =>
        outsideWriteScope(() => {
          const batch = queue;
          queue = [];
          void run(batch);
        }),
      );
    });
  };
}
