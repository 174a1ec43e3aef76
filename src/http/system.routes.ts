import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { publicRoute } from '../auth/require-role.js';
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
      operationId: 'getHealth',
      ...publicRoute,
      tags: [tag],
      summary: 'The process is alive',
      description: 'Answers 200 as long as the process serves requests; it does not touch the database.',
      responses: { 200: jsonContent(Health, 'Alive') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'getReadiness',
      ...publicRoute,
      tags: [tag],
      summary: 'The database answers',
      description: 'Answers 200 when the database answers a query, 503 otherwise: what a load balancer should poll.',
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
      operationId: 'getOpenApiDocument',
      ...publicRoute,
      tags: [tag],
      summary: 'This API’s OpenAPI document',
      description: 'The OpenAPI 3.1 document of every route, generated from the same schemas that validate requests.',
      responses: { 200: { description: 'OpenAPI 3.1 YAML', content: { 'application/yaml': { schema: z.string() } } } },
    }),
    (c) => c.body(getOpenApiYaml(), 200, { 'Content-Type': 'application/yaml; charset=utf-8' }),
  );

  return app;
}
