/**
 * From a parsed query (parse-query.ts) to what the search repository runs: one FTS5 expression
 * every result matches (the query's words and its `tag:` and `site:` qualifiers, ANDed at the
 * top), which FTS5 walks and bm25 ranks, and conditions on the link for the rest (other
 * qualifiers, exclusions without a positive word to subtract from, ORs that mix words with
 * qualifiers, fragments found only inside words). Pure.
 *
 * The FTS5 expression is made only of quoted tokens this module writes (letters, digits and
 * marks, see wordTokens), column filters and the operators AND, OR and NOT: nothing the user
 * typed reaches FTS5 as syntax.
 */
import type { SearchFilter, SearchNode, TextField } from './parse-query.js';

type TextNode = Extract<SearchNode, { kind: 'text' }>;

/** Filters the link table answers; `tag:` and `site:` are answered by the index (its `keys` column). */
export type RowFilter = Exclude<SearchFilter, { name: 'tag' | 'site' }>;

export type Condition =
  | { kind: 'match'; expr: string }
  | { kind: 'infix'; expr: string; field: TextField | null; fragment: string | null }
  | { kind: 'filter'; filter: RowFilter }
  | { kind: 'not'; condition: Condition }
  | { kind: 'and' | 'or'; conditions: Condition[] };

export type SearchPlan = {
  /** What every result matches in link_search (and link_search_recent), or null. */
  match: string | null;
  /** The match has words to rank (not only tags and sites). */
  ranked: boolean;
  /** With no match: a fragment every result contains, walked in link_search_infix. */
  infix: { expr: string } | null;
  /** ANDed, checked against each link the walk reaches. */
  conditions: Condition[];
};

/** Columns a word is looked for in; every column but `keys` when the word names none. */
const FIELD_COLUMNS: Record<TextField | 'any', string> = { any: '- {keys}', title: '{title}', url: '{url}', by: '{people}' };

