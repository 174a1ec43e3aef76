import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createRoute } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { BadRequest, Invalid, NotFound, UnsupportedMediaType } from '../http/problem.js';
import { jsonContent, ProblemSchema, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { ImportIdParam, ImportListQuery, ImportPage, ImportQuery, ImportSchema } from './imports.schemas.js';
import { createImport, findImport, listImports, toImportJson } from './imports.repository.js';
import { ImportTooLarge, stageFile } from './staged-file.js';

const tag = 'Imports';

export const importLocation = (id: number) => `/v1/imports/${id}`;

const file = (description: string) => ({ schema: { type: 'string' as const, format: 'binary', description } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/**
 * A browser's form upload arrives wrapped in multipart boundaries: refused, the file itself is
 * the body. (`application/x-www-form-urlencoded` is taken as the file: it is what curl says of
 * `--data-binary @file` unless told otherwise.)
 */
const FORM = /^multipart\/form-data$/i;

export function importsRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/imports',
      operationId: 'createImport',
      tags: [tag],
      summary: 'Import a bookmark file',
      description:
        'The body is the file itself, of any content type (curl’s default for `--data-binary @file`, `application/x-www-form-urlencoded`, is taken as the file too; a multipart form is refused): a Netscape bookmark file (what browsers, linkding, Pinboard, Shaarli, Raindrop and Karakeep export), ' +
        'Pinboard JSON, Raindrop CSV, Karakeep JSON, linkding JSON, or a list of URLs one a line. Up to IMPORT_MAX_BYTES (default 100 MiB), streamed to disk and checked as it arrives; ' +
        'the 64 KiB limit of other bodies does not apply. The import then runs in the background: `202` with `Location`, and its progress at `GET /v1/imports/{id}`. ' +
        'Pages already known (by canonical key, in the file or in the database) are merged, never duplicated.',
      ...guarded('editor'),
      request: {
        query: ImportQuery,
        body: {
          required: true,
          description: 'The file, as the other tool exported it.',
          content: {
            'text/html': file('A Netscape bookmark file'),
            'application/json': {
              schema: {
                description: 'A Pinboard, Karakeep or linkding JSON export: an array of bookmarks, or an object holding one',
                anyOf: [{ type: 'array' as const, items: { type: 'object' as const } }, { type: 'object' as const }],
              },
            },
            'text/csv': file('A Raindrop.io CSV export'),
            'text/plain': file('One URL a line (or any of the formats)'),
            'application/octet-stream': file('Any of the formats'),
          },
        },
      },
      responses: {
        202: { ...jsonContent(ImportSchema, 'The import, queued'), headers: { Location: { schema: { type: 'string' } } } },
        ...problems(400, 401, 403),
        413: problem('The file is larger than IMPORT_MAX_BYTES'),
        415: problem('The body is a multipart form: send the file itself'),
        422: problem('The file’s format cannot be told (send `format`), is not supported yet, or the file cannot be read (the problem names the line)'),
      },
    }),
    async (c) => {
      const { db, transact, clock, config, imports } = c.var.ctx;
      const query = c.req.valid('query');
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
      if (FORM.test(mediaType)) throw new UnsupportedMediaType('Send the file itself as the request body (curl --data-binary @bookmarks.html), not a multipart form.');
      const length = c.req.header('content-length');
      if (length !== undefined && Number(length) > config.importMaxBytes) throw new ImportTooLarge(config.importMaxBytes);
      const body = c.req.raw.body;
      if (!body) throw new Invalid('The request has no body: send the file.', [{ path: 'body', message: 'The file is empty.', code: 'empty_file' }]);
      // The web stream itself, read as it comes: a Node Readable made of it would emit its error (a
      // client gone mid-body) while stageFile still opens its file, with no listener yet, and that
      // uncaught exception would end the process.
      const staged = await stageFile(body as WebReadableStream<Uint8Array>, { dir: imports.dir, maxBytes: config.importMaxBytes, format: query.format });
      let id: number;
      try {
        id = await transact((trx) =>
          createImport(trx, {
            format: staged.format,
            options: { status: query.status ?? 'approved', dryRun: query.dryRun === 'true' },
            createdBy: c.var.principal.name,
            file: staged.name,
            bytes: staged.bytes,
            total: staged.total,
            now: clock.now(),
          }),
        );
      } catch (err) {
        await unlink(path.join(imports.dir, staged.name)).catch(() => {});
        throw err;
      }
      imports.notify();
      c.header('Location', importLocation(id));
      return c.json(toImportJson((await findImport(db, id))!), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/imports/{id}',
      operationId: 'getImport',
      tags: [tag],
      summary: 'How an import stands',
      description: 'Its status, the counts so far, and the first 100 problems with their record and line numbers.',
      ...guarded('editor'),
      request: { params: ImportIdParam },
      responses: { 200: jsonContent(ImportSchema, 'The import'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await findImport(c.var.ctx.db, id);
      if (!row) throw new NotFound(`There is no import ${id}.`);
      return c.json(toImportJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/imports',
      operationId: 'listImports',
      tags: [tag],
      summary: 'List imports',
      description: 'Newest first. Pass `nextCursor` back as `cursor` for the next page.',
      ...guarded('editor'),
      request: { query: ImportListQuery },
      responses: { 200: jsonContent(ImportPage, 'A page of imports'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const { db, cursorKey } = c.var.ctx;
      const query = c.req.valid('query');
      let beforeId: number | undefined;
      if (query.cursor) {
        const position = decodeCursor(cursorKey, query.cursor);
        if (typeof position.import !== 'number') {
          throw new BadRequest('The cursor belongs to another listing.', [{ path: 'cursor', message: 'Not a cursor of this list.', code: 'invalid_cursor' }]);
        }
        beforeId = position.import;
      }
      const rows = await listImports(db, { limit: query.limit + 1, beforeId });
      const page = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? encodeCursor(cursorKey, { import: page.at(-1)!.id }) : null;
      return c.json({ items: page.map(toImportJson), nextCursor }, 200);
    },
  );

  return app;
}
