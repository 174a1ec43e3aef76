import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Reader, Trx } from '../db/database.js';
import type { ImportsTable } from '../db/schema.js';
import type { ImportCounts } from './import-batch.js';
import type { ImportFormat } from './import-formats.js';
import type { ImportProblem } from './import-record.js';

export type ImportRow = Selectable<ImportsTable>;
/** `restore`: how a restore of linkletter's export runs, set at its header (restore-batch.ts). */
export type ImportOptions = { status: 'approved' | 'pending'; dryRun: boolean; restore?: 'exact' | 'merge' | undefined };

/** Problems kept on an import: the first ones; the rest are only counted. */
export const MAX_KEPT_PROBLEMS = 100;

export type NewImport = {
  format: ImportFormat;
  options: ImportOptions;
  createdBy: string | null;
  file: string;
  bytes: number;
  total: number;
  now: Date;
  /** Created already claimed by a runner (the CLI's own), so that no other process takes it first. */
  claim?: { token: string; until: Date } | undefined;
};

export async function createImport(trx: Trx, input: NewImport): Promise<number> {
  const at = input.now.toISOString();
  const row = await trx
    .insertInto('imports')
    .values({
      status: 'queued',
      format: input.format,
      options: JSON.stringify(input.options),
      created_by: input.createdBy,
      file: input.file,
      bytes: input.bytes,
      total: input.total,
      error: null,
      claim: input.claim?.token ?? null,
      locked_until: input.claim?.until.toISOString() ?? null,
      created_at: at,
      updated_at: at,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImport(db: Reader, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first, keyset-paged by id. */
export async function listImports(db: Reader, options: { limit: number; beforeId?: number | undefined }): Promise<ImportRow[]> {
  let query = db.selectFrom('imports').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  return query.execute();
}

/** Imports not over yet, oldest first (a walk of the partial index imports_unfinished). */
export async function findUnfinishedImports(db: Reader): Promise<ImportRow[]> {
  return db.selectFrom('imports').selectAll().where('status', 'in', ['queued', 'running']).orderBy('id').execute();
}

/** Takes an import for this process, if `seen` (the claim it had when read) still holds: compare-and-set. */
export async function claimImport(trx: Trx, id: number, seen: string | null, claim: string, until: Date, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('imports')
    .set({ claim, locked_until: until.toISOString(), status: 'running', updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .where(sql<boolean>`claim IS ${seen}`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type Progress = {
  processed: number;
  counts: ImportCounts;
  problems: ImportProblem[];
  problemCount: number;
  lockedUntil: Date;
  now: Date;
};

/**
 * Records a batch's progress (and renews the lease) in the transaction that wrote the batch.
 * False when the import is no longer this claim's: the caller must throw, undoing the batch.
 */
export async function saveProgress(trx: Trx, id: number, claim: string, progress: Progress): Promise<boolean> {
  const { counts } = progress;
  const result = await trx
    .updateTable('imports')
    .set((eb) => ({
      processed: progress.processed,
      created: eb('created', '+', counts.created),
      merged: eb('merged', '+', counts.merged),
      skipped: eb('skipped', '+', counts.skipped),
      invalid: eb('invalid', '+', counts.invalid),
      problems: JSON.stringify(progress.problems),
      problem_count: progress.problemCount,
      locked_until: progress.lockedUntil.toISOString(),
      updated_at: progress.now.toISOString(),
    }))
    .where('id', '=', id)
    .where('claim', '=', claim)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends an import (done, or failed with why); its file is no longer needed. */
export async function finishImport(trx: Trx, id: number, claim: string | null, end: { status: 'done' | 'failed'; error?: string; now: Date }): Promise<boolean> {
  const at = end.now.toISOString();
  let query = trx
    .updateTable('imports')
    .set({ status: end.status, error: end.error ?? null, file: null, claim: null, locked_until: null, updated_at: at, finished_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running']);
  if (claim !== null) query = query.where('claim', '=', claim);
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

/** Lets an import go (a clean stop): the next process to look takes it at once. */
export async function releaseImport(trx: Trx, id: number, claim: string): Promise<void> {
  await trx.updateTable('imports').set({ claim: null, locked_until: null }).where('id', '=', id).where('claim', '=', claim).execute();
}

/** Staged files still needed: anything else in the imports folder is left over from a crash. */
export async function filesInUse(db: Reader): Promise<Set<string>> {
  const rows = await db.selectFrom('imports').select('file').where('file', 'is not', null).execute();
  return new Set(rows.map((r) => r.file!));
}

/** Dry runs that are over but still have states to forget (a crash while forgetting them). */
export async function finishedDryRunsWithStates(db: Reader): Promise<number[]> {
  const rows = await db
    .selectFrom('import_dry_links as d')
    .innerJoin('imports as i', 'i.id', 'd.import_id')
    .select('d.import_id')
    .distinct()
    .where('i.status', 'in', ['done', 'failed'])
    .execute();
  return rows.map((r) => r.import_id);
}

export function importOptions(row: Pick<ImportRow, 'options'>): ImportOptions {
  const parsed = JSON.parse(row.options) as Partial<ImportOptions>;
  const restore = parsed.restore === 'exact' || parsed.restore === 'merge' ? { restore: parsed.restore } : {};
  return { status: parsed.status === 'pending' ? 'pending' : 'approved', dryRun: parsed.dryRun === true, ...restore };
}

/** The API's shape of an import (ImportSchema). */
export function toImportJson(row: ImportRow) {
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    options: importOptions(row),
    bytes: row.bytes,
    total: row.total,
    processed: row.processed,
    counts: { created: row.created, merged: row.merged, skipped: row.skipped, invalid: row.invalid },
    problems: JSON.parse(row.problems) as ImportProblem[],
    problemCount: row.problem_count,
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}
