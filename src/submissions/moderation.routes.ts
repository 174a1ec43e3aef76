import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import type { Reader, Trx } from '../db/database.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { getReasons, getRules, ModerationRulesSchema, putReasons, putRules, ReasonListSchema } from './moderation.js';

const tag = 'Moderation';

type Setting<S extends z.ZodType> = {
  path: string;
  name: string;
  schema: S;
  read: (db: Reader) => Promise<z.output<S>>;
  write: (trx: Trx, value: z.output<S>) => Promise<void>;
  get: { operationId: string; summary: string; description: string };
  put: { operationId: string; summary: string; description: string };
};

/** GET and PUT of one editors' setting kept whole (the PUT replaces it). */
function settingRoutes<S extends z.ZodType>(app: OpenAPIHono<AppEnv>, s: Setting<S>): void {
  app.openapi(
    createRoute({ method: 'get', path: s.path, tags: [tag], ...s.get, ...guarded('editor'), responses: { 200: jsonContent(s.schema, s.name), ...problems(401, 403) } }),
    async (c) => c.json((await s.read(c.var.ctx.db)) as never, 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: s.path,
      tags: [tag],
      ...s.put,
      ...guarded('editor'),
      request: { body: jsonBody(s.schema) },
      responses: { 200: jsonContent(s.schema, s.name), ...problems(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const value = c.req.valid('json' as never) as z.output<S>;
      await c.var.ctx.transact((trx) => s.write(trx, value));
      return c.json(value as never, 200);
    },
  );
}

export function moderationRoutes() {
  const app = createRouter();
  settingRoutes(app, {
    path: '/v1/moderation/rules',
    name: 'The rules',
    schema: ModerationRulesSchema,
    read: getRules,
    write: putRules,
    get: { operationId: 'getModerationRules', summary: 'The rules public submissions meet', description: 'Blocked and trusted domains, and how many links a submitter’s note may carry.' },
    put: {
      operationId: 'putModerationRules',
      summary: 'Replace the rules for public submissions',
      description: 'Blocked domains (dropped, still answered 202), trusted domains (approved at once), and how many links a note may carry. A domain covers its subdomains.',
    },
  });
  settingRoutes(app, {
    path: '/v1/moderation/reasons',
    name: 'The reasons',
    schema: ReasonListSchema,
    read: getReasons,
    write: putReasons,
    get: { operationId: 'getModerationReasons', summary: 'The canned reasons for approving, rejecting or archiving', description: 'Each with a `code` to name it by and whether the submitter sees it.' },
    put: {
      operationId: 'putModerationReasons',
      summary: 'Replace the canned reasons',
      description: '`PATCH /v1/links/{id}` and the bulk actions take `reason: { code }` to use one. A public reason is shown on the submitter’s receipt.',
    },
  });
  return app;
}
