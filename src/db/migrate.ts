import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DbHandle } from './database.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Like Kysely's FileMigrationProvider, but the import happens in our own module, so the
 * TypeScript loader in use (tsx, or vitest's) handles the `.ts` migration files.
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(MIGRATIONS_FOLDER, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js|mjs)$/, '')] = { up: module.up, ...(module.down ? { down: module.down } : {}) };
    }
    return migrations;
  },
};

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: folderProvider });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: MigrationResultSet['results'],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Applies every pending migration or throws; a failed migration must stop start-up. */
export async function migrateToLatest(handle: Pick<DbHandle, 'unguarded'>): Promise<string[]> {
  // Migrations are the one writer outside transact(): Kysely runs SQLite migrations without one.
  const { error, results = [] } = await handle.unguarded((db) => createMigrator(db).migrateToLatest());
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${failed} failed: ${reason}`, results, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
