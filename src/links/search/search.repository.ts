import { sql, type RawBuilder } from 'kysely';
import type { Reader } from '../../db/database.js';
import type { Condition, RowFilter, SearchPlan } from './search-plan.js';

/**
 * The SQL of search (see search-plan.ts for what a plan is, and the migration
 * 2026-12-02T01-00-00-link-search for the tables).
 *
 * Relevance is bm25 with titles weighted above descriptions above URLs. bm25 counts, in the
 * table it ranks in, every match of every phrase of the query, so its cost grows with how
 * common the words are, not with how many links are ranked. Two bounds keep it in hand:
 *
 * - at most the newest RANK_CAP matches are ranked; the older ones follow, newest first;
 * - when the newest links (link_search_recent, the newest 50,000) hold more than a page of
 *   matches, the ranking is of those, in that table: common words are counted among 50,000
 *   links, not among all of them. Otherwise the whole index ranks (rare words, narrow
 *   qualifiers: few matches, cheap to count, unless a phrase of the query is itself common).
 */

/** bm25 weights, in the order of the index's columns: title, description, notes, tags, people, site, url, keys. */
const WEIGHTS = '8.0, 3.0, 2.0, 3.0, 2.0, 2.0, 1.0, 0.0';
/** The most matches ranked by relevance (and counted by facets). */
export const RANK_CAP = 500;

export type SearchTable = 'link_search' | 'link_search_recent';

export type Match = { id: number; score: number | null };

/** The range of link ids the recent table covers, and the newest and oldest link. */
export type SearchWindow = { recentFrom: number; oldest: number; newest: number };

export async function searchWindow(db: Reader): Promise<SearchWindow> {
  const { rows } = await sql<{ recentFrom: number; oldest: number | null; newest: number | null }>`
    SELECT recent_from AS recentFrom, (SELECT min(id) FROM links) AS oldest, (SELECT max(id) FROM links) AS newest FROM link_search_state`.execute(db);
  const row = rows[0]!;
  return { recentFrom: row.recentFrom, oldest: row.oldest ?? 0, newest: row.newest ?? 0 };
}

function filterSql(f: RowFilter): RawBuilder<unknown> {
  switch (f.name) {
    case 'kind':
      return sql`l.effective_kind = ${f.value}`;
    case 'section':
      return sql`l.section = ${f.value} COLLATE NOCASE`;
    case 'source':
      return sql`l.source = ${f.value}`;
    case 'status':
      return sql`l.status = ${f.value}`;
    case 'enrichment':
      return sql`l.enrichment_status = ${f.value}`;
    case 'after':
      return sql`l.created_at >= ${f.value}`;
    case 'before':
      return sql`l.created_at < ${f.value}`;
    case 'issue':
      return f.value === 'none'
        ? sql`NOT EXISTS (SELECT 1 FROM issue_items ii WHERE ii.link_id = l.id)`
        : sql`EXISTS (SELECT 1 FROM issue_items ii JOIN issues i ON i.id = ii.issue_id WHERE ii.link_id = l.id AND i.number = ${f.value})`;
  }
}

/** The text a fragment found by trigrams must really contain (the trigram index keeps no positions). */
const INFIX_TEXT = {
  title: sql`concat_ws(' ', l.title, l.metadata ->> '$.title')`,
  url: sql`l.url`,
  any: sql`concat_ws(' ', l.title, l.metadata ->> '$.title', l.url)`,
};

function conditionSql(c: Condition): RawBuilder<unknown> {
  switch (c.kind) {
    case 'match':
      return sql`EXISTS (SELECT 1 FROM link_search WHERE link_search MATCH ${c.expr} AND link_search.rowid = l.id)`;
    case 'infix': {
      const found = sql`EXISTS (SELECT 1 FROM link_search_infix WHERE link_search_infix MATCH ${c.expr} AND link_search_infix.rowid = l.id)`;
      if (c.fragment === null) return found;
      return sql`(${found} AND instr(lower(${INFIX_TEXT[c.field === 'url' || c.field === 'title' ? c.field : 'any']}), ${c.fragment}) > 0)`;
    }
    case 'filter':
      return filterSql(c.filter);
    case 'not':
      return sql`NOT ${conditionSql(c.condition)}`;
    case 'and':
    case 'or':
      return sql`(${sql.join(c.conditions.map(conditionSql), sql.raw(c.kind === 'and' ? ' AND ' : ' OR '))})`;
  }
}

