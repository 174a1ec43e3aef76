import { createRoute, z } from '@hono/zod-openapi';
import { Conflict, NotFound } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { isUniqueViolation } from '../db/errors.js';
import { guarded } from './require-role.js';
import { createToken, findTokenByName, listTokens, revokeToken } from './tokens.repository.js';
import { TokenCreateBody, TokenName, TokenSchema } from './tokens.schemas.js';

const tag = 'Tokens';

const nameTaken = (name: string) => new Conflict(`A token named “${name}” exists already.`);

export function tokensRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tokens',
      operationId: 'listTokens',
      tags: [tag],
      summary: 'List tokens (never their secrets)',
      description: 'Every token with its role and when it was created, last used and revoked; secrets are never shown again.',
      ...guarded('admin'),
      responses: { 200: jsonContent(z.object({ items: z.array(TokenSchema) }), 'Tokens'), ...problems(401, 403) },
    }),
    async (c) => c.json({ items: await listTokens(c.var.ctx.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/tokens',
      operationId: 'createToken',
      tags: [tag],
      summary: 'Create a token',
      description: 'The secret is in this response only; it is stored as a hash.',
      ...guarded('admin'),
      request: { body: jsonBody(TokenCreateBody) },
      responses: {
        201: jsonContent(TokenSchema.extend({ secret: z.string() }), 'The token and its secret'),
        ...problems(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const body = c.req.valid('json');
      // The check and the insert share one transaction, so two requests for one name cannot
      // both pass it; the UNIQUE index answers for a writer outside this process (the CLI).
      const { token, secret } = await transact(async (trx) => {
        if (await findTokenByName(trx, body.name)) throw nameTaken(body.name);
        return createToken(trx, { ...body, now: clock.now() });
      }).catch((err: unknown) => {
        throw isUniqueViolation(err) ? nameTaken(body.name) : err;
      });
      return c.json({ ...token, secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/tokens/{name}',
      operationId: 'revokeToken',
      tags: [tag],
      summary: 'Revoke a token',
      description: 'The token stops working at once; it stays listed, revoked.',
      ...guarded('admin'),
      request: { params: z.object({ name: TokenName.openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: { 204: { description: 'Revoked' }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const { name } = c.req.valid('param');
      const revoked = await transact((trx) => revokeToken(trx, name, clock.now()));
      if (!revoked) throw new NotFound(`There is no live token named “${name}”.`);
      return c.body(null, 204);
    },
  );

  return app;
}
