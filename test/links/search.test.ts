import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyMetadata, storedMetadata, type PageMetadata } from '../../src/enrichment/page-metadata.js';
import { createTestApp, problemOf, putLinkInIssue, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

type Page = { items: any[]; nextCursor: string | null; relevance?: { ranked: number; capped: boolean }; facets?: any };

async function search(q: string, extra = ''): Promise<Page> {
  const res = await t.request('GET', `/v1/links?q=${encodeURIComponent(q)}${extra}`);
  if (res.status !== 200) throw new Error(`q=${q}${extra} → ${res.status} ${await res.text()}`);
  return res.json();
}
const ids = (page: Page) => page.items.map((l) => l.id);
const found = async (q: string, extra = '') => ids(await search(q, extra));

/** What the enrichment worker would store, written in a transaction as the worker does. */
async function fetched(id: number, page: Partial<PageMetadata>): Promise<void> {
  await t.ctx.transact((trx) =>
    trx.updateTable('links').set({ metadata: storedMetadata({ ...emptyMetadata(), ...page }), enrichment_status: 'done' }).where('id', '=', id).execute(),
  );
}

describe('GET /v1/links?q= words', () => {
  it('finds a link by a word of its fetched description, and every word must match', async () => {
    const a = await t.createLink({ url: 'https://example.com/a' });
    const b = await t.createLink({ url: 'https://example.com/b' });
    await fetched(a.id, { title: 'Checkpoints', description: 'How the WAL is folded back into the database file.' });
    await fetched(b.id, { title: 'Locks', description: 'Readers never block the database writer.' });
    expect(await found('folded')).toEqual([a.id]);
    expect(await found('database')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await found('database writer')).toEqual([b.id]);
    expect(await found('database unicorn')).toEqual([]);
  });

  it('matches "exact phrases" only as written, in order', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Write ahead logging explained' });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'Logging ahead of the write' });
    expect(await found('"write ahead"')).toEqual([a.id]);
    expect(await found('"ahead write"')).toEqual([]);
    expect((await found('write ahead')).sort()).toEqual([a.id, b.id].sort());
  });

  it('ranks a title match above a description match above a URL match (bm25 with weights)', async () => {
    const inUrl = await t.createLink({ url: 'https://example.com/vacuum' });
    const inBlurb = await t.createLink({ url: 'https://example.com/b', blurb: 'Why vacuum matters for a database that deletes.' });
    const inTitle = await t.createLink({ url: 'https://example.com/c', title: 'Vacuum' });
    const page = await search('vacuum');
    expect(ids(page)).toEqual([inTitle.id, inBlurb.id, inUrl.id]);
    expect(page.relevance).toEqual({ ranked: 3, capped: false });
    // newest and oldest are there too; relevance is the default only with words to rank
    expect(await found('vacuum', '&sort=newest')).toEqual([inTitle.id, inBlurb.id, inUrl.id]);
    expect(await found('vacuum', '&sort=oldest')).toEqual([inUrl.id, inBlurb.id, inTitle.id]);
    expect((await search('tag:none-such')).relevance).toBeUndefined();
  });

  it('matches the last word as a prefix, for search-as-you-type', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Replication lag' });
    await t.createLink({ url: 'https://example.com/b', title: 'Replay' });
    expect(await found('repli')).toEqual([a.id]);
    expect(await found('lag repli')).toEqual([a.id]);
    expect(await found('repli lag')).toEqual([a.id]);
    expect(await found('repli la')).toEqual([a.id]);
    // only the last word: "repli" before another word must be a whole word
    expect(await found('repli replay')).toEqual([]);
    // and only from two letters on (one letter is a word of its own)
    expect(await found('r')).toEqual([]);
  });

  it('finds fragments inside words of titles and URLs when they match no word (6050 finds MPU6050)', async () => {
    const a = await t.createLink({ url: 'https://example.com/sensors/mpu6050-guide', title: 'Wiring an MPU6050' });
    const b = await t.createLink({ url: 'https://example.com/ESP32board' });
    await t.createLink({ url: 'https://example.com/other', blurb: 'Nothing about mpu6050 in the title or URL... wait, it is here, in the blurb: xqz6050' });
    expect(await found('6050')).toEqual(expect.arrayContaining([a.id]));
    expect(await found('32boa')).toEqual([b.id]);
    expect(await found('wiring 6050')).toEqual([a.id]);
    expect(await found('title:6050')).toEqual([a.id]);
    // two letters are too few to look inside words
    expect(await found('50')).toEqual([]);
  });

  it('excludes words, phrases and qualifiers with -, never returning an excluded link', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'SQLite locking', tags: ['sqlite'] });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'Postgres locking', tags: ['postgres'] });
    const c = await t.createLink({ url: 'https://example.com/c', title: 'Row locking in SQLite', tags: ['sqlite', 'internals'] });
    expect(await found('locking -postgres')).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(await found('locking -postgres')).not.toContain(b.id);
    expect(await found('locking -"row locking"')).not.toContain(c.id);
    expect(await found('locking -tag:internals')).toEqual(expect.not.arrayContaining([c.id]));
    expect((await found('-postgres')).sort()).toEqual([a.id, c.id].sort());
    expect(await found('-tag:sqlite')).toEqual([b.id]);
  });

  it('takes OR between words and groups, and parentheses', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Rust async' });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'Go channels' });
    const c = await t.createLink({ url: 'https://example.com/c', title: 'Rust channels' });
    expect((await found('async OR go')).sort()).toEqual([a.id, b.id].sort());
    expect(await found('rust (async OR go)')).toEqual([a.id]);
    expect((await found('channels (rust OR go)')).sort()).toEqual([b.id, c.id].sort());
    expect((await found('(tag:none OR rust) channels')).sort()).toEqual([c.id]);
  });
});

