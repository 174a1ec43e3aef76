import { CompiledQuery, sql } from 'kysely';
import type { Trx } from '../../db/database.js';

/**
 * Keeping the search index (migration 2026-12-02T01-00-00-link-search): triggers queue the ids
 * of links whose searched text changed in `link_search_queue`, and `flushLinkSearch` indexes
 * each of them once from the `link_search_source` view, in the transaction that changed them,
 * just before it commits (transact's `beforeCommit`). Readers therefore never see a link whose
 * index rows are behind its data.
 */

/** The columns of link_search and link_search_recent, as link_search_source names them. */
export const SEARCH_COLUMNS = 'title, description, notes, tags, people, site, url, keys';

/**
 * SQL statements that index the links `ids` selects (a SELECT of link ids) into the three
 * tables, replacing what was there; recent only from `recentFrom` up. Also used by the bench
 * seed, which loads links without triggers.
 */
export function indexStatements(ids: string, recentFrom: number | string): string[] {
  const from = `FROM link_search_source s WHERE s.id IN (${ids})`;
  return [
    `INSERT OR REPLACE INTO link_search (rowid, ${SEARCH_COLUMNS}) SELECT s.id, ${SEARCH_COLUMNS} ${from}`,
    `INSERT OR REPLACE INTO link_search_infix (rowid, text) SELECT s.id, s.infix ${from}`,
    `INSERT OR REPLACE INTO link_search_recent (rowid, ${SEARCH_COLUMNS}) SELECT s.id, ${SEARCH_COLUMNS} ${from} AND s.id >= ${recentFrom}`,
  ];
}

const QUEUED = 'SELECT link_id FROM link_search_queue';
const INDEX_QUEUED = indexStatements(QUEUED, '?');
const GONE = `SELECT link_id FROM link_search_queue WHERE link_id NOT IN (SELECT id FROM links)`;

/** Indexes the queued links (and drops the deleted ones) inside the caller's transaction. */
export async function flushLinkSearch(trx: Trx): Promise<void> {
  const { rows } = await sql<{ queued: number }>`SELECT EXISTS (SELECT 1 FROM link_search_queue) AS queued`.execute(trx);
  if (!rows[0]?.queued) return;
  const [state] = (
    await sql<{ recentFrom: number; recentSize: number; last: number | null }>`
      SELECT recent_from AS recentFrom, recent_size AS recentSize, (SELECT max(id) FROM links) AS last FROM link_search_state`.execute(trx)
  ).rows;
  // The window only moves up: a link that left it was dropped from link_search_recent.
  const from = Math.max(state!.recentFrom, (state!.last ?? 0) - state!.recentSize + 1);

  for (const table of ['link_search', 'link_search_infix', 'link_search_recent']) {
    await sql.raw(`DELETE FROM ${table} WHERE rowid IN (${GONE})`).execute(trx);
  }
  const [all, infix, recent] = INDEX_QUEUED as [string, string, string];
  await trx.executeQuery(CompiledQuery.raw(all));
  await trx.executeQuery(CompiledQuery.raw(infix));
  await trx.executeQuery(CompiledQuery.raw(recent, [from]));
  if (from > state!.recentFrom) {
    await sql`DELETE FROM link_search_recent WHERE rowid IN (SELECT id FROM links WHERE id >= ${state!.recentFrom} AND id < ${from})`.execute(trx);
    await sql`UPDATE link_search_state SET recent_from = ${from}`.execute(trx);
  }
  await sql`DELETE FROM link_search_queue`.execute(trx);
}
