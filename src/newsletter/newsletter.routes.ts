import { createRoute } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { getNewsletter, putNewsletter } from './newsletter.repository.js';
import { NewsletterSchema } from './newsletter.schemas.js';

const tag = 'Newsletter';

export function newsletterRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/newsletter',
      operationId: 'getNewsletter',
      tags: [tag],
      summary: 'The newsletter’s settings',
      description: 'The name, the texts every issue uses, the public base URL and the default sections.',
      ...guarded('editor'),
      responses: { 200: jsonContent(NewsletterSchema, 'Settings'), ...problems(401, 403) },
    }),
    async (c) => c.json(await getNewsletter(c.var.ctx.db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/newsletter',
      operationId: 'replaceNewsletter',
      tags: [tag],
      summary: 'Replace the newsletter’s settings',
      description: 'Empty `greeting`, `intro`, `submissionCall` or `signoff` leave that block out of issues. Published issues keep what they were published with.',
      ...guarded('editor'),
      request: { body: jsonBody(NewsletterSchema.strict()) },
      responses: { 200: jsonContent(NewsletterSchema, 'Settings'), ...problems(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const settings = c.req.valid('json');
      const saved = await transact(async (trx) => {
        await putNewsletter(trx, settings, clock.now());
        return getNewsletter(trx);
      });
      return c.json(saved, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/newsletter',
      operationId: 'updateNewsletter',
      tags: [tag],
      summary: 'Change some of the newsletter’s settings',
      description: 'Only the fields sent change; the others keep their values. `sections` replaces the whole list of default sections.',
      ...guarded('editor'),
      request: { body: jsonBody(NewsletterSchema.partial().strict().openapi('NewsletterPatch')) },
      responses: { 200: jsonContent(NewsletterSchema, 'Settings'), ...problems(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const changes = c.req.valid('json');
      const saved = await transact(async (trx) => {
        await putNewsletter(trx, { ...(await getNewsletter(trx)), ...changes }, clock.now());
        return getNewsletter(trx);
      });
      return c.json(saved, 200);
    },
  );

  return app;
}
