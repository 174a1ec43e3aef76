import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.js';
import type { Transact } from '../db/transact.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { ArchiveProblem, importArchive, planArchive } from './import-archive.js';

/**
 * `cli import-issues DIR`'s arguments: the .md files of the folder and the options, checked;
 * `usage` makes the error for a mistake in them (exit 2).
 */
export function readArchiveFolder(dir: string, values: Record<string, unknown>, usage: (message: string) => Error) {
  const start = values.start === undefined ? '1' : String(values.start);
  if (!/^[1-9][0-9]{0,8}$/.test(start)) throw usage(`--start must be a whole number from 1, not "${start}"`);
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => e.name);
  } catch (err) {
    throw usage(`cannot read the folder "${dir}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (names.length === 0) throw usage(`no .md files in "${dir}"`);
  const files = names.map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
  return { files, options: { start: Number(start), draft: values.draft === true } };
}

/**
 * `cli import-issues DIR`, once the folder is read: checks every file, imports them all in one
 * transaction, prints a tab-separated line per file on stdout. Returns the exit code.
 */
export async function importIssuesCommand(
  database: { db: Db; transact: Transact; migrate(): Promise<unknown> },
  files: Parameters<typeof planArchive>[0],
  options: { start: number; draft: boolean },
): Promise<number> {
  const { db, transact, migrate } = database;
  await migrate();
  const failed = (problems: Error[]) => {
    for (const problem of problems) process.stderr.write(`linkletter: ${problem.message}\n`);
    process.stderr.write('nothing was imported\n');
    return 1;
  };
  const { plan, problems } = planArchive(files, await getNewsletter(db), options.start);
  if (problems.length > 0) return failed(problems);
  const { draft } = options;
  const done = await importArchive(transact, plan, { draft, now: new Date() }).catch((err: unknown) => {
    if (err instanceof ArchiveProblem) return err;
    throw err;
  });
  if (done instanceof ArchiveProblem) return failed([done]);
  for (const { planned, result } of done) {
    const fields = [planned.file.name, result.number, planned.issue.date, draft ? 'draft' : 'published', `${result.items} item${result.items === 1 ? '' : 's'}`, planned.issue.subject];
    process.stdout.write(`${fields.join('\t')}\n`);
  }
  process.stderr.write(`imported ${done.length} issue${done.length === 1 ? '' : 's'}, ${numbersOf(done)}\n`);
  return 0;
}

/** `numbers 1–12` (or `number 3`), for the last line of import-issues. */
function numbersOf(done: { result: { number: number } }[]): string {
  const first = done[0]!.result.number;
  const last = done.at(-1)!.result.number;
  return first === last ? `number ${first}` : `numbers ${first}–${last}`;
}
