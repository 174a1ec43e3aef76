import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { NotFound } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { TagName } from './tag-name.js';
import { countLinksWithTag, deleteTag, findTagByName, listTags, renameTag } from './tags.repository.js';
import { decimalIntOr } from '../http/params.js';

const tag = 'Tags';
const MAX_PREFIX_LENGTH = 64;
const TagSchema = z.object({ name: z.string(), count: z.number().int() }).openapi('Tag');
const TagNameParam = z.object({ name: TagName.openapi({ param: { name: 'name', in: 'path' } }) });

export function tagsRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tags',
      operationId: 'listTags',
      tags: [tag],
      summary: 'List tags with link counts',
      description: 'Every tag with the number of links that carry it, most used first or by name; `prefix` serves autocomplete.',
      ...guarded('editor'),
      request: {
        query: z.strictObject({
          sort: z.enum(['count', 'name']).default('count'),
          prefix: z
            .string()
            .max(MAX_PREFIX_LENGTH)
            .optional()
            .transform((p) => (p === undefined ? undefined : p.trim().toLowerCase().replace(/\s+/g, '-')))
            .openapi({ type: 'string', maxLength: MAX_PREFIX_LENGTH, description: 'Only tags starting with this (autocomplete).' }),
          limit: decimalIntOr(1, 1000, 100),
        }),
      },
      responses: { 200: jsonContent(z.object({ items: z.array(TagSchema) }), 'Tags'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json({ items: await listTags(c.var.ctx.db, query) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/tags/{name}',
      operationId: 'renameTag',
      tags: [tag],
      summary: 'Rename a tag',
      description: 'Renaming onto an existing tag merges the two.',
      ...guarded('editor'),
      request: { params: TagNameParam, body: jsonBody(z.strictObject({ name: TagName }).openapi('TagRename')) },
      responses: {
        200: jsonContent(TagSchema.extend({ merged: z.boolean() }), 'The tag under its new name'),
        ...problems(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { transact } = c.var.ctx;
      const { name } = c.req.valid('param');
      const { name: to } = c.req.valid('json');
      const result = await transact(async (trx) => {
        const from = await findTagByName(trx, name);
        if (!from) throw new NotFound(`There is no tag “${name}”.`);
        const outcome = from.name === to ? 'renamed' : await renameTag(trx, from, to);
        const target = await findTagByName(trx, to);
        return { name: to, count: await countLinksWithTag(trx, target!.id), merged: outcome === 'merged' };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/tags/{name}',
      operationId: 'deleteTag',
      tags: [tag],
      summary: 'Delete a tag from every link',
      description: 'Removes the tag from every link that carries it.',
      ...guarded('editor'),
      request: { params: TagNameParam },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { transact } = c.var.ctx;
      const { name } = c.req.valid('param');
      await transact(async (trx) => {
        const found = await findTagByName(trx, name);
        if (!found) throw new NotFound(`There is no tag “${name}”.`);
        await deleteTag(trx, found.id);
      });
      return c.body(null, 204);
    },
  );

  return app;
}
