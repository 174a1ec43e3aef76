import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Transact } from '../db/transact.js';
import { ApiError } from '../http/problem.js';
import { silentLogger } from '../logger.js';
import type { ImportFormat } from './import-formats.js';
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

type Output = { write(text: string): unknown; isTTY?: boolean | undefined };

export async function runImportCommand(db: Db, transact: Transact, command: ImportCommand, out: { stdout: Output; stderr: Output }): Promise<number> {
  const { stderr } = out;
  const folder = importsFolder(command.databasePath);
  const progress = progressPrinter(stderr);
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

const int = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** done/total, rate and time left: redrawn in place on a terminal, a line at most every 2 s otherwise. */
function progressPrinter(stderr: Output) {
  const started = performance.now();
  let lastLine = 0;
  const describe = (row: ImportRow) => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = row.processed / Math.max(elapsed, 0.001);
    const left = rate > 0 ? (row.total - row.processed) / rate : Number.POSITIVE_INFINITY;
    const share = row.total === 0 ? 1 : row.processed / row.total;
    const counts = `${int(row.processed)}/${int(row.total)}  ${Math.floor(share * 100)} %  ${int(Math.round(rate))}/s`;
    return { share, counts, text: `${counts}  ${duration(left)} left` };
  };
  return {
    update(row: ImportRow) {
      const { share, text } = describe(row);
      if (stderr.isTTY) {
        const width = 30;
        const filled = Math.round(share * width);
        stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\u001b[K`);
      } else if (performance.now() - lastLine >= 2_000) {
        lastLine = performance.now();
        stderr.write(`import ${row.id}: ${text}\n`);
      }
    },
    done(row: ImportRow) {
      if (stderr.isTTY) stderr.write('\n');
      else stderr.write(`import ${row.id}: ${describe(row).counts}\n`);
    },
  };
}
