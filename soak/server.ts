import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { startServerProcess, type ServerProcess } from '../bench/server-process.js';
import { createToken } from '../src/auth/tokens.repository.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTransact } from '../src/db/transact.js';
import { checkDatabase, claimsLeft, type CheckName } from './database-checks.js';
import type { Ledger } from './ledger.js';

/**
 * The server as the reliability runs drive it: `node --max-old-space-size=160 --import tsx
 * src/main.ts`, exactly as `npm start` runs it (bench/server-process.ts reads the flags from
 * package.json), on a database file prepared here with an admin token.
 */

/** Migrates a new database file and makes an admin token on it (in this process: the CLI takes a second or two to start). */
export async function prepareDatabase(databasePath: string): Promise<string> {
  const handle = openDatabase(databasePath);
  try {
    await migrateToLatest(handle);
    const transact = createTransact(handle.db);
    const { secret } = await transact((trx) => createToken(trx, { name: 'soak', role: 'admin', now: new Date() }));
    return secret;
  } finally {
    await handle.close();
  }
}

export type ServerSettings = { workers?: number; origins?: string[]; env?: Record<string, string> };

/**
 * Starts the server on `databasePath`: the enrichment worker fetching the fixture pages
 * (FETCH_ALLOW_PRIVATE, as they are on 127.0.0.1) when `origins` are given, public
 * submissions counted per X-Forwarded-For address (TRUST_PROXY=1), logs at info (the lines a
 * run waits for: listening, shutting down).
 */
export function startLinkletter(databasePath: string, settings: ServerSettings = {}): Promise<ServerProcess> {
  const workers = settings.workers ?? 1;
  return startServerProcess({
    databasePath,
    listening: workers,
    env: {
      WORKERS: String(workers),
      LOG_LEVEL: 'info',
      TRUST_PROXY: '1',
      ENRICH: settings.origins ? 'on' : 'off',
      FETCH_ALLOW_PRIVATE: 'true',
      FETCH_TIMEOUT_MS: '10000',
      ...settings.env,
    },
  });
}

export type Verdict = {
  /** Acknowledged writes not found. */
  lost: number;
  /** Checks that failed, each with what it found. */
  failed: { check: CheckName | 'acknowledged writes' | 'after a clean stop'; problems: string[] }[];
  unfinishedImports: number;
};

/**
 * Every check of database-checks.ts and every acknowledged write of the ledger, on the file
 * as it is now (a server may be running on it). `cleanStop` adds what a stopped server must
 * have left: no claims, no WAL to replay.
 */
export function verify(databasePath: string, ledger: Ledger, options: { cleanStop?: { walBytes: number } } = {}): Verdict {
  const sqlite = new SQLite(databasePath, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    const failed: Verdict['failed'] = [];
    for (const [check, problems] of Object.entries(checkDatabase(sqlite, databasePath))) {
      if (problems.length > 0) failed.push({ check: check as CheckName, problems });
    }
    const ledgerCheck = ledger.check(sqlite);
    if (ledgerCheck.mismatches.length > 0) failed.push({ check: 'acknowledged writes', problems: ledgerCheck.mismatches });
    if (options.cleanStop) {
      const problems = [
        ...claimsLeft(sqlite),
        ...(options.cleanStop.walBytes > 0 ? [`the -wal file holds ${options.cleanStop.walBytes} bytes after the stop`] : []),
      ];
      if (problems.length > 0) failed.push({ check: 'after a clean stop', problems });
    }
    return { lost: ledgerCheck.lost, failed, unfinishedImports: ledgerCheck.unfinishedImports };
  } finally {
    sqlite.close();
  }
}

/** Size of the database's -wal file (0 when there is none): read before anything opens the file again. */
export function walBytes(databasePath: string): number {
  try {
    return statSync(`${databasePath}-wal`).size;
  } catch {
    return 0;
  }
}

/** Polls until every import the ledger knows of is over (the runner resumes them after a restart). */
export async function waitForImports(databasePath: string, ledger: Ledger, ms = 60_000): Promise<number> {
  const ids = ledger.groups.flatMap((g) => Object.keys(g.model.imports).map(Number));
  const deadline = performance.now() + ms;
  const sqlite = new SQLite(databasePath, { fileMustExist: true, readonly: true });
  try {
    const unfinished = () =>
      ids.length === 0 ? 0 : (sqlite.prepare(`SELECT count(*) FROM imports WHERE status IN ('queued', 'running') AND id IN (${ids.join(',')})`).pluck().get() as number);
    let left = unfinished();
    while (left > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = unfinished();
    }
    return left;
  } finally {
    sqlite.close();
  }
}
