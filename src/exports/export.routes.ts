import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { turn } from '../db/transact.js';
import { problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import type { Logger } from '../logger.js';
import { EXPORT_TYPES, exportFileName, exportText } from './export-formats.js';
import { openExportReader, type ExportReader } from './export-reader.js';
import { ExportDocumentSchema, ExportQuery } from './export.schemas.js';

/**
 * The export as a response body: each chunk is made when the client has taken the one before
 * (pull), so a slow client slows the export rather than filling memory, and after the requests
 * that arrived meanwhile have had their turn. The reader is closed
 * when the last chunk is made, when making one fails, and when the client goes away (Node's
 * server cancels the stream when the socket closes).
 */
export function exportStream(chunks: AsyncGenerator<string>, reader: ExportReader, logger: Logger): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // Each page waits for the event loop's next turn: a fast client drains the socket at
          // once, and without this the whole export would run in one go, every request that came
          // in meanwhile waiting for its end.
          await turn();
          const { value, done } = await chunks.next();
          if (done) {
            reader.close();
            controller.close();
          } else controller.enqueue(encoder.encode(value));
        } catch (err) {
          reader.close();
          // Once the client is gone, a page read on a closed reader is expected: not worth a log line.
          if (!cancelled) logger.error('export failed', { error: err instanceof Error ? err.message : String(err) });
          controller.error(err);
        }
      },
      async cancel() {
        cancelled = true;
        reader.close();
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export function exportRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/export',
      operationId: 'exportEverything',
      tags: ['Imports'],
      summary: 'Export every link (and, as JSON, everything else)',
      description:
        'Streams every link with its tags, metadata, status and issue, as an attachment (`linkletter-YYYY-MM-DD.json`, `.html`, `.csv`). ' +
        '`json` is the complete dump (a version header, the newsletter’s settings, moderation rules and reasons, tags, links, issues with their items ' +
        'and what each published issue served), which `POST /v1/imports` restores; never tokens, submitters’ emails or receipts. ' +
        '`netscape` is a bookmark file as browsers write it (tags in `TAGS`, dates in `ADD_DATE`, blurbs in `<DD>`); `csv` is RFC 4180 with a header row, ' +
        'a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `\'`. ' +
        'The export reads one snapshot of the database and never holds the write lock: writes go on meanwhile and are not in it.',
      ...guarded('editor'),
      request: { query: ExportQuery },
      responses: {
        200: {
          description: 'The export, streamed',
          headers: { 'Content-Disposition': { schema: { type: 'string' }, description: 'attachment; filename="linkletter-YYYY-MM-DD.json" (or .html, .csv)' } },
          content: {
            'application/json': { schema: ExportDocumentSchema },
            'text/html': { schema: z.string().openapi({ description: 'A Netscape bookmark file' }) },
            'text/csv': { schema: z.string().openapi({ description: 'One link a row, after a header row' }) },
          },
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const { db, config, clock, logger } = c.var.ctx;
      const { format } = c.req.valid('query');
      const now = clock.now();
      const headers = { 'Content-Type': EXPORT_TYPES[format].contentType, 'Content-Disposition': `attachment; filename="${exportFileName(format, now)}"`, 'Cache-Control': 'no-store' };
      // Hono answers HEAD with the GET handler's headers and drops its body unread: open nothing for it.
      if (c.req.raw.method === 'HEAD') return c.body(null, 200, headers);
      const reader = openExportReader(db, config.databasePath);
      return c.body(exportStream(exportText(format, reader, { now }), reader, logger), 200, headers);
    },
  );

  return app;
}