describe('GET /v1/links?q= qualifiers', () => {
  it('tag:, site: (with subdomains), kind:, section:, source: and by:', async () => {
    const a = await t.createLink({ url: 'https://www.sqlite.org/wal.html', tags: ['sqlite'], kind: 'article', credit: { name: 'D. Richard Hipp' } });
    const b = await t.createLink({ url: 'https://blog.sqlite.org/post', tags: ['sqlite', 'news'], kind: 'video', section: 'Deep Dives' });
    const c = await t.createLink({ url: 'https://notsqlite.org/x', tags: ['news'] });
    const sub = await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://sqlite.org.example.com/y' } });
    const s = await sub.json();
    expect((await found('tag:sqlite')).sort()).toEqual([a.id, b.id].sort());
    expect(await found('tag:sqlite tag:news')).toEqual([b.id]);
    expect((await found('site:sqlite.org')).sort()).toEqual([a.id, b.id].sort());
    expect(await found('site:www.sqlite.org')).toEqual(expect.arrayContaining([a.id]));
    expect(await found('site:blog.sqlite.org')).toEqual([b.id]);
    expect(await found('site:https://blog.sqlite.org/anything')).toEqual([b.id]);
    expect(await found('-site:sqlite.org -site:notsqlite.org')).toEqual([s.id]);
    expect(await found('kind:video')).toEqual([b.id]);
    expect(await found('section:"deep dives"')).toEqual([b.id]);
    expect(await found('source:submission')).toEqual([s.id]);
    expect(await found('by:hipp')).toEqual([a.id]);
    expect(await found('by:"Richard Hipp"')).toEqual([a.id]);
    expect(await found(`by:${t.tokens ? 'submitter-token' : ''}`)).toEqual([s.id]);
    expect(await found('is:pending')).toEqual([s.id]);
    expect(await found('tag:news -is:pending', '&tag=sqlite')).toEqual([b.id]);
    expect(c.id).toBeGreaterThan(0);
  });

  it('is:unassigned, issue:N and issue:none, is:failed', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'In the issue' });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'Not in the issue' });
    await putLinkInIssue(t, a.id, 7);
    expect(await found('issue:7')).toEqual([a.id]);
    expect(await found('issue:8')).toEqual([]);
    expect(await found('issue', '&sort=newest')).toEqual([b.id, a.id]);
    expect(await found('issue is:unassigned')).toEqual([b.id]);
    expect(await found('issue issue:none')).toEqual([b.id]);
    await t.ctx.transact((trx) => trx.updateTable('links').set({ enrichment_status: 'failed' }).where('id', '=', b.id).execute());
    expect(await found('is:failed')).toEqual([b.id]);
    expect(await found('-is:failed')).toEqual([a.id]);
  });

  it('after: and before: take dates and times ago, on when the link was added', async () => {
    const jan = await t.createLink({ url: 'https://example.com/jan', title: 'postgres' });
    t.clock.advance(60 * 86_400_000); // 2026-03-06
    const mar = await t.createLink({ url: 'https://example.com/mar', title: 'postgres' });
    t.clock.advance(40 * 86_400_000); // 2026-04-15
    expect(await found('postgres after:2026-03-01 before:2026-04-01')).toEqual([mar.id]);
    expect(await found('postgres before:2026-03-01')).toEqual([jan.id]);
    expect(await found('postgres after:30d')).toEqual([]);
    expect(await found('postgres after:6w')).toEqual([mar.id]);
    expect(await found('postgres -after:1y', '&sort=newest')).toEqual([]);
  });

  it('answers 422 naming the problem and where it is', async () => {
    for (const [q, position] of [
      ['is:bogus', 4],
      ['sqlite kind:essay', 13],
      ['before:yesterday', 8],
      ['after:2026-02-30', 7],
      ['issue:twelve', 7],
      ['tag:#hash', 5],
      ['site:exa_mple!.com', 6],
      ['((((((((((deep))))))))))', 9],
    ] as const) {
      const res = await t.request('GET', `/v1/links?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(422);
      const problem = await problemOf(res);
      expect(problem.errors[0].path, q).toBe('q');
      expect(problem.detail, q).toContain(`position ${position}`);
    }
    const many = await t.request('GET', `/v1/links?q=${encodeURIComponent(Array.from({ length: 70 }, (_, i) => `w${i}`).join(' '))}`);
    expect(many.status).toBe(422);
    expect((await problemOf(many)).detail).toContain('64 terms');
    const long = await t.request('GET', `/v1/links?q=${'a'.repeat(5000)}`);
    expect(long.status).toBe(422);
    expect(JSON.stringify(await problemOf(long))).toContain('1000');
  });

  it('reads FTS5 syntax and broken syntax as plain words, never as syntax', async () => {
    const a = await t.createLink({ url: 'https://example.com/a', title: 'NEAR and far: a column of AND OR NOT' });
    for (const q of ['near(', 'NEAR(and far)', 'title:near*', '"and far', 'far)', '((far', '^far', 'col:far', '{title}: far', 'AND OR NOT', 'far\u0000', '-', '"', 'far -', 'OR far OR']) {
      const res = await t.request('GET', `/v1/links?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    expect(await found('NEAR(and far)')).toEqual([a.id]);
    expect(await found('"and far')).toEqual([a.id]);
    expect(await found('AND OR NOT')).toEqual([a.id]);
    // nothing to look for: nothing found
    expect(await found('*')).toEqual([]);
    expect(await found('"')).toEqual([]);
  });
});

describe("GET /v1/links?q= submitters' notes", () => {
  const submit = (body: Record<string, unknown>) => t.request('POST', '/v1/submissions', { token: null, body, headers: { 'X-Forwarded-For': '203.0.113.9' } });

  it('finds a link by a word of any of its submitters’ notes, not by a note kept out as spam, and forgets a note whose link is gone', async () => {
    expect((await submit({ url: 'https://example.com/pager', note: 'A heliograph of pagers' })).status).toBe(202);
    expect((await submit({ url: 'https://EXAMPLE.com/pager/', note: 'Semaphore towers too' })).status).toBe(202);
    expect((await submit({ url: 'https://example.com/bot', note: 'Cheap zeppelins', website: 'http://buy.example' })).status).toBe(202);
    const pager = (await (await t.request('GET', '/v1/links?status=pending')).json()).items.find((l: any) => l.url.includes('pager'));
    expect(await found('heliograph')).toEqual([pager.id]);
    expect(await found('semaphore')).toEqual([pager.id]);
    expect(await found('zeppelins')).toEqual([]);
    expect((await t.request('DELETE', `/v1/links/${pager.id}`)).status).toBe(204);
    expect(await found('heliograph')).toEqual([]);
  });
});
