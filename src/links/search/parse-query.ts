/**
 * The search language of `q` on GET /v1/links, read into a small tree. Pure: no I/O; the
 * clock's reading comes in for relative dates (`after:30d`).
 *
 * Whatever is typed is read, never passed on: FTS5 syntax (`*`, `^`, `NEAR(`, `:`, column
 * filters) is nothing but word separators here, and the FTS5 expression is built from the
 * tree by search-plan.ts out of words it quotes itself. Broken syntax is read leniently (an
 * unclosed quote runs to the end, an unclosed parenthesis closes at the end, a stray `)` or a
 * dangling `-` is dropped, an `OR` with no operand on one side is the word "or"). Only a
 * qualifier with a value it cannot take, nesting too deep or too many terms are refused, with
 * the position (1-based, in characters) where the problem is.
 */
import { LINK_KINDS, LINK_SOURCES, LINK_STATUSES, type EnrichmentStatus, type LinkKind, type LinkSource, type LinkStatus } from '../link-fields.js';
import { normalizeTagName, tagNameProblem } from '../../tags/tag-name.js';

/** `title:` and `url:` search one column; `by:` searches the credit and the submitter. */
export type TextField = 'title' | 'url' | 'by';

export type SearchFilter =
  | { name: 'tag'; value: string }
  | { name: 'site'; value: string }
  | { name: 'kind'; value: LinkKind }
  | { name: 'section'; value: string }
  | { name: 'source'; value: LinkSource }
  | { name: 'status'; value: LinkStatus }
  | { name: 'enrichment'; value: EnrichmentStatus }
  | { name: 'issue'; value: number | 'none' }
  /** An ISO instant: `after` is inclusive, `before` exclusive, both on created_at. */
  | { name: 'after' | 'before'; value: string };

export type SearchNode =
  | {
      kind: 'text';
      /** Words as FTS5's unicode61 tokenizer would split them; several are matched as a phrase. */
      tokens: string[];
      /** The last token matches as a prefix (search-as-you-type). */
      prefix: boolean;
      field: TextField | null;
      position: number;
    }
  | { kind: 'filter'; filter: SearchFilter; position: number }
  | { kind: 'not'; node: SearchNode }
  | { kind: 'and'; nodes: SearchNode[] }
  | { kind: 'or'; nodes: SearchNode[] };

export type QueryProblem = { message: string; position: number; code: 'query_qualifier' | 'query_too_deep' | 'query_too_many_terms' };

export type ParsedQuery = { ok: true; query: SearchNode | null } | { ok: false; problem: QueryProblem };

export const MAX_QUERY_TERMS = 64;
export const MAX_QUERY_DEPTH = 8;
/** A prefix shorter than this matches as a whole word: `d*` would touch every link. */
const MIN_PREFIX = 2;

const QUALIFIERS = ['tag', 'site', 'kind', 'section', 'source', 'is', 'issue', 'before', 'after', 'title', 'url', 'by'] as const;
type QualifierName = (typeof QUALIFIERS)[number];
const isQualifier = (name: string): name is QualifierName => (QUALIFIERS as readonly string[]).includes(name);

type Lexeme =
  | { type: 'lparen' | 'rparen' | 'or' | 'neg'; pos: number }
  | { type: 'term'; pos: number; text: string; quoted: boolean; closed?: boolean; qualifier?: { name: QualifierName; valuePos: number } };

class Refused extends Error {
  constructor(readonly problem: QueryProblem) {
    super(problem.message);
  }
}

const SPACE = /[\s\p{Cc}]/u;
const isSpace = (ch: string | undefined) => ch !== undefined && SPACE.test(ch);
const ends = (ch: string | undefined) => ch === undefined || isSpace(ch) || ch === '(' || ch === ')' || ch === '"';

/** Runs of letters, digits and marks with at least one letter or digit: what unicode61 keeps as tokens. */
export function wordTokens(text: string): string[] {
  return (text.normalize('NFC').match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu) ?? []).filter((t) => /[\p{L}\p{N}\p{Co}]/u.test(t));
}

function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  // An unclosed quote runs to the end of the query.
  const phraseFrom = (start: number): { text: string; next: number; closed: boolean } => {
    const close = q.indexOf('"', start);
    return close < 0 ? { text: q.slice(start), next: q.length, closed: false } : { text: q.slice(start, close), next: close + 1, closed: true };
  };
  while (i < q.length) {
    const ch = q[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ type: ch === '(' ? 'lparen' : 'rparen', pos: i + 1 });
      i++;
    } else if (ch === '-' && (i === 0 || ends(q[i - 1]) || q[i - 1] === '-') && q[i + 1] !== undefined && !isSpace(q[i + 1]) && q[i + 1] !== ')') {
      // A negation only where a term starts; `--x` is one negation.
      if (q[i - 1] !== '-') out.push({ type: 'neg', pos: i + 1 });
      i++;
    } else if (ch === '"') {
      const { text, next, closed } = phraseFrom(i + 1);
      out.push({ type: 'term', pos: i + 1, text, quoted: true, closed });
      i = next;
    } else {
      let j = i;
      while (j < q.length && !ends(q[j])) j++;
      const chunk = q.slice(i, j);
      const colon = chunk.indexOf(':');
      const name = colon > 0 ? chunk.slice(0, colon).toLowerCase() : '';
      if (chunk === 'OR') {
        out.push({ type: 'or', pos: i + 1 });
      } else if (isQualifier(name) && (colon < chunk.length - 1 || q[j] === '"')) {
        if (colon === chunk.length - 1) {
          const { text, next, closed } = phraseFrom(j + 1);
          out.push({ type: 'term', pos: i + 1, text, quoted: true, closed, qualifier: { name, valuePos: j + 1 } });
          j = next;
        } else {
          out.push({ type: 'term', pos: i + 1, text: chunk.slice(colon + 1), quoted: false, qualifier: { name, valuePos: i + colon + 2 } });
        }
      } else {
        out.push({ type: 'term', pos: i + 1, text: chunk, quoted: false });
      }
      i = j;
    }
  }
  return tidy(out);
}

