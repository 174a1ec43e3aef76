import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { turn } from '../db/transact.js';
import { ensureTags, pruneOrphanTags } from '../tags/tags.repository.js';
import type { LinkStatus } from './link-fields.js';
import type { StatusReason } from './status-reason.js';

export const BULK_ACTIONS = ['approve', 'reject', 'archive', 'tag', 'untag', 'delete', 'section'] as const;
export const BULK_RESULTS = ['done', 'not_found', 'in_published_issue', 'in_issue', 'unchanged'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export type BulkResult = (typeof BULK_RESULTS)[number];

export const STATUS_OF: Partial<Record<BulkAction, LinkStatus>> = { approve: 'approved', reject: 'rejected', archive: 'archived' };

export type BulkRequest = {
  ids: number[];
  action: BulkAction;
  tags?: string[] | undefined;
  section?: string | null | undefined;
  reason: StatusReason | null;
};

/** Ids as one bound parameter, for `IN (SELECT value FROM json_each(?))`. */
const idSet = (ids: readonly number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * Ids a statement at a time, with a turn of the event loop between statements: an update of
 * 1,000 links keeps the thread ~25 ms (each link's kept JSON is rebuilt, its history
 * written), and the reads that come in meanwhile are answered between the chunks.
 */
const CHUNK = 200;
async function inChunks(ids: readonly number[], write: (chunk: readonly number[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    if (i > 0) await turn();
    await write(ids.slice(i, i + CHUNK));
  }
}

/**
 * One bulk action, set-based: one read of every id's state, then one statement per 200 of the ids
 * it applies to (triggers still keep each link's JSON, tag counts and history). Inside the
 * caller's transaction; 1,000 ids take a few milliseconds of it, so the requests queued
 * behind it are not kept waiting.
 */
export async function applyBulk(trx: Trx, req: BulkRequest, now: Date): Promise<Map<number, BulkResult>> {
  const rows = await trx
    .selectFrom('links as l')
    .leftJoin('issue_items as ii', 'ii.link_id', 'l.id')
    .leftJoin('issues as i', 'i.id', 'ii.issue_id')
    .select(['l.id', 'l.section', 'ii.issue_id as issueId', sql<number>`i.rendered_fragment IS NOT NULL`.as('published')])
    .where(sql<boolean>`l.id IN ${idSet(req.ids)}`)
    .execute();
  const results = new Map<number, BulkResult>(req.ids.map((id) => [id, 'not_found']));
  const todo: number[] = [];
  const status = STATUS_OF[req.action];
  for (const row of rows) {
    let result: BulkResult = 'done';
    if (row.published && (status !== undefined || req.action === 'section' || req.action === 'delete')) result = 'in_published_issue';
    else if (req.action === 'delete' && row.issueId !== null) result = 'in_issue';
    else if (req.action === 'section' && row.section === (req.section ?? null)) result = 'unchanged';
    results.set(row.id, result);
    if (result === 'done') todo.push(row.id);
  }
  if (todo.length === 0) return results;
  const at = now.toISOString();
  if (status !== undefined) {
    const set = { status, status_reason: req.reason?.text ?? null, status_reason_public: req.reason?.public ? (1 as const) : (0 as const), updated_at: at };
    await inChunks(todo, (ids) => trx.updateTable('links').set(set).where(sql<boolean>`id IN ${idSet(ids)}`).execute());
  } else if (req.action === 'section') {
    const set = { section: req.section ?? null, updated_at: at };
    await inChunks(todo, (ids) => trx.updateTable('links').set(set).where(sql<boolean>`id IN ${idSet(ids)}`).execute());
  } else if (req.action === 'tag') {
    const tagIds = await ensureTags(trx, req.tags ?? []);
    await sql`INSERT INTO link_tags (tag_id, link_id) SELECT t.value, l.value FROM json_each(${JSON.stringify(tagIds)}) t, json_each(${JSON.stringify(todo)}) l
      WHERE true ON CONFLICT DO NOTHING`.execute(trx);
  } else if (req.action === 'untag') {
    const removed = await trx
      .deleteFrom('link_tags')
      .where(sql<boolean>`link_id IN ${idSet(todo)}`)
      .where('tag_id', 'in', (eb) => eb.selectFrom('tags').select('id').where('name', 'in', req.tags ?? []))
      .returning('link_id')
      .execute();
    const touched = new Set(removed.map((r) => r.link_id));
    for (const id of todo) if (!touched.has(id)) results.set(id, 'unchanged');
    await pruneOrphanTags(trx);
  } else {
    await trx.deleteFrom('links').where(sql<boolean>`id IN ${idSet(todo)}`).execute();
    await pruneOrphanTags(trx);
  }
  return results;
}
