import { createRoute, type z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import type { Reader } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { BadRequest, Conflict, Forbidden, Invalid } from '../http/problem.js';
import { jsonBody, jsonContent, jsonText, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { enqueueEnrichment, enqueueFirstFetch } from '../enrichment/enrichment.repository.js';
import { knownSection } from '../newsletter/newsletter.repository.js';
import { pruneOrphanTags, setLinkTags } from '../tags/tags.repository.js';
import { linkLocation, loadLink, requireLink, sendLink } from './link-access.js';
import { resolveReason } from './status-reason.js';
import { LinkCreateBody, LinkIdParam, LinkListQuery, LinkPage, LinkPatchBody, LinkSchema } from './links.schemas.js';
import { deleteLink, findLinkByCanonicalKey, insertLink, listLinks, updateLink, type LinkFilters } from './links.repository.js';
import { searchListing } from './search/search-listing.js';

const tag = 'Links';

/** 409 naming the link that already has this page, so a client can go to it. */
async function assertNoDuplicate(db: Reader, canonicalKey: string, exceptId?: number): Promise<void> {
  const existing = await findLinkByCanonicalKey(db, canonicalKey);
  if (existing && existing.id !== exceptId) throw duplicateOf(existing);
}

function duplicateOf(existing: { id: number; url: string; issue: number | null }): Conflict {
  const where = existing.issue === null ? '' : ` (in issue ${existing.issue})`;
  return new Conflict(
    `This page is already link ${existing.id}${where}: ${existing.url}`,
    { duplicate: { id: existing.id, url: existing.url, issue: existing.issue, location: linkLocation(existing.id) } },
    { Location: linkLocation(existing.id) },
  );
}

export function linksRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/links',
      operationId: 'createLink',
      tags: [tag],
      summary: 'Add a link',
      description:
        'Editors add approved links by default. A submitter token may submit too: its links are `pending`, with `source: submission`; ' +
        'its `section` is kept only when it names one of the newsletter’s sections, and its title, blurb and credit are shown as plain text.',
      ...guarded('submitter'),
      request: { body: jsonBody(LinkCreateBody) },
      responses: {
        201: { ...jsonContent(LinkSchema, 'The new link'), headers: { Location: { schema: { type: 'string' } } } },
        ...problems(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const principal = c.var.principal;
      const body = c.req.valid('json');
      const isSubmitter = principal.role === 'submitter';
      if (isSubmitter && body.status !== undefined && body.status !== 'pending') {
        throw new Forbidden('A submitter’s links are always pending; leave out `status`.');
      }
      let id: number;
      try {
        id = await transact(async (trx) => {
          await assertNoDuplicate(trx, body.url.canonicalKey);
          const now = clock.now();
          const linkId = await insertLink(trx, {
            ...body,
            // A submitter's section becomes an issue's section name when the link is assembled:
            // it must be one the newsletter has (in its spelling), or it is dropped.
            section: isSubmitter ? await knownSection(trx, body.section) : body.section,
            url: body.url.url,
            canonicalKey: body.url.canonicalKey,
            status: isSubmitter ? 'pending' : (body.status ?? 'approved'),
            source: isSubmitter ? 'submission' : 'editor',
            submitter: principal.name,
            tags: body.tags ?? [],
            now,
          });
          await enqueueFirstFetch(trx, linkId, body.url.url, now);
          return linkId;
        });
        c.var.ctx.enrichment.notify();
      } catch (err) {
        if (isUniqueViolation(err)) await assertNoDuplicate(db, body.url.canonicalKey);
        throw err;
      }
      c.header('Location', linkLocation(id));
      return sendLink(c, db, id, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/links',
      operationId: 'listLinks',
      tags: [tag],
      summary: 'List links',
      description:
        'Newest first by default; `status=pending` (the moderation queue) oldest first; with words in `q`, by relevance. Pass `nextCursor` back as `cursor` for the next page; pages never skip or repeat a link, ' +
        'also while links are being added (a relevance walk ranks the links that existed on its first page).',
      ...guarded('editor'),
      request: { query: LinkListQuery },
      responses: { 200: jsonContent(LinkPage, 'A page of links'), ...problems(400, 401, 403, 422) },
    }),
    async (c) => {
      const { db, cursorKey, clock } = c.var.ctx;
      const query = c.req.valid('query');
      const filters: LinkFilters = {
        status: query.status,
        tags: query.tag && [...new Set(query.tag)],
        section: query.section,
        kind: query.kind,
        source: query.source,
        enrichment: query.enrichment,
        issue: query.issue === undefined || query.issue === 'none' ? query.issue : Number(query.issue),
      };
      const q = query.q?.trim() || undefined;
      const facets = query.facets === 'true';
      if (q !== undefined || facets || query.sort === 'relevance') {
        const text = await searchListing(db, { q, filters, sort: query.sort, limit: query.limit, cursor: query.cursor, facets, now: clock.now(), cursorKey });
        return jsonText<z.output<typeof LinkPage>>(c, text);
      }
      // The moderation queue is worked through from its oldest submission.
      const sort = query.sort ?? (query.status === 'pending' ? 'oldest' : 'newest');
      let afterId: number | undefined;
      if (query.cursor) {
        const position = decodeCursor(cursorKey, query.cursor);
        if (position.sort !== sort || typeof position.id !== 'number') {
          throw new BadRequest(`The cursor belongs to another listing (sort=${String(position.sort)}).`, [
            { path: 'cursor', message: 'The cursor does not match this sort order.', code: 'invalid_cursor' },
          ]);
        }
        afterId = position.id;
      }
      const page = await listLinks(db, filters, { sort, limit: query.limit, afterId });
      const nextCursor = page.hasMore && page.lastId !== null ? encodeCursor(cursorKey, { sort, id: page.lastId }) : null;
      // The items are JSON text already (built by SQLite); only the envelope is made here.
      return jsonText<z.output<typeof LinkPage>>(c, `{"items":${page.itemsJson},"nextCursor":${JSON.stringify(nextCursor)}}`);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/links/{id}',
      operationId: 'getLink',
      tags: [tag],
      summary: 'Get a link',
      description: 'The link as the API shows it: editor fields, fetched metadata, enrichment state, tags and issue.',
      ...guarded('editor'),
      request: { params: LinkIdParam },
      responses: { 200: jsonContent(LinkSchema, 'The link'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => sendLink(c, c.var.ctx.db, c.req.valid('param').id, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/links/{id}',
      operationId: 'updateLink',
      tags: [tag],
      summary: 'Edit a link',
      description: '`null` clears a field. A new URL is checked for duplicates and the page is fetched again. Moderate with `status` (approve, reject, archive) and an optional `reason`.',
      ...guarded('editor'),
      request: { params: LinkIdParam, body: jsonBody(LinkPatchBody) },
      responses: { 200: jsonContent(LinkSchema, 'The updated link'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const { id } = c.req.valid('param');
      const { tags, reason, ...changes } = c.req.valid('json');
      if (reason !== undefined && changes.status === undefined) {
        throw new Invalid('A reason goes with a status.', [{ path: 'reason', message: 'Send `status` with `reason`.', code: 'reason_without_status' }]);
      }
      try {
        await transact(async (trx) => {
          await requireLink(trx, id);
          if (changes.url) await assertNoDuplicate(trx, changes.url.canonicalKey, id);
          const now = clock.now();
          const statusReason = changes.status === undefined ? undefined : reason === undefined ? null : await resolveReason(trx, reason, 'reason');
          await updateLink(trx, id, { ...changes, statusReason }, now);
          if (changes.url) await enqueueEnrichment(trx, id, changes.url.url, now);
          if (tags) {
            await setLinkTags(trx, id, tags);
            await pruneOrphanTags(trx);
          }
        });
      } catch (err) {
        if (isUniqueViolation(err) && changes.url) await assertNoDuplicate(db, changes.url.canonicalKey, id);
        throw err;
      }
      if (changes.url) c.var.ctx.enrichment.notify();
      return sendLink(c, db, id, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/links/{id}',
      operationId: 'deleteLink',
      tags: [tag],
      summary: 'Delete a link',
      description: 'Refused with 409 while the link is in an issue; remove it from the issue first. Tags no link carries any more go with it.',
      ...guarded('editor'),
      request: { params: LinkIdParam },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { transact } = c.var.ctx;
      const { id } = c.req.valid('param');
      await transact(async (trx) => {
        // Checked inside the transaction: a write just before this one may have put it in an issue.
        const link = await loadLink(trx, id);
        if (link.issue !== null) {
          throw new Conflict(`Link ${id} is in issue ${link.issue}; remove it from the issue first.`, { issue: link.issue });
        }
        await deleteLink(trx, id);
        await pruneOrphanTags(trx);
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/links/{id}/refresh',
      operationId: 'refreshLink',
      tags: [tag],
      summary: 'Fetch the link’s page again',
      description: 'Queues a fresh fetch (replacing any queued one) and answers at once; watch `enrichment.status`.',
      ...guarded('editor'),
      request: { params: LinkIdParam },
      responses: { 202: jsonContent(LinkSchema, 'The link, with enrichment pending'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const { id } = c.req.valid('param');
      await transact(async (trx) => {
        const link = await loadLink(trx, id);
        await enqueueEnrichment(trx, id, link.url, clock.now());
      });
      c.var.ctx.enrichment.notify();
      return sendLink(c, db, id, 202);
    },
  );

  return app;
}
