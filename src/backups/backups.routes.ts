import { createRoute, z } from '@hono/zod-openapi';
import { guarded } from '../auth/require-role.js';
import { ApiError, Conflict, NotFound } from '../http/problem.js';
import { jsonContent, problems } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { BACKUP_NAME, BackupBusy, BackupUnavailable, type BackupInfo } from './backups.js';

const tag = 'Admin';

const BackupSchema = z
  .object({
    name: z.string().openapi({ example: 'linkletter-2026-01-05T09-00-00-000Z.db' }),
    bytes: z.number().int().min(0),
    createdAt: z.string().openapi({ description: 'When the backup began (UTC): it holds every write acknowledged before then.' }),
  })
  .openapi('Backup');

const BackupName = z
  .string()
  .regex(BACKUP_NAME, 'A backup name: linkletter-<UTC time>.db, as listed.')
  .openapi({ param: { name: 'name', in: 'path' }, example: 'linkletter-2026-01-05T09-00-00-000Z.db' });

const backupLocation = (name: string) => `/v1/admin/backups/${name}`;

export function backupsRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/backup',
      operationId: 'createBackup',
      tags: [tag],
      summary: 'Take a backup now',
      description:
        'A consistent copy of the database file into the backup folder (BACKUP_DIR), checked with ' +
        '`PRAGMA integrity_check` before it is named; reads and writes go on meanwhile. The oldest ' +
        'backups beyond BACKUP_KEEP are removed. One at a time: 409 while another is being taken, ' +
        'and for an in-memory database.',
      ...guarded('admin'),
      responses: {
        201: {
          ...jsonContent(BackupSchema.extend({ integrity: z.literal('ok') }), 'The backup, checked'),
          headers: { Location: { schema: { type: 'string' } } },
        },
        ...problems(401, 403, 409),
      },
    }),
    async (c) => {
      try {
        const taken = await c.var.ctx.backups.take('api');
        c.header('Location', backupLocation(taken.name));
        return c.json(taken, 201);
      } catch (err) {
        if (err instanceof BackupBusy || err instanceof BackupUnavailable) throw new Conflict(err.message);
        // The reason (a full disk, an unwritable folder) is in the log line take() wrote.
        throw new ApiError(500, 'backup-failed', 'Backup failed', 'The backup could not be taken; the server log says why.');
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/backups',
      operationId: 'listBackups',
      tags: [tag],
      summary: 'List the backups',
      description: 'The backups in the backup folder, newest first.',
      ...guarded('admin'),
      responses: { 200: jsonContent(z.object({ items: z.array(BackupSchema) }), 'Backups'), ...problems(401, 403) },
    }),
    (c) => c.json({ items: c.var.ctx.backups.list().map(publicInfo) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/backups/{name}',
      operationId: 'getBackup',
      tags: [tag],
      summary: 'One backup',
      description: 'A backup in the backup folder by its name, as the list and the Location of a new one give it.',
      ...guarded('admin'),
      request: { params: z.object({ name: BackupName }) },
      responses: { 200: jsonContent(BackupSchema, 'The backup'), ...problems(400, 401, 403, 404) },
    }),
    (c) => {
      const { name } = c.req.valid('param');
      const found = c.var.ctx.backups.find(name);
      if (!found) throw new NotFound(`There is no backup named “${name}”.`);
      return c.json(publicInfo(found), 200);
    },
  );

  return app;
}

const publicInfo = ({ name, bytes, createdAt }: BackupInfo) => ({ name, bytes, createdAt });
