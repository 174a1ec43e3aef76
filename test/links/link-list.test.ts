import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, putLinkInIssue, type TestApp } from '../helpers/test-app.js';

/** The app of the current test in the first block (the query-plan tests share one of their own). */
let t: TestApp;

async function list(query: string, app: TestApp = t): Promise<{ items: any[]; nextCursor: string | null }> {
  const res = await app.request('GET', `/v1/links${query}`);
  if (res.status !== 200) throw new Error(`${query} → ${res.status} ${await res.text()}`);
  return res.json();
}
const ids = (page: { items: { id: number }[] }) => page.items.map((l) => l.id);

describe('GET /v1/links', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lists newest first by default, oldest first on request, 20 per page', async () => {
    const created = [];
    for (let i = 0; i < 25; i++) created.push((await t.createLink({ url: `https://example.com/${i}` })).id);
    const page = await list('');
    expect(ids(page)).toEqual(created.slice(5).reverse());
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(ids(await list('?sort=oldest&limit=3'))).toEqual(created.slice(0, 3));
  });

  it('walks every link exactly once with the cursor, even while links are added', async () => {
    for (let i = 0; i < 30; i++) await t.createLink({ url: `https://example.com/walk/${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const page: { items: any[]; nextCursor: string | null } = await list(`?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      await t.createLink({ url: `https://example.com/new/${added++}` }); // lands before the walk's start
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('refuses a forged or edited cursor with 400, and a cursor from another sort order', async () => {
    for (let i = 0; i < 3; i++) await t.createLink({ url: `https://example.com/c/${i}` });
    const { nextCursor } = await list('?limit=1');
    const [body, sig] = nextCursor!.split('.');
    const edited = Buffer.from(JSON.stringify({ sort: 'newest', id: 1 })).toString('base64url');
    for (const bad of ['garbage', `${edited}.${sig}`, `${body}.AAAA${sig!.slice(4)}`, `${body}`, '.']) {
      const res = await t.request('GET', `/v1/links?cursor=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect((await problemOf(res)).errors[0].path).toBe('cursor');
    }
    const res = await t.request('GET', `/v1/links?sort=oldest&cursor=${encodeURIComponent(nextCursor!)}`);
    expect(res.status).toBe(400);
  });

  it('filters by status, section, kind, source and enrichment', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', section: 'Tools', kind: 'repo' });
    const b = await t.createLink({ url: 'https://example.com/b', status: 'pending', section: 'News' });
    const sub = await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.com/s' } });
    const s = await sub.json();
    // The moderation queue is oldest first unless a sort is asked for.
    expect(ids(await list('?status=pending'))).toEqual([b.id, s.id]);
    expect(ids(await list('?status=pending&sort=newest'))).toEqual([s.id, b.id]);
    expect(ids(await list('?section=Tools'))).toEqual([a.id]);
    expect(ids(await list('?kind=repo'))).toEqual([a.id]);
    expect(ids(await list('?source=submission'))).toEqual([s.id]);
    expect(ids(await list('?enrichment=pending'))).toHaveLength(3);
    expect(ids(await list('?enrichment=failed'))).toEqual([]);
  });

  it('filters by one tag, and by several tags meaning all of them', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', tags: ['sqlite', 'perf'] });
    const b = await t.createLink({ url: 'https://example.com/b', tags: ['sqlite'] });
    await t.createLink({ url: 'https://example.com/c', tags: ['perf'] });
    expect(ids(await list('?tag=sqlite'))).toEqual([b.id, a.id]);
    expect(ids(await list('?tag=SQLite&tag=perf'))).toEqual([a.id]);
    expect(ids(await list('?tag=sqlite&tag=unknown'))).toEqual([]);
    const paged = await list('?tag=sqlite&limit=1');
    expect(ids(paged)).toEqual([b.id]);
    expect(ids(await list(`?tag=sqlite&limit=1&cursor=${encodeURIComponent(paged.nextCursor!)}`))).toEqual([a.id]);
  });

  it('ANDs three tags whichever is rarest and in any order, with oldest-first paging', async () => {
    // sqlite is on 4 links, perf on 3, rust on 2: the walk takes rust, then probes the others.
    const ab = await t.createLink({ url: 'https://example.com/1', tags: ['sqlite', 'perf', 'rust'] });
    await t.createLink({ url: 'https://example.com/2', tags: ['sqlite', 'perf'] });
    await t.createLink({ url: 'https://example.com/3', tags: ['sqlite', 'rust'] });
    const cd = await t.createLink({ url: 'https://example.com/4', tags: ['sqlite', 'perf', 'rust', 'go'] });
    for (const order of ['tag=sqlite&tag=perf&tag=rust', 'tag=rust&tag=perf&tag=sqlite', 'tag=perf&tag=rust&tag=sqlite&tag=perf']) {
      expect(ids(await list(`?${order}`)), order).toEqual([cd.id, ab.id]);
      const first = await list(`?${order}&sort=oldest&limit=1`);
      expect(ids(first), order).toEqual([ab.id]);
      expect(ids(await list(`?${order}&sort=oldest&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`)), order).toEqual([cd.id]);
    }
    expect(ids(await list('?tag=go&tag=sqlite'))).toEqual([cd.id]);
    expect(ids(await list('?tag=go&tag=python&tag=sqlite'))).toEqual([]);
  });

  it('filters by issue number and by issue=none', async () => {
    const a = await t.createLink({ url: 'https://example.com/a' });
    const b = await t.createLink({ url: 'https://example.com/b' });
    await putLinkInIssue(t, a.id, 3);
    expect(ids(await list('?issue=3'))).toEqual([a.id]);
    expect(ids(await list('?issue=4'))).toEqual([]);
    expect(ids(await list('?issue=none'))).toEqual([b.id]);
    expect((await list('?issue=3')).items[0].issue).toBe(3);
    expect((await t.request('GET', '/v1/links?issue=soon')).status).toBe(400);
  });

  it('searches the words of the title, blurb and URL; % and _ are no wildcards (more in search.test.ts)', async () => {
    const a = await t.createLink({ url: 'https://example.com/vacuum', title: 'Autovacuum tuning' });
    const b = await t.createLink({ url: 'https://example.com/b', blurb: 'About 100% of VACUUM' });
    await t.createLink({ url: 'https://example.com/c', title: 'Unrelated' });
    expect(ids(await list('?q=vacuum'))).toEqual([b.id, a.id]);
    expect(ids(await list('?q=100%25'))).toEqual([b.id]);
    expect(ids(await list('?q=_'))).toEqual([]);
  });

  it('rejects bad query parameters with 400 naming them', async () => {
    for (const [query, path] of [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=ten', 'limit'],
      ['?limit=1e1', 'limit'],
      ['?limit=0x10', 'limit'],
      ['?limit=%2020', 'limit'],
      ['?limit=20.0', 'limit'],
      ['?limit=', 'limit'],
      ['?status=live', 'status'],
      ['?sort=random', 'sort'],
      ['?tags=x', 'tags'],
    ]) {
      const res = await t.request('GET', `/v1/links${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify((await problemOf(res)).errors)).toContain(path);
    }
  });

  it('takes ids in paths only as plain decimal numbers', async () => {
    const link = await t.createLink({ url: 'https://example.com/16' });
    expect((await t.request('GET', `/v1/links/${link.id}`)).status).toBe(200);
    for (const spelling of ['0x1', '1e0', '1.0', '+1', '%201']) {
      const res = await t.request('GET', `/v1/links/${spelling}`);
      expect(res.status, spelling).toBe(400);
      expect(JSON.stringify((await problemOf(res)).errors), spelling).toContain('id');
    }
  });
});

describe('query plans at 100k links', () => {
  /**
   * Seeding 100k links takes seconds, so it is done once for this block; the tests only read.
   * The database is then made query-only, so a test that wrote would fail rather than leave
   * rows for the next one: such a test needs an app of its own.
   */
  let big: TestApp;

  /**
   * The plan of the walk itself. Scalar subqueries are left out: the per-row lookups that
   * build each link's JSON (its tags, sorted by name, and its issue) run for the page's rows
   * only, and the choice of the rarest tag runs once; their tiny sorts are not the walk's, so
   * "no TEMP B-TREE" means the walk never sorts.
   */
  const plan = (sql: string, ...params: unknown[]) => {
    const rows = big.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
    const perRow = new Set<number>();
    for (const r of rows) {
      if (perRow.has(r.parent) || /^(CORRELATED )?SCALAR SUBQUERY/.test(r.detail)) perRow.add(r.id);
    }
    return rows
      .filter((r) => !perRow.has(r.id) || /^(CORRELATED )?SCALAR SUBQUERY/.test(r.detail))
      .map((r) => r.detail)
      .join(' | ');
  };

  /**
   * Captures the SQL the list route actually runs, so the plan checked is the real one.
   * Statements are cached by the driver, so the hook wraps each one once, at prepare time;
   * it is installed before the first request.
   */
  let capturing: { sql: string; params: unknown[] }[] | null = null;
  function captureListQueries(): void {
    const original = big.sqlite.prepare.bind(big.sqlite);
    (big.sqlite as any).prepare = (sql: string) => {
      const stmt = original(sql);
      if (/"links" as "l"/.test(sql) && /limit \?$/.test(sql)) {
        const all = stmt.all.bind(stmt);
        (stmt as any).all = (...params: unknown[]) => {
          capturing?.push({ sql, params });
          return all(...params);
        };
      }
      return stmt;
    };
  }

  async function planOfListing(query: string): Promise<string> {
    const seen: { sql: string; params: unknown[] }[] = [];
    capturing = seen;
    try {
      await list(query, big);
    } finally {
      capturing = null;
    }
    expect(seen).toHaveLength(1);
    return plan(seen[0]!.sql, ...seen[0]!.params);
  }

  /** 100k links with skewed tags, written straight to SQLite (the API would take minutes). */
  function seed(): void {
    const now = '2026-01-05T09:00:00.000Z';
    const link = big.sqlite.prepare(
      `INSERT INTO links (url, canonical_key, section, kind, status, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'editor', ?, ?)`,
    );
    const tag = big.sqlite.prepare('INSERT INTO tags (name) VALUES (?)');
    const linkTag = big.sqlite.prepare('INSERT INTO link_tags (tag_id, link_id) VALUES (?, ?)');
    big.sqlite.transaction(() => {
      for (let i = 0; i < 50; i++) tag.run(`t${i}`);
      tag.run('a');
      tag.run('b');
      for (let i = 1; i <= 100_000; i++) {
        const id = Number(link.run(`https://example.com/${i}`, `example.com/${i}`, i % 10 ? 'Tools' : 'News', i % 7 ? 'article' : 'repo', i % 20 ? 'approved' : 'pending', now, now).lastInsertRowid);
        linkTag.run(1 + (i % 50), id);
        if (i % 3 === 0) linkTag.run(51, id);
        if (i % 5 === 0) linkTag.run(52, id);
      }
    })();
  }

  beforeAll(async () => {
    big = await createTestApp();
    seed();
    captureListQueries();
    // The first authenticated request records the token's use (a write); the clock never
    // moves here, so later requests write nothing. After it, the database takes no writes.
    await list('?limit=1', big);
    big.sqlite.pragma('query_only = ON');
  });
  afterAll(async () => {
    await big?.close();
  });

  it('walks the primary key for the newest page and never sorts', async () => {
    const p = await planOfListing('?limit=20');
    expect(p).toMatch(/SCAN l/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('uses the (status, id) index for a status filter, without a sort', async () => {
    const p = await planOfListing('?status=approved');
    expect(p).toMatch(/USING (COVERING )?INDEX links_status_id/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('walks link_tags(tag_id, link_id) for a tag filter, without a sort', async () => {
    const p = await planOfListing('?tag=a&tag=b');
    expect(p).toMatch(/SEARCH lt0 USING PRIMARY KEY \(tag_id=\?/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('uses an index with id for section, kind and enrichment filters, without a sort', async () => {
    expect(await planOfListing('?section=News')).toMatch(/USING (COVERING )?INDEX links_section_id/);
    expect(await planOfListing('?kind=repo')).toMatch(/USING (COVERING )?INDEX links_effective_kind_id/);
    expect(await planOfListing('?enrichment=failed')).toMatch(/USING (COVERING )?INDEX links_enrichment_id/);
    for (const q of ['?section=News', '?kind=repo', '?enrichment=failed']) expect(await planOfListing(q)).not.toMatch(/TEMP B-TREE/);
  });

  it('pages deep with a range on the key, not an offset', async () => {
    const first = await list('?limit=1', big);
    const p = await planOfListing(`?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(p).toMatch(/SEARCH l USING INTEGER PRIMARY KEY \(rowid<\?\)/);
  });
});
