import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { Invalid } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { text } from '../http/text.js';
import { createRouter } from '../http/router.js';
import { requireLink } from './link-access.js';
import { LinkIdParam, TagList } from './links.schemas.js';
import { applyBulk, BULK_ACTIONS, BULK_RESULTS, STATUS_OF } from './bulk-actions.js';
import { ReasonInput, resolveReason } from './status-reason.js';

const tag = 'Moderation';

export const MAX_BULK = 1000;

const LinkEvent = z
  .object({
    type: z.string().openapi({
      description: 'created, submitted, approved, rejected, archived, pending, edited, tagged, untagged, added_to_issue, removed_from_issue or published.',
    }),
    at: z.string(),
    actor: z.string().nullable().openapi({ description: 'The token that did it; null for the public and for the service itself.' }),
    detail: z.record(z.string(), z.unknown()).openapi({ description: 'What changed: the reason, the fields edited, the tag, the issue, the submitter’s name, email and note.' }),
  })
  .openapi('LinkEvent');

const MAX_HISTORY = 1000;

const BulkBody = z
  .strictObject({
    ids: z
      .array(z.number().int().min(1))
      .min(1)
      .max(MAX_BULK, `At most ${MAX_BULK} ids.`)
      .transform((ids) => [...new Set(ids)]),
    action: z.enum(BULK_ACTIONS),
    tags: TagList.optional().openapi({ description: 'For `tag` and `untag`.' }),
    section: text(100).nullable().optional().openapi({ description: 'For `section` (null clears it).' }),
    reason: ReasonInput.optional().openapi({ description: 'For `approve`, `reject` and `archive`.' }),
  })
  .superRefine((body, ctx) => {
    if ((body.action === 'tag' || body.action === 'untag') && (body.tags === undefined || body.tags.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['tags'], message: `\`${body.action}\` needs \`tags\`.` });
    }
    if (body.action === 'section' && body.section === undefined) ctx.addIssue({ code: 'custom', path: ['section'], message: '`section` needs `section` (null clears it).' });
  })
  .openapi('BulkAction');

const BulkReport = z
  .object({
    results: z.array(z.object({ id: z.number().int(), result: z.enum(BULK_RESULTS) })),
    counts: z.record(z.string(), z.number().int()).openapi({ description: 'How many ids got each result.' }),
  })
  .openapi('BulkReport');

export function linkModerationRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/links/{id}/history',
      operationId: 'getLinkHistory',
      tags: [tag],
      summary: 'Everything that happened to a link',
      description: `Oldest first, up to ${MAX_HISTORY} events: created, submitted (again), status changes with their reason, edits, tags, issues, publication — each with who and when.`,
      ...guarded('editor'),
      request: { params: LinkIdParam },
      responses: { 200: jsonContent(z.object({ items: z.array(LinkEvent) }).openapi('LinkHistory'), 'The history'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const { id } = c.req.valid('param');
      await requireLink(db, id);
      const rows = await db
        .selectFrom('link_events')
        .select(['type', 'at', 'actor', 'detail'])
        .where('link_id', '=', id)
        .orderBy('id')
        .limit(MAX_HISTORY)
        .execute();
      return c.json({ items: rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/links/bulk',
      operationId: 'bulkLinks',
      tags: [tag],
      summary: 'Approve, reject, archive, tag, untag, delete or move many links at once',
      description:
        `Up to ${MAX_BULK} ids in one transaction: all of it is written, or (on an error) none. Each id reports what happened: ` +
        '`done`, `unchanged`, `not_found`, `in_published_issue` (a published issue’s links keep their status and section) or `in_issue` (delete: remove it from its issue first).',
      ...guarded('editor'),
      request: { body: jsonBody(BulkBody) },
      responses: { 200: jsonContent(BulkReport, 'What happened to each id'), ...problems(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const body = c.req.valid('json');
      if (body.reason !== undefined && STATUS_OF[body.action] === undefined) {
        throw new Invalid('A reason goes with approve, reject or archive.', [{ path: 'reason', message: 'Only approve, reject and archive take a reason.', code: 'reason_without_status' }]);
      }
      const byId = await transact(async (trx) => {
        const reason = body.reason === undefined ? null : await resolveReason(trx, body.reason, 'reason');
        return applyBulk(trx, { ...body, reason }, clock.now());
      });
      const results = body.ids.map((id) => ({ id, result: byId.get(id) ?? 'not_found' }));
      const counts: Record<string, number> = {};
      for (const r of results) counts[r.result] = (counts[r.result] ?? 0) + 1;
      return c.json({ results, counts }, 200);
    },
  );

  return app;
}
