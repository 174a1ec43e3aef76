import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

type Page = { items: any[]; nextCursor: string | null; relevance?: { ranked: number; capped: boolean }; facets?: any };

async function get(path: string): Promise<Page> {
  const res = await t.request('GET', path);
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return res.json();
}
const ids = (page: Page) => page.items.map((l) => l.id);

/** `n` links written in one transaction (the API would take a request each), indexed when it commits. */
async function bulkLinks(n: number, make: (i: number) => { title?: string; blurb?: string; kind?: 'article' | 'video'; section?: string }): Promise<number[]> {
  const now = t.clock.now().toISOString();
  return t.ctx.transact(async (trx) => {
    const rows = await trx
      .insertInto('links')
      .values(
        Array.from({ length: n }, (_, i) => ({
          url: `https://bulk.example/${i}-${Math.random().toString(36).slice(2)}`,
          canonical_key: `bulk.example/${i}-${Math.random().toString(36).slice(2)}`,
          title: make(i).title ?? null,
          blurb: make(i).blurb ?? null,
          credit_name: null,
          credit_url: null,
          kind: make(i).kind ?? null,
          section: make(i).section ?? null,
          status: 'approved' as const,
          source: 'import' as const,
          submitter: null,
          metadata: null,
          enrichment_error: null,
          fetched_at: null,
          inferred_kind: null,
          possible_duplicate_of: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  });
}

/** Follows nextCursor to the end, calling `between` after each page. */
async function walk(path: string, between: () => Promise<void> = async () => {}): Promise<{ seen: number[]; pages: Page[] }> {
  const seen: number[] = [];
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page);
    seen.push(...ids(page));
    cursor = page.nextCursor;
    await between();
  } while (cursor && pages.length < 100);
  return { seen, pages };
}

describe('paging a search', () => {
  it('walks a relevance ranking without skipping or repeating while matching links are added', async () => {
    // Titles, descriptions and lengths differ, so scores do; every link added moves them all.
    const first = await bulkLinks(30, (i) => (i % 3 === 0 ? { title: `Replication ${'x '.repeat(i % 7)}` } : { blurb: `On replication and ${'words '.repeat(i % 5)}` }));
    let added = 0;
    const { seen, pages } = await walk('/v1/links?q=replication&limit=7', async () => {
      await bulkLinks(3, () => ({ title: `Replication replication ${added++}` }));
    });
    expect(seen).toHaveLength(30);
    expect(new Set(seen)).toEqual(new Set(first));
    expect(pages[0]!.relevance).toEqual({ ranked: 30, capped: false });
    // Title matches first.
    expect(seen.slice(0, 10).every((id) => (first.indexOf(id) % 3) === 0)).toBe(true);
  });

  it('walks newest and oldest first without skipping or repeating while links are added', async () => {
    const first = await bulkLinks(25, (i) => ({ title: `Vacuum ${i}` }));
    for (const sort of ['newest', 'oldest']) {
      const { seen } = await walk(`/v1/links?q=vacuum&sort=${sort}&limit=6`, async () => {
        await bulkLinks(2, () => ({ title: 'Vacuum again' }));
      });
      if (sort === 'newest') expect(seen).toEqual([...first].reverse());
      else expect(seen.slice(0, 25)).toEqual(first);
    }
  });

  it('ranks at most the newest 100 matches, says so, and then walks the older ones newest first', async () => {
    const all = await bulkLinks(160, (i) => (i % 2 ? { title: 'Checkpoint' } : { blurb: 'A checkpoint' }));
    const { seen, pages } = await walk('/v1/links?q=checkpoint&limit=30');
    expect(pages[0]!.relevance).toEqual({ ranked: 100, capped: true });
    expect(pages.at(-1)!.relevance).toEqual({ ranked: 100, capped: true });
    expect(seen).toHaveLength(160);
    expect(new Set(seen).size).toBe(160);
    const newest100 = new Set(all.slice(-100));
    expect(seen.slice(0, 100).every((id) => newest100.has(id))).toBe(true);
    // Titles first among the ranked
    expect(seen.slice(0, 50).every((id) => all.indexOf(id) % 2 === 1)).toBe(true);
    expect(seen.slice(100)).toEqual(all.slice(0, 60).reverse());
  });

  it('ranks among the newest links when they hold more than a page of matches', async () => {
    const all = await bulkLinks(40, (i) => ({ title: i % 4 ? 'Index notes' : 'Index' }));
    // A window of 10 links (50,000 in production), moved up by the next write.
    t.sqlite.prepare('UPDATE link_search_state SET recent_size = 10').run();
    await bulkLinks(1, () => ({ title: 'unrelated' }));
    const { seen, pages } = await walk('/v1/links?q=index&limit=3');
    expect(pages[0]!.relevance).toEqual({ ranked: 9, capped: true });
    expect(new Set(seen.slice(0, 9))).toEqual(new Set(all.slice(-9)));
    expect(seen.slice(9)).toEqual(all.slice(0, 31).reverse());
    // Too few matches among the newest: the whole index ranks.
    expect((await get('/v1/links?q=index&limit=20')).relevance).toEqual({ ranked: 40, capped: false });
  });

  it('refuses a cursor of another search or another sort with 400', async () => {
    await bulkLinks(5, () => ({ title: 'Lock' }));
    const page = await get('/v1/links?q=lock&limit=2');
    for (const other of ['/v1/links?q=locks&limit=2', '/v1/links?q=lock&limit=2&sort=newest', '/v1/links?q=lock&limit=2&tag=x']) {
      const res = await t.request('GET', `${other}&cursor=${encodeURIComponent(page.nextCursor!)}`);
      expect(res.status, other).toBe(400);
      expect((await problemOf(res)).errors[0].path).toBe('cursor');
    }
  });
});

describe('facets', () => {
  it('counts the matches by tag, kind, status and section', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Raft', tags: ['consensus', 'papers'], kind: 'paper', section: 'Reading' });
    await t.createLink({ url: 'https://example.com/b', title: 'Raft in practice', tags: ['consensus'], kind: 'video' });
    await t.createLink({ url: 'https://example.com/c', title: 'Raft', tags: ['consensus'], status: 'pending' });
    await t.createLink({ url: 'https://example.com/d', title: 'Paxos', tags: ['papers'] });
    const page = await get('/v1/links?q=raft&facets=true&limit=1');
    expect(page.items).toHaveLength(1);
    expect(page.facets).toEqual({
      counted: 3,
      capped: false,
      tag: [
        { value: 'consensus', count: 3 },
        { value: 'papers', count: 1 },
      ],
      kind: [
        { value: null, count: 1 },
        { value: 'paper', count: 1 },
        { value: 'video', count: 1 },
      ],
      status: [
        { value: 'approved', count: 2 },
        { value: 'pending', count: 1 },
      ],
      section: [
        { value: null, count: 2 },
        { value: 'Reading', count: 1 },
      ],
    });
    expect((await get('/v1/links?q=raft -tag:papers&facets=true')).facets.tag).toEqual([{ value: 'consensus', count: 2 }]);
    expect((await get('/v1/links?facets=true&kind=paper')).facets.counted).toBe(1);
    expect((await get('/v1/links?q=raft')).facets).toBeUndefined();
    expect(a.id).toBeGreaterThan(0);
  });

  it('counts the newest 200 matches at most, and the top 20 tags', async () => {
    await bulkLinks(210, () => ({ title: 'Shard' }));
    const page = await get('/v1/links?q=shard&facets=true');
    expect(page.facets).toMatchObject({ counted: 200, capped: true, status: [{ value: 'approved', count: 200 }] });
    for (let i = 0; i < 25; i++) await t.createLink({ url: `https://example.com/t${i}`, title: 'Tagged', tags: [`t${String(i).padStart(2, '0')}`, 'all'] });
    const tags = (await get('/v1/links?q=tagged&facets=true')).facets.tag;
    expect(tags).toHaveLength(20);
    expect(tags[0]).toEqual({ value: 'all', count: 25 });
  });
});