function conditionsSql(conditions: readonly Condition[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`1` : sql.join(conditions.map(conditionSql), sql` AND `);
}

export type Walk = {
  /** Only ids in this range (inclusive). */
  from?: number | undefined;
  to?: number | undefined;
  desc: boolean;
  limit: number;
};

const bounds = (column: RawBuilder<unknown>, walk: Walk) =>
  sql.join([walk.from === undefined ? sql`1` : sql`${column} >= ${walk.from}`, walk.to === undefined ? sql`1` : sql`${column} <= ${walk.to}`], sql` AND `);

/**
 * Matching links in id order, from the index table the plan walks: `table` for a plan with a
 * match (with bm25 scores if `score`), the trigram table for one with only a fragment, the
 * links themselves for one with neither. The walk drives the join (CROSS JOIN: SQLite never
 * reorders it), so a page costs the matches it passes, not a sort of all of them.
 */
export async function walkMatches(db: Reader, plan: SearchPlan, table: SearchTable, walk: Walk, score = false): Promise<Match[]> {
  const order = sql.raw(walk.desc ? 'DESC' : 'ASC');
  const where = conditionsSql(plan.conditions);
  let query: RawBuilder<Match>;
  if (plan.match !== null) {
    const t = sql.table(table);
    const rank = score ? sql`bm25(${t}, ${sql.raw(WEIGHTS)})` : sql`NULL`;
    query = sql<Match>`SELECT s.rowid AS id, ${rank} AS score FROM ${t} AS s CROSS JOIN links l ON l.id = s.rowid
      WHERE s.${t} MATCH ${plan.match} AND ${bounds(sql`s.rowid`, walk)} AND ${where} ORDER BY s.rowid ${order} LIMIT ${walk.limit}`;
  } else if (plan.infix !== null) {
    query = sql<Match>`SELECT s.rowid AS id, NULL AS score FROM link_search_infix AS s CROSS JOIN links l ON l.id = s.rowid
      WHERE s.link_search_infix MATCH ${plan.infix.expr} AND ${bounds(sql`s.rowid`, walk)} AND ${where} ORDER BY s.rowid ${order} LIMIT ${walk.limit}`;
  } else {
    query = sql<Match>`SELECT l.id, NULL AS score FROM links l WHERE ${bounds(sql`l.id`, walk)} AND ${where} ORDER BY l.id ${order} LIMIT ${walk.limit}`;
  }
  return (await query.execute(db)).rows;
}

/**
 * The newest matches in [from, to]. From the recent table when it holds every link of the
 * range; when it holds only part, from the recent table still if that part has more than
 * `enough` matches (they are then the newest), else from the whole index. `enough: null` asks
 * for every match of the range.
 */
export async function newestMatches(
  db: Reader,
  plan: SearchPlan,
  w: SearchWindow,
  walk: Omit<Walk, 'desc'>,
  options: { enough: number | null; score?: boolean },
): Promise<{ table: SearchTable; matches: Match[] }> {
  const range = { ...walk, desc: true };
  const recent = 'link_search_recent';
  if (plan.match !== null && Math.max(walk.from ?? 0, w.oldest) >= w.recentFrom) {
    return { table: recent, matches: await walkMatches(db, plan, recent, range, options.score) };
  }
  if (plan.match !== null && options.enough !== null && (walk.to ?? w.newest) >= w.recentFrom) {
    const matches = await walkMatches(db, plan, recent, { ...range, from: w.recentFrom }, options.score);
    if (matches.length > options.enough) return { table: recent, matches };
  }
  return { table: 'link_search', matches: await walkMatches(db, plan, 'link_search', range, options.score) };
}

/** Each link's kept JSON, in the order of `ids`. */
export async function linkJsonInOrder(db: Reader, ids: readonly number[]): Promise<string> {
  if (ids.length === 0) return '[]';
  const { rows } = await sql<{ id: number; json: string }>`
    SELECT lj.link_id AS id, lj.json FROM json_each(${JSON.stringify(ids)}) j CROSS JOIN link_json lj ON lj.link_id = j.value`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, r.json]));
  return `[${ids.flatMap((id) => byId.get(id) ?? []).join(',')}]`;
}

export type FacetCount = { value: string | null; count: number };
export type Facets = { counted: number; capped: boolean; tag: FacetCount[]; kind: FacetCount[]; status: FacetCount[]; section: FacetCount[] };

const TOP_TAGS = 20;

/** Counts by tag (the top 20), kind, status and section over the newest RANK_CAP matches. */
export async function facetCounts(db: Reader, plan: SearchPlan, w: SearchWindow): Promise<Facets> {
  const { matches } = await newestMatches(db, plan, w, { limit: RANK_CAP + 1 }, { enough: RANK_CAP });
  const counted = matches.slice(0, RANK_CAP).map((m) => m.id);
  const ids = JSON.stringify(counted);
  const tags = await sql<{ value: string; count: number }>`
    SELECT t.name AS value, count(*) AS count FROM json_each(${ids}) j CROSS JOIN link_tags lt ON lt.link_id = j.value
    CROSS JOIN tags t ON t.id = lt.tag_id GROUP BY t.id ORDER BY count DESC, t.name LIMIT ${TOP_TAGS}`.execute(db);
  const rows = await sql<{ kind: string | null; status: string; section: string | null }>`
    SELECT l.effective_kind AS kind, l.status, l.section FROM json_each(${ids}) j CROSS JOIN links l ON l.id = j.value`.execute(db);
  const tally = (key: 'kind' | 'status' | 'section'): FacetCount[] => {
    const counts = new Map<string | null, number>();
    for (const r of rows.rows) counts.set(r[key], (counts.get(r[key]) ?? 0) + 1);
    return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
  };
  return { counted: counted.length, capped: matches.length > RANK_CAP, tag: tags.rows, kind: tally('kind'), status: tally('status'), section: tally('section') };
}

/** Does anything in the index match `expr`? Asked of the recent table first, which is small. */
export async function anyMatch(db: Reader, expr: string): Promise<boolean> {
  for (const table of ['link_search_recent', 'link_search'] as const) {
    const t = sql.table(table);
    const { rows } = await sql<{ found: number }>`SELECT EXISTS (SELECT 1 FROM ${t} WHERE ${t} MATCH ${expr}) AS found`.execute(db);
    if (rows[0]?.found) return true;
  }
  return false;
}
