import { existsSync } from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { SEARCH_COLUMNS } from '../src/links/search/search-index.repository.js';

/**
 * What must hold of a linkletter database file at any committed moment: after a crash, under
 * load, after a stop. Each check returns what is wrong (empty: all is well), so the soak can
 * count failures and tests can print them. Run them inside one read transaction (see
 * checkDatabase) to judge one snapshot while a server goes on writing.
 */

export type CheckName = 'integrity' | 'foreign keys' | 'link json' | 'tag counts' | 'search index' | 'enrichment queue' | 'imports queue';

/** `PRAGMA integrity_check` says `ok`. */
export function integrityProblems(sqlite: SQLite.Database): string[] {
  const rows = sqlite.prepare('PRAGMA integrity_check').pluck().all() as string[];
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows.slice(0, 10);
}

export function foreignKeyProblems(sqlite: SQLite.Database): string[] {
  return (sqlite.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number; parent: string }[])
    .slice(0, 10)
    .map((r) => `${r.table} row ${r.rowid} points at a missing ${r.parent}`);
}

/** Kept link JSON (link_json) that differs from what link_api_json builds from the link, its tags and its issue now. */
export function staleLinkJson(sqlite: SQLite.Database): { id: number; built: string | null; kept: string | null }[] {
  return sqlite
    .prepare(
      `SELECT coalesce(v.id, j.link_id) AS id, v.json AS built, j.json AS kept
       FROM link_api_json v FULL JOIN link_json j ON j.link_id = v.id
       WHERE v.json IS NOT j.json LIMIT 10`,
    )
    .all() as { id: number; built: string | null; kept: string | null }[];
}

/** Tags whose kept link_count is not the number of links carrying them. */
export function tagCountProblems(sqlite: SQLite.Database): string[] {
  return (
    sqlite
      .prepare(
        `SELECT t.name, t.link_count AS kept, (SELECT count(*) FROM link_tags lt WHERE lt.tag_id = t.id) AS counted
         FROM tags t WHERE kept IS NOT counted LIMIT 10`,
      )
      .all() as { name: string; kept: number; counted: number }[]
  ).map((r) => `tag ${r.name}: link_count ${r.kept}, carried by ${r.counted}`);
}

/**
 * Where the three search tables differ from what the link_search_source view says now: every
 * term at every position of every column, no more. The expected side is a contentful FTS5
 * table with the same tokenizer, filled from the view; both are read back with fts5vocab.
 * A committed database has nothing left in link_search_queue (each transaction indexes what
 * it queued before it commits).
 */
export function searchIndexDifferences(sqlite: SQLite.Database): string[] {
  const queued = sqlite.prepare('SELECT count(*) FROM link_search_queue').pluck().get() as number;
  const problems = queued > 0 ? [`${queued} links wait in link_search_queue`] : [];
  const { recentFrom } = sqlite.prepare('SELECT recent_from AS recentFrom FROM link_search_state').get() as { recentFrom: number };
  const tables = [
    { name: 'link_search', spec: `${SEARCH_COLUMNS}, tokenize = 'unicode61 remove_diacritics 2'`, select: `SELECT id, ${SEARCH_COLUMNS} FROM link_search_source`, cols: `rowid, ${SEARCH_COLUMNS}` },
    { name: 'link_search_recent', spec: `${SEARCH_COLUMNS}, tokenize = 'unicode61 remove_diacritics 2'`, select: `SELECT id, ${SEARCH_COLUMNS} FROM link_search_source WHERE id >= ${recentFrom}`, cols: `rowid, ${SEARCH_COLUMNS}` },
    { name: 'link_search_infix', spec: `text, tokenize = 'trigram', detail = none`, select: 'SELECT id, infix FROM link_search_source', cols: 'rowid, text' },
  ];
  for (const t of tables) {
    sqlite.exec(`DROP TABLE IF EXISTS temp.expected; DROP TABLE IF EXISTS temp.expected_terms; DROP TABLE IF EXISTS temp.indexed_terms;
      CREATE VIRTUAL TABLE temp.expected USING fts5(${t.spec});
      INSERT INTO temp.expected (${t.cols}) ${t.select};
      CREATE VIRTUAL TABLE temp.expected_terms USING fts5vocab(temp, expected, instance);
      CREATE VIRTUAL TABLE temp.indexed_terms USING fts5vocab(main, ${t.name}, instance);`);
    const differ = sqlite
      .prepare(
        `SELECT 'missing' AS what, * FROM (SELECT term, doc, col, offset FROM temp.expected_terms EXCEPT SELECT term, doc, col, offset FROM temp.indexed_terms)
         UNION ALL SELECT 'extra', * FROM (SELECT term, doc, col, offset FROM temp.indexed_terms EXCEPT SELECT term, doc, col, offset FROM temp.expected_terms) LIMIT 5`,
      )
      .all() as { what: string; term: string; doc: number; col: string; offset: number }[];
    problems.push(...differ.map((d) => `${t.name}: ${d.what} "${d.term}" of link ${d.doc} (${d.col} at ${d.offset})`));
  }
  sqlite.exec('DROP TABLE temp.expected_terms; DROP TABLE temp.indexed_terms; DROP TABLE temp.expected;');
  return problems;
}

