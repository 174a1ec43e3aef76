import { describe, expect, it } from 'vitest';
import { instantOf, parseQuery, siteOf, type SearchNode } from '../../src/links/search/parse-query.js';
import { planSearch } from '../../src/links/search/search-plan.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');

/** The tree in a short notation: words as text (`word*` for a prefix, `"a b"` for a phrase), `-x`, `(a | b)`, `name:value`. */
function show(node: SearchNode | null): string {
  if (node === null) return '∅';
  switch (node.kind) {
    case 'text': {
      const words = node.tokens.join(' ');
      return `${node.field ? `${node.field}:` : ''}${node.tokens.length > 1 ? `"${words}"` : words}${node.prefix ? '*' : ''}`;
    }
    case 'filter':
      return `${node.filter.name}:${node.filter.value}`;
    case 'not':
      return `-${show(node.node)}`;
    case 'and':
      return node.nodes.map(show).join(' ');
    case 'or':
      return `(${node.nodes.map(show).join(' | ')})`;
  }
}
const read = (q: string) => {
  const parsed = parseQuery(q, NOW);
  if (!parsed.ok) throw new Error(`${q}: ${parsed.problem.message}`);
  return show(parsed.query);
};

describe('parseQuery', () => {
  it('reads words, phrases, exclusions, OR and groups; the last word is a prefix', () => {
    expect(read('write ahead log')).toBe('write ahead log*');
    expect(read('"write ahead" -vacuum')).toBe('"write ahead" -vacuum*');
    expect(read('rust (async OR tokio) -"hello world"')).toBe('rust (async | tokio) -"hello world"');
    expect(read('a OR b cd')).toBe('(a | b cd*)');
    expect(read('sqlite.org/wal')).toBe('"sqlite org wal"*');
    expect(read('the end ')).toBe('the end*');
    expect(read('x')).toBe('x');
  });

  it('reads qualifiers, case-insensitively, negated with -', () => {
    expect(read('Tag:SQLite -site:https://www.SQLite.org/x kind:REPO')).toBe('tag:sqlite -site:sqlite.org kind:repo');
    expect(read('is:unassigned is:failed is:archived issue:12 issue:none')).toBe('issue:none enrichment:failed status:archived issue:12 issue:none');
    expect(read('section:"Deep dives" source:import')).toBe('section:Deep dives source:import');
    expect(read('title:"write ahead" url:wal by:hipp')).toBe('title:"write ahead" url:wal by:hipp*');
    expect(read('after:2026-03-01 before:30d')).toBe('after:2026-03-01T00:00:00.000Z before:2026-05-16T12:00:00.000Z');
  });

  it('reads broken syntax and FTS5 syntax as words', () => {
    expect(read('"unclosed phr')).toBe('"unclosed phr"*');
    expect(read('"closed phrase"')).toBe('"closed phrase"');
    expect(read(')) ((a bc')).toBe('a bc*');
    expect(read('NEAR(a b) c^d e:f *')).toBe('NEAR a b "c d" "e f"');
    expect(read('AND OR NOT')).toBe('(AND | NOT*)');
    expect(read('a OR')).toBe('a OR*');
    expect(read('OR ab')).toBe('OR ab*');
    expect(read('- a -')).toBe('a');
    expect(read('--a')).toBe('-a');
    expect(read('tag: foo:bar')).toBe('tag "foo bar"*');
    expect(read('a\u0000b\u0007cd')).toBe('a b cd*');
    expect(read('*')).toBe('∅');
    expect(read('()')).toBe('∅');
  });

  it('refuses what it cannot read, saying where', () => {
    const problem = (q: string) => {
      const parsed = parseQuery(q, NOW);
      return parsed.ok ? null : { position: parsed.problem.position, code: parsed.problem.code };
    };
    expect(problem('sqlite is:maybe')).toEqual({ position: 11, code: 'query_qualifier' });
    expect(problem('after:2026-02-30')).toEqual({ position: 7, code: 'query_qualifier' });
    expect(problem('tag:"x y"')).toBeNull();
    expect(problem('tag:-x')).toEqual({ position: 5, code: 'query_qualifier' });
    expect(problem('((((((((((a))))))))))')).toEqual({ position: 9, code: 'query_too_deep' });
    expect(problem(Array.from({ length: 65 }, () => 'w').join(' '))).toEqual({ position: 129, code: 'query_too_many_terms' });
  });
});

describe('siteOf and instantOf', () => {
  it('takes domains, pasted URLs and punycode, and refuses the rest', () => {
    expect(siteOf('www.Example.COM')).toBe('example.com');
    expect(siteOf('https://blog.example.com/path?q=1')).toBe('blog.example.com');
    expect(siteOf('bücher.example')).toBe('xn--bcher-kva.example');
    for (const bad of ['', 'a b', 'a_b!.com', 'user@host.com', '[::1]', 'https://']) expect(siteOf(bad), bad).toBeNull();
  });

  it('takes dates and spans back from now', () => {
    expect(instantOf('2026-01-31', NOW)).toBe('2026-01-31T00:00:00.000Z');
    expect(instantOf('2w', NOW)).toBe('2026-06-01T12:00:00.000Z');
    expect(instantOf('6m', NOW)).toBe('2025-12-15T12:00:00.000Z');
    expect(instantOf('1y', NOW)).toBe('2025-06-15T12:00:00.000Z');
    for (const bad of ['2026-13-01', '26-01-01', 'yesterday', '30', 'd']) expect(instantOf(bad, NOW), bad).toBeNull();
  });
});

describe('planSearch', () => {
  const plan = (q: string) => {
    const parsed = parseQuery(q, NOW);
    if (!parsed.ok || !parsed.query) throw new Error(q);
    return planSearch(parsed.query);
  };

  it('puts words, tags and sites in one FTS5 expression, and the rest in conditions', () => {
    expect(plan('wal tag:sqlite site:sqlite.org -vacuum kind:repo')).toEqual({
      match: '(("wal" AND {keys} : "0tsqlite" AND {keys} : "0wsqlite0dorg") NOT ("vacuum"))',
      ranked: true,
      infix: null,
      conditions: [{ kind: 'filter', filter: { name: 'kind', value: 'repo' } }],
    });
  });

  it('escapes key tokens so that no two names give one token', () => {
    expect(plan('tag:a.b').match).not.toBe(plan('tag:a-b').match);
    expect(plan('tag:a0d').match).toBe('({keys} : "0ta00d")');
    expect(plan('tag:a.').match).toBe('({keys} : "0ta0d")');
  });

  it('keeps exclusions without a positive word, and ORs that mix qualifiers, as conditions', () => {
    expect(plan('-wal')).toMatchObject({ match: null, ranked: false, conditions: [{ kind: 'not', condition: { kind: 'match', expr: '"wal"*' } }] });
    expect(plan('(wal OR is:pending) lock')).toMatchObject({
      match: '("lock"*)',
      conditions: [{ kind: 'or', conditions: [{ kind: 'match', expr: '"wal"' }, { kind: 'filter', filter: { name: 'status', value: 'pending' } }] }],
    });
  });

  it('filters a word to the columns it names, and a word that could be a key token away from keys', () => {
    expect(plan('title:wal url:docs by:hipp').match).toBe('({title} : "wal" AND {url} : "docs" AND {people} : "hipp"*)');
    expect(plan('0tsqlite').match).toBe('(- {keys} : "0tsqlite"*)');
  });
});
