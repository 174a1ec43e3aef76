import { CompiledQuery } from 'kysely';
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
/** The most matches ranked by relevance: bm25 costs ~1 µs a row, on top of its counting. */
export const RANK_CAP = 100;
/** The most matches counted by facets: each costs a few row lookups. */
export const FACET_CAP = 200;

/**
 * SQL with its parameters, built by the `q` tag: values become `?`, nested fragments are
 * inlined. Search SQL varies with the query's shape, and Kysely's builder would compile each
 * statement anew on every request (~13 µs each, several per search); the statement cache
 * still reuses the prepared statement by its text.
 */
type Fragment = { readonly text: string; readonly params: readonly unknown[] };
const isFragment = (v: unknown): v is Fragment => typeof v === 'object' && v !== null && 'text' in v && 'params' in v;

function q(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (isFragment(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1]!;
  });
  return { text, params };
}
const raw = (text: string): Fragment => ({ text, params: [] });
const join = (parts: readonly Fragment[], separator: string): Fragment => ({ text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) });

async function rows<R>(db: Reader, f: Fragment): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(f.text, [...f.params]))).rows;
}

export type SearchTable = 'link_search' | 'link_search_recent';

export type Match = { id: number; score: number | null };

/** The range of link ids the recent table covers, and the newest and oldest link. */
export type SearchWindow = { recentFrom: number; oldest: number; newest: number };

export async function searchWindow(db: Reader): Promise<SearchWindow> {
  const [row] = await rows<{ recentFrom: number; oldest: number | null; newest: number | null }>(
    db,
    raw('SELECT recent_from AS recentFrom, (SELECT min(id) FROM links) AS oldest, (SELECT max(id) FROM links) AS newest FROM link_search_state'),
  );
  if (!row) throw new Error('link_search_state has no row: the search migration did not run');
  return { recentFrom: row.recentFrom, oldest: row.oldest ?? 0, newest: row.newest ?? 0 };
}

function filterSql(f: RowFilter): Fragment {
  switch (f.name) {
    case 'kind':
      return q`l.effective_kind = ${f.value}`;
    case 'section':
      return q`l.section = ${f.value} COLLATE NOCASE`;
    case 'source':
      return q`l.source = ${f.value}`;
    case 'status':
      return q`l.status = ${f.value}`;
    case 'enrichment':
      return q`l.enrichment_status = ${f.value}`;
    case 'after':
      return q`l.created_at >= ${f.value}`;
    case 'before':
      return q`l.created_at < ${f.value}`;
    case 'issue':
      return f.value === 'none'
        ? q`NOT EXISTS (SELECT 1 FROM issue_items ii WHERE ii.link_id = l.id)`
        : q`EXISTS (SELECT 1 FROM issue_items ii JOIN issues i ON i.id = ii.issue_id WHERE ii.link_id = l.id AND i.number = ${f.value})`;
  }
}

/** The text a fragment found by trigrams must really contain (the trigram index keeps no positions). */
const INFIX_TEXT = {
  title: raw(`concat_ws(' ', l.title, l.metadata ->> '$.title')`),
  url: raw('l.canonical_key'),
  any: raw(`concat_ws(' ', l.title, l.metadata ->> '$.title', l.canonical_key)`),
};

