import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import type { Reader } from '../db/database.js';
import { Conflict, Invalid, NotFound } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { currentIssueJson, editDraft, issueLocation, loadDraft } from './issue-access.js';
import {
  appendItems,
  compactPositions,
  deleteItem,
  findAssemblable,
  findItem,
  findLinkStatus,
  issueOfLink,
  placeItem,
  replaceLayout,
  updateItemOverrides,
  type NewItem,
} from './issue-items.repository.js';
import { appendSection, getSections, touchIssue, type IssueRow } from './issues.repository.js';
import { AssembleBody, IssueNumberParam, IssueSchema, ItemCreateBody, ItemParams, ItemPatchBody, LayoutBody } from './issues.schemas.js';

const tag = 'Issues';

/** A link may join this issue only when it exists, is approved and is in no other issue. */
async function assertAddable(db: Reader, linkId: number, issue: IssueRow, path: string): Promise<void> {
  const link = await findLinkStatus(db, linkId);
  if (!link) throw new Invalid(`There is no link ${linkId}.`, [{ path, message: `There is no link ${linkId}.`, code: 'unknown_link' }]);
  if (link.status !== 'approved') {
    throw new Conflict(`Link ${linkId} is ${link.status}; only approved links go into an issue.`, { linkId, linkStatus: link.status });
  }
  const inIssue = await issueOfLink(db, linkId);
  if (inIssue !== null && inIssue !== issue.number) {
    throw new Conflict(`Link ${linkId} is already in issue ${inIssue}.`, { linkId, issue: inIssue }, { Location: issueLocation(inIssue) });
  }
}

function sectionMissing(name: string, sections: { name: string }[]): Invalid {
  const names = sections.map((s) => `“${s.name}”`).join(', ') || 'none';
  return new Invalid(`Issue has no section “${name}”.`, [{ path: 'section', message: `No such section; the issue has: ${names}.`, code: 'unknown_section' }]);
}

/** `since` as the timestamp links are compared with: a date is its midnight, UTC. */
function sinceTimestamp(since: string | undefined): string | undefined {
  if (since === undefined) return undefined;
  return since.length === 10 ? `${since}T00:00:00.000Z` : new Date(since).toISOString();
}

