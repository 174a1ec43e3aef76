/**
 * A newsletter's whole archive, a folder of issue Markdown files (`cli import-issues DIR`):
 * every file is read and checked first, then all are imported in date order (ties by file
 * name), numbered from `start`, in one write transaction, so that nothing is kept unless
 * every file comes in. A page in two files is found before anything is written.
 */
import type { Transact } from '../db/transact.js';
import { ApiError } from '../http/problem.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import { importParsedIssue, pagesOf, type ImportResult } from './import-issue.js';
import { decodeIssueFile, MarkdownFormatError, parseIssueMarkdown, type ParsedIssue } from './parse-markdown.js';

export type ArchiveFile = { name: string; bytes: Uint8Array };

/** A problem with one file: `file:line: message` (without a line when it is about the whole file). */
export class ArchiveProblem extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${detail}`);
  }
}

export type PlannedIssue = { file: ArchiveFile; issue: ParsedIssue; markdown: string; number: number };

/**
 * Reads every file and orders them: by date, then by file name, numbered from `start`. Returns
 * the plan, or every problem found (the format, an item without a page, a page in two files).
 */
export function planArchive(
  files: readonly ArchiveFile[],
  hints: Pick<NewsletterSettings, 'submissionCall' | 'signoff'>,
  start: number,
): { plan: PlannedIssue[]; problems: [] } | { plan: []; problems: ArchiveProblem[] } {
  const problems: ArchiveProblem[] = [];
  const read: { file: ArchiveFile; issue: ParsedIssue; markdown: string }[] = [];
  for (const file of files) {
    try {
      const markdown = decodeIssueFile(file.bytes);
      const issue = parseIssueMarkdown(markdown, hints);
      pagesOf(issue);
      read.push({ file, issue, markdown });
    } catch (err) {
      if (!(err instanceof MarkdownFormatError)) throw err;
      problems.push(new ArchiveProblem(file.name, err.line, err.expected));
    }
  }
  read.sort((a, b) => compare(a.issue.date, b.issue.date) || compare(a.file.name, b.file.name));
  const pages = new Map<string, { file: string; line: number }>();
  for (const { file, issue } of read) {
    for (const { item, clean } of pagesOf(issue)) {
      const earlier = pages.get(clean.canonicalKey);
      if (earlier) problems.push(new ArchiveProblem(file.name, item.line, `expected each page in one issue only; this is the page of ${earlier.file}:${earlier.line}.`));
      else pages.set(clean.canonicalKey, { file: file.name, line: item.line });
    }
  }
  return problems.length > 0 ? { plan: [], problems } : { plan: read.map((r, i) => ({ ...r, number: start + i })), problems: [] };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Imports the planned issues in one transaction; an ArchiveProblem naming the file (and line) when one cannot come in. */
export async function importArchive(
  transact: Transact,
  plan: readonly PlannedIssue[],
  options: { draft: boolean; now: Date },
): Promise<{ planned: PlannedIssue; result: ImportResult }[]> {
  return transact(async (trx) => {
    const done: { planned: PlannedIssue; result: ImportResult }[] = [];
    for (const planned of plan) {
      const { file, issue, markdown, number } = planned;
      try {
        done.push({ planned, result: await importParsedIssue(trx, issue, markdown, { number, draft: options.draft, now: options.now, submitter: null }) });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const line = typeof err.extensions.line === 'number' ? err.extensions.line : null;
        throw new ArchiveProblem(file.name, line, err.message.replace(/^Line \d+: /, ''));
      }
    }
    return done;
  });
}
