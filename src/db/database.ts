import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import type { Database } from './schema.js';
import { startWalCheckpointer } from './wal-checkpointer.js';
import { assertOutsideWriteScope, TransactionMisuse } from './write-scope.js';

declare const side: unique symbol;

/**
 * The database outside any write transaction: for reads. Its write builders are left out of
 * the type, and a write that reaches SQLite outside a transaction anyway (raw SQL, a cast)
 * throws: every write goes through `transact` (src/db/transact.ts) and its `Trx`.
 */
export type Db = Omit<Kysely<Database>, 'insertInto' | 'replaceInto' | 'updateTable' | 'deleteFrom' | 'mergeInto' | 'with' | 'withRecursive' | 'schema' | 'transaction' | 'startTransaction' | 'connection' | 'withTables' | 'withPlugin' | 'withoutPlugins' | 'withSchema'> & {
  readonly [side]: 'db';
};

/** One piece of work inside a write transaction (handed out by `transact`). Not a Db, and a Db is not one. */
export type Trx = Transaction<Database> & { readonly [side]: 'trx' };

/** What a read takes when it is used both inside and outside write transactions. */
export type Reader = Db | Trx;

export type DbHandle = {
  db: Db;
  sqlite: SQLite.Database;
  /** Whether a thread checkpoints the WAL (OpenOptions.checkpointThread). */
  checkpointThread: boolean;
  /**
   * Runs `work` with writes allowed outside a transaction, on the full Kysely instance: for
   * migrations (Kysely's migrator does not wrap SQLite migrations in a transaction) and other
   * maintenance that cannot run inside one (VACUUM, checkpoints). Start-up only: the
   * allowance holds for the whole connection while `work` runs.
   */
  unguarded<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type OpenOptions = {
  mmapSize?: number;
  /** Checkpoint the WAL on a thread of its own instead of at commit (see wal-checkpointer.ts); a file only. */
  checkpointThread?: boolean;
};

/** The connection that writes, behind each Db that reads on a connection of its own. */
const WRITERS = new WeakMap<object, Kysely<Database>>();

/** The Kysely instance transactions run on: the writer behind `db`, or `db` itself when it has one connection. */
export function writerOf(db: Db): Kysely<Database> {
  return WRITERS.get(db) ?? (db as unknown as Kysely<Database>);
}

/**
 * Opens (creating the folder if needed) the SQLite file with the production pragmas.
 * `:memory:` gives a private in-memory database, as tests use.
 *
 * A file gets two connections: one that writes (transactions: `transact`, migrations) and one
 * that reads (`db`). better-sqlite3 runs each statement to its end on the one JavaScript
 * thread, but a write transaction that lets the event loop turn between its statements (a
 * bulk action, an import batch) no longer holds up the reads that come in meanwhile: they
 * run on the other connection, under WAL, and see what was last committed. A read never sees
 * a transaction that has not committed, and once `transact` resolves, every read sees it.
 * An in-memory database has one connection for both (a second would be another database).
 */
export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  const isFile = path !== ':memory:' && !path.startsWith('file:');
  if (isFile) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  applyPragmas(sqlite, options);
  const cache = withStatementCache(sqlite);
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cache }, () => sqlite.inTransaction) });
  let reader: { sqlite: SQLite.Database; kysely: Kysely<Database> } | undefined;
  if (isFile) {
    const readSqlite = new SQLite(path);
    applyPragmas(readSqlite, options);
    // The memory and the map go to the reads, as with one connection: each connection has a
    // page cache and a map of its own (a page mapped twice counts twice in RSS), and the writer
    // mostly touches the same few index pages and the end of each table.
    sqlite.pragma('mmap_size = 0');
    sqlite.pragma(`cache_size = ${-WRITER_CACHE_KIB}`);
    readSqlite.pragma(`cache_size = ${-(CACHE_KIB - WRITER_CACHE_KIB)}`);
    // Reads only: every statement that would write throws, as one through `db` does.
    const readCache = withStatementCache(readSqlite, { readOnly: true });
    reader = { sqlite: readSqlite, kysely: new Kysely<Database>({ dialect: new ReaderSqliteDialect({ database: readCache }) }) };
    WRITERS.set(reader.kysely, kysely);
  }
  const checkpointer = options.checkpointThread && isFile ? startWalCheckpointer(path, { owner: sqlite }) : undefined;
  let closed = false;
  return {
    db: (reader?.kysely ?? kysely) as unknown as Db,
    sqlite,
    checkpointThread: checkpointer !== undefined,
    async unguarded(work) {
      cache.writesOutsideTransactions = true;
      try {
        return await work(kysely);
      } finally {
        cache.writesOutsideTransactions = false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await checkpointer?.stop();
      if (reader) {
        await reader.kysely.destroy();
        if (reader.sqlite.open) reader.sqlite.close();
      }
      // The writer closes last: the last connection to close checkpoints the WAL and removes it.
      await kysely.destroy(); // closes the better-sqlite3 handle too, once Kysely has used it
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Transactions begin IMMEDIATE: they take SQLite's write lock at once, waiting up to
 * busy_timeout while another process (the CLI, say) holds it. A plain BEGIN would read under
 * a snapshot first, and if another process commits before the first write, SQLite answers
 * that write with SQLITE_BUSY at once: a 500 for a request that only had to wait.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly inTransaction: () => boolean,
  ) {
    super(config);
  }

  /** Called for every query through `db` (and for BEGIN), never for a query through a transaction's `trx`. */
  override async acquireConnection(): Promise<DatabaseConnection> {
    assertOutsideWriteScope('A query through `db`');
    return super.acquireConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * SQLite ends a transaction by itself on some errors (a full disk, an I/O error, a
   * RAISE(ROLLBACK)); a ROLLBACK then fails with "no transaction is active", and that error
   * would replace the one that says what happened.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.inTransaction()) await super.rollbackTransaction(connection);
  }
}