/** The editors' API of an issue's layout: its sections, its items, and assembling it. */
export function issueItemsRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/issues/{number}/sections',
      operationId: 'replaceIssueLayout',
      tags: [tag],
      summary: 'Replace the whole ordered layout',
      description: 'What a drag-and-drop frontend saves: every section with its items, in order. Links left out are removed from the issue.',
      ...guarded('editor'),
      request: { params: IssueNumberParam, body: jsonBody(LayoutBody) },
      responses: { 200: jsonContent(IssueSchema, 'The issue'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db, transact } = c.var.ctx;
      const { number } = c.req.valid('param');
      const layout = c.req.valid('json');
      await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        for (const [i, section] of layout.entries()) {
          for (const [j, item] of section.items.entries()) await assertAddable(trx, item.linkId, row, `${i}.items.${j}.linkId`);
        }
        await replaceLayout(trx, row.id, layout);
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/items',
      operationId: 'addIssueItem',
      tags: [tag],
      summary: 'Add a link to an issue',
      description: 'Puts an approved link that is in no other issue into a section of a draft, at `position` or last; it may override the title, blurb or whole line.',
      ...guarded('editor'),
      request: { params: IssueNumberParam, body: jsonBody(ItemCreateBody) },
      responses: { 201: jsonContent(IssueSchema, 'The issue'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const { number } = c.req.valid('param');
      const { position, ...item } = c.req.valid('json');
      await editDraft(c, number, async (trx, row) => {
        const sections = await getSections(trx, row.id);
        if (!sections.some((s) => s.name === item.section)) throw sectionMissing(item.section, sections);
        await assertAddable(trx, item.linkId, row, 'linkId');
        if (await findItem(trx, row.id, item.linkId)) {
          throw new Conflict(`Link ${item.linkId} is already in this issue; PATCH the item to move it.`, { linkId: item.linkId, issue: number });
        }
        await appendItems(trx, row.id, [item]);
        if (position !== undefined) await placeItem(trx, { issueId: row.id, linkId: item.linkId, section: item.section, position });
      });
      return c.json(await currentIssueJson(db, number), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/issues/{number}/items/{linkId}',
      operationId: 'updateIssueItem',
      tags: [tag],
      summary: 'Edit or move an item',
      description: '`section` and `position` move it; `title`, `blurb`, `markdown` override the link’s (null clears an override).',
      ...guarded('editor'),
      request: { params: ItemParams, body: jsonBody(ItemPatchBody) },
      responses: { 200: jsonContent(IssueSchema, 'The issue'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const { number, linkId } = c.req.valid('param');
      const { section, position, ...overrides } = c.req.valid('json');
      await editDraft(c, number, async (trx, row) => {
        const item = await findItem(trx, row.id, linkId);
        if (!item) throw new NotFound(`Link ${linkId} is not in issue ${number}.`);
        if (section !== undefined) {
          const sections = await getSections(trx, row.id);
          if (!sections.some((s) => s.name === section)) throw sectionMissing(section, sections);
        }
        await updateItemOverrides(trx, linkId, overrides);
        if (section !== undefined || position !== undefined) {
          await placeItem(trx, { issueId: row.id, linkId, section: section ?? item.section, position });
        }
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/issues/{number}/items/{linkId}',
      operationId: 'removeIssueItem',
      tags: [tag],
      summary: 'Remove a link from an issue',
      description: 'The link leaves the draft and is free again; the items after it move up.',
      ...guarded('editor'),
      request: { params: ItemParams },
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { number, linkId } = c.req.valid('param');
      await editDraft(c, number, async (trx, row) => {
        if (!(await deleteItem(trx, row.id, linkId))) throw new NotFound(`Link ${linkId} is not in issue ${number}.`);
        await compactPositions(trx, row.id);
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/assemble',
      operationId: 'assembleIssue',
      tags: [tag],
      summary: 'Add every approved link that is in no issue',
      description:
        'Oldest first, each into its own `section` (added to the issue if missing) or else the first non-featured section. ' +
        'Filters: `tags` (all of them), `since` (created at or after), `limit`. Running it again adds nothing new.',
      ...guarded('editor'),
      request: { params: IssueNumberParam, body: jsonBody(AssembleBody) },
      responses: {
        200: jsonContent(
          z.object({ added: z.array(z.object({ linkId: z.number().int(), section: z.string() })), issue: IssueSchema }),
          'What was added, and the issue',
        ),
        ...problems(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      const body = c.req.valid('json');
      const added = await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        const candidates = await findAssemblable(trx, { tags: body.tags ?? [], since: sinceTimestamp(body.since), limit: body.limit ?? 500 });
        const sections = await getSections(trx, row.id);
        const names = new Set(sections.map((s) => s.name));
        const newSections: string[] = [];
        // Without a section of its own, a link goes to the first plain section, counting those
        // this assembly adds (a "Links" section is made when there is none).
        let fallback: string | undefined;
        const sectionFor = (wanted: string | null): string => {
          const name = wanted ?? (fallback ??= sections.find((s) => !s.featured)?.name ?? newSections[0] ?? 'Links');
          if (!names.has(name)) {
            names.add(name);
            newSections.push(name);
          }
          return name;
        };
        // Decided in memory, then written at once: one row per link, whatever the issue holds.
        const items: NewItem[] = candidates.map((link) => ({ linkId: link.id, section: sectionFor(link.section) }));
        for (const name of newSections) await appendSection(trx, row.id, name);
        await appendItems(trx, row.id, items);
        if (items.length > 0) await touchIssue(trx, row.id, clock.now());
        return items.map(({ linkId, section }) => ({ linkId, section }));
      });
      return c.json({ added, issue: await currentIssueJson(db, number) }, 200);
    },
  );

  return app;
}
