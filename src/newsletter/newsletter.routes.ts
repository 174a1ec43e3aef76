import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { SectionList } from '../issues/issues.schemas.js';
import { getNewsletter, putNewsletter } from './newsletter.repository.js';

const tag = 'Newsletter';

/** Editor-written Markdown blocks; empty means "leave this block out". */
const block = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

export const NewsletterSchema = z
  .object({
    name: z.string().trim().min(1, 'Must not be empty.').max(200),
    greeting: block(500),
    intro: block(5000),
    submissionCall: block(5000),
    signoff: block(5000),
    baseUrl: z
      .string()
      .trim()
      .max(500)
      .refine((s) => {
        try {
          const u = new URL(s);
          return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username;
        } catch {
          return false;
        }
      }, 'An absolute http(s) URL without query or fragment, e.g. https://news.example.org.')
      .transform((s) => s.replace(/\/+$/, ''))
      .openapi({ type: 'string', format: 'uri', example: 'https://news.example.org' }),
    sections: SectionList.min(1, 'At least one section.'),
  })
  .openapi('Newsletter');

export function newsletterRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/newsletter',
      tags: [tag],
      summary: 'The newsletter’s settings',
      ...guarded('editor'),
      responses: { 200: jsonContent(NewsletterSchema, 'Settings'), ...problems(401, 403) },
    }),
    async (c) => c.json(await getNewsletter(c.var.ctx.db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/newsletter',
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

  return app;
}