/** The reading connection's driver: a read through `db` inside a transact() callback is a misuse there too (it would not see the callback's writes). */
class ReaderSqliteDriver extends SqliteDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    assertOutsideWriteScope('A query through `db`');
    return super.acquireConnection();
  }
}

class ReaderSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ReaderSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #inTransaction: () => boolean;
  constructor(config: SqliteDialectConfig, inTransaction: () => boolean) {
    super(config);
    this.#config = config;
    this.#inTransaction = inTransaction;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#inTransaction);
  }
}

/**
 * Kysely's SQLite driver calls prepare() for every query, and preparing costs more than
 * running a small indexed query. The app issues a bounded set of SQL strings (parameters
 * are bound, never inlined), so statements are kept by their text and reused.
 * better-sqlite3 is synchronous, so a statement is never used by two queries at once.
 */
const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

export function withStatementCache(sqlite: SQLite.Database, { max = 500, readOnly = false }: { max?: number; readOnly?: boolean } = {}) {
  const cache = new Map<string, SQLite.Statement>();
  const wrapper = {
    /** Migrations only (see DbHandle.unguarded). */
    writesOutsideTransactions: false,
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        // Past the bound (SQL built with variable IN-lists, say), forget the oldest.
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      if (readOnly && !stmt.readonly) throw new TransactionMisuse(`A write through the connection that reads: writes go through transact(). (${sql.slice(0, 60)})`);
      // BEGIN comes before the transaction, and ROLLBACK may follow one SQLite already gave up.
      if (!stmt.readonly && !sqlite.inTransaction && !wrapper.writesOutsideTransactions && !TRANSACTION_CONTROL.test(sql)) {
        throw new TransactionMisuse(`A write outside a transaction: writes go through transact(). (${sql.slice(0, 60)})`);
      }
      return stmt;
    },
  };
  return wrapper;
}

/** The page cache of a database, in KiB: 64 MiB, of which the writer has 16 when reads have a connection of their own. */
const CACHE_KIB = 64 * 1024;
const WRITER_CACHE_KIB = 16 * 1024;

export function applyPragmas(sqlite: SQLite.Database, { mmapSize = 128 * 1024 * 1024 }: OpenOptions = {}): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  sqlite.pragma(`cache_size = ${-CACHE_KIB}`); // negative = KiB
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma(`mmap_size = ${Math.trunc(mmapSize)}`);
}