function conditionSql(c: Condition): Fragment {
  switch (c.kind) {
    case 'match':
      return q`EXISTS (SELECT 1 FROM link_search WHERE link_search MATCH ${c.expr} AND link_search.rowid = l.id)`;
    case 'infix': {
      const found = q`EXISTS (SELECT 1 FROM link_search_infix WHERE link_search_infix MATCH ${c.expr} AND link_search_infix.rowid = l.id)`;
      if (c.fragment === null) return found;
      return q`(${found} AND instr(lower(${INFIX_TEXT[c.field === 'url' || c.field === 'title' ? c.field : 'any']}), ${c.fragment}) > 0)`;
    }
    case 'filter':
      return filterSql(c.filter);
    case 'not':
      return q`NOT ${conditionSql(c.condition)}`;
    case 'and':
    case 'or':
      return q`(${join(c.conditions.map(conditionSql), c.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
}

function conditionsSql(conditions: readonly Condition[]): Fragment {
  return conditions.length === 0 ? raw('1') : join(conditions.map(conditionSql), ' AND ');
}

export type Walk = {
  /** Only ids in this range (inclusive). */
  from?: number | undefined;
  to?: number | undefined;
  desc: boolean;
  limit: number;
};

const bounds = (column: string, walk: Walk) =>
  join([walk.from === undefined ? raw('1') : q`${raw(column)} >= ${walk.from}`, walk.to === undefined ? raw('1') : q`${raw(column)} <= ${walk.to}`], ' AND ');

/**
 * Matching links in id order, from the index table the plan walks: `table` for a plan with a
 * match (with bm25 scores if `score`), the trigram table for one with only a fragment, the
 * links themselves for one with neither. The walk drives the join (CROSS JOIN: SQLite never
 * reorders it), so a page costs the matches it passes, not a sort of all of them.
 */
export async function walkMatches(db: Reader, plan: SearchPlan, table: SearchTable, walk: Walk, score = false): Promise<Match[]> {
  const order = raw(walk.desc ? 'DESC' : 'ASC');
  const where = conditionsSql(plan.conditions);
  // The link's row only when a condition reads it.
  const links = raw(plan.conditions.length > 0 ? 'CROSS JOIN links l ON l.id = s.rowid' : '');
  let query: Fragment;
  if (plan.match !== null) {
    const rank = raw(score ? `bm25(${table}, ${WEIGHTS})` : 'NULL');
    query = q`SELECT s.rowid AS id, ${rank} AS score FROM ${raw(table)} AS s ${links}
      WHERE s.${raw(table)} MATCH ${plan.match} AND ${bounds('s.rowid', walk)} AND ${where} ORDER BY s.rowid ${order} LIMIT ${walk.limit}`;
  } else if (plan.infix !== null) {
    query = q`SELECT s.rowid AS id, NULL AS score FROM link_search_infix AS s ${links}
      WHERE s.link_search_infix MATCH ${plan.infix.expr} AND ${bounds('s.rowid', walk)} AND ${where} ORDER BY s.rowid ${order} LIMIT ${walk.limit}`;
  } else {
    query = q`SELECT l.id, NULL AS score FROM links l WHERE ${bounds('l.id', walk)} AND ${where} ORDER BY l.id ${order} LIMIT ${walk.limit}`;
  }
  return rows<Match>(db, query);
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
    // Scored at once: when the recent table has too few matches (a rare word), counting them
    // for bm25 was cheap; asking first without scores would walk a common word twice.
    const matches = await walkMatches(db, plan, recent, { ...range, from: w.recentFrom }, options.score);
    if (matches.length > options.enough) return { table: recent, matches };
  }
  return { table: 'link_search', matches: await walkMatches(db, plan, 'link_search', range, options.score) };
}

/** Each link's kept JSON, in the order of `ids`. */
export async function linkJsonInOrder(db: Reader, ids: readonly number[]): Promise<string> {
  if (ids.length === 0) return '[]';
  const found = await rows<{ id: number; json: string }>(
    db,
    q`SELECT lj.link_id AS id, lj.json FROM json_each(${JSON.stringify(ids)}) j CROSS JOIN link_json lj ON lj.link_id = j.value`,
  );
  const byId = new Map(found.map((r) => [r.id, r.json]));
  return `[${ids.flatMap((id) => byId.get(id) ?? []).join(',')}]`;
}

export type FacetCount = { value: string | null; count: number };
export type Facets = { counted: number; capped: boolean; tag: FacetCount[]; kind: FacetCount[]; status: FacetCount[]; section: FacetCount[] };

const TOP_TAGS = 20;

/** Counts by tag (the top 20), kind, status and section over the newest FACET_CAP matches. */
export async function facetCounts(db: Reader, plan: SearchPlan, w: SearchWindow): Promise<Facets> {
  const { matches } = await newestMatches(db, plan, w, { limit: FACET_CAP + 1 }, { enough: FACET_CAP });
  const counted = matches.slice(0, FACET_CAP).map((m) => m.id);
  const ids = JSON.stringify(counted);
  const tag = await rows<FacetCount>(
    db,
    q`SELECT t.name AS value, count(*) AS count FROM json_each(${ids}) j CROSS JOIN link_tags lt ON lt.link_id = j.value
      CROSS JOIN tags t ON t.id = lt.tag_id GROUP BY t.id ORDER BY count DESC, t.name LIMIT ${TOP_TAGS}`,
  );
  const groups = await rows<{ kind: string | null; status: string; section: string | null; n: number }>(
    db,
    q`SELECT l.effective_kind AS kind, l.status, l.section, count(*) AS n FROM json_each(${ids}) j CROSS JOIN links l ON l.id = j.value GROUP BY 1, 2, 3`,
  );
  const tally = (key: 'kind' | 'status' | 'section'): FacetCount[] => {
    const counts = new Map<string | null, number>();
    for (const g of groups) counts.set(g[key], (counts.get(g[key]) ?? 0) + g.n);
    return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
  };
  return { counted: counted.length, capped: matches.length > FACET_CAP, tag, kind: tally('kind'), status: tally('status'), section: tally('section') };
}

/** Does anything match one of `exprs` (tried in order, each in the small recent table first)? */
export async function anyMatch(db: Reader, exprs: readonly string[]): Promise<boolean> {
  for (const expr of exprs) {
    for (const table of ['link_search_recent', 'link_search'] as const) {
      const [row] = await rows<{ found: number }>(db, q`SELECT EXISTS (SELECT 1 FROM ${raw(table)} WHERE ${raw(table)} MATCH ${expr}) AS found`);
      if (row?.found) return true;
    }
  }
  return false;
}
