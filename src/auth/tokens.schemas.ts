import { z } from '@hono/zod-openapi';
import { ROLES } from './roles.js';

/** A token's name, as the API and the CLI take it. */
export const TokenName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@+-]*$/u, 'Letters, digits, spaces and . _ @ + - only.')
  // The generator would print the regex's flag into the pattern (`…$/u`), which no name matches.
  .openapi({ pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+-]*$' });

export const TokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    dailyQuota: z.number().int().nullable().openapi({ description: 'Submissions a submitter token may make a day (`POST /v1/submissions`); null = the default (`SUBMISSION_DAILY`).' }),
  })
  .openapi('Token');

export const TokenCreateBody = z
  .strictObject({
    name: TokenName,
    role: z.enum(ROLES),
    dailyQuota: z.number().int().min(1).max(1_000_000).optional().openapi({ description: 'Only for the submitter role: submissions it may make a day.' }),
  })
  .refine((t) => t.dailyQuota === undefined || t.role === 'submitter', { path: ['dailyQuota'], message: 'Only a submitter token takes a daily quota.' })
  .openapi('TokenCreate');
