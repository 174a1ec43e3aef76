import { createRoute, z } from '@hono/zod-openapi';
import { Conflict, NotFound } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { guarded } from './require-role.js';
import { createToken, findTokenByName, listTokens, revokeToken } from './tokens.repository.js';

const tag = 'Tokens';
export const ROLES = ['admin', 'editor', 'submitter'] as const;
export const TokenName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@+-]*$/u, 'Letters, digits, spaces and . _ @ + - only.');

const TokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Token');

export function tokensRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tokens',
      tags: [tag],
      summary: 'List tokens (never their secrets)',
      ...guarded('admin'),
      responses: { 200: jsonContent(z.object({ items: z.array(TokenSchema) }), 'Tokens'), ...problems(401, 403) },
    }),
    async (c) => c.json({ items: await listTokens(c.var.ctx.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/tokens',
      tags: [tag],
      summary: 'Create a token',
      description: 'The secret is in this response only; it is stored as a hash.',
      ...guarded('admin'),
      request: { body: jsonBody(z.strictObject({ name: TokenName, role: z.enum(ROLES) }).openapi('TokenCreate')) },
      responses: {
        201: jsonContent(TokenSchema.extend({ secret: z.string() }), 'The token and its secret'),
        ...problems(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { db, clock } = c.var.ctx;
      const body = c.req.valid('json');
      if (await findTokenByName(db, body.name)) throw new Conflict(`A token named “${body.name}” exists already.`);
      const { token, secret } = await createToken(db, { ...body, now: clock.now() });
      return c.json({ ...token, secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/tokens/{name}',
      tags: [tag],
      summary: 'Revoke a token',
      ...guarded('admin'),
      request: { params: z.object({ name: TokenName.openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: { 204: { description: 'Revoked' }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { db, clock } = c.var.ctx;
      const { name } = c.req.valid('param');
      if (!(await revokeToken(db, name, clock.now()))) throw new NotFound(`There is no live token named “${name}”.`);
      return c.body(null, 204);
    },
  );

  return app;
}
