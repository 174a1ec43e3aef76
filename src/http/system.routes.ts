import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { ApiError } from './problem.js';
import { jsonContent } from './responses.js';
import { createRouter } from './router.js';

const tag = 'System';
const Health = z.object({ status: z.literal('ok') }).openapi('Health');

export function systemRoutes(getOpenApiYaml: () => string) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: [tag],
      summary: 'The process is alive',
      responses: { 200: jsonContent(Health, 'Alive') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: [tag],
      summary: 'The database answers',
      responses: {
        200: jsonContent(Health, 'Ready'),
        503: { description: 'Not ready', content: { 'application/problem+json': { schema: z.object({ status: z.number() }) } } },
      },
    }),
    async (c) => {
      try {
        await sql`SELECT 1`.execute(c.var.ctx.db);
      } catch {
        throw new ApiError(503, 'not-ready', 'Not ready', 'The database does not answer.');
      }
      return c.json({ status: 'ok' as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/openapi.yaml',
      tags: [tag],
      summary: 'This API’s OpenAPI document',
      responses: { 200: { description: 'OpenAPI 3.1 YAML', content: { 'application/yaml': { schema: z.string() } } } },
    }),
    (c) => c.body(getOpenApiYaml(), 200, { 'Content-Type': 'application/yaml; charset=utf-8' }),
  );

  return app;
}