/** Tokens of the `keys` column (see the migration): one per tag and per domain suffix of the host. */
function keyToken(kind: 'tag' | 'site', name: string): string {
  const escaped = name.replace(/[0.\-_+#]/g, (ch) => `0${{ '0': '0', '.': 'd', '-': 'h', _: 'u', '+': 'p', '#': 's' }[ch]}`);
  return `${kind === 'tag' ? '0t' : '0w'}${escaped}`;
}

/** Only a token that starts as key tokens do (`0t`, `0w`) could match one: other words need no column filter, which costs. */
const mayMatchKeys = (tokens: readonly string[]) => tokens.some((t) => /^0[tw]/i.test(t));

function textExpr(node: TextNode): string {
  const columns = node.field ? FIELD_COLUMNS[node.field] : mayMatchKeys(node.tokens) ? FIELD_COLUMNS.any : null;
  const phrase = `"${node.tokens.join(' ')}"${node.prefix ? '*' : ''}`;
  return columns ? `${columns} : ${phrase}` : phrase;
}

/** A word that may be looked for inside longer words: one token of three characters or more, in titles or URLs. */
function infixCandidate(node: SearchNode): node is TextNode {
  return node.kind === 'text' && node.field !== 'by' && node.tokens.length === 1 && [...node.tokens[0]!].length >= 3;
}

/**
 * What asks whether a word matches anything as a word: the word itself, then (for the last
 * word) as the start of one. The exact word is asked first: a prefix makes FTS5 merge the
 * entries of every word it starts, which for a common word is most of the cost of a search.
 */
export function probeExprs(node: TextNode): string[] {
  return node.prefix ? [textExpr({ ...node, prefix: false }), textExpr(node)] : [textExpr(node)];
}

function infixCondition(node: TextNode): Extract<Condition, { kind: 'infix' }> {
  const fragment = node.tokens[0]!.toLowerCase();
  const chars = [...fragment];
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) trigrams.add(chars.slice(i, i + 3).join(''));
  return {
    kind: 'infix',
    expr: [...trigrams].map((t) => `"${t}"`).join(' AND '),
    field: node.field,
    // The trigram index keeps no positions: the fragment itself is checked, where SQLite's lower() can (ASCII).
    fragment: /^[\x20-\x7e]+$/.test(fragment) ? fragment : null,
  };
}

/** The positive FTS5 expression `node` is, when the index alone can answer it; else null. */
function ftsExpr(node: SearchNode, infix: ReadonlySet<SearchNode>): string | null {
  switch (node.kind) {
    case 'text':
      return infix.has(node) ? null : textExpr(node);
    case 'filter':
      return node.filter.name === 'tag' || node.filter.name === 'site' ? `{keys} : "${keyToken(node.filter.name, node.filter.value)}"` : null;
    case 'not':
      return null;
    case 'or': {
      const parts = node.nodes.map((n) => ftsExpr(n, infix));
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    case 'and':
      return andExpr(node.nodes, infix);
  }
}

/** `a b -c -d` as `(a AND b) NOT (c OR d)`; null unless every part is the index's and one is positive. */
function andExpr(nodes: readonly SearchNode[], infix: ReadonlySet<SearchNode>): string | null {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const n of nodes) {
    const expr = n.kind === 'not' ? ftsExpr(n.node, infix) : ftsExpr(n, infix);
    if (expr === null) return null;
    (n.kind === 'not' ? negative : positive).push(expr);
  }
  if (positive.length === 0) return null;
  const all = `(${positive.join(' AND ')})`;
  return negative.length === 0 ? all : `(${all} NOT (${negative.join(' OR ')}))`;
}

function condition(node: SearchNode, infix: ReadonlySet<SearchNode>): Condition {
  const expr = ftsExpr(node, infix);
  if (expr !== null) return { kind: 'match', expr };
  switch (node.kind) {
    case 'text':
      return infixCondition(node);
    case 'filter':
      return { kind: 'filter', filter: node.filter as RowFilter };
    case 'not':
      return { kind: 'not', condition: condition(node.node, infix) };
    case 'and':
    case 'or':
      return { kind: node.kind, conditions: node.nodes.map((n) => condition(n, infix)) };
  }
}

function hasWords(node: SearchNode): boolean {
  if (node.kind === 'text') return true;
  if (node.kind === 'filter' || node.kind === 'not') return false;
  return node.nodes.some(hasWords);
}

/**
 * The plan of `query` (never null: the caller answers a query without terms itself). `infix`
 * holds the words that matched nothing as words and are looked for inside titles and URLs.
 */
export function planSearch(query: SearchNode, infix: ReadonlySet<SearchNode> = new Set()): SearchPlan {
  const conjuncts = query.kind === 'and' ? query.nodes : [query];
  const positive: SearchNode[] = [];
  const negative: string[] = [];
  const conditions: Condition[] = [];
  for (const node of conjuncts) {
    const expr = node.kind === 'not' ? ftsExpr(node.node, infix) : ftsExpr(node, infix);
    if (expr !== null && node.kind !== 'not') positive.push(node);
    else if (expr !== null) negative.push(expr);
    else conditions.push(condition(node, infix));
  }
  let match: string | null = null;
  if (positive.length > 0) {
    match = andExpr(positive, infix)!;
    if (negative.length > 0) match = `(${match} NOT (${negative.join(' OR ')}))`;
  } else {
    for (const expr of negative) conditions.push({ kind: 'not', condition: { kind: 'match', expr } });
  }
  const walkInfix = match === null ? conjuncts.find((n): n is TextNode => n.kind === 'text' && infix.has(n)) : undefined;
  return {
    match,
    ranked: positive.some(hasWords),
    infix: walkInfix ? { expr: infixCondition(walkInfix).expr } : null,
    conditions,
  };
}

/** The words of `query` that could be looked for inside longer words, if they match nothing as words. */
export function infixCandidates(query: SearchNode): TextNode[] {
  if (infixCandidate(query)) return [query];
  if (query.kind === 'not') return infixCandidates(query.node);
  if (query.kind === 'and' || query.kind === 'or') return query.nodes.flatMap(infixCandidates);
  return [];
}
