import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { netscapeFileText } from '../../bench/bookmark-file.js';
import { createImportRunner } from '../../src/imports/import-runner.js';
import { renderMarkdown } from '../../src/issues/render-markdown.js';
import { silentLogger } from '../../src/logger.js';
import { DESIGN_MARKDOWN } from '../helpers/design-example.js';
import { randomIssue } from '../helpers/random-issues.js';
import { tempDirPerTest } from '../helpers/processes.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { allLinks, fixture, importFile, upload } from '../imports/helpers.js';

const dir = tempDirPerTest();

const apps: TestApp[] = [];
async function app(): Promise<TestApp> {
  const t = await createTestApp();
  apps.push(t);
  return t;
}
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function ok(res: Promise<Response>, status = 200): Promise<any> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r.json();
}

const importIssue = (t: TestApp, markdown: string, number: number) =>
  t.request('POST', `/v1/issues/import?number=${number}`, { body: markdown, headers: { 'content-type': 'text/markdown; charset=utf-8' } });

/**
 * A newsletter with a past: issues imported from their Markdown (DESIGN.md's example and random
 * ones), issues made with the API (overrides, own Markdown, a link of each source), a
 * correction in progress, a draft, links with metadata and kinds, a submitted one, moderation
 * rules, and settings changed after the issues were published.
 */
async function newsletterWithAPast(t: TestApp): Promise<number[]> {
  const numbers: number[] = [];
  expect((await importIssue(t, DESIGN_MARKDOWN, 1)).status).toBe(201);
  numbers.push(1);
  const samples = fc.sample(randomIssue(true), { seed: 42, numRuns: 12 });
  for (const [i, { issue, newsletter }] of samples.entries()) {
    const res = await importIssue(t, renderMarkdown(issue, newsletter).replace(/https:\/\/example\.org\//g, `https://example.org/r${i}/`), 10 + i);
    if (res.status === 201) numbers.push(10 + i);
  }
  expect(numbers.length).toBeGreaterThan(8);

  const a = await t.createLink({ url: 'https://example.org/wal', title: 'Write-Ahead *Logging*', blurb: 'How [SQLite](https://sqlite.org) does it.', tags: ['sqlite', 'wal'], credit: { name: 'DRH', url: 'https://example.org/drh' }, kind: 'article' });
  const b = await t.createLink({ url: 'https://example.org/vacuum', tags: ['sqlite'], section: 'Tools' });
  const c = await t.createLink({ url: 'https://example.org/own-line', title: 'Own line' });
  await t.ctx.transact(async (trx) => {
    await sql`UPDATE links SET metadata = ${JSON.stringify({ title: 'VACUUM <b>', description: 'Fetched & escaped', siteName: 'SQLite', image: { url: 'https://example.org/i.png', width: 10, height: null, alt: null }, favicon: null, author: 'x', publishedAt: null, canonicalUrl: null })},
      enrichment_status = 'done', enrichment_attempts = 1, fetched_at = '2026-01-05T09:00:09.000Z', inferred_kind = 'video' WHERE id = ${b.id}`.execute(trx);
  });
  const { receipt } = await ok(t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.org/sent', title: 'Sent in', name: 'Ada', note: 'Look' } }), 202);
  const sent = (await allLinks(t)).find((l) => l.url === 'https://example.org/sent')!;
  await ok(t.request('PATCH', `/v1/links/${sent.id}`, { body: { status: 'approved', reason: { text: 'Good one', public: true } } }));
  expect(receipt).toEqual(expect.any(String));
  await importFile(t, fixture('firefox.html'), { type: 'text/html' });
  await ok(t.request('PUT', '/v1/moderation/rules', { body: { blockedDomains: ['spam.example'], trustedDomains: ['sqlite.org'], maxLinksInNote: 3 } }));
  await ok(t.request('PUT', '/v1/moderation/reasons', { body: { reasons: [{ code: 'off-topic', text: 'Not for us', public: true }] } }));

  await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'Made here', note: 'A *note*.', quote: { text: 'Measure twice.', author: 'Ada', url: 'https://example.org/ada' } } }), 201);
  const madeNumber = (await ok(t.request('GET', '/v1/issues?limit=1'))).items[0].number;
  await ok(t.request('POST', `/v1/issues/${madeNumber}/items`, { body: { linkId: a.id, section: 'Highlights', blurb: 'An override.' } }), 201);
  await ok(t.request('POST', `/v1/issues/${madeNumber}/items`, { body: { linkId: b.id, section: 'Links' } }), 201);
  await ok(t.request('POST', `/v1/issues/${madeNumber}/items`, { body: { linkId: c.id, section: 'Links', markdown: 'Read [this](https://example.org/own-line) first.' } }), 201);
  await ok(t.request('POST', `/v1/issues/${madeNumber}/items`, { body: { linkId: sent.id, section: 'Links' } }), 201);
  await ok(t.request('POST', `/v1/issues/${madeNumber}/publish`));
  numbers.push(madeNumber);

  // A correction under way: readers still get what was published, editors a draft.
  t.clock.advance(60_000);
  await ok(t.request('POST', `/v1/issues/${madeNumber}/unpublish`));
  await ok(t.request('PATCH', `/v1/issues/${madeNumber}`, { body: { subject: 'Made here, corrected' } }));

  // A draft, and settings changed after everything was published.
  const draft = await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-16', subject: 'Next week' } }), 201);
  const free = (await allLinks(t)).find((l) => l.issue === null && l.url.includes('toolbar'))!;
  await ok(t.request('POST', `/v1/issues/${draft.number}/items`, { body: { linkId: free.id, section: 'Links' } }), 201);
  numbers.push(draft.number);
  await ok(t.request('PUT', '/v1/newsletter', { body: { name: 'Later Name', greeting: 'Hi,', intro: 'New intro.', submissionCall: 'Send!', signoff: 'Bye', baseUrl: 'https://news.example.org', sections: [{ name: 'Highlights', featured: true }, { name: 'Links', featured: false }] } }));
  return numbers;
}

