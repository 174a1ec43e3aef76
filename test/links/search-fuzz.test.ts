import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/links/search/parse-query.js';
import { planSearch } from '../../src/links/search/search-plan.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Property-based: whatever `q` holds (random text, or random mixes of the language's syntax,
 * FTS5's syntax and the characters that break parsers), GET /v1/links never answers 5xx, and
 * what the parser hands on never holds anything but the tokens it quoted itself.
 *
 * Seeded, so a failure replays: fast-check prints the seed and the shrunk query.
 */
const SEED = 20261202;

const SYNTAX = [
  '"', '(', ')', '-', '--', 'OR', 'AND', 'NOT', 'NEAR(', 'NEAR/2', '*', '^', ':', '{', '}', '+', ',', '.', '\\', "'", '`',
  'tag:', 'site:', 'kind:', 'section:', 'source:', 'is:', 'issue:', 'before:', 'after:', 'title:', 'url:', 'by:', 'TAG:', 'foo:',
  'sqlite', 'SQLite', 'mpu6050', '6050', 'wal', 'da', 'x', 'é', 'e\u0301', '日本語', '💥', '\u202e', '\u0000', '\u0007', '\ud800',
  'approved', 'pending', 'unassigned', 'failed', 'none', '12', '0', '30d', '2026-03-01', '2026-02-30', 'sqlite.org', 'https://www.sqlite.org/x',
  'video', 'repo', 'import', '"Deep Dives"', '0tsqlite', '0wsqlite0dorg', 'title : x', '{title}: x', '-{keys}:', 'rank', 'bm25(',
];

const anyChar = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const separator = fc.constantFrom('', ' ', ' ', '  ', '\t', '\n');
const syntaxMix = fc
  .array(fc.tuple(fc.constantFrom(...SYNTAX), separator), { maxLength: 40 })
  .map((parts) => parts.map(([token, sep]) => token + sep).join(''));
const query = fc.oneof(
  { arbitrary: syntaxMix, weight: 6 },
  { arbitrary: fc.string({ maxLength: 60 }), weight: 2 },
  { arbitrary: fc.string({ unit: anyChar, maxLength: 60 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom('(', ')', '"', '-', ' ', 'a', 'OR'), minLength: 1, maxLength: 300 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 900, maxLength: 1100 }), weight: 1 },
);

/** encodeURIComponent, but a lone surrogate (which it refuses) goes as its WTF-8 bytes: invalid UTF-8 for the server to take. */
function encode(q: string): string {
  return [...q]
    .map((ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      return encodeURIComponent(ch);
    })
    .join('');
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.createLink({ url: 'https://www.sqlite.org/wal.html', title: 'Write-ahead logging', tags: ['sqlite', 'storage'], credit: { name: 'D. Richard Hipp' }, kind: 'article' });
  await t.createLink({ url: 'https://example.com/sensors/mpu6050', title: 'MPU6050 wiring', tags: ['hardware'], section: 'Deep Dives' });
  await t.createLink({ url: 'https://blog.example.org/da', blurb: 'Data and dashboards', status: 'pending' });
});
afterAll(async () => {
  await t.close();
});

describe('q, whatever it holds', () => {
  it('never answers 5xx, and a 4xx is problem+json naming q or the cursor', async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('', '&sort=relevance', '&sort=newest', '&sort=oldest', '&facets=true', '&limit=1', '&tag=sqlite'), async (q, extra) => {
        const res = await t.request('GET', `/v1/links?q=${encode(q)}${extra}`);
        expect(res.status, JSON.stringify(q)).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          const problem = await res.json();
          expect(problem.errors.map((e: { path: string }) => e.path), JSON.stringify(q)).toEqual(expect.arrayContaining([expect.stringMatching(/^(q|tag)$/)]));
          return;
        }
        const page = await res.json();
        expect(Array.isArray(page.items)).toBe(true);
        if (page.nextCursor) {
          const next = await t.request('GET', `/v1/links?q=${encode(q)}${extra}&cursor=${encodeURIComponent(page.nextCursor)}`);
          expect(next.status, JSON.stringify(q)).toBe(200);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('becomes an FTS5 expression of quoted tokens, column filters and operators only', () => {
    fc.assert(
      fc.property(query, (q) => {
        const parsed = parseQuery(q, new Date('2026-06-01T00:00:00Z'));
        if (!parsed.ok || parsed.query === null) return;
        const { match, conditions } = planSearch(parsed.query);
        const exprs = [match, ...JSON.stringify(conditions).match(/"expr":"(?:[^"\\]|\\.)*"/g) ?? []].filter((e): e is string => e !== null);
        for (const expr of exprs) {
          // Strip what the plan writes; nothing may be left.
          const rest = expr
            .replace(/\\"/g, '"')
            .replace(/^"expr":"|"$/g, '')
            .replace(/"[\p{L}\p{N}\p{M}\p{Co} ]+"\*?/gu, '')
            .replace(/- \{keys\} :|\{(title|url|people|keys)\} :/g, '')
            .replace(/\b(AND|OR|NOT)\b|[() ]/g, '');
          expect(rest, `${JSON.stringify(q)} → ${expr}`).toBe('');
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
