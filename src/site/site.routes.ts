import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFound } from '../http/problem.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { findIssueRow, listPublished, publicationVersion } from '../issues/issues.repository.js';
import { IssueNumberParam } from '../issues/issues.schemas.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { renderArchivePage } from './render-archive.js';
import { renderAtom, renderJsonFeed, renderRss, type FeedChannel, type FeedEntry } from './render-feeds.js';

const tag = 'Public';
const FEED_SIZE = 20;
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * A rendered body with its validators. Cached ones are kept as bytes, and gzipped once: feed
 * readers poll with `Accept-Encoding: gzip`, and a 200 KiB feed costs more to send than to
 * look up.
 */
type Bytes = Uint8Array<ArrayBuffer>;
type Representation = { body: Bytes; etag: string; lastModified: string | null; gzip?: { body: Bytes; etag: string } };

function represent(text: string, lastModified: string | null): Representation {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, lastModified };
}

function withGzip(rep: Representation): Representation {
  return { ...rep, gzip: { body: gzipSync(rep.body), etag: `${rep.etag.slice(0, -1)}-gzip"` } };
}

/**
 * Whether `Accept-Encoding` takes gzip: named with a q above 0, or not named and covered by
 * `*` with a q above 0 (RFC 9110: `*` stands only for codings not listed).
 */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    weights.set(coding, q === undefined ? 1 : Number(q.slice(2)));
  }
  const q = weights.get('gzip') ?? weights.get('*') ?? 0;
  return q > 0;
}

/**
 * Answers 304 when the client's copy is current (ETag first, then Last-Modified), else the
 * body with both validators. Feed readers poll every few minutes; this keeps them cheap.
 */
function conditional(c: Context<AppEnv>, rep: Representation, contentType: string, extra: Record<string, string> = {}): Response {
  const gzip = rep.gzip && acceptsGzip(c.req.header('accept-encoding')) ? rep.gzip : undefined;
  const etag = gzip?.etag ?? rep.etag;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'public, max-age=300', ...extra };
  if (rep.gzip) headers.Vary = 'Accept-Encoding';
  const modified = rep.lastModified ? new Date(rep.lastModified) : null;
  if (modified) headers['Last-Modified'] = modified.toUTCString();
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    // Either encoding's tag names the same content; the 304 carries the tag that matched, so
    // a cache holding that copy refreshes it.
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    const matched = [rep.etag, rep.gzip?.etag].find((t) => t !== undefined && tags.includes(t));
    if (matched) return c.body(null, 304, { ...headers, ETag: matched });
    if (tags.includes('*')) return c.body(null, 304, headers);
  } else if (modified) {
    const since = Date.parse(c.req.header('if-modified-since') ?? '');
    if (Number.isFinite(since) && Math.floor(modified.getTime() / 1000) <= Math.floor(since / 1000)) return c.body(null, 304, headers);
  }
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return c.body(gzip?.body ?? rep.body, 200, { ...headers, 'Content-Type': contentType });
}

/**
 * The archive and feeds change only when an issue is published or unpublished or the
 * settings change; between those, each is rendered (and gzipped) once and served from memory.
 */
function createPublicCache() {
  const entries = new Map<string, { version: string; rep: Representation }>();
  return async (c: Context<AppEnv>, name: string, build: () => Promise<Representation>): Promise<Representation> => {
    const version = await publicationVersion(c.var.ctx.db);
    const hit = entries.get(name);
    if (hit && hit.version === version) return hit.rep;
    const rep = withGzip(await build());
    entries.set(name, { version, rep });
    return rep;
  };
}

const latestPublished = (rows: { published_at: string | null }[]): string | null =>
  rows.reduce<string | null>((max, r) => (r.published_at && (!max || r.published_at > max) ? r.published_at : max), null);

async function feedInput(c: Context<AppEnv>): Promise<{ channel: FeedChannel; entries: FeedEntry[]; lastModified: string | null }> {
  const { db } = c.var.ctx;
  const newsletter = await getNewsletter(db);
  const rows = await listPublished(db, FEED_SIZE);
  const base = newsletter.baseUrl;
  const lastModified = latestPublished(rows);
  const channel: FeedChannel = {
    title: newsletter.name,
    description: newsletter.intro,
    siteUrl: `${base}/issues`,
    feedUrl: (format) => `${base}/feed.${format === 'rss' ? 'xml' : format}`,
    updatedAt: lastModified ?? '1970-01-01T00:00:00.000Z',
  };
  const entries = rows.map((r) => ({
    number: r.number,
    subject: r.subject,
    date: r.date,
    publishedAt: r.published_at ?? r.date,
    url: `${base}/issues/${r.number}`,
    html: r.rendered_fragment ?? '',
  }));
  return { channel, entries, lastModified };
}

const text = (description: string, type: string) => ({ description, content: { [type]: { schema: z.string() } } });
const notModified = { 304: { description: 'Not modified since the copy the client holds' } };

export function siteRoutes() {
  const app = createRouter();
  const cached = createPublicCache();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/issues',
      tags: [tag],
      summary: 'The archive: every published issue (HTML)',
      responses: { 200: text('Archive page', 'text/html'), ...notModified },
    }),
    async (c) => {
      const rep = await cached(c, 'archive', async () => {
        const { db } = c.var.ctx;
        const newsletter = await getNewsletter(db);
        const rows = await listPublished(db, 10_000);
        const base = newsletter.baseUrl;
        const page = renderArchivePage({
          title: newsletter.name,
          intro: newsletter.intro,
          baseUrl: base,
          issues: rows.map((r) => ({ number: r.number, subject: r.subject, date: r.date, url: `${base}/issues/${r.number}` })),
        });
        return represent(page, latestPublished(rows));
      });
      return conditional(c, rep, 'text/html; charset=utf-8', { 'Content-Security-Policy': PAGE_CSP });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/issues/{number}',
      tags: [tag],
      summary: 'One published issue (HTML)',
      request: { params: IssueNumberParam },
      responses: { 200: text('The issue as published', 'text/html'), ...notModified, 404: { description: 'No such published issue' } },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      const row = await findIssueRow(c.var.ctx.db, number);
      // Drafts are never public: a draft answers exactly like a missing issue.
      if (!row || row.status !== 'published' || !row.rendered_html) throw new NotFound(`There is no published issue ${number}.`);
      return conditional(c, represent(row.rendered_html, row.published_at), 'text/html; charset=utf-8', { 'Content-Security-Policy': PAGE_CSP });
    },
  );

  const feed = (path: string, summary: string, type: string, render: (ch: FeedChannel, e: FeedEntry[]) => string) =>
    app.openapi(
      createRoute({ method: 'get', path, tags: [tag], summary, responses: { 200: text(summary, type), ...notModified } }),
      async (c) => {
        const rep = await cached(c, path, async () => {
          const { channel, entries, lastModified } = await feedInput(c);
          return represent(render(channel, entries), lastModified);
        });
        return conditional(c, rep, type);
      },
    );
  feed('/feed.xml', 'Published issues as RSS 2.0', 'application/rss+xml; charset=utf-8', renderRss);
  feed('/feed.atom', 'Published issues as Atom', 'application/atom+xml; charset=utf-8', renderAtom);
  feed('/feed.json', 'Published issues as JSON Feed 1.1', 'application/feed+json; charset=utf-8', renderJsonFeed);

  return app;
}
