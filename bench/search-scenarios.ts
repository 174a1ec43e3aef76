/**
 * The search rows of the bench (issue 14's targets, at 1M links, against /healthz in the same
 * run). Each turns on by itself once the schema has an FTS5 table backing `q` (detectFeatures).
 */
import SQLite from 'better-sqlite3';
import { COMMON_WORD, RARE_EVERY, RARE_WORD } from './corpus.js';
import { auth, expectItems, get, LIMIT, probe, share, type BenchContext, type Prepared, type Scenario } from './scenarios.js';

/** The most common host among the newest links (read-only from the seeded file), for `site:`. */
function busiestRecentHost(dbPath: string): { host: string; share: number } {
  const sqlite = new SQLite(dbPath, { readonly: true });
  try {
    const row = sqlite
      .prepare(
        `SELECT substr(canonical_key, 1, instr(canonical_key || '/', '/') - 1) AS host, count(*) AS n
         FROM (SELECT canonical_key FROM links ORDER BY id DESC LIMIT 20000) GROUP BY host ORDER BY n DESC LIMIT 1`,
      )
      .get() as { host: string; n: number };
    return { host: row.host, share: row.n / 20000 };
  } finally {
    sqlite.close();
  }
}

function landed(ctx: BenchContext): string | null {
  if (!ctx.features.fullText) return 'skipped: full-text search has not landed (q is still a LIKE scan)';
  if (!ctx.features.rankedSort) return 'skipped: the API has no relevance sort';
  return null;
}

/** A search GET, checked once for a non-empty page (and, when asked, for the field that says the ranking was capped). */
async function searchRow(ctx: BenchContext, query: string, detail: string): Promise<Prepared> {
  const path = `/v1/links?limit=${LIMIT}&${query}`;
  await expectItems(ctx, path);
  const { body } = await probe(ctx, path);
  const page = JSON.parse(body) as { relevance?: { ranked: number; capped: boolean }; facets?: { counted: number; capped: boolean } };
  const ranked = page.relevance ? `; ranked ${page.relevance.ranked}${page.relevance.capped ? ' (capped)' : ''}` : '';
  const counted = page.facets ? `; facets over ${page.facets.counted}${page.facets.capped ? ' (capped)' : ''}` : '';
  return { detail: `${detail}${ranked}${counted}`, requests: [get(path, auth(ctx))] };
}

export const SEARCH_SCENARIOS: Scenario[] = [
  {
    name: 'search',
    label: 'GET /v1/links?q=word (full text, ranked; a word in ~10 % of links)',
    target: { kind: 'baseline', min: 0.05, p99Ms: 50 },
    async prepare(ctx) {
      return landed(ctx) ?? searchRow(ctx, `q=${COMMON_WORD}`, `q=${COMMON_WORD}`);
    },
  },
  {
    name: 'search-rare',
    label: 'GET /v1/links?q=word (full text, ranked; a rare word)',
    target: { kind: 'baseline', min: 0.15 },
    async prepare(ctx) {
      return landed(ctx) ?? searchRow(ctx, `q=${RARE_WORD}`, `q=${RARE_WORD} (1 link in ${RARE_EVERY.toLocaleString('en-US')})`);
    },
  },
  {
    name: 'qualifier',
    label: 'GET /v1/links?q=word tag:… site:… (qualifier search)',
    target: { kind: 'baseline', min: 0.15 },
    async prepare(ctx) {
      const skip = landed(ctx) ?? (ctx.features.qualifiers ? null : 'skipped: qualifier search has not landed');
      if (skip) return skip;
      const tag = ctx.tagsByRank[2]!;
      const site = busiestRecentHost(ctx.dbPath);
      const q = `${COMMON_WORD} tag:${tag.name} site:${site.host}`;
      return searchRow(ctx, `q=${encodeURIComponent(q)}`, `q=${q} (tag on ${share(tag.count, ctx.links)}, site on ${(100 * site.share).toFixed(1)} % of links)`);
    },
  },
  {
    name: 'prefix',
    label: 'GET /v1/links?q=da (a two-letter prefix, search-as-you-type)',
    target: { kind: 'p99', maxMs: 50 },
    async prepare(ctx) {
      return landed(ctx) ?? searchRow(ctx, 'q=da', 'q=da (database, dashboard, …), ranked');
    },
  },
  {
    name: 'facets',
    label: 'GET /v1/links?q=word&facets=true (facets on a common word)',
    target: { kind: 'p99', maxMs: 100 },
    async prepare(ctx) {
      return landed(ctx) ?? searchRow(ctx, `q=${COMMON_WORD}&facets=true`, `q=${COMMON_WORD}&facets=true`);
    },
  },
];
