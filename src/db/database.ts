import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type DbHandle = { db: Db; sqlite: SQLite.Database; close(): Promise<void> };

export type OpenOptions = { mmapSize?: number };

/**
 * Opens (creating the folder if needed) the SQLite file with the production pragmas.
 * `:memory:` gives a private in-memory database, as tests use.
 */
export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  applyPragmas(sqlite, options);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  let closed = false;
  return {
    db,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the better-sqlite3 handle too
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
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely's SQLite driver calls prepare() for every query, and preparing costs more than
 * running a small indexed query. The app issues a bounded set of SQL strings (parameters
 * are bound, never inlined), so statements are kept by their text and reused.
 * better-sqlite3 is synchronous, so a statement is never used by two queries at once.
 */
export function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) return stmt;
      stmt = sqlite.prepare(sql);
      // Past the bound (SQL built with variable IN-lists, say), forget the oldest.
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

export function applyPragmas(sqlite: SQLite.Database, { mmapSize = 128 * 1024 * 1024 }: OpenOptions = {}): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  sqlite.pragma(`cache_size = ${-64 * 1024}`); // negative = KiB: 64 MiB
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma(`mmap_size = ${Math.trunc(mmapSize)}`);
}