const startsOperand = (l: Lexeme | undefined) => l !== undefined && (l.type === 'term' || l.type === 'lparen' || l.type === 'neg');
const endsOperand = (l: Lexeme | undefined) => l !== undefined && (l.type === 'term' || l.type === 'rparen');

/** Drops unmatched `)` and dangling negations; an `OR` without an operand on each side becomes a word. */
function tidy(lexemes: Lexeme[]): Lexeme[] {
  let open = 0;
  const balanced = lexemes.filter((l) => {
    if (l.type === 'lparen') open++;
    if (l.type !== 'rparen') return true;
    if (open === 0) return false;
    open--;
    return true;
  });
  const out: Lexeme[] = [];
  balanced.forEach((l, k) => {
    if (l.type === 'or' && !(endsOperand(out.at(-1)) && startsOperand(balanced[k + 1]))) {
      out.push({ type: 'term', pos: l.pos, text: 'OR', quoted: false });
    } else if (l.type === 'neg' && !startsOperand(balanced[k + 1])) {
      // nothing follows it: dropped
    } else {
      out.push(l);
    }
  });
  return out;
}

/** Reads `q`. `now` anchors relative dates. Never throws. */
export function parseQuery(q: string, now: Date): ParsedQuery {
  try {
    const lexemes = lex(q);
    let terms = 0;
    for (const l of lexemes) {
      if (l.type === 'term' && ++terms > MAX_QUERY_TERMS) {
        throw new Refused({ message: `At most ${MAX_QUERY_TERMS} terms; the one at position ${l.pos} is one too many.`, position: l.pos, code: 'query_too_many_terms' });
      }
    }
    const parser = new Parser(lexemes, now);
    const query = simplify(parser.parseOr(0));
    markPrefix(query, lexemes);
    return { ok: true, query };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, problem: err.problem };
    throw err;
  }
}

class Parser {
  private at = 0;
  constructor(
    private readonly lexemes: Lexeme[],
    private readonly now: Date,
  ) {}

  parseOr(depth: number): SearchNode | null {
    const nodes = [this.parseAnd(depth)];
    while (this.lexemes[this.at]?.type === 'or') {
      this.at++;
      nodes.push(this.parseAnd(depth));
    }
    return { kind: 'or', nodes: nodes.filter((n): n is SearchNode => n !== null) };
  }

  private parseAnd(depth: number): SearchNode | null {
    const nodes: SearchNode[] = [];
    while (startsOperand(this.lexemes[this.at])) {
      const node = this.parseUnary(depth);
      if (node) nodes.push(node);
    }
    return { kind: 'and', nodes };
  }

  private parseUnary(depth: number): SearchNode | null {
    let negated = false;
    while (this.lexemes[this.at]?.type === 'neg') {
      negated = !negated;
      this.at++;
    }
    const node = this.parsePrimary(depth);
    return node && negated ? { kind: 'not', node } : node;
  }

  private parsePrimary(depth: number): SearchNode | null {
    const l = this.lexemes[this.at++]!;
    if (l.type === 'lparen') {
      if (depth + 1 > MAX_QUERY_DEPTH) {
        throw new Refused({ message: `Parentheses nest at most ${MAX_QUERY_DEPTH} deep; the one at position ${l.pos} goes deeper.`, position: l.pos, code: 'query_too_deep' });
      }
      const inner = this.parseOr(depth + 1);
      if (this.lexemes[this.at]?.type === 'rparen') this.at++; // an unclosed group closes at the end
      return inner;
    }
    if (l.type !== 'term') return null;
    if (l.qualifier) return qualified(l.qualifier.name, l.text, l.qualifier.valuePos, l.pos, this.now);
    const tokens = wordTokens(l.text);
    return tokens.length === 0 ? null : { kind: 'text', tokens, prefix: false, field: null, position: l.pos };
  }
}

function refuseValue(name: string, valuePos: number, wants: string): never {
  throw new Refused({ message: `${name}: at position ${valuePos} takes ${wants}.`, position: valuePos, code: 'query_qualifier' });
}

