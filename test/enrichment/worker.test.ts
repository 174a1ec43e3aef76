import type http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createPageFetcher, type PageFetcher } from '../../src/enrichment/fetch-page.js';
import { createMetadataParser, type MetadataParser } from '../../src/enrichment/metadata-parser.js';
import { backoffMs } from '../../src/enrichment/worker.js';
import { silentLogger } from '../../src/logger.js';
import { startServer as startLinkletter } from '../../src/server.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.js';
import { holdResponses } from './held-responses.js';
import { fakeLookup, fixture, sendPage, Servers } from './helpers.js';

// Real parse threads, shared by the file's apps and started before the tests: a thread's
// start (a second or so) would otherwise land in tests that hold responses against the
// fetcher's one-second deadline. Each app's own pool is tested in hostile-pages.test.ts.
let parser: MetadataParser;
beforeAll(async () => {
  parser = createMetadataParser({ maxThreads: 2, idleTimeoutMs: Infinity });
  const warm = () => parser('<title>warm</title>', 'https://example.org/', { signal: new AbortController().signal });
  await Promise.all([warm(), warm()]);
});
afterAll(() => parser.close());

const servers = new Servers();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await servers.closeAll();
});

/** An app whose worker fetches through the real fetcher, allowed to reach 127.0.0.1 (and to keep its image URLs). */
async function appWithWorker(worker: TestAppOptions['worker'] = {}, lookup?: Record<string, string[]>): Promise<TestApp> {
  const fetcher: PageFetcher = createPageFetcher({ allowPrivate: true, timeoutMs: 1000, ...(lookup ? { lookup: fakeLookup(lookup) } : {}) });
  const t = await createTestApp({ fetchAllowPrivate: true }, { fetchPage: fetcher, worker: { parseMetadata: parser, ...worker } });
  cleanups.push(() => fetcher.close(), () => t.close());
  return t;
}

const get = async (t: TestApp, id: number) => (await t.request('GET', `/v1/links/${id}`)).json();

/** Answers with each handler in turn, repeating the last. */
function sequence(...handlers: http.RequestListener[]): http.RequestListener {
  let i = 0;
  return (req, res) => handlers[Math.min(i++, handlers.length - 1)]!(req, res);
}
const status = (code: number, headers: Record<string, string> = {}): http.RequestListener => (_req, res) => {
  res.writeHead(code, { 'content-type': 'text/html', ...headers });
  res.end(`<h1>${code}</h1>`);
};

