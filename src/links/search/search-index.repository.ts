import { CompiledQuery, sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import { turn } from '../../db/transact.js';

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
 * tables; recent only from `recentFrom` up. Plain INSERTs: the caller deletes the rows first
 * where there may be some (an INSERT OR REPLACE costs as much as a delete even when there is
 * no row, and a delete in a contentless FTS5 table may make it write out its pending data).
 * Also used by the bench seed, which loads links without triggers.
 */
export function indexStatements(ids: string, recentFrom: number | string): string[] {
  const from = `FROM link_search_source s WHERE s.id IN (${ids})`;
  return [
    `INSERT INTO link_search (rowid, ${SEARCH_COLUMNS}) SELECT s.id, ${SEARCH_COLUMNS} ${from}`,
    `INSERT INTO link_search_infix (rowid, text) SELECT s.id, s.infix ${from}`,
    `INSERT INTO link_search_recent (rowid, ${SEARCH_COLUMNS}) SELECT s.id, ${SEARCH_COLUMNS} ${from} AND s.id >= ${recentFrom}`,
  ];
}

const QUEUED = 'SELECT link_id FROM link_search_queue';
/** Past this many queued links, the flush turns the event loop between its statements. */
const MANY = 100;
const INDEX_QUEUED = indexStatements(QUEUED, '?') as [string, string, string];

/** Indexes the queued links (and drops the deleted ones) inside the caller's transaction. */
export async function flushLinkSearch(trx: Trx): Promise<void> {
  const { rows } = await sql<{ queued: number }>`SELECT count(*) AS queued FROM (SELECT 1 FROM link_search_queue LIMIT ${MANY + 1})`.execute(trx);
  const queued = rows[0]?.queued ?? 0;
  if (queued === 0) return;
  // Many links (an import batch, a bulk tag): the event loop turns between the statements,
  // each some milliseconds (FTS5 merges segments as it writes), so reads are answered meanwhile.
  const step = queued > MANY ? turn : async () => {};
  const [state] = (
    await sql<{ recentFrom: number; recentSize: number; last: number | null }>`
      SELECT recent_from AS recentFrom, recent_size AS recentSize, (SELECT max(id) FROM links) AS last FROM link_search_state`.execute(trx)
  ).rows;
  // The window only moves up: a link that left it was dropped from link_search_recent.
  const from = Math.max(state!.recentFrom, (state!.last ?? 0) - state!.recentSize + 1);

  // Every delete before the first insert: FTS5 keeps inserted rows in memory until the commit,
  // and a delete after them makes it write them out first.
  if (from > state!.recentFrom) {
    await sql`DELETE FROM link_search_recent WHERE rowid IN (SELECT id FROM links WHERE id >= ${state!.recentFrom} AND id < ${from})`.execute(trx);
    await sql`UPDATE link_search_state SET recent_from = ${from}`.execute(trx);
  }
  // Rows of queued links that are indexed (changed or deleted links; a new link has none).
  for (const table of ['link_search', 'link_search_infix', 'link_search_recent']) {
    await trx.executeQuery(CompiledQuery.raw(`DELETE FROM ${table} WHERE rowid IN (${QUEUED})`));
  }
  await trx.executeQuery(CompiledQuery.raw(INDEX_QUEUED[0]));
  await step();
  await trx.executeQuery(CompiledQuery.raw(INDEX_QUEUED[1]));
  await step();
  await trx.executeQuery(CompiledQuery.raw(INDEX_QUEUED[2], [from]));
  await sql`DELETE FROM link_search_queue`.execute(trx);
}