function qualified(name: QualifierName, raw: string, valuePos: number, position: number, now: Date): SearchNode | null {
  const filter = (f: SearchFilter): SearchNode => ({ kind: 'filter', filter: f, position });
  const value = raw.trim();
  const oneOf = <T extends string>(values: readonly T[]): T => {
    const v = value.toLowerCase() as T;
    if (!values.includes(v)) refuseValue(name, valuePos, `one of ${values.join(', ')}`);
    return v;
  };
  switch (name) {
    case 'title':
    case 'url':
    case 'by': {
      const tokens = wordTokens(value);
      return tokens.length === 0 ? null : { kind: 'text', tokens, prefix: false, field: name, position };
    }
    case 'tag': {
      const tag = normalizeTagName(value);
      const problem = tagNameProblem(tag);
      if (problem) refuseValue(name, valuePos, `a tag name (${problem.replace(/\.$/, '').toLowerCase()})`);
      return filter({ name: 'tag', value: tag });
    }
    case 'site':
      return filter({ name: 'site', value: siteOf(value) ?? refuseValue(name, valuePos, 'a domain such as sqlite.org') });
    case 'kind':
      return filter({ name: 'kind', value: oneOf(LINK_KINDS) });
    case 'source':
      return filter({ name: 'source', value: oneOf(LINK_SOURCES) });
    case 'section':
      return value === '' ? null : filter({ name: 'section', value });
    case 'is': {
      const v = oneOf([...LINK_STATUSES, 'unassigned', 'failed'] as const);
      if (v === 'unassigned') return filter({ name: 'issue', value: 'none' });
      if (v === 'failed') return filter({ name: 'enrichment', value: 'failed' });
      return filter({ name: 'status', value: v });
    }
    case 'issue':
      if (value.toLowerCase() === 'none') return filter({ name: 'issue', value: 'none' });
      if (!/^[1-9][0-9]{0,8}$/.test(value)) refuseValue(name, valuePos, 'an issue number or none');
      return filter({ name: 'issue', value: Number(value) });
    case 'before':
    case 'after':
      return filter({ name, value: instantOf(value, now) ?? refuseValue(name, valuePos, 'a date (YYYY-MM-DD) or a time ago (30d, 2w, 6m, 1y)') });
  }
}

/** The host a `site:` value names, lowercase and in punycode, without `www.`; null when it is no domain. */
export function siteOf(value: string): string | null {
  const bare = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostPart = bare.split(/[/?#]/, 1)[0]!;
  if (hostPart === '' || /[@\s:\\[\]]/.test(hostPart)) return null;
  let host: string;
  try {
    host = new URL(`http://${hostPart}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^www\./, '').replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) ? host : null;
}

/** YYYY-MM-DD (midnight UTC) or a span back from now (`30d`, `2w`, `6m`, `1y`), as an ISO instant. */
export function instantOf(value: string, now: Date): string | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const at = new Date(Date.UTC(y, m - 1, d));
    return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d ? at.toISOString() : null;
  }
  const span = /^(\d{1,4})([dwmy])$/i.exec(value);
  if (!span) return null;
  const n = Number(span[1]);
  const at = new Date(now);
  const unit = span[2]!.toLowerCase();
  if (unit === 'd' || unit === 'w') at.setUTCDate(at.getUTCDate() - n * (unit === 'w' ? 7 : 1));
  else at.setUTCMonth(at.getUTCMonth() - n * (unit === 'y' ? 12 : 1));
  return at.toISOString();
}

/** Flattens nested ANDs and ORs, drops empty groups; null when nothing is left. */
function simplify(node: SearchNode | null): SearchNode | null {
  if (node === null) return null;
  if (node.kind === 'not') {
    const inner = simplify(node.node);
    return inner === null ? null : inner.kind === 'not' ? inner.node : { kind: 'not', node: inner };
  }
  if (node.kind !== 'and' && node.kind !== 'or') return node;
  const nodes: SearchNode[] = [];
  for (const child of node.nodes) {
    const s = simplify(child);
    if (s === null) continue;
    if (s.kind === node.kind) nodes.push(...s.nodes);
    else nodes.push(s);
  }
  if (nodes.length === 0) return null;
  return nodes.length === 1 ? nodes[0]! : { kind: node.kind, nodes };
}

/**
 * The last term typed matches as a prefix, for search-as-you-type, when it is a word (bare or
 * field-qualified) or an unclosed phrase, and its last token is long enough.
 */
function markPrefix(query: SearchNode | null, lexemes: Lexeme[]): void {
  const last = lexemes.filter((l) => l.type === 'term').at(-1);
  if (!query || !last || last.type !== 'term' || (last.quoted && last.closed)) return;
  const leaf = findText(query, last.pos);
  if (leaf && leaf.tokens.at(-1)!.length >= MIN_PREFIX) leaf.prefix = true;
}

function findText(node: SearchNode, position: number): Extract<SearchNode, { kind: 'text' }> | null {
  if (node.kind === 'text') return node.position === position ? node : null;
  if (node.kind === 'filter') return null;
  if (node.kind === 'not') return findText(node.node, position);
  for (const child of node.nodes) {
    const found = findText(child, position);
    if (found) return found;
  }
  return null;
}
