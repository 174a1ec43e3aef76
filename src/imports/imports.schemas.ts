import { z } from '@hono/zod-openapi';
import { decimalInt, decimalIntOr } from '../http/params.js';
import { IMPORT_FORMATS } from './import-formats.js';

export const ImportQuery = z.strictObject({
  format: z
    .enum(IMPORT_FORMATS)
    .optional()
    .openapi({ description: 'The file’s format; by default it is told from the file’s first bytes.' }),
  status: z
    .enum(['approved', 'pending'])
    .optional()
    .openapi({ description: 'The status of the links the import creates (default `approved`); links that exist keep theirs.' }),
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '`true`: the import runs and counts as usual but writes no link, tag or job; its report is the answer to “what would this do?”.' }),
});

export const ImportProblemSchema = z
  .object({
    record: z.number().int().openapi({ description: 'The record’s place in the file, from 1.' }),
    line: z.number().int().openapi({ description: 'The line the record starts on.' }),
    message: z.string(),
    url: z.string().optional().openapi({ description: 'The record’s URL (at most 200 characters), when it has one.' }),
  })
  .openapi('ImportProblem');

export const ImportSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    format: z.enum(IMPORT_FORMATS),
    options: z.object({
      status: z.enum(['approved', 'pending']),
      dryRun: z.boolean(),
      restore: z
        .enum(['exact', 'merge'])
        .optional()
        .openapi({ description: 'A restore of linkletter’s export: `exact` into an empty database (ids, settings and issues as they were), `merge` into one with links or issues. Set once the file’s header is read.' }),
    }),
    bytes: z.number().int(),
    total: z.number().int().openapi({ description: 'Records in the file.' }),
    processed: z.number().int().openapi({ description: 'Records done so far.' }),
    counts: z
      .object({
        created: z.number().int(),
        merged: z.number().int(),
        skipped: z.number().int(),
        invalid: z.number().int(),
      })
      .openapi({
        description:
          '`created`: new links; `merged`: records that added tags, a missing title or blurb, or an earlier date to a link (existing, or made earlier in the file); ' +
          '`skipped`: records that changed nothing; `invalid`: records that cannot be a link (each is a problem).',
      }),
    problems: z.array(ImportProblemSchema).openapi({ description: 'The first 100 problems, in file order.' }),
    problemCount: z.number().int(),
    error: z.string().nullable().openapi({ description: 'Why a failed import stopped.' }),
    createdBy: z.string().nullable().openapi({ description: 'The token that uploaded the file.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Import');

export const ImportPage = z.object({ items: z.array(ImportSchema), nextCursor: z.string().nullable() }).openapi('ImportPage');

export const ImportListQuery = z.strictObject({
  limit: decimalIntOr(1, 100, 20),
  cursor: z.string().max(512).optional(),
});

export const ImportIdParam = z.object({
  id: decimalInt(1, Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
