import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { allLinks, byUrl, importFile } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const FILE = JSON.stringify([
  { href: 'http://www.example.org/m/1/', description: 'Imported title', extended: 'Imported note', tags: 'theirs mine', time: '2015-01-01T00:00:00Z' },
  { href: 'https://example.org/m/2', description: 'Fills the title', extended: 'Fills the blurb', tags: '', time: '2016-01-01T00:00:00Z' },
  { href: 'https://example.org/m/3', description: 'New', tags: 'a', time: '2017-01-01T00:00:00Z' },
  { href: 'https://example.org/m/3?utm_source=x#frag', description: 'Second title', extended: 'A note', tags: 'b', time: '2016-06-01T00:00:00Z' },
  { href: 'HTTPS://EXAMPLE.ORG/m/3', description: 'New', tags: 'a', time: '2017-01-01T00:00:00Z' },
]);

async function withExistingLinks(): Promise<{ one: any; two: any }> {
  t = await createTestApp();
  const one = await t.createLink({ url: 'https://example.org/m/1', title: 'Editor title', tags: ['mine'], status: 'pending' });
  // A submitter's link, with no title yet.
  const res = await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.org/m/2' } });
  expect(res.status).toBe(201);
  return { one, two: await res.json() };
}

const count = (table: 'links' | 'tags' | 'link_tags' | 'enrichment_jobs' | 'import_dry_links') => Number(t.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

describe('merging an import into what is there', () => {
  it('unites tags, never touches an editor’s title or blurb, fills others’ when empty, keeps the earliest date, within the file and with existing links', async () => {
    const { one, two } = await withExistingLinks();
    const report = await importFile(t, FILE);
    expect(report.counts).toEqual({ created: 1, merged: 3, skipped: 1, invalid: 0 });
    const links = byUrl(await allLinks(t));
    expect(links.size).toBe(3);
    expect(links.get('https://example.org/m/1')).toMatchObject({
      id: one.id,
      title: 'Editor title',
      blurb: null, // an editor's link keeps its text as the editor left it, empty or not
      tags: ['mine', 'theirs'],
      createdAt: '2015-01-01T00:00:00.000Z',
      source: 'editor',
      status: 'pending', // an existing link keeps its status
    });
    expect(links.get('https://example.org/m/2')).toMatchObject({ id: two.id, source: 'submission', title: 'Fills the title', blurb: 'Fills the blurb', createdAt: '2016-01-01T00:00:00.000Z' });
    expect(links.get('https://example.org/m/3')).toMatchObject({ title: 'New', blurb: 'A note', tags: ['a', 'b'], createdAt: '2016-06-01T00:00:00.000Z', source: 'import' });
  });

  it('creates nothing new when the same file is imported twice: every record is skipped', async () => {
    await withExistingLinks();
    await importFile(t, FILE);
    const before = { links: count('links'), tags: count('link_tags'), jobs: count('enrichment_jobs') };
    const again = await importFile(t, FILE);
    expect(again.counts).toEqual({ created: 0, merged: 0, skipped: 5, invalid: 0 });
    expect({ links: count('links'), tags: count('link_tags'), jobs: count('enrichment_jobs') }).toEqual(before);
  });

  it('reports in a dry run what the import would do, to the same counts, and writes no link, tag or job', async () => {
    await withExistingLinks();
    const before = { links: count('links'), tags: count('tags'), linkTags: count('link_tags'), jobs: count('enrichment_jobs') };
    const dry = await importFile(t, FILE, { query: 'dryRun=true' });
    expect(dry).toMatchObject({ status: 'done', options: { dryRun: true, status: 'approved' }, counts: { created: 1, merged: 3, skipped: 1, invalid: 0 } });
    expect({ links: count('links'), tags: count('tags'), linkTags: count('link_tags'), jobs: count('enrichment_jobs') }).toEqual(before);
    expect(count('import_dry_links')).toBe(0);
    // The real run afterwards counts the same.
    expect((await importFile(t, FILE)).counts).toEqual(dry.counts);
  });

  it('creates pending links with ?status=pending, imported by the uploading token, each with its history', async () => {
    t = await createTestApp();
    await importFile(t, FILE, { query: 'status=pending' });
    const [link] = await allLinks(t);
    expect(link).toMatchObject({ status: 'pending', source: 'import', submitter: 'editor-token' });
    const history = await (await t.request('GET', `/v1/links/${link.id}/history`)).json();
    expect(history.items.map((e: any) => [e.type, e.actor])).toEqual([
      ['created', 'editor-token'],
      ['tagged', 'editor-token'],
      ['tagged', 'editor-token'],
    ]);
  });

  it('merges within the file across batch boundaries just as within one batch', async () => {
    t = await createTestApp({}, { imports: { batchRecords: 7 } });
    const lines = Array.from({ length: 60 }, (_, i) => `https://example.org/batch/${i % 25}${i % 2 ? '/' : ''}`);
    const report = await importFile(t, lines.join('\n'));
    expect(report.counts).toEqual({ created: 25, merged: 0, skipped: 35, invalid: 0 });
    expect(count('links')).toBe(25);
  });
});
