import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { guarded } from '../auth/require-role.js';
import type { Db } from '../db/database.js';
import { PAGE_CSP } from '../http/csp.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { preferredType } from '../http/negotiate.js';
import { ApiError, BadRequest, Conflict, Invalid, NotFound } from '../http/problem.js';
import { jsonBody, jsonContent, problems } from '../http/responses.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { findTagByName } from '../tags/tags.repository.js';
import { checkIssue, type CheckResult } from './check-issue.js';
import type { RenderIssue } from './issue-model.js';
import {
  AssembleBody,
  CheckSchema,
  IssueCreateBody,
  IssueNumberParam,
  IssuePatchBody,
  IssueRefParam,
  IssueSchema,
  IssueSummarySchema,
  ItemCreateBody,
  ItemParams,
  ItemPatchBody,
  LayoutBody,
} from './issues.schemas.js';
import {
  appendSection,
  clearPublication,
  compactPositions,
  deleteIssue,
  findAssemblable,
  findIssueRow,
  findItem,
  getResolvedSections,
  getSections,
  insertIssue,
  insertItem,
  issueOfLink,
  listIssueRows,
  placeItem,
  publishedIssueOfLinks,
  publishedKeysBefore,
  replaceSections,
  storePublication,
  touchIssue,
  updateIssue,
  type IssueRow,
} from './issues.repository.js';
import { renderIssueHtmlFragment, renderIssueHtmlPage } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { toItemJson, toRenderSections, type ResolvedSection } from './resolve-items.js';
import { decimalIntOr } from '../http/params.js';

const tag = 'Issues';
const issueLocation = (number: number) => `/v1/issues/${number}`;

async function loadIssue(db: Db, number: number): Promise<IssueRow> {
  const row = await findIssueRow(db, number);
  if (!row) throw new NotFound(`There is no issue ${number}.`);
  return row;
}

/** Published issues are frozen: every edit is refused until an admin unpublishes. */
async function loadDraft(db: Db, number: number): Promise<IssueRow> {
  const row = await loadIssue(db, number);
  if (row.status === 'published') {
    throw new Conflict(`Issue ${number} is published and frozen; an admin can unpublish it for corrections.`, { issue: number });
  }
  return row;
}

function quoteOf(row: IssueRow) {
  return row.quote_text === null ? null : { text: row.quote_text, author: row.quote_author, url: row.quote_url };
}

