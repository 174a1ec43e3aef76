import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { guarded } from '../auth/require-role.js';
import { NotFound } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { TagName } from '../tags/tag-name.js';
import { addLinkTags, pruneOrphanTags, removeLinkTag, setLinkTags } from '../tags/tags.repository.js';
import { requireLink, sendLink } from './link-access.js';
import { LinkIdParam, LinkSchema, TagsBody } from './links.schemas.js';
import { touchLink } from './links.repository.js';

const tag = 'Links';

/** The tags of one link: replace, add, remove. */
export function linkTagsRoutes() {
  const app = createRouter();

  const tagsRoute = (method: 'put' | 'post', operationId: string, summary: string, description: string) =>
    createRoute({
      method,
      path: '/v1/links/{id}/tags',
      operationId,
      tags: [tag],
      summary,
      description,
      ...guarded('editor'),
      request: { params: LinkIdParam, body: jsonBody(TagsBody) },
      responses: { 200: jsonContent(LinkSchema, 'The link with its tags'), ...problems(400, 401, 403, 404, 413, 415, 422) },
    });

  const changeTags = (replace: boolean) => async (c: Context<AppEnv>, id: number, tags: string[]) => {
    const { db, transact, clock } = c.var.ctx;
    await transact(async (trx) => {
      await requireLink(trx, id);
      if (replace) await setLinkTags(trx, id, tags);
      else await addLinkTags(trx, id, tags);
      await pruneOrphanTags(trx);
      await touchLink(trx, id, clock.now());
    });
    return sendLink(c, db, id, 200);
  };

  app.openapi(
    tagsRoute('put', 'replaceLinkTags', 'Replace a link’s tags', 'Sets exactly these tags (normalised: lowercase, trimmed, spaces to `-`); tags no link carries any more are dropped.'),
    async (c) => changeTags(true)(c, c.req.valid('param').id, c.req.valid('json').tags),
  );
  app.openapi(
    tagsRoute('post', 'addLinkTags', 'Add tags to a link', 'Adds these tags to the ones the link has (normalised: lowercase, trimmed, spaces to `-`).'),
    async (c) => changeTags(false)(c, c.req.valid('param').id, c.req.valid('json').tags),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/links/{id}/tags/{tag}',
      operationId: 'removeLinkTag',
      tags: [tag],
      summary: 'Remove a tag from a link',
      description: '404 when the link does not carry the tag; a tag no link carries any more is dropped.',
      ...guarded('editor'),
      request: { params: LinkIdParam.extend({ tag: TagName.openapi({ param: { name: 'tag', in: 'path' } }) }) },
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { transact, clock } = c.var.ctx;
      const { id, tag: name } = c.req.valid('param');
      await transact(async (trx) => {
        await requireLink(trx, id);
        if (!(await removeLinkTag(trx, id, name))) throw new NotFound(`Link ${id} has no tag “${name}”.`);
        await pruneOrphanTags(trx);
        await touchLink(trx, id, clock.now());
      });
      return c.body(null, 204);
    },
  );

  return app;
}
