/**
 * One page of a search: the walk a plan takes for its sort, the ranked set and its cursor for
 * relevance (see search-cursor.ts), and the facets.
 */
import type { Reader } from '../../db/database.js';
import type { SearchNode } from './parse-query.js';
import { isSeen, markSeen, type SearchPosition } from './search-cursor.js';
import { infixCandidates, planSearch, probeExprs, type SearchPlan } from './search-plan.js';
import {
  anyMatch,
  facetCounts,
  linkJsonInOrder,
  newestMatches,
  RANK_CAP,
  searchWindow,
  walkMatches,
  type Facets,
  type Match,
  type SearchWindow,
} from './search.repository.js';

export type SearchSort = 'relevance' | 'newest' | 'oldest';

export type SearchResult = {
  itemsJson: string;
  next: SearchPosition | null;
  /** For sort=relevance: how many matches were ranked, and whether there were more (they follow, newest first). */
  relevance?: { ranked: number; capped: boolean };
  facets?: Facets;
};

/** Words probed for infix matching, at most (each probe is an index lookup). */
const MAX_PROBES = 16;

/**
 * The plan of `query`: first, each word that could be a fragment (three characters or more,
 * in titles or URLs) and matches nothing as a word, nor (the last) as the start of one, is
 * looked for inside words instead. Ordinary words cost one index lookup here.
 */
export async function prepareSearch(db: Reader, query: SearchNode): Promise<SearchPlan> {
  const infix = new Set<SearchNode>();
  for (const node of infixCandidates(query).slice(0, MAX_PROBES)) {
    if (!(await anyMatch(db, probeExprs(node)))) infix.add(node);
  }
  return planSearch(query, infix);
}

export async function searchPage(
  db: Reader,
  plan: SearchPlan,
  options: { sort: SearchSort; limit: number; position?: SearchPosition | undefined; facets: boolean },
): Promise<SearchResult> {
  const w = await searchWindow(db);
  const result =
    options.sort === 'relevance' && plan.ranked
      ? await rankedPage(db, plan, w, options.limit, options.position)
      : options.sort === 'relevance'
        ? { ...(await keysetPage(db, plan, w, true, options.limit, options.position)), relevance: { ranked: 0, capped: false } }
        : await keysetPage(db, plan, w, options.sort === 'newest', options.limit, options.position);
  if (options.facets) result.facets = await facetCounts(db, plan, w);
  return result;
}

async function keysetPage(db: Reader, plan: SearchPlan, w: SearchWindow, desc: boolean, limit: number, position: SearchPosition | undefined): Promise<SearchResult> {
  const after = position?.kind === 'after' ? position.id : undefined;
  const walk = { limit: limit + 1, ...(after === undefined ? {} : desc ? { to: after - 1 } : { from: after + 1 }) };
  const matches = desc
    ? (await newestMatches(db, plan, w, walk, { enough: limit })).matches
    : await walkMatches(db, plan, 'link_search', { ...walk, desc: false });
  return pageOf(db, matches, limit, (last) => ({ kind: 'after', id: last }));
}

async function pageOf(db: Reader, matches: Match[], limit: number, next: (lastId: number) => SearchPosition): Promise<SearchResult> {
  const page = matches.slice(0, limit).map((m) => m.id);
  return { itemsJson: await linkJsonInOrder(db, page), next: matches.length > limit ? next(page.at(-1)!) : null };
}

async function rankedPage(db: Reader, plan: SearchPlan, w: SearchWindow, limit: number, position: SearchPosition | undefined): Promise<SearchResult> {
  if (position?.kind === 'after') {
    // Below the ranked set: the older matches, newest first.
    const ranked = position.ranked ?? 0;
    const tail = await walkMatches(db, plan, 'link_search', { to: position.id - 1, desc: true, limit: limit + 1 });
    return { ...(await pageOf(db, tail, limit, (last) => ({ kind: 'after', id: last, ranked }))), relevance: { ranked, capped: true } };
  }

  let set: { snapshot: number; lowest: number; count: number; seen: Uint8Array; capped: boolean };
  let matches: Match[];
  if (position === undefined) {
    const found = await newestMatches(db, plan, w, { to: w.newest, limit: RANK_CAP + 1 }, { enough: limit, score: true });
    matches = found.matches.slice(0, RANK_CAP);
    // Ranked among the newest links only: older matches, if any, were not looked at.
    const capped = found.matches.length > RANK_CAP || (found.table === 'link_search_recent' && w.recentFrom > w.oldest);
    const count = matches.length;
    set = { snapshot: w.newest, lowest: matches.at(-1)?.id ?? 0, count, seen: new Uint8Array(Math.ceil(count / 8)), capped };
  } else {
    set = { ...position, seen: new Uint8Array(position.seen) };
    const found = await newestMatches(db, plan, w, { from: set.lowest, to: set.snapshot, limit: set.count + 1 }, { enough: null, score: true });
    matches = found.matches.slice(0, set.count);
  }

  // Best first by the scores of the moment; of equal scores, the newer first.
  const unseen = matches.map((m, i) => ({ i, m })).filter(({ i }) => !isSeen(set.seen, i));
  unseen.sort((a, b) => (a.m.score ?? 0) - (b.m.score ?? 0) || b.m.id - a.m.id);
  const shown = unseen.slice(0, limit);
  for (const { i } of shown) markSeen(set.seen, i);
  const ids = shown.map(({ m }) => m.id);
  const relevance = { ranked: set.count, capped: set.capped };

  if (unseen.length > limit) {
    return { itemsJson: await linkJsonInOrder(db, ids), next: { kind: 'ranked', ...set }, relevance };
  }
  if (!set.capped || set.count === 0) return { itemsJson: await linkJsonInOrder(db, ids), next: null, relevance };
  // The ranked set ends on this page: the older matches fill it up.
  const room = limit - ids.length;
  const tail = await walkMatches(db, plan, 'link_search', { to: set.lowest - 1, desc: true, limit: room + 1 });
  const more = tail.length > room;
  ids.push(...tail.slice(0, room).map((m) => m.id));
  const next: SearchPosition | null = more ? { kind: 'after', id: room === 0 ? set.lowest : ids.at(-1)!, ranked: set.count } : null;
  return { itemsJson: await linkJsonInOrder(db, ids), next, relevance };
}
