import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { guarded } from '../auth/require-role.js';
import { PAGE_CSP } from '../http/csp.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { preferredType } from '../http/negotiate.js';
import { decimalIntOr } from '../http/params.js';
import { BadRequest, Conflict } from '../http/problem.js';
import { jsonBody, jsonContent, jsonText, problems } from '../http/responses.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { currentIssueJson, editDraft, issueLocation, loadDraft, loadIssue } from './issue-access.js';
import { issueSummaryJson, type IssueJson } from './issue-json.js';
import { CheckSchema, IssueCreateBody, IssueNumberParam, IssuePatchBody, IssueRefParam, IssueSchema, IssueSummarySchema } from './issues.schemas.js';
import { deleteIssue, reopenForCorrection, insertIssue, listIssueRows, updateIssue } from './issues.repository.js';
import { publishIssue, renderIssueAs, runCheck, type Format } from './publish-issue.js';

const tag = 'Issues';

const RENDER_TYPES: Record<Format, string> = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json' };

/** `.md`/`.html`/`.json` win; otherwise the Accept header may ask for Markdown or HTML. */
function chooseFormat(c: Context<AppEnv>, explicit: Format | null): Format {
  if (explicit) return explicit;
  const type = preferredType(c.req.header('accept'), ['application/json', 'text/markdown', 'text/html']);
  return type === 'text/markdown' ? 'md' : type === 'text/html' ? 'html' : 'json';
}

function sendRendered(c: Context<AppEnv>, body: string, format: Format): Response {
  const headers: Record<string, string> = { 'Content-Type': RENDER_TYPES[format], Vary: 'Accept' };
  if (format === 'html') headers['Content-Security-Policy'] = PAGE_CSP;
  return c.body(body, 200, headers);
}

/** The editors' API of issues themselves; their layout and items are in issue-items.routes.ts. */
export function issuesRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues',
      operationId: 'createIssue',
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
      const { transact, clock } = c.var.ctx;
      const body = c.req.valid('json');
      // Taking the next number and inserting it happen in one piece of one transaction, so two
      // issues started at once get two numbers.
      const issue = await transact(async (trx) => {
        const newsletter = await getNewsletter(trx);
        const number = await insertIssue(trx, body, newsletter.sections, clock.now());
        return currentIssueJson(trx, number);
      });
      c.header('Location', issueLocation(issue.number));
      return c.json(issue, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/issues',
      operationId: 'listIssues',
      tags: [tag],
      summary: 'List issues, newest first',
      description: 'Drafts and published issues, newest number first, with their item counts; page with `cursor`.',
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
      const items = rows.map(issueSummaryJson);
      const last = items.at(-1);
      return c.json({ items, nextCursor: hasMore && last ? encodeCursor(cursorKey, { list: 'issues', number: last.number }) : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/issues/{number}',
      operationId: 'getIssue',
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
      const chosen = chooseFormat(c, format);
      return sendRendered(c, await renderIssueAs(db, row, chosen), chosen);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/issues/{number}',
      operationId: 'updateIssue',
      tags: [tag],
      summary: 'Edit an issue’s date, subject, note or quote',
      description: 'Changes the date, subject, note or quote of a draft; `null` clears the note or the quote. 409 for a published issue.',
      ...guarded('editor'),
      request: { params: IssueNumberParam, body: jsonBody(IssuePatchBody) },
      responses: { 200: jsonContent(IssueSchema, 'The issue'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { db, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      const changes = c.req.valid('json');
      await editDraft(c, number, (trx, row) => updateIssue(trx, row.id, changes, clock.now()));
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/issues/{number}',
      operationId: 'deleteIssue',
      tags: [tag],
      summary: 'Delete a draft issue (its links become free again)',
      description: 'Only a draft can be deleted; its links are free to go into another issue.',
      ...guarded('editor'),
      request: { params: IssueNumberParam },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { transact } = c.var.ctx;
      const { number } = c.req.valid('param');
      await transact(async (trx) => {
        const row = await loadDraft(trx, number);
        if (row.published_at !== null) {
          throw new Conflict(`Issue ${number} was published and is being corrected; publish it again rather than deleting it.`, { issue: number });
        }
        await deleteIssue(trx, row.id);
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/issues/{number}/check',
      operationId: 'checkIssue',
      tags: [tag],
      summary: 'Pre-publish check: errors and warnings',
      description: 'What publishing would say: errors (which stop it) and warnings (which stop it only with `strict=true`).',
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
      operationId: 'publishIssue',
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
      const { transact, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      const { strict } = c.req.valid('query');
      const json = await transact(async (trx) => publishIssue(trx, await loadDraft(trx, number), { strict, now: clock.now() }));
      return jsonText<IssueJson>(c, json);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/{number}/unpublish',
      operationId: 'unpublishIssue',
      tags: [tag],
      summary: 'Reopen a published issue for a correction',
      description:
        'The issue becomes a draft for the editors, while the public page and the feeds keep showing it as last published: a correction never ' +
        'takes an issue offline. Publishing it again replaces the public version and keeps its first `publishedAt` (its place in the feeds); ' +
        '`updatedAt` says when it was corrected.',
      ...guarded('editor'),
      request: { params: IssueNumberParam },
      responses: { 200: jsonContent(IssueSchema, 'The issue, a draft again'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      const { number } = c.req.valid('param');
      await transact(async (trx) => {
        const row = await loadIssue(trx, number);
        if (row.status !== 'published') throw new Conflict(`Issue ${number} is not published.`);
        await reopenForCorrection(trx, row.id, clock.now());
      });
      return c.json(await currentIssueJson(db, number), 200);
    },
  );

  return app;
}