/** A link waits for its page exactly when it has a job: none pending without one, no job for a link that is not pending. */
export function enrichmentQueueProblems(sqlite: SQLite.Database): string[] {
  return (
    sqlite
      .prepare(
        `SELECT l.id, l.enrichment_status AS status, j.id AS job FROM links l LEFT JOIN enrichment_jobs j ON j.link_id = l.id
         WHERE (l.enrichment_status = 'pending') IS NOT (j.id IS NOT NULL) LIMIT 10`,
      )
      .all() as { id: number; status: string; job: number | null }[]
  ).map((r) => (r.job === null ? `link ${r.id} is pending with no job queued` : `link ${r.id} is ${r.status} but has job ${r.job}`));
}

/**
 * Every import not over still has its uploaded file in the imports folder, to resume from.
 * Outside a snapshot, as a running server removes the file of an import once it has
 * committed its end: an import counts only if it is still unfinished after its file was
 * found missing.
 */
export function importQueueProblems(sqlite: SQLite.Database, databasePath: string): string[] {
  const dir = path.join(path.dirname(databasePath), 'imports');
  const unfinished = sqlite.prepare("SELECT id, file FROM imports WHERE status IN ('queued', 'running')");
  const missing = (unfinished.all() as { id: number; file: string | null }[]).filter((r) => r.file === null || !existsSync(path.join(dir, r.file)));
  const still = new Set((unfinished.all() as { id: number }[]).map((r) => r.id));
  return missing.filter((r) => still.has(r.id)).map((r) => `import ${r.id} is unfinished and its file ${r.file ?? '(none)'} is gone`);
}

/** After a clean stop nothing is claimed: the worker put back the jobs it had not finished, the runner its import. */
export function claimsLeft(sqlite: SQLite.Database): string[] {
  const jobs = sqlite.prepare('SELECT count(*) FROM enrichment_jobs WHERE locked_until IS NOT NULL').pluck().get() as number;
  const imports = sqlite.prepare('SELECT count(*) FROM imports WHERE claim IS NOT NULL').pluck().get() as number;
  return [...(jobs > 0 ? [`${jobs} enrichment jobs still claimed`] : []), ...(imports > 0 ? [`${imports} imports still claimed`] : [])];
}

/** Every check, the first six on one snapshot: name → what is wrong. */
export function checkDatabase(sqlite: SQLite.Database, databasePath: string): Record<CheckName, string[]> {
  sqlite.exec('BEGIN');
  let found: Omit<Record<CheckName, string[]>, 'imports queue'>;
  try {
    found = {
      integrity: integrityProblems(sqlite),
      'foreign keys': foreignKeyProblems(sqlite),
      'link json': staleLinkJson(sqlite).map((r) => `link ${r.id}: kept ${r.kept?.slice(0, 120) ?? 'nothing'}, built ${r.built?.slice(0, 120) ?? 'nothing'}`),
      'tag counts': tagCountProblems(sqlite),
      'search index': searchIndexDifferences(sqlite),
      'enrichment queue': enrichmentQueueProblems(sqlite),
    };
  } finally {
    sqlite.exec('COMMIT');
  }
  return { ...found, 'imports queue': importQueueProblems(sqlite, databasePath) };
}
