import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { NotFound } from '../http/problem.js';
import { jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { loadDraft, loadIssue } from './issue-access.js';
import { IssueNumberParam } from './issues.schemas.js';
import { createPreview, deletePreview } from './previews.repository.js';

const tag = 'Issues';
const DAY_MS = 24 * 60 * 60 * 1000;

const PreviewSchema = z
  .object({
    url: z.string().openapi({ description: 'The preview page, under the newsletter’s baseUrl. Shown only in this answer.' }),
    path: z.string().openapi({ description: 'The same page, relative to the server.' }),
    expiresAt: z.string(),
  })
  .openapi('IssuePreview');

/** Preview links of drafts, for showing an issue to someone without a token before it is published. */
export function previewsRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/preview',
      operationId: 'createIssuePreview',
      tags: [tag],
      summary: 'Make a preview link for a draft',
      description:
        'Anyone holding the link sees the draft as it would be published, marked as a draft and not indexed, until it expires (`days`, default 7), ' +
        'is revoked, or the issue is published. Asking again replaces the link; the token is shown only here.',
      ...guarded('editor'),
      request: {
        params: IssueNumberParam,
        body: { required: false, content: { 'application/json': { schema: z.strictObject({ days: z.number().int().min(1).max(90).optional() }).openapi('IssuePreviewCreate') } } },
      },
      responses: { 201: jsonContent(PreviewSchema, 'The preview link'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      const { days = 7 } = c.req.valid('json') ?? {};
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + days * DAY_MS);
      const { token, baseUrl } = await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        return { token: await createPreview(trx, row.id, now, expiresAt), baseUrl: (await getNewsletter(trx)).baseUrl };
      });
      const path = `/preview/${token}`;
      return c.json({ url: `${baseUrl}${path}`, path, expiresAt: expiresAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/issues/{number}/preview',
      operationId: 'revokeIssuePreview',
      tags: [tag],
      summary: 'Revoke a draft’s preview link',
      description: 'The link stops working at once.',
      ...guarded('editor'),
      request: { params: IssueNumberParam },
      responses: { 204: { description: 'Revoked' }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { transact } = c.var.ctx;
      const { number } = c.req.valid('param');
      const revoked = await transact(async (trx) => deletePreview(trx, (await loadIssue(trx, number)).id));
      if (!revoked) throw new NotFound(`Issue ${number} has no preview link.`);
      return c.body(null, 204);
    },
  );

  return app;
}