describe('enrichment jobs', () => {
  it('queues a job with the link and fills metadata without touching editor fields', async () => {
    const t = await appWithWorker();
    const site = await servers.start(sendPage(fixture('rich.html')));
    const link = await t.createLink({ url: `${site.origin}/post`, title: 'Editor title', blurb: 'Editor blurb' });
    expect(await t.db.selectFrom('enrichment_jobs').select('link_id').execute()).toEqual([{ link_id: link.id }]);
    expect(link.enrichment).toEqual({ status: 'pending', attempts: 0, error: null, fetchedAt: null });

    await t.worker!.drain();
    const after = await get(t, link.id);
    expect(after.title).toBe('Editor title');
    expect(after.blurb).toBe('Editor blurb');
    expect(after.kind).toBe('article');
    expect(after.metadata).toMatchObject({
      title: 'Autovacuum tuning, a field guide',
      description: 'How to tune autovacuum without tears.',
      siteName: 'Postgres Weekly',
      image: { url: `${site.origin}/images/cover.png`, width: 1200, height: 630, alt: 'An elephant with a vacuum cleaner' },
      author: 'Ada Lovelace',
      canonicalUrl: 'https://example.org/posts/autovacuum',
      fetchedAt: t.clock.now().toISOString(),
    });
    expect(after.enrichment).toEqual({ status: 'done', attempts: 1, error: null, fetchedAt: t.clock.now().toISOString() });
    expect(await t.db.selectFrom('enrichment_jobs').selectAll().execute()).toEqual([]);
  });

  it('infers the kind only when the editor gave none, and the editor can override it later', async () => {
    const t = await appWithWorker();
    const site = await servers.start(sendPage('<title>x</title><meta property="og:type" content="video.other">'));
    const inferred = await t.createLink({ url: `${site.origin}/a` });
    const chosen = await t.createLink({ url: `${site.origin}/b`, kind: 'paper' });
    await t.worker!.drain();
    expect((await get(t, inferred.id)).kind).toBe('video');
    expect((await get(t, chosen.id)).kind).toBe('paper');
    expect((await (await t.request('GET', '/v1/links?kind=video')).json()).items.map((l: { id: number }) => l.id)).toEqual([inferred.id]);
  });

  it('retries a 503 with backoff on the injected clock, then succeeds', async () => {
    const t = await appWithWorker({ baseBackoffMs: 30_000 });
    const site = await servers.start(sequence(status(503), sendPage('<title>Back</title>')));
    const link = await t.createLink({ url: `${site.origin}/flaky` });
    await t.worker!.drain();
    expect((await get(t, link.id)).enrichment).toMatchObject({ status: 'pending', attempts: 1, error: 'http 503' });

    await t.worker!.drain(); // not due yet: no request
    expect(site.requests).toHaveLength(1);
    t.clock.advance(29_000);
    await t.worker!.drain();
    expect(site.requests).toHaveLength(1);
    t.clock.advance(1_000);
    await t.worker!.drain();
    expect(site.requests).toHaveLength(2);
    const done = await get(t, link.id);
    expect(done.enrichment).toMatchObject({ status: 'done', attempts: 2, error: null });
    expect(done.metadata.title).toBe('Back');
  });

  it('honours Retry-After on a 429 when it is longer than the backoff', async () => {
    const t = await appWithWorker({ baseBackoffMs: 1_000 });
    const site = await servers.start(sequence(status(429, { 'retry-after': '120' }), sendPage('<title>ok</title>')));
    const link = await t.createLink({ url: `${site.origin}/busy` });
    await t.worker!.drain();
    t.clock.advance(60_000);
    await t.worker!.drain();
    expect(site.requests).toHaveLength(1);
    t.clock.advance(60_000);
    await t.worker!.drain();
    expect((await get(t, link.id)).enrichment.status).toBe('done');
  });

  it('gives up after the last attempt and lists the link under enrichment=failed', async () => {
    const t = await appWithWorker({ baseBackoffMs: 1_000, maxAttempts: 3 });
    const site = await servers.start(status(503));
    const link = await t.createLink({ url: `${site.origin}/down` });
    for (let i = 0; i < 5; i++) {
      await t.worker!.drain();
      t.clock.advance(60_000);
    }
    expect(site.requests).toHaveLength(3);
    expect((await get(t, link.id)).enrichment).toMatchObject({ status: 'failed', attempts: 3, error: 'http 503' });
    const failed = await (await t.request('GET', '/v1/links?enrichment=failed')).json();
    expect(failed.items.map((l: { id: number }) => l.id)).toEqual([link.id]);
  });

  it('does not retry permanent failures: 404, not HTML, a refused address', async () => {
    const t = await appWithWorker();
    const missing = await servers.start(status(404));
    const image = await servers.start(sendPage(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png'));
    const pdf = await servers.start(sendPage(Buffer.from('%PDF-1.4'), 'application/pdf'));
    const a = await t.createLink({ url: `${missing.origin}/gone` });
    const b = await t.createLink({ url: `${image.origin}/pic` });
    const c = await t.createLink({ url: `${pdf.origin}/paper` });
    await t.worker!.drain();
    t.clock.advance(24 * 3600_000);
    await t.worker!.drain();
    expect((await get(t, a.id)).enrichment).toMatchObject({ status: 'failed', attempts: 1, error: 'http 404' });
    expect((await get(t, b.id)).enrichment).toMatchObject({ status: 'failed', attempts: 1, error: 'not html' });
    const paper = await get(t, c.id);
    expect(paper.enrichment.error).toBe('not html');
    expect(paper.kind).toBe('paper');
    expect(missing.requests.length + image.requests.length + pdf.requests.length).toBe(3);
  });

  it('refuses a loopback page under the default policy and says only "blocked address"', async () => {
    const fetcher = createPageFetcher({ allowPrivate: false, timeoutMs: 1000 });
    const t = await createTestApp({}, { fetchPage: fetcher });
    cleanups.push(() => fetcher.close(), () => t.close());
    const site = await servers.start(sendPage('<title>secret</title>'));
    const link = await t.createLink({ url: `${site.origin}/admin` });
    await t.worker!.drain();
    const after = await get(t, link.id);
    expect(after.enrichment).toMatchObject({ status: 'failed', error: 'blocked address' });
    expect(after.metadata).toBeNull();
    expect(site.connections).toBe(0);
  });

  it('gives the whole job one deadline: a page that never answers fails at jobTimeoutMs with "timeout", to retry', async () => {
    const t = await appWithWorker({ jobTimeoutMs: 300 }); // the fetcher's own deadline is 1 s
    const pages = holdResponses();
    const site = await servers.start(pages.handler);
    const link = await t.createLink({ url: `${site.origin}/silent` });
    const started = performance.now();
    await t.worker!.drain();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pages.arrived).toHaveLength(1);
    expect((await get(t, link.id)).enrichment).toMatchObject({ status: 'pending', attempts: 1, error: 'timeout' });
  });

  it('refetches on POST /v1/links/{id}/refresh with 202', async () => {
    const t = await appWithWorker();
    let title = 'First';
    const site = await servers.start((_req, res) => sendPage(`<title>${title}</title>`)(_req, res));
    const link = await t.createLink({ url: `${site.origin}/p` });
    await t.worker!.drain();
    title = 'Second';
    const res = await t.request('POST', `/v1/links/${link.id}/refresh`);
    expect(res.status).toBe(202);
    expect((await res.json()).enrichment).toMatchObject({ status: 'pending', attempts: 0 });
    await t.worker!.drain();
    expect((await get(t, link.id)).metadata.title).toBe('Second');
    expect((await t.request('POST', '/v1/links/999/refresh')).status).toBe(404);
  });

  it('forgets the old page when the URL changes and fetches the new one', async () => {
    const t = await appWithWorker();
    const one = await servers.start(sendPage('<title>One</title>'));
    const two = await servers.start(sendPage('<title>Two</title>'));
    const link = await t.createLink({ url: `${one.origin}/x` });
    await t.worker!.drain();
    const patched = await (await t.request('PATCH', `/v1/links/${link.id}`, { body: { url: `${two.origin}/y` } })).json();
    expect(patched.metadata).toBeNull();
    expect(patched.enrichment.status).toBe('pending');
    await t.worker!.drain();
    expect((await get(t, link.id)).metadata.title).toBe('Two');
  });

  it('discards a fetch that finishes after the link’s URL changed', async () => {
    const t = await appWithWorker();
    const stale = holdResponses(() => '<title>Stale</title>');
    const fresh = holdResponses(() => '<title>Fresh</title>');
    const oldSite = await servers.start(stale.handler);
    const newSite = await servers.start(fresh.handler);
    const link = await t.createLink({ url: `${oldSite.origin}/old` });
    const draining = t.worker!.drain();
    const whileDraining = <T>(p: Promise<T>) => Promise.race([p, draining.then(() => Promise.reject(new Error('drain() ended first')))]);

    // The fetch of the old URL is in flight when the URL changes.
    const old = await whileDraining(stale.arrival(1));
    const patched = await t.request('PATCH', `/v1/links/${link.id}`, { body: { url: `${newSite.origin}/new` } });
    expect(patched.status).toBe(200);
    old.release();
    await old.sent; // the stale page reached the worker in full: it was fetched, not aborted

    // The worker moves on to the new URL only once it is done with the old fetch, so by the
    // time that request arrives the stale page has been dealt with: it was not stored.
    const next = await whileDraining(fresh.arrival(1));
    expect(next.key).toBe('127.0.0.1/new');
    const between = await get(t, link.id);
    expect(between.metadata).toBeNull();
    expect(between.enrichment).toMatchObject({ status: 'pending', attempts: 0, error: null });

    next.release();
    await draining;
    const after = await get(t, link.id);
    expect(after.metadata.title).toBe('Fresh');
    expect(after.enrichment).toMatchObject({ status: 'done', attempts: 1 });
    expect([oldSite.requests.length, newSite.requests.length]).toEqual([1, 1]);
  });

  it('says possibleDuplicateOf when the page’s canonical URL is another link', async () => {
    const t = await appWithWorker();
    const original = await t.createLink({ url: 'https://example.org/posts/autovacuum' });
    const site = await servers.start(sendPage(fixture('rich.html')));
    const mirror = await t.createLink({ url: `${site.origin}/mirror` });
    await t.worker!.drain();
    expect((await get(t, mirror.id)).possibleDuplicateOf).toBe(original.id);
    expect((await get(t, original.id)).possibleDuplicateOf).toBeNull();
  });

  it('fetches one page at a time per host, several hosts at once', async () => {
    const t = await appWithWorker({ concurrency: 4 }, { 'a.test': ['127.0.0.1'], 'b.test': ['127.0.0.1'] });
    const pages = holdResponses();
    const site = await servers.start(pages.handler);
    for (let i = 0; i < 3; i++) {
      await t.createLink({ url: `http://a.test:${site.port}/${i}` });
      await t.createLink({ url: `http://b.test:${site.port}/${i}` });
    }
    const draining = t.worker!.drain();
    const nextArrival = (n: number) => Promise.race([pages.arrival(n), draining.then(() => Promise.reject(new Error(`drain() ended before request ${n}`)))]);
    const claimed = () => Number(t.sqlite.prepare('SELECT count(*) FROM enrichment_jobs WHERE locked_until IS NOT NULL').pluck().get());

    // Every response is held. With 4 slots free the worker starts the first page of each host,
    // together, and claims nothing else: the other four jobs wait for their host.
    await nextArrival(2);
    expect(pages.arrived.map((r) => r.key).sort()).toEqual(['a.test/0', 'b.test/0']);
    expect(pages.arrived[1]!.heldAtArrival, 'both hosts in flight at once').toHaveLength(1);
    expect(claimed()).toBe(2);

    // Releasing one page lets exactly the next page of that host go, while the other host's
    // page is still held: two hosts in flight at once, never two pages of one host.
    const steps: [release: string, next: string | null, stillHeld: string[]][] = [
      ['a.test/0', 'a.test/1', ['b.test/0']],
      ['b.test/0', 'b.test/1', ['a.test/1']],
      ['a.test/1', 'a.test/2', ['b.test/1']],
      ['b.test/1', 'b.test/2', ['a.test/2']],
      ['a.test/2', null, []],
      ['b.test/2', null, []],
    ];
    for (const [release, next, stillHeld] of steps) {
      pages.get(release).release();
      if (!next) continue;
      const arrived = await nextArrival(pages.arrived.length + 1);
      expect(arrived.key).toBe(next);
      expect(arrived.heldAtArrival, `held when ${next} arrived`).toEqual(stillHeld);
    }
    await draining;

    // Per host the requests alternate: each one arrives only after the one before was released.
    for (const host of ['a.test', 'b.test']) {
      expect(pages.events.filter((e) => e.split(' ')[1]!.startsWith(`${host}/`))).toEqual(
        [0, 1, 2].flatMap((i) => [`arrive ${host}/${i}`, `release ${host}/${i}`]),
      );
    }
    expect(site.requests).toHaveLength(6);
    const done = await (await t.request('GET', '/v1/links?enrichment=done')).json();
    expect(done.items).toHaveLength(6);
  });

  it('computes backoff as base·2^(n−1), capped, with Retry-After winning when longer', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20, 30_000, 3_600_000)).toBe(3_600_000);
    expect(backoffMs(1, 30_000, 3_600_000, 90_000)).toBe(90_000);
  });
});

describe('durability', () => {
  it('enriches after the next start a link created while the worker was off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linkletter-durable-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = path.join(dir, 'd.db');
    const site = await servers.start(sendPage('<title>Survived</title>'));

    const first = await startLinkletter(testConfig({ port: 0, databasePath, enrich: false }), { logger: silentLogger });
    const { createToken } = await import('../../src/auth/tokens.repository.js');
    const { secret } = await first.ctx.transact((trx) => createToken(trx, { name: 'e', role: 'editor', now: new Date() }));
    const created = await fetch(`http://127.0.0.1:${first.port}/v1/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${site.origin}/durable` }),
    });
    const { id } = await created.json();
    await first.stop();
    expect(site.requests).toHaveLength(0);

    const second = await startLinkletter(testConfig({ port: 0, databasePath, enrich: true, fetchAllowPrivate: true }), { logger: silentLogger });
    cleanups.push(() => second.stop());
    let link: any;
    for (let i = 0; i < 100; i++) {
      link = await (await fetch(`http://127.0.0.1:${second.port}/v1/links/${id}`, { headers: { authorization: `Bearer ${secret}` } })).json();
      if (link.enrichment.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(link.enrichment.status).toBe('done');
    expect(link.metadata.title).toBe('Survived');
  });
});
