import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createPageFetcher } from '../../src/enrichment/fetch-page.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { latenciesWhile, quantile, sendPage, Servers } from './helpers.js';

// Pages built to make the parser slow (found by a probe of the running server: a 1 MiB page of
// nested <div>s kept it at 100 % CPU for minutes, deaf to requests and to SIGTERM). While the
// worker handles one, the API must keep answering, and the job must end by its deadline.

const servers = new Servers();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await servers.closeAll();
});

const TIMEOUT_MS = 10_000; // FETCH_TIMEOUT_MS's default

/**
 * An app whose fetcher may reach the test pages on 127.0.0.1, and whose worker parses with its
 * own (default) pool of parse threads, warmed by a first page as a running server's is (its
 * worker warms it on start): a thread's boot is a second of CPU that, on a busy two-core
 * machine, would be measured here instead of the hostile page.
 */
async function app(config: Partial<Config>): Promise<TestApp> {
  const fetcher = createPageFetcher({ allowPrivate: true, timeoutMs: TIMEOUT_MS });
  const t = await createTestApp({ fetchTimeoutMs: TIMEOUT_MS, ...config }, { fetchPage: fetcher });
  cleanups.push(() => fetcher.close(), () => t.close());
  const warm = await servers.start(sendPage('<title>warm</title>'));
  await t.createLink({ url: `${warm.origin}/warm` });
  await t.worker!.drain();
  return t;
}

const get = async (t: TestApp, id: number) => (await t.request('GET', `/v1/links/${id}`)).json();

const PAGES = 30;

/**
 * Enriches PAGES links to a page serving `html`, asking /healthz every 5 ms meanwhile. The
 * links share a host, so the worker takes them one after another: a second or so of hostile
 * pages and a p99 over a few hundred samples (one page takes tens of milliseconds, and the p99
 * of a dozen samples would be their maximum).
 *
 * Two measures (see latenciesWhile): the p99 of what this process does to a request, which
 * must stay under 50 ms, and the p99 in all, under a second. The first leaves out the time the
 * OS kept the thread waiting for a CPU, because on a shared machine busy with other work an
 * idle app sees such stalls of 100–200 ms too; a parse on the event loop is time the thread
 * runs, and counts in full. The unfixed server fails both by seconds.
 */
async function enrichWhileProbing(t: TestApp, html: string) {
  const site = await servers.start(sendPage(html));
  const links = [];
  for (let i = 0; i < PAGES; i++) links.push(await t.createLink({ url: `${site.origin}/hostile/${i}` }));
  const started = performance.now();
  const jobs = t.worker!.drain().then(() => performance.now() - started);
  const late = await latenciesWhile(jobs, async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    await res.text();
  }, 5);
  return {
    jobsMs: await jobs,
    p99: quantile(late.own, 0.99),
    wallP99: quantile(late.wall, 0.99),
    samples: late.wall.length,
    requests: site.requests.length,
    links: await Promise.all(links.map((l) => get(t, l.id))),
  };
}

describe('pages built to make the parser slow', () => {
  it('a 1 MiB page of 200,000 nested <div>s: the API keeps answering and the title is read from the head', async () => {
    const t = await app({ fetchAllowPrivate: true });
    const r = await enrichWhileProbing(t, '<title>deep</title><body>' + '<div>'.repeat(200_000));
    expect(r.p99, `healthz p99 over ${r.samples} requests, CPU queueing taken out`).toBeLessThan(50);
    expect(r.wallP99, `healthz p99 over ${r.samples} requests, in all`).toBeLessThan(1000);
    expect(r.jobsMs, 'all the jobs, within one job’s deadline').toBeLessThan(TIMEOUT_MS + 1000);
    expect(r.requests).toBe(PAGES);
    for (const link of r.links) {
      expect(link.enrichment).toMatchObject({ status: 'done', error: null });
      expect(link.metadata.title).toBe('deep');
    }
  });

  it('a <meta> with 50,000 attributes: the API keeps answering and the page is read', async () => {
    const t = await app({ fetchAllowPrivate: true });
    const attributes = Array.from({ length: 50_000 }, (_, i) => `a${i}="x"`).join(' ');
    const r = await enrichWhileProbing(t, `<html><head><title>attrs</title><meta ${attributes}></head><body></body></html>`);
    expect(r.p99, `healthz p99 over ${r.samples} requests, CPU queueing taken out`).toBeLessThan(50);
    expect(r.wallP99, `healthz p99 over ${r.samples} requests, in all`).toBeLessThan(1000);
    expect(r.jobsMs, 'all the jobs, within one job’s deadline').toBeLessThan(TIMEOUT_MS + 1000);
    expect(r.requests).toBe(PAGES);
    for (const link of r.links) {
      expect(link.enrichment).toMatchObject({ status: 'done', error: null });
      expect(link.metadata.title).toBe('attrs');
    }
  });
});

describe('URLs on a page that point inside a network', () => {
  const page = `<html><head><title>Inside</title>
    <meta property="og:image" content="http://127.0.0.1/i.png">
    <link rel="icon" href="http://[::1]/f.ico">
    <link rel="canonical" href="http://localhost:8080/c">
  </head></html>`;

  it('drops an internal og:image, favicon and canonical URL when private addresses are not allowed', async () => {
    // The fetcher may reach 127.0.0.1 (the test page is there); what the page names may not.
    const t = await app({ fetchAllowPrivate: false });
    const site = await servers.start(sendPage(page));
    const link = await t.createLink({ url: `${site.origin}/inside` });
    await t.worker!.drain();
    const after = await get(t, link.id);
    expect(after.enrichment.status).toBe('done');
    expect(after.metadata).toMatchObject({ title: 'Inside', image: null, favicon: null, canonicalUrl: null });
  });

  it('keeps them with FETCH_ALLOW_PRIVATE, as on an intranet', async () => {
    const t = await app({ fetchAllowPrivate: true });
    const site = await servers.start(sendPage(page));
    const link = await t.createLink({ url: `${site.origin}/inside` });
    await t.worker!.drain();
    expect((await get(t, link.id)).metadata).toMatchObject({
      image: { url: 'http://127.0.0.1/i.png' },
      favicon: 'http://[::1]/f.ico',
      canonicalUrl: 'http://localhost:8080/c',
    });
  });
});
