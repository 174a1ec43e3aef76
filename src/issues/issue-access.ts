import type { Context } from 'hono';
import type { Reader, Trx } from '../db/database.js';
import { Conflict, NotFound } from '../http/problem.js';
import type { AppEnv } from '../http/router.js';
import { issueJson, type IssueJson } from './issue-json.js';
import { getResolvedSections } from './issue-items.repository.js';
import { findIssueRow, touchIssue, type IssueRow } from './issues.repository.js';

// How the issue routes reach an issue: 404 for none, 409 for an edit of a published one.

export const issueLocation = (number: number) => `/v1/issues/${number}`;

export async function loadIssue(db: Reader, number: number): Promise<IssueRow> {
  const row = await findIssueRow(db, number);
  if (!row) throw new NotFound(`There is no issue ${number}.`);
  return row;
}

/** Published issues are frozen: every edit is refused until an admin unpublishes. */
export async function loadDraft(db: Reader, number: number): Promise<IssueRow> {
  const row = await loadIssue(db, number);
  if (row.status === 'published') {
    throw new Conflict(`Issue ${number} is published and frozen; an admin can unpublish it for corrections.`, { issue: number });
  }
  return row;
}

/** The issue as it now is, for answering after an edit. */
export async function currentIssueJson(db: Reader, number: number): Promise<IssueJson> {
  const row = await loadIssue(db, number);
  return issueJson(row, await getResolvedSections(db, row.id));
}

/**
 * Runs one edit of a draft in a write transaction: 404 for no issue, 409 for a published one,
 * and the issue's updatedAt moves with the edit.
 */
export async function editDraft<T>(c: Context<AppEnv>, number: number, edit: (trx: Trx, row: IssueRow) => Promise<T>): Promise<T> {
  const { transact, clock } = c.var.ctx;
  return transact(async (trx) => {
    const row = await loadDraft(trx, number);
    const result = await edit(trx, row);
    await touchIssue(trx, row.id, clock.now());
    return result;
  });
}
