import { createReadStream, statSync } from 'node:fs';
import { progressPrinter, type Output } from '../cli-progress.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Transact } from '../db/transact.js';
import { ApiError } from '../http/problem.js';
import { silentLogger } from '../logger.js';
import { IMPORT_FORMATS, type ImportFormat } from './import-formats.js';
import { createImportRunner, importsFolder } from './import-runner.js';
import { createImport, findImport, toImportJson, type ImportRow } from './imports.repository.js';
import { stageFile } from './staged-file.js';

/**
 * `cli -- import FILE`: the same import as POST /v1/imports, run in this process against the
 * database (no server needed) by the same runner, with its progress on stderr: a bar on a
 * terminal, a plain line every two seconds otherwise. The finished import's JSON is the answer,
 * on stdout. Links it makes have no token to name (submitter and history actor are null).
 */
export type ImportCommand = {
  file: string;
  format?: ImportFormat | undefined;
  status: 'approved' | 'pending';
  dryRun: boolean;
  databasePath: string;
};

/** The command's options, checked; `usage` makes the error for a mistake in them (exit 2). */
export function importCommandOf(file: string, values: Record<string, unknown>, usage: (message: string) => Error): Omit<ImportCommand, 'databasePath'> {
  const format = values.format as string | undefined;
  if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) throw usage(`--format must be one of ${IMPORT_FORMATS.join(', ')}, not "${format}"`);
  const status = (values.status as string | undefined) ?? 'approved';
  if (status !== 'approved' && status !== 'pending') throw usage(`--status must be approved or pending, not "${status}"`);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw usage(`no file "${file}"`);
  return { file, format: format as ImportFormat | undefined, status, dryRun: values['dry-run'] === true };
}

export async function runImportCommand(db: Db, transact: Transact, command: ImportCommand, out: { stdout: Output; stderr: Output }): Promise<number> {
  const { stderr } = out;
  const folder = importsFolder(command.databasePath);
  let label = 'import';
  const bar = progressPrinter(stderr, () => label);
  const progress = { update: (row: ImportRow) => bar.update(row.processed, row.total), done: (row: ImportRow) => bar.done(row.processed, row.total) };
  const runner = createImportRunner({
    db,
    transact,
    clock: systemClock,
    logger: silentLogger,
    dir: folder.dir,
    ownsDir: folder.owned,
    databasePath: command.databasePath,
    // A server on this database fetches the new links' pages: their jobs are in the database.
    enrichment: { notify() {} },
    onProgress: progress.update,
  });
  try {
    let staged;
    try {
      staged = await stageFile(createReadStream(command.file), { dir: folder.dir, maxBytes: Number.POSITIVE_INFINITY, format: command.format });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      stderr.write(`linkletter: import: ${command.file}: ${err.message}\n`);
      return 1;
    }
    const now = systemClock.now();
    const id = await transact((trx) =>
      createImport(trx, {
        format: staged.format,
        options: { status: command.status, dryRun: command.dryRun },
        createdBy: null,
        file: staged.name,
        bytes: staged.bytes,
        total: staged.total,
        now,
        // Claimed by this process from the start, so a server running meanwhile leaves it to us.
        claim: { token: runner.claim, until: new Date(now.getTime() + 10_000) },
      }),
    );
    label = `import ${id}`;
    stderr.write(`import ${id}: ${staged.total.toLocaleString('en-US')} records, ${staged.format}${command.dryRun ? ' (dry run: nothing is written)' : ''}\n`);

    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
      void runner.stop();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await runner.drain();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const row = (await findImport(db, id))!;
    progress.done(row);
    if (interrupted && row.status !== 'done') {
      stderr.write(`import ${id}: stopped at ${row.processed.toLocaleString('en-US')} of ${row.total.toLocaleString('en-US')}; a server on this database goes on with it (GET /v1/imports/${id})\n`);
      return 1;
    }
    out.stdout.write(`${JSON.stringify(toImportJson(row), null, 2)}\n`);
    const { created, merged, skipped, invalid } = row;
    stderr.write(`import ${id} ${row.status}: ${created} created, ${merged} merged, ${skipped} skipped, ${invalid} invalid${row.problem_count ? ` (${row.problem_count} problems, the first in the JSON above)` : ''}\n`);
    if (row.status === 'failed') stderr.write(`linkletter: import ${id} failed: ${row.error ?? 'see the log'}\n`);
    return row.status === 'done' ? 0 : 1;
  } finally {
    await runner.stop();
  }
}
