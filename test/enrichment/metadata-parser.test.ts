import { once } from 'node:events';
import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { extractMetadata } from '../../src/enrichment/extract-metadata.js';
import { createPageFetcher } from '../../src/enrichment/fetch-page.js';
import { createMetadataParser } from '../../src/enrichment/metadata-parser.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.js';
import { fixture, latenciesWhile, quantile, sendPage, Servers } from './helpers.js';
import { SPIN_CHANNEL, SPINNING_THREAD } from './spinning-thread.js';

// The pool of parse threads, with a thread module that can be told to never finish: what
// happens to a parse that runs away, whatever made it (hostile-pages.test.ts has the pages).

const servers = new Servers();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await servers.closeAll();
});

const TIMEOUT_MS = 10_000;
const noDeadline = () => ({ signal: new AbortController().signal });

async function app(worker: TestAppOptions['worker']): Promise<TestApp> {
  const fetcher = createPageFetcher({ allowPrivate: true, timeoutMs: TIMEOUT_MS });
  const t = await createTestApp({ fetchAllowPrivate: true }, { fetchPage: fetcher, worker });
  cleanups.push(() => fetcher.close(), () => t.close());
  return t;
}

const get = async (t: TestApp, id: number) => (await t.request('GET', `/v1/links/${id}`)).json();

/** Enriches one link to a page serving `html`, asking /healthz every 10 ms meanwhile. */
async function enrichWhileProbing(t: TestApp, html: string) {
  const site = await servers.start(sendPage(html));
  const link = await t.createLink({ url: `${site.origin}/page` });
  const started = performance.now();
  const job = t.worker!.drain().then(() => performance.now() - started);
  const late = await latenciesWhile(job, async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    await res.text();
  });
  return { jobMs: await job, late, link: await get(t, link.id) };
}

describe('the metadata parser', () => {
  it('gives in a thread what extractMetadata gives in-process', async () => {
    const parser = createMetadataParser();
    cleanups.push(() => parser.close());
    const html = fixture('rich.html').toString('utf8');
    const url = 'https://example.org/posts/autovacuum';
    expect(await parser(html, url, noDeadline())).toEqual(await extractMetadata(html, url));
  });

  it('refuses a parse whose signal has already aborted, and any parse once closed', async () => {
    const parser = createMetadataParser();
    const aborted = new AbortController();
    aborted.abort();
    await expect(parser('<title>x</title>', 'https://example.org/', { signal: aborted.signal })).rejects.toThrow();
    await parser.close();
    await expect(parser('<title>x</title>', 'https://example.org/', noDeadline())).rejects.toThrow(/closed/);
  });

  it('a parse that never ends is stopped at the job deadline, recorded as a timeout to retry, and its thread replaced', async () => {
    // One thread at most, started before the clock runs: the deadline then falls inside the parse.
    const parser = createMetadataParser({ threadModule: SPINNING_THREAD, maxThreads: 1 });
    cleanups.push(() => parser.close());
    await parser('<title>warm</title>', 'https://example.org/', noDeadline());

    const t = await app({ parseMetadata: parser, jobTimeoutMs: 1000 });
    const r = await enrichWhileProbing(t, '<title>spin</title>');
    // The loop was free while the thread spun: the deadline's timer fired, and requests were
    // answered. Only the loose bound here: ending a thread and booting its replacement can hold
    // the loop for some tens of milliseconds (Node joins the thread it ended), which is rare, as
    // pages no longer reach the deadline (hostile-pages.test.ts has the strict measure).
    expect(quantile(r.late.wall, 0.99)).toBeLessThan(1000);
    expect(r.jobMs).toBeGreaterThan(900);
    expect(r.jobMs).toBeLessThan(1000 + 1000);
    expect(r.link.enrichment).toMatchObject({ status: 'pending', attempts: 1, error: 'timeout' });
    expect(r.link.metadata).toBeNull();

    // With one thread at most, this could not run if the spinning one were still there.
    const next = await parser('<title>after</title>', 'https://example.org/', noDeadline());
    expect(next.title).toBe('after');
  });

  it('stops a parse in flight when the app closes, so no thread is left running', async () => {
    const parser = createMetadataParser({ threadModule: SPINNING_THREAD, maxThreads: 1 });
    cleanups.push(() => parser.close());
    const channel = new BroadcastChannel(SPIN_CHANNEL);
    cleanups.push(() => channel.close());
    const spinning = once(channel, 'message');

    const site = await servers.start(sendPage('<title>spin</title>'));
    const fetcher = createPageFetcher({ allowPrivate: true, timeoutMs: TIMEOUT_MS });
    cleanups.push(() => fetcher.close());
    const t = await createTestApp({ fetchAllowPrivate: true }, { fetchPage: fetcher, worker: { parseMetadata: parser, jobTimeoutMs: 60_000 } });
    await t.createLink({ url: `${site.origin}/spin` });
    const draining = t.worker!.drain();
    await spinning;
    await t.close(); // stops the worker, which aborts the parse
    await draining;

    const next = await parser('<title>after</title>', 'https://example.org/', noDeadline());
    expect(next.title).toBe('after');
  });
});