function issueJson(row: IssueRow, sections: ResolvedSection[]) {
  return {
    number: row.number,
    date: row.date,
    subject: row.subject,
    note: row.note,
    quote: quoteOf(row),
    status: row.status,
    publishedAt: row.published_at,
    sections: sections.map((s) => ({
      name: s.name,
      featured: s.featured,
      items: s.items.map((item) => ({ ...toItemJson(item), canonicalKey: item.canonicalKey })),
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The issue as it now is, for answering after an edit. */
async function currentIssueJson(db: Db, number: number) {
  const row = await loadIssue(db, number);
  return issueJson(row, await getResolvedSections(db, row.id));
}

/**
 * Runs one edit of a draft in a transaction: 404 for no issue, 409 for a published one, and
 * the issue's updatedAt moves with the edit.
 */
async function editDraft<T>(c: Context<AppEnv>, number: number, edit: (trx: Db, row: IssueRow) => Promise<T>): Promise<T> {
  const { transact, clock } = c.var.ctx;
  return transact(async (trx) => {
    const row = await loadDraft(trx, number);
    const result = await edit(trx, row);
    await touchIssue(trx, row.id, clock.now());
    return result;
  });
}

function renderIssueOf(row: IssueRow, sections: ResolvedSection[]): RenderIssue {
  return {
    number: row.number,
    date: row.date,
    subject: row.subject,
    note: row.note,
    quote: quoteOf(row),
    status: row.status,
    publishedAt: row.published_at,
    sections: toRenderSections(sections),
  };
}

type Rendered = { json: string; markdown: string; html: string; fragment: string };

/** A published issue answers with what was frozen at publication; a draft renders live. */
async function renderIssue(db: Db, row: IssueRow): Promise<Rendered> {
  if (row.status === 'published' && row.rendered_json && row.rendered_markdown && row.rendered_html && row.rendered_fragment) {
    return { json: row.rendered_json, markdown: row.rendered_markdown, html: row.rendered_html, fragment: row.rendered_fragment };
  }
  const sections = await getResolvedSections(db, row.id);
  const newsletter = await getNewsletter(db);
  const model = renderIssueOf(row, sections);
  return {
    json: JSON.stringify(issueJson(row, sections)),
    markdown: renderMarkdown(model, newsletter),
    html: renderIssueHtmlPage(model, newsletter),
    fragment: renderIssueHtmlFragment(model, newsletter),
  };
}

async function runCheck(db: Db, row: IssueRow): Promise<CheckResult> {
  const sections = await getResolvedSections(db, row.id);
  const targets = sections.flatMap((s) => s.items.map((i) => i.link.possibleDuplicateOf)).filter((id): id is number => id !== null);
  return checkIssue({
    note: row.note,
    quote: quoteOf(row),
    sections,
    publishedKeys: await publishedKeysBefore(db, row.number),
    publishedLinks: await publishedIssueOfLinks(db, targets),
  });
}

/** A link may join this issue only when it exists, is approved and is in no other issue. */
async function assertAddable(db: Db, linkId: number, issue: IssueRow, path: string): Promise<void> {
  const link = await db.selectFrom('links').select(['id', 'status']).where('id', '=', linkId).executeTakeFirst();
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

const RENDER_TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json' } as const;

/** `.md`/`.html`/`.json` win; otherwise the Accept header may ask for Markdown or HTML. */
function chooseFormat(c: Context<AppEnv>, explicit: 'md' | 'html' | 'json' | null): 'md' | 'html' | 'json' {
  if (explicit) return explicit;
  const type = preferredType(c.req.header('accept'), ['application/json', 'text/markdown', 'text/html']);
  return type === 'text/markdown' ? 'md' : type === 'text/html' ? 'html' : 'json';
}

function sendRendered(c: Context<AppEnv>, rendered: Rendered, format: 'md' | 'html' | 'json'): Response {
  const body = format === 'md' ? rendered.markdown : format === 'html' ? rendered.html : rendered.json;
  const headers: Record<string, string> = { 'Content-Type': RENDER_TYPES[format], Vary: 'Accept' };
  if (format === 'html') headers['Content-Security-Policy'] = PAGE_CSP;
  return c.body(body, 200, headers);
}

export function issuesRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues',
      tags: [tag],
      summary: 'Start an issue',
      description: 'Takes the next number and the newsletter’s default sections, empty.',
      ...guarded('editor'),
      request: { body: jsonBody(IssueCreateBody) },
      responses: {
        201: { ...jsonContent(IssueSchema, 'The new issue'), headers: { Location: { schema: { type: 'string' } } } },
        ...problems(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const body = c.req.valid('json');
      const number = await transact(async (trx) => {
        const newsletter = await getNewsletter(trx);
        return insertIssue(trx, body, newsletter.sections, clock.now());
      });
      const row = await loadIssue(db, number);
      c.header('Location', issueLocation(number));
      return c.json(issueJson(row, await getResolvedSections(db, row.id)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/issues',
      tags: [tag],
      summary: 'List issues, newest first',
      ...guarded('editor'),
      request: {
        query: z.strictObject({
          status: z.enum(['draft', 'published']).optional(),
          limit: decimalIntOr(1, 100, 20),
          cursor: z.string().max(512).optional(),
        }),
      },
      responses: {
        200: jsonContent(z.object({ items: z.array(IssueSummarySchema), nextCursor: z.string().nullable() }), 'A page of issues'),
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const { db, cursorKey } = c.var.ctx;
      const query = c.req.valid('query');
      let beforeNumber: number | undefined;
      if (query.cursor) {
        const position = decodeCursor(cursorKey, query.cursor);
        if (position.list !== 'issues' || typeof position.number !== 'number') {
          throw new BadRequest('The cursor belongs to another listing.', [{ path: 'cursor', message: 'Not a cursor of this list.', code: 'invalid_cursor' }]);
        }
        beforeNumber = position.number;
      }
      const { rows, hasMore } = await listIssueRows(db, { status: query.status, beforeNumber, limit: query.limit });
      const items = rows.map((r) => ({
        number: r.number,
        date: r.date,
        subject: r.subject,
        note: r.note,
        quote: r.quote_text === null ? null : { text: r.quote_text, author: r.quote_author, url: r.quote_url },
        status: r.status,
        publishedAt: r.published_at,
        itemCount: Number(r.item_count ?? 0),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
      const last = items.at(-1);
      return c.json({ items, nextCursor: hasMore && last ? encodeCursor(cursorKey, { list: 'issues', number: last.number }) : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/issues/{number}',
      tags: [tag],
      summary: 'Get an issue as JSON, Markdown or HTML',
      description:
        '`/v1/issues/12.md` (text/markdown), `/v1/issues/12.html` (a standalone page) and `/v1/issues/12.json`; ' +
        'without a suffix the `Accept` header may ask for `text/markdown` or `text/html`. Drafts render too, for preview. ' +
        'A published issue answers with exactly what was published.',
      ...guarded('editor'),
      request: { params: IssueRefParam },
      responses: {
        200: {
          description: 'The issue',
          content: {
            'application/json': { schema: IssueSchema },
            'text/markdown': { schema: z.string() },
            'text/html': { schema: z.string() },
          },
        },
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const { number, format } = c.req.valid('param').number;
      const row = await loadIssue(db, number);
      return sendRendered(c, await renderIssue(db, row), chooseFormat(c, format));
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/issues/{number}',
      tags: [tag],
      summary: 'Edit an issue’s date, subject, note or quote',
      ...guarded('editor'),
      request: { params: IssueNumberParam, body: jsonBody(IssuePatchBody) },
      responses: { 200: jsonContent(IssueSchema, 'The issue'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      const changes = c.req.valid('json');
      await editDraft(c, number, async (trx, row) => {
        await updateIssue(trx, row.id, changes, clock.now());
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/issues/{number}',
      tags: [tag],
      summary: 'Delete a draft issue (its links become free again)',
      ...guarded('editor'),
      request: { params: IssueNumberParam },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { transact } = c.var.ctx;
      const { number } = c.req.valid('param');
      await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        await deleteIssue(trx, row.id);
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/issues/{number}/sections',
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
        await trx.deleteFrom('issue_items').where('issue_id', '=', row.id).execute();
        await replaceSections(trx, row.id, layout.map(({ name, featured }) => ({ name, featured })));
        const items = layout.flatMap((section) =>
          section.items.map((item, position) => ({
            link_id: item.linkId,
            issue_id: row.id,
            section: section.name,
            position,
            title: item.title ?? null,
            blurb: item.blurb ?? null,
            markdown: item.markdown ?? null,
          })),
        );
        if (items.length > 0) await trx.insertInto('issue_items').values(items).execute();
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/items',
      tags: [tag],
      summary: 'Add a link to an issue',
      ...guarded('editor'),
      request: { params: IssueNumberParam, body: jsonBody(ItemCreateBody) },
      responses: { 201: jsonContent(IssueSchema, 'The issue'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const { number } = c.req.valid('param');
      const body = c.req.valid('json');
      await editDraft(c, number, async (trx, row) => {
        const sections = await getSections(trx, row.id);
        if (!sections.some((s) => s.name === body.section)) throw sectionMissing(body.section, sections);
        await assertAddable(trx, body.linkId, row, 'linkId');
        if (await findItem(trx, row.id, body.linkId)) {
          throw new Conflict(`Link ${body.linkId} is already in this issue; PATCH the item to move it.`, { linkId: body.linkId, issue: number });
        }
        await insertItem(trx, { issueId: row.id, ...body });
        await placeItem(trx, { issueId: row.id, linkId: body.linkId, section: body.section, position: body.position });
      });
      return c.json(await currentIssueJson(db, number), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/issues/{number}/items/{linkId}',
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
      const body = c.req.valid('json');
      await editDraft(c, number, async (trx, row) => {
        const item = await findItem(trx, row.id, linkId);
        if (!item) throw new NotFound(`Link ${linkId} is not in issue ${number}.`);
        if (body.section !== undefined) {
          const sections = await getSections(trx, row.id);
          if (!sections.some((s) => s.name === body.section)) throw sectionMissing(body.section, sections);
        }
        const set: Record<string, string | null> = {};
        if (body.title !== undefined) set.title = body.title;
        if (body.blurb !== undefined) set.blurb = body.blurb;
        if (body.markdown !== undefined) set.markdown = body.markdown;
        if (Object.keys(set).length > 0) await trx.updateTable('issue_items').set(set).where('link_id', '=', linkId).execute();
        if (body.section !== undefined || body.position !== undefined) {
          await placeItem(trx, { issueId: row.id, linkId, section: body.section ?? item.section, position: body.position });
          await compactPositions(trx, row.id);
        }
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/issues/{number}/items/{linkId}',
      tags: [tag],
      summary: 'Remove a link from an issue',
      ...guarded('editor'),
      request: { params: ItemParams },
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { number, linkId } = c.req.valid('param');
      await editDraft(c, number, async (trx, row) => {
        const result = await trx.deleteFrom('issue_items').where('issue_id', '=', row.id).where('link_id', '=', linkId).executeTakeFirst();
        if (result.numDeletedRows === 0n) throw new NotFound(`Link ${linkId} is not in issue ${number}.`);
        await compactPositions(trx, row.id);
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/assemble',
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
      const since = body.since && body.since.length === 10 ? `${body.since}T00:00:00.000Z` : body.since ? new Date(body.since).toISOString() : undefined;
      const added = await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        const tagIds: number[] = [];
        for (const name of new Set(body.tags ?? [])) {
          const found = await findTagByName(trx, name);
          if (!found) return [];
          tagIds.push(found.id);
        }
        const candidates = await findAssemblable(trx, { tagIds, since, limit: body.limit ?? 500 });
        const sections = await getSections(trx, row.id);
        const fallback = () => {
          const plain = sections.find((s) => !s.featured);
          return plain?.name ?? null;
        };
        const result: { linkId: number; section: string }[] = [];
        for (const link of candidates) {
          let section = link.section && sections.some((s) => s.name === link.section) ? link.section : null;
          if (section === null && link.section) {
            await appendSection(trx, row.id, link.section);
            sections.push({ name: link.section, featured: false });
            section = link.section;
          }
          if (section === null) section = fallback();
          if (section === null) {
            await appendSection(trx, row.id, 'Links');
            sections.push({ name: 'Links', featured: false });
            section = 'Links';
          }
          await insertItem(trx, { issueId: row.id, linkId: link.id, section });
          await placeItem(trx, { issueId: row.id, linkId: link.id, section });
          result.push({ linkId: link.id, section });
        }
        if (result.length > 0) await touchIssue(trx, row.id, clock.now());
        return result;
      });
      return c.json({ added, issue: await currentIssueJson(db, number) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/issues/{number}/check',
      tags: [tag],
      summary: 'Pre-publish check: errors and warnings',
      ...guarded('editor'),
      request: { params: IssueNumberParam },
      responses: { 200: jsonContent(CheckSchema, 'Findings'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const row = await loadIssue(db, c.req.valid('param').number);
      return c.json(await runCheck(db, row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/publish',
      tags: [tag],
      summary: 'Publish an issue',
      description: 'Refused (409, with the check) when the check finds errors, or with `?strict=true` warnings. Stores the rendered issue, so later edits to its links never change it.',
      ...guarded('editor'),
      request: {
        params: IssueNumberParam,
        query: z.strictObject({ strict: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
      },
      responses: { 200: jsonContent(IssueSchema, 'The published issue'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      const { strict } = c.req.valid('query');
      await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        const check = await runCheck(trx, row);
        if (!check.ok || (strict && check.warnings.length > 0)) {
          const what = !check.ok ? `${check.errors.length} error(s)` : `${check.warnings.length} warning(s) (strict)`;
          throw new ApiError(409, 'check-failed', 'Check failed', `Issue ${number} was not published: the check found ${what}.`, { check });
        }
        const publishedAt = clock.now().toISOString();
        const published: IssueRow = { ...row, status: 'published', published_at: publishedAt, updated_at: publishedAt };
        const rendered = await renderIssue(trx, { ...published, rendered_json: null });
        await storePublication(trx, row.id, { publishedAt, ...rendered });
      });
      const row = await loadIssue(db, number);
      return c.json(JSON.parse(row.rendered_json!) as ReturnType<typeof issueJson>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/unpublish',
      tags: [tag],
      summary: 'Take a published issue back to draft, for corrections',
      ...guarded('admin'),
      request: { params: IssueNumberParam },
      responses: { 200: jsonContent(IssueSchema, 'The issue, a draft again'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      await transact(async (trx) => {
        const row = await loadIssue(trx, number);
        if (row.status !== 'published') throw new Conflict(`Issue ${number} is not published.`);
        await clearPublication(trx, row.id, clock.now());
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  return app;
}
