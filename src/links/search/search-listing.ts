/**
 * GET /v1/links with `q` (or `sort=relevance`, or `facets=true`): the request's query language
 * and filters read into one plan, the cursor checked against it, the page as JSON text.
 */
import type { Reader } from '../../db/database.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { BadRequest, Invalid } from '../../http/problem.js';
import type { LinkFilters } from '../links.repository.js';
import { parseQuery, type SearchFilter, type SearchNode } from './parse-query.js';
import { positionFrom, positionPayload, queryFingerprint } from './search-cursor.js';
import { prepareSearch, searchPage, type SearchSort } from './search-links.js';
import type { SearchPlan } from './search-plan.js';

export type SearchRequest = {
  q: string | undefined;
  filters: LinkFilters;
  sort: SearchSort | undefined;
  limit: number;
  cursor: string | undefined;
  facets: boolean;
  now: Date;
  cursorKey: Buffer;
};

/** The list's own filters (`?tag=…&status=…`) as qualifiers ANDed to the query. */
function filterNodes(filters: LinkFilters): SearchNode[] {
  const out: SearchFilter[] = (filters.tags ?? []).map((value) => ({ name: 'tag', value }));
  if (filters.status) out.push({ name: 'status', value: filters.status });
  if (filters.section) out.push({ name: 'section', value: filters.section });
  if (filters.kind) out.push({ name: 'kind', value: filters.kind });
  if (filters.source) out.push({ name: 'source', value: filters.source });
  if (filters.enrichment) out.push({ name: 'enrichment', value: filters.enrichment });
  if (filters.issue !== undefined) out.push({ name: 'issue', value: filters.issue });
  return out.map((filter) => ({ kind: 'filter', filter, position: 0 }));
}

const NO_FACETS = { counted: 0, capped: false, tag: [], kind: [], status: [], section: [] };

/** Every link: no match, no condition. */
const EVERYTHING: SearchPlan = { match: null, ranked: false, infix: null, conditions: [] };

/** The page as JSON text (LinkPage); throws the 400 or 422 a bad `q` or cursor deserves. */
export async function searchListing(db: Reader, req: SearchRequest): Promise<string> {
  let query: SearchNode | null = null;
  if (req.q !== undefined) {
    const parsed = parseQuery(req.q, req.now);
    if (!parsed.ok) {
      const { message, position, code } = parsed.problem;
      throw new Invalid(`The query cannot be read at position ${position}: ${message}`, [{ path: 'q', message, code }]);
    }
    // Something was typed, but nothing to look for in it (`*`, `"`): nothing matches.
    if (parsed.query === null) return page('[]', null, { facets: req.facets ? NO_FACETS : undefined });
    query = parsed.query;
  }
  const nodes = [...(query ? [query] : []), ...filterNodes(req.filters)];
  const plan = nodes.length === 0 ? EVERYTHING : await prepareSearch(db, nodes.length === 1 ? nodes[0]! : { kind: 'and', nodes });
  const sort = req.sort ?? (plan.ranked ? 'relevance' : 'newest');

  const fingerprint = queryFingerprint([req.q ?? null, req.filters]);
  let position;
  if (req.cursor) {
    const found = positionFrom(decodeCursor(req.cursorKey, req.cursor), sort, fingerprint);
    if (typeof found === 'string') throw new BadRequest(found, [{ path: 'cursor', message: found, code: 'invalid_cursor' }]);
    position = found;
  }
  const result = await searchPage(db, plan, { sort, limit: req.limit, position, facets: req.facets });
  const next = result.next && encodeCursor(req.cursorKey, positionPayload(sort, fingerprint, result.next));
  return page(result.itemsJson, next, { relevance: result.relevance, facets: result.facets });
}

function page(itemsJson: string, nextCursor: string | null, extra: Record<string, unknown> = {}): string {
  const rest = Object.entries(extra)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join('');
  return `{"items":${itemsJson},"nextCursor":${JSON.stringify(nextCursor)}${rest}}`;
}
