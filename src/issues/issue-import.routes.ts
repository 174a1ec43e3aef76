import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { MARKDOWN_TYPE, mediaTypeOf } from '../http/markdown-body.js';
import { decimalInt } from '../http/params.js';
import { UnsupportedMediaType } from '../http/problem.js';
import { jsonContent, ProblemSchema, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { currentIssueJson, issueLocation } from './issue-access.js';
import { importParsedIssue, readIssueFile } from './import-issue.js';
import { IssueSchema, MAX_ISSUE_NUMBER } from './issues.schemas.js';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const EXAMPLE = `---
title: 2025-03-07
---

# Vacuuming the warehouse

**Hello Postgres people,**

---

## Tools
- [pgtool](https://example.org/pgtool) - Inspect bloat.
`;

/** Bringing a newsletter's archive in: one past issue from its Markdown. */
export function issueImportRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/issues/import',
      operationId: 'importIssue',
      tags: ['Issues'],
      summary: 'Import a past issue from its Markdown',
      description:
        'One issue in the newsletter Markdown format (as `GET /v1/issues/{number}.md` writes it), up to 1 MiB. The issue gets the file’s date, ' +
        'subject, greeting, intro, note, submission call, quote, sections and sign-off, all as its own texts, and one item per item line: the ' +
        'line’s page is matched by canonical key (an approved link in no issue is reused; one in another issue, or not approved, is a 409 naming ' +
        'the line) or created as an approved link with the line’s title, blurb and credit. A line off the item pattern is kept as the item’s own ' +
        'Markdown. The issue renders back to the very bytes sent. It is published with its date as `publishedAt` unless `draft=true`; ' +
        '`number` sets its number (409 if taken), else it takes the next. A file not in the format is a 422 naming the line.',
      ...guarded('editor'),
      request: {
        query: z.strictObject({
          number: decimalInt(1, MAX_ISSUE_NUMBER).optional().openapi({ description: 'The issue’s number; default: the next one.' }),
          draft: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true')
            .openapi({ description: 'Keep the issue a draft rather than publishing it with its date.' }),
        }),
        body: {
          required: true,
          description: 'The issue in the newsletter Markdown format, UTF-8.',
          content: { 'text/markdown': { schema: z.string().openapi({ example: EXAMPLE }) } },
        },
      },
      responses: {
        201: { ...jsonContent(IssueSchema, 'The imported issue'), headers: { Location: { schema: { type: 'string' } } } },
        ...problems(400, 401, 403),
        409: problem('The number is taken, or a line’s page is in another issue or not approved'),
        413: problem('The file is over 1 MiB'),
        415: problem('The body is not text/markdown'),
        422: problem('The file is not in the newsletter Markdown format (the problem names the line)'),
      },
    }),
    async (c) => {
      const { db, transact, clock } = c.var.ctx;
      if (!MARKDOWN_TYPE.test(mediaTypeOf(c.req.header('content-type')))) throw new UnsupportedMediaType('Send the issue as text/markdown.');
      const { number, draft } = c.req.valid('query');
      // Read before the write transaction: parsing and checking a large file holds no lock.
      const { issue, markdown } = readIssueFile(await c.req.arrayBuffer(), await getNewsletter(db));
      const now = clock.now();
      const imported = await transact((trx) => importParsedIssue(trx, issue, markdown, { number, draft, now, submitter: c.var.principal.name }));
      c.var.ctx.enrichment.notify();
      c.header('Location', issueLocation(imported.number));
      return c.json(await currentIssueJson(db, imported.number), 201);
    },
  );

  return app;
}
