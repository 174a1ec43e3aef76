import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { publicRoute } from '../auth/require-role.js';
import { conditional, represent, withGzip, type Representation } from '../http/conditional.js';
import { PAGE_CSP } from '../http/csp.js';
import { NotFound } from '../http/problem.js';
import { ProblemSchema, problems } from '../http/responses.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { findIssueRow, listPublished, publicationVersion, publishedNeighbours } from '../issues/issues.repository.js';
import { IssueNumberParam } from '../issues/issues.schemas.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { renderArchivePage } from './render-archive.js';
import { FAVICON_SVG, renderHomePage, renderIssuePage, renderPreviewPage, SITE_LINKS } from './site-pages.js';
import { effectiveSettings } from '../issues/issue-json.js';
import { findPreviewedDraft } from '../issues/previews.repository.js';
import { renderDraftFragment } from '../issues/publish-issue.js';
import { FEED_FORMATS, FEEDS, feedUrl, type FeedChannel, type FeedEntry, type FeedFormat } from './render-feeds.js';

const tag = 'Public';
const FEED_SIZE = 20;

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
    feedUrl: (format) => feedUrl(base, format),
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

/** The parts of a JSON Feed 1.1 document a client can rely on (https://jsonfeed.org/version/1.1). */
const JsonFeedSchema = z
  .looseObject({
    version: z.literal('https://jsonfeed.org/version/1.1'),
    title: z.string(),
    home_page_url: z.string().optional(),
    feed_url: z.string().optional(),
    items: z.array(z.looseObject({ id: z.string(), url: z.string().optional(), title: z.string().optional(), content_html: z.string().optional() })),
  })
  .openapi('JsonFeed');

/** A feed's 200: XML feeds are text; the JSON Feed is a JSON document. */
const feedContent = (format: FeedFormat, description: string, type: string) =>
  format === 'json' ? { description, content: { [type]: { schema: JsonFeedSchema } } } : text(description, type);
const notModified = { 304: { description: 'Not modified since the copy the client holds' } };

export function siteRoutes() {
  const app = createRouter();
  const cached = createPublicCache();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      operationId: 'getHomePage',
      ...publicRoute,
      tags: [tag],
      summary: 'The public home page (HTML)',
      description: 'The newsletter’s name and intro, its latest issues, and how to subscribe.',
      responses: { 200: text('Home page', 'text/html'), ...notModified },
    }),
    async (c) => {
      const rep = await cached(c, 'home', async () => {
        const { db } = c.var.ctx;
        const rows = await listPublished(db, 11);
        return represent(renderHomePage(await getNewsletter(db), rows), latestPublished(rows));
      });
      return conditional(c, rep, 'text/html; charset=utf-8', { 'Content-Security-Policy': PAGE_CSP });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/favicon.svg',
      operationId: 'getFavicon',
      ...publicRoute,
      tags: [tag],
      summary: 'The site’s icon',
      description: 'An SVG icon that every public page links to.',
      responses: { 200: text('SVG icon', 'image/svg+xml') },
    }),
    (c) => c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/issues',
      operationId: 'getArchivePage',
      ...publicRoute,
      tags: [tag],
      summary: 'The archive: every published issue (HTML)',
      description: 'An HTML page listing every published issue, newest first, with links to the feeds.',
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
          issues: rows.map((r) => ({ number: r.number, subject: r.subject, date: r.date, url: `/issues/${r.number}` })),
          links: SITE_LINKS,
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
      operationId: 'getIssuePage',
      ...publicRoute,
      tags: [tag],
      summary: 'One published issue (HTML)',
      description: 'The issue as it was published, in the site’s page with links to the issues before and after it; a draft or unknown number is a 404 (an HTML page for a browser).',
      request: { params: IssueNumberParam },
      responses: {
        200: text('The issue as published', 'text/html'),
        ...notModified,
        ...problems(400),
        404: { description: 'No such published issue', content: { 'application/problem+json': { schema: ProblemSchema }, 'text/html': { schema: z.string() } } },
      },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      const { db } = c.var.ctx;
      const row = await findIssueRow(db, number);
      // Drafts are never public: a draft answers exactly like a missing issue.
      // A draft that was never published answers exactly like a missing issue; one reopened for a
      // correction shows as last published.
      if (!row || row.rendered_fragment === null) throw new NotFound(`There is no published issue ${number}.`);
      // Its neighbours change when other issues are published, so the page is built per publication.
      const rep = await cached(c, `issue:${number}`, async () => {
        const page = renderIssuePage(
          await getNewsletter(db),
          { number: row.number, subject: row.subject, date: row.date, fragment: row.rendered_fragment ?? '' },
          await publishedNeighbours(db, number),
        );
        return represent(page, row.published_at);
      });
      return conditional(c, rep, 'text/html; charset=utf-8', { 'Content-Security-Policy': PAGE_CSP });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/preview/{token}',
      operationId: 'getIssuePreviewPage',
      ...publicRoute,
      tags: [tag],
      summary: 'A draft, through its preview link (HTML)',
      description: 'What POST /v1/issues/{number}/preview links to: the draft as it would be published, marked as a draft and not indexed. 404 once the link expired, was revoked, or the issue was published.',
      request: { params: z.object({ token: z.string().max(100).openapi({ param: { name: 'token', in: 'path' } }) }) },
      responses: {
        200: text('The draft', 'text/html'),
        ...problems(400),
        404: { description: 'No such preview', content: { 'application/problem+json': { schema: ProblemSchema }, 'text/html': { schema: z.string() } } },
      },
    }),
    async (c) => {
      const { db, clock } = c.var.ctx;
      const row = await findPreviewedDraft(db, c.req.valid('param').token, clock.now());
      if (!row) throw new NotFound('This preview link is unknown, has expired or was revoked, or its issue is published.');
      const page = renderPreviewPage(effectiveSettings(await getNewsletter(db), row), { ...row, fragment: await renderDraftFragment(db, row) });
      return c.html(page, 200, { 'Content-Security-Policy': PAGE_CSP, 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    },
  );

  for (const format of FEED_FORMATS) {
    const { path, mediaType, title, render } = FEEDS[format];
    const summary = `Published issues as ${title}`;
    const type = `${mediaType}; charset=utf-8`;
    app.openapi(
      createRoute({
        method: 'get',
        path,
        // getRssFeed, getAtomFeed, getJsonFeed
        operationId: `get${format[0]!.toUpperCase()}${format.slice(1)}Feed`,
        ...publicRoute,
        tags: [tag],
        summary,
        description: `The ${FEED_SIZE} newest published issues, each with its full content; answers 304 to a reader whose copy is current (ETag, Last-Modified), gzipped when asked.`,
        responses: { 200: feedContent(format, summary, mediaType), ...notModified },
      }),
      async (c) => {
        const rep = await cached(c, path, async () => {
          const { channel, entries, lastModified } = await feedInput(c);
          return represent(render(channel, entries), lastModified);
        });
        return conditional(c, rep, type);
      },
    );
  }

  return app;
}
