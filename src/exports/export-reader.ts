import SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * Where an export reads from.
 *
 * On a database file: a connection of its own, read-only, holding one read transaction from
 * its first query until close(). The whole dump is one consistent snapshot, and since a WAL
 * reader never blocks the writer (nor the writer a reader), the server goes on writing
 * meanwhile; those writes are simply not in the export. It never takes the write lock. The
 * connection maps nothing (mmap_size = 0) and keeps a small page cache, so reading a 2 GB file
 * through it does not grow the process: the pages come from the operating system's cache.
 * While it is open the WAL cannot be checkpointed past its snapshot (it grows by what is
 * written meanwhile), which is why close() must follow every export, finished or not.
 *
 * An in-memory database has no second connection: reads go through the app's own, each query
 * its own short read, so the pages of an export are not one snapshot there.
 *
 * Queries are short (a page of rows each: see export.repository.ts), never a long-lived
 * iterator: even on the app's connection, no statement stays busy between two pages.
 */
export type ExportReader = {
  all<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** True when every query sees the one snapshot (a file database). */
  readonly snapshot: boolean;
  /** Ends the read transaction and closes the connection; safe to call more than once. */
  close(): void;
};

const isFile = (databasePath: string) => databasePath !== ':memory:' && databasePath !== '' && !databasePath.startsWith('file:');

export function openExportReader(db: Db, databasePath: string): ExportReader {
  if (!isFile(databasePath)) {
    return {
      snapshot: false,
      all: async <R>(sql: string, params: readonly unknown[] = []) => (await db.executeQuery<R>(CompiledQuery.raw(sql, [...params]))).rows,
      close() {},
    };
  }
  const connection = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  try {
    connection.pragma('busy_timeout = 5000');
    connection.pragma('mmap_size = 0');
    connection.pragma(`cache_size = ${-4 * 1024}`); // KiB: 4 MiB
    // The snapshot begins with the first read after BEGIN; it is taken here, at once.
    connection.exec('BEGIN');
    connection.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch (err) {
    connection.close();
    throw err;
  }
  const statements = new Map<string, SQLite.Statement>();
  let open = true;
  return {
    snapshot: true,
    async all<R>(sql: string, params: readonly unknown[] = []) {
      if (!open) throw new Error('The export reader is closed.');
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
      return statement.all(...params) as R[];
    },
    close() {
      if (!open) return;
      open = false;
      try {
        if (connection.inTransaction) connection.exec('COMMIT');
      } finally {
        connection.close();
      }
    },
  };
}
