import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/enrichment/fetch-page.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';
import { importFile, upload } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const urls = (n: number, prefix = 'https://example.org/u/') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join('\n');

describe('uploading a file to import', () => {
  it('takes bodies far past the 64 KiB limit of other routes, as any content type', async () => {
    t = await createTestApp();
    const big = urls(8000); // ~240 KiB
    expect(big.length).toBeGreaterThan(200 * 1024);
    const report = await importFile(t, big, { type: 'text/csv; charset=utf-8' });
    expect(report).toMatchObject({ format: 'urls', bytes: big.length, total: 8000, counts: { created: 8000 } });
    // What curl says of --data-binary @file unless told otherwise.
    const curl = await importFile(t, 'https://example.org/curl\n', { type: 'application/x-www-form-urlencoded' });
    expect(curl).toMatchObject({ format: 'urls', counts: { created: 1 } });
  });

  it('refuses a file over IMPORT_MAX_BYTES with 413, declared or streamed, and keeps nothing of it', async () => {
    t = await createTestApp({ importMaxBytes: 4096 });
    const file = urls(200);
    const streamed = await upload(t, file);
    expect(streamed.status).toBe(413);
    expect((await problemOf(streamed)).detail).toBe('Import files are limited to 4096 bytes (IMPORT_MAX_BYTES).');
    const declared = await t.app.request('/v1/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.editor}`, 'content-length': String(file.length), 'content-type': 'text/plain' },
      body: file,
    });
    expect(declared.status).toBe(413);
    expect(readdirSync(t.importRunner.dir)).toEqual([]);
    expect((await t.request('GET', '/v1/imports')).status).toBe(200);
    expect((await (await t.request('GET', '/v1/imports')).json()).items).toEqual([]);
    // Just under the limit is fine.
    expect((await upload(t, urls(100))).status).toBe(202);
  });

  it('refuses a form upload with 415 (the file is the body), an empty body and a broken file with 422 naming the line', async () => {
    t = await createTestApp();
    const form = await upload(t, '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nhttps://example.org/\r\n--x--', { type: 'multipart/form-data; boundary=x' });
    expect(form.status).toBe(415);
    expect((await problemOf(form)).detail).toMatch(/not a multipart form/);
    const empty = await upload(t, '');
    expect(empty.status).toBe(422);
    expect((await problemOf(empty)).errors[0].code).toBe('empty_file');
    const broken = await upload(t, '[{"href": "https://example.org/a", "tags": "x"},\n{"href": "https://example.org/b"\n', { type: 'application/json' });
    expect(broken.status).toBe(422);
    expect((await problemOf(broken)).errors).toEqual([{ path: 'body', code: 'unreadable_file', message: 'The file cannot be read: line 3: the JSON ends with 2 brackets still open.' }]);
    const newer = await upload(t, '{"linkletter": {"version": 2}, "links": []}');
    expect(newer.status).toBe(422);
    expect((await problemOf(newer)).errors).toEqual([
      { path: 'body', code: 'unreadable_file', message: 'The file cannot be read: line 1: this is a version 2 export; this linkletter reads version 1.' },
    ]);
    expect(readdirSync(t.importRunner.dir)).toEqual([]);
  });

  it('needs an editor: a submitter gets 403, no token 401', async () => {
    t = await createTestApp();
    expect((await upload(t, urls(2), { token: t.tokens.submitter })).status).toBe(403);
    expect((await upload(t, urls(2), { token: null })).status).toBe(401);
  });

  it('lists imports newest first, a page at a time', async () => {
    t = await createTestApp();
    for (let i = 0; i < 3; i++) expect((await upload(t, urls(2, `https://example.org/l${i}/`))).status).toBe(202);
    const first = await (await t.request('GET', '/v1/imports?limit=2')).json();
    expect(first.items.map((i: any) => i.id)).toEqual([3, 2]);
    const second = await (await t.request('GET', `/v1/imports?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second).toMatchObject({ items: [{ id: 1, status: 'queued', total: 2, processed: 0 }], nextCursor: null });
  });
});

describe('the enrichment of imported links', () => {
  it('takes due jobs down enrichment_jobs_due, by hand before imported, with no sort', async () => {
    t = await createTestApp();
    // The query findDueJobs builds.
    const sql = `select "id", "link_id", "url", "attempts", "priority" from "enrichment_jobs" where "run_at" <= ? and ("locked_until" is null or "locked_until" <= ?) order by "priority" desc, "run_at", "id" limit ?`;
    const plan = t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x', 'x', 50).map((r: any) => r.detail as string);
    expect(plan).toEqual(['SCAN enrichment_jobs USING INDEX enrichment_jobs_due']);
  });

  it('comes after the links added by hand, even those added once the import is in', async () => {
    const fetched: string[] = [];
    const fetchPage = async (url: string) => {
      fetched.push(url);
      throw new FetchError('http 404', false);
    };
    const parseMetadata = async () => {
      throw new Error('never parsed');
    };
    t = await createTestApp({}, { fetchPage, worker: { concurrency: 1, parseMetadata } });
    await importFile(t, urls(5, 'https://imported.example/'));
    await t.createLink({ url: 'https://by-hand.example/new' });
    expect(await t.db.selectFrom('enrichment_jobs').select(['url', 'priority']).orderBy('id').execute()).toEqual([
      ...Array.from({ length: 5 }, (_, i) => ({ url: `https://imported.example/${i}`, priority: 0 })),
      { url: 'https://by-hand.example/new', priority: 1 },
    ]);
    await t.worker!.drain();
    expect(fetched).toEqual(['https://by-hand.example/new', ...Array.from({ length: 5 }, (_, i) => `https://imported.example/${i}`)]);
  });

  it('never takes the last free slot, which stays for a link added by hand', async () => {
    const started: string[] = [];
    const held: (() => void)[] = [];
    let hold = true;
    const fetchPage = (url: string) =>
      new Promise<never>((_, reject) => {
        started.push(url);
        const fail = () => reject(new FetchError('http 404', false));
        if (hold) held.push(fail);
        else fail();
      });
    t = await createTestApp({}, { fetchPage, worker: { concurrency: 3, parseMetadata: async () => ({}) as never } });
    // Ten hosts: one job per host at a time would not hold them back.
    await importFile(t, Array.from({ length: 10 }, (_, i) => `https://imported${i}.example/`).join('\n'));
    const draining = t.worker!.drain();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toHaveLength(2);
    hold = false;
    for (const fail of held.splice(0)) fail();
    await draining;
    expect(started).toHaveLength(10);
  });
});