const withoutSubmissions = ({ submissions: _s, ...link }: any) => link;

async function renders(t: TestApp, number: number) {
  const get = async (path: string, token?: null) => {
    const res = await t.request('GET', path, token === null ? { token: null } : {});
    return `${res.status} ${await res.text()}`;
  };
  return { md: await get(`/v1/issues/${number}.md`), html: await get(`/v1/issues/${number}.html`), json: await get(`/v1/issues/${number}.json`), page: await get(`/issues/${number}`, null) };
}

describe('restoring a JSON export (POST /v1/imports)', () => {
  it('into an empty database brings every link, tag, issue and setting back, and every issue renders the same bytes', async () => {
    const source = await app();
    const numbers = await newsletterWithAPast(source);
    const dump = await (await source.request('GET', '/v1/export')).text();

    const target = await app();
    const report = await importFile(target, dump, { type: 'application/json' });
    const counts = JSON.parse(dump.split('\n', 1)[0]!.slice('{"linkletter":'.length, -1)).counts;
    expect(report).toMatchObject({ status: 'done', format: 'linkletter', options: { restore: 'exact' }, problemCount: 0 });
    expect(report.total).toBe(3 + counts.tags + counts.links + counts.issues);
    expect(report.counts).toEqual({ created: counts.tags + counts.links + counts.issues, merged: 2, skipped: 1, invalid: 0 });

    for (const number of numbers) expect(await renders(target, number), `issue ${number}`).toEqual(await renders(source, number));
    expect((await ok(target.request('GET', '/v1/issues?limit=100'))).items).toEqual((await ok(source.request('GET', '/v1/issues?limit=100'))).items);
    for (const path of ['/', '/issues', '/feed.xml', '/feed.json']) {
      expect(await (await target.request('GET', path, { token: null })).text(), path).toBe(await (await source.request('GET', path, { token: null })).text());
    }

    // Links as they were, ids too; the submissions summary stays behind with the submissions.
    const before = await allLinks(source);
    const after = await allLinks(target);
    expect(after.map(withoutSubmissions)).toEqual(before.map(withoutSubmissions));
    expect(after.find((l) => l.url === 'https://example.org/sent')).toMatchObject({ source: 'submission', statusReason: { text: 'Good one', public: true }, submissions: null });
    expect(after.find((l) => l.url === 'https://example.org/vacuum')).toMatchObject({ kind: 'video', metadata: { title: 'VACUUM <b>', fetchedAt: '2026-01-05T09:00:09.000Z' } });
    for (const path of ['/v1/tags?sort=name&limit=100', '/v1/newsletter', '/v1/moderation/rules', '/v1/moderation/reasons']) {
      expect(await ok(target.request('GET', path)), path).toEqual(await ok(source.request('GET', path)));
    }
    // Searchable, and the pages still to fetch are queued again (at an import's priority).
    const search = async (t: TestApp) => (await ok(t.request('GET', '/v1/links?q=logging'))).items.map((l: any) => l.url);
    expect(await search(target)).toEqual(await search(source));
    expect(await search(target)).toContain('https://example.org/wal');
    const pending = after.filter((l) => l.enrichment.status === 'pending').length;
    expect(target.sqlite.prepare('SELECT count(*) FROM enrichment_jobs WHERE priority = 0').pluck().get()).toBe(pending);

    // A second export of the restored database is the first one, but for the submissions and the time.
    const again = await (await target.request('GET', '/v1/export')).text();
    const strip = (text: string) => text.replace(/"exportedAt":"[^"]+"/, '').replace(/"submissions":\{.*?"recent":\[.*?\]\}/g, '"submissions":null');
    expect(strip(again)).toBe(strip(dump));
  }, 60_000);

  it('into a database with links merges them as imports do, restores issues whose number is free, keeps its settings, and says so', async () => {
    const source = await app();
    await source.createLink({ url: 'https://example.org/a', title: 'A', tags: ['one'] });
    await source.createLink({ url: 'https://example.org/b', title: 'B', blurb: 'Blurb B', tags: ['two'] });
    await source.createLink({ url: 'https://example.org/c', title: 'C' });
    for (const [number, linkId] of [
      [1, 1],
      [2, 2],
    ] as const) {
      await ok(source.request('POST', '/v1/issues', { body: { date: `2026-01-0${number}`, subject: `Issue ${number}` } }), 201);
      await ok(source.request('POST', `/v1/issues/${number}/items`, { body: { linkId, section: 'Links' } }), 201);
      await ok(source.request('POST', `/v1/issues/${number}/publish`));
    }
    const dump = await (await source.request('GET', '/v1/export')).text();

    const target = await app();
    const mine = await target.createLink({ url: 'http://www.example.org/b/', tags: ['mine'] }); // B in another spelling
    await ok(target.request('POST', '/v1/issues', { body: { date: '2026-02-01', subject: 'My own first' } }), 201);
    await ok(target.request('POST', '/v1/issues/1/items', { body: { linkId: mine.id, section: 'Links' } }), 201);
    const report = await importFile(target, dump, { type: 'application/json' });
    expect(report).toMatchObject({ status: 'done', options: { restore: 'merge' }, counts: { created: 2 + 2 + 1, merged: 1, skipped: 1 + 2 + 1, invalid: 0 } });
    expect(report.problems.map((p: any) => p.message)).toEqual([
      'the newsletter’s settings of this database were kept (it was not empty)',
      'the moderation rules and reasons of this database were kept (it was not empty)',
      'issue 1 was not restored: this database has an issue 1 already',
      'issue 2: the item example.org/b was left out: its link is in another issue here',
    ]);
    const links = await allLinks(target);
    expect(links.map((l) => [l.id, l.url, l.title, l.blurb, l.tags, l.source])).toEqual([
      [mine.id, 'http://www.example.org/b/', null, null, ['mine', 'two'], 'editor'], // an editor's link keeps its (empty) text
      [mine.id + 1, 'https://example.org/a', 'A', null, ['one'], 'editor'],
      [mine.id + 2, 'https://example.org/c', 'C', null, [], 'editor'],
    ]);
    expect((await ok(target.request('GET', '/v1/issues/1'))).subject).toBe('My own first');
    // Issue 2 as it was published; its structure without the item whose link is taken.
    expect(await (await target.request('GET', '/v1/issues/2.md')).text()).toBe(await (await source.request('GET', '/v1/issues/2.md')).text());
    expect((await ok(target.request('GET', '/v1/issues/2'))).status).toBe('published');
    expect(target.sqlite.prepare('SELECT count(*) FROM issue_items ii JOIN issues i ON i.id = ii.issue_id WHERE i.number = 2').pluck().get()).toBe(0);
    expect((await ok(target.request('GET', '/v1/newsletter'))).name).toBe('linkletter');

    // The same file again changes nothing.
    const twice = await importFile(target, dump, { type: 'application/json' });
    expect(twice.counts).toMatchObject({ created: 0, merged: 0 });
  });

  it('as a dry run counts what it would do and writes nothing', async () => {
    const source = await app();
    await newsletterWithAPast(source);
    const dump = await (await source.request('GET', '/v1/export')).text();
    const target = await app();
    const dry = await importFile(target, dump, { type: 'application/json', query: 'dryRun=true' });
    const real = await importFile(await app(), dump, { type: 'application/json' });
    expect(dry).toMatchObject({ status: 'done', options: { dryRun: true, restore: 'exact' }, counts: real.counts, problemCount: 0 });
    for (const table of ['links', 'tags', 'issues', 'enrichment_jobs', 'import_dry_links']) {
      expect(target.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect((await ok(target.request('GET', '/v1/newsletter'))).name).toBe('linkletter');
  }, 60_000);

  it('reports a record it cannot take and goes on; a file with no header, or a newer version, is a 422', async () => {
    const t = await app();
    const good = await (await (await app()).request('GET', '/v1/export')).text();
    const broken = good.replace('"links":[\n]', '"links":[\n{"id":1,"url":"javascript:alert(1)"},\n{"id":"x"}\n]');
    const report = await importFile(t, broken, { type: 'application/json' });
    expect(report).toMatchObject({ status: 'done', counts: { invalid: 2 } });
    expect(report.problems.map((p: any) => [p.record, p.message.slice(0, 7)])).toEqual([
      [4, 'a link:'],
      [5, 'a link:'],
    ]);
    const res = await t.request('POST', '/v1/imports?format=linkletter', { body: '{"links": []}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].message).toMatch(/begins with its "linkletter" header/);
  });
});

describe('a restore across a clean stop', () => {
  it('goes on as it began (ids kept, issues restored) although the database is no longer empty', async () => {
    const source = await app();
    await source.ctx.transact((trx) =>
      sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
        INSERT INTO links (url, canonical_key, title, status, source, submitter, created_at, updated_at)
        SELECT 'https://example.org/p' || i, 'example.org/p' || i, 'Page ' || i, 'approved', 'editor', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`.execute(trx),
    );
    await source.ctx.transact((trx) => sql`DELETE FROM links WHERE id % 7 = 0`.execute(trx)); // gaps in the ids
    await ok(source.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'Last' } }), 201);
    await ok(source.request('POST', '/v1/issues/1/items', { body: { linkId: 1499, section: 'Links' } }), 201);
    await ok(source.request('POST', '/v1/issues/1/publish'));
    const dump = await (await source.request('GET', '/v1/export')).text();

    const target = await createTestApp({}, { imports: { batchRecords: 50, dir: path.join(dir(), 'imports') } });
    apps.push(target);
    const { id } = await (await upload(target, dump, { type: 'application/json' })).json();
    const running = target.importRunner.drain();
    let processed = 0;
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      processed = target.sqlite.prepare('SELECT processed FROM imports WHERE id = ?').pluck().get(id) as number;
    } while (processed < 10);
    await target.importRunner.stop();
    await running;
    expect(target.sqlite.prepare('SELECT status, options FROM imports WHERE id = ?').get(id)).toEqual({ status: 'running', options: '{"status":"approved","dryRun":false,"restore":"exact"}' });
    expect(target.sqlite.prepare('SELECT count(*) FROM links').pluck().get()).toBeLessThan(1286);

    const next = createImportRunner({ db: target.db, transact: target.ctx.transact, clock: target.clock, logger: silentLogger, dir: target.importRunner.dir, enrichment: { notify() {} } });
    await next.drain();
    await next.stop();
    expect(target.sqlite.prepare('SELECT status, problem_count FROM imports WHERE id = ?').get(id)).toEqual({ status: 'done', problem_count: 0 });
    expect((await allLinks(target)).map(withoutSubmissions)).toEqual((await allLinks(source)).map(withoutSubmissions));
    expect(await renders(target, 1)).toEqual(await renders(source, 1));
  });
});

describe('a Netscape export', () => {
  it('of a realistic bookmark file, imported into a fresh database, gives the same links and tags', async () => {
    const first = await app();
    const { text } = netscapeFileText(10_000, 5);
    await importFile(first, fixture('firefox.html'), { type: 'text/html' });
    expect((await importFile(first, text, { type: 'text/html' })).status).toBe('done');
    const exported = await first.request('GET', '/v1/export?format=netscape');
    expect(exported.headers.get('content-type')).toBe('text/html; charset=utf-8');

    const second = await app();
    const report = await importFile(second, await exported.text(), { type: 'text/html' });
    const original = await allLinks(first);
    expect(report).toMatchObject({ status: 'done', problemCount: 0, counts: { created: original.length, merged: 0, skipped: 0, invalid: 0 } });
    const fields = (l: any) => ({ url: l.url, canonicalKey: l.canonicalKey, title: l.title, blurb: l.blurb, tags: l.tags, createdAt: l.createdAt });
    expect((await allLinks(second)).map(fields)).toEqual(original.map(fields));
    expect(await ok(second.request('GET', '/v1/tags?sort=name&limit=100'))).toEqual(await ok(first.request('GET', '/v1/tags?sort=name&limit=100')));
  }, 120_000);
});
