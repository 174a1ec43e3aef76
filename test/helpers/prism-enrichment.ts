import { startServer as startPageServer, type TestServer } from '../enrichment/helpers.js';
import type { Client } from './prism-exchanges.js';

/**
 * What the main run cannot show with page fetching off: links whose pages were fetched (the
 * metadata, a failed fetch's error, a possible duplicate found through the page's canonical
 * URL) and the issue and feeds built from them. The server fetches from a local page server
 * (FETCH_ALLOW_PRIVATE=true), on a database of its own that starts with the default settings.
 */

const page = (head: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body><p>Text.</p></body></html>`;

/** Pages on 127.0.0.1: a rich article (its canonical URL is another link's page), a plain one, and a 404. */
export function startPages(): Promise<TestServer> {
  return startPageServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    const pages: Record<string, string> = {
      '/original': page('<title>The original</title>'),
      '/article': page(`<title>Plain title</title>
        <meta property="og:title" content="Contracts, kept">
        <meta property="og:description" content="What a proxy that checks them finds.">
        <meta property="og:site_name" content="Example Pages">
        <meta property="og:type" content="article">
        <meta property="og:image" content="${origin}/cover.png">
        <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
        <meta property="og:image:alt" content="A checklist">
        <meta property="article:author" content="Ann Example">
        <meta property="article:published_time" content="2026-11-20T09:30:00+01:00">
        <link rel="canonical" href="${origin}/original">
        <link rel="icon" href="/favicon.ico">`),
    };
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? page('<title>Not found</title>'));
  });
}

/** Waits, asking the server itself (these polls are no part of the record), until no link's page is still pending. */
async function settled(server: string, token: string, ids: number[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (const id of ids) {
    for (;;) {
      const link = await (await fetch(`${server}/v1/links/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      if (link.enrichment.status !== 'pending') break;
      if (Date.now() > deadline) throw new Error(`link ${id} still pending: ${JSON.stringify(link)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function enrichmentScenarios(c: Client, server: string, pages: TestServer, token: string): Promise<void> {
  await c.send('GET', '/v1/newsletter', { expect: 200 }); // the defaults, never set
  const ids: number[] = [];
  for (const path of ['/original', '/article', '/missing']) {
    ids.push((await c.json('POST', '/v1/links', { json: { url: `${pages.origin}${path}`, tags: ['fetched'] }, expect: 201 })).id);
  }
  await settled(server, token, ids);
  for (const id of ids) await c.send('GET', `/v1/links/${id}`, { expect: 200 });
  await c.send('GET', '/v1/links?enrichment=done', { expect: 200 });
  await c.send('GET', '/v1/links?enrichment=failed', { expect: 200 });
  await c.send('GET', '/v1/links?q=proxy', { expect: 200 });

  await c.send('POST', '/v1/issues', { json: { date: '2026-12-04', subject: 'Fetched pages' }, expect: 201 });
  await c.send('POST', '/v1/issues/1/assemble', { json: { tags: ['fetched'] }, expect: 200 });
  await c.send('GET', '/v1/issues/1/check', { expect: 200 });
  for (const ref of ['1', '1.md', '1.html']) await c.send('GET', `/v1/issues/${ref}`, { expect: 200 });
  await c.send('POST', '/v1/issues/1/publish', { expect: 200 });
  for (const path of ['/', '/issues', '/issues/1', '/feed.xml', '/feed.atom', '/feed.json']) await c.send('GET', path, { token: null, expect: 200 });
  await c.send('POST', `/v1/links/${ids[1]}/refresh`, { expect: 202 });
}
